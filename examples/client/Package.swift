// swift-tools-version: 6.1
import PackageDescription

/// A client of the Farkas library, built in CI so that the library's
/// public surface stays usable from another package: load a model, parse
/// a claims file, verify it, check its certificates.
let package = Package(
    name: "FarkasClient",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Farkas", path: "../..")],
    targets: [
        .executableTarget(name: "farkas-client", dependencies: [.product(name: "Farkas", package: "Farkas")])
    ],
    swiftLanguageModes: [.v6]
)
