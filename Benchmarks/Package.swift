// swift-tools-version: 6.1
import PackageDescription

// A separate package so the root `swift build` and `swift test` never build
// benchmark code. It times the `farkas` executable and z3 as whole processes.
let package = Package(
    name: "FarkasBenchmarks",
    targets: [
        .executableTarget(name: "farkas-bench", swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ],
    swiftLanguageModes: [.v6]
)
