// swift-tools-version: 6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]


let package = Package(
    name: "Farkas",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Farkas", targets: ["Farkas"]),
        .executable(name: "farkas", targets: ["FarkasCLI"]),
    ],
    targets: [
        // MARK: - Implementation details

        /// GMP, the only C library Farkas links.
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"]), .brew(["gmp"])]
        ),

        // MARK: - Public API, bottom to top

        .target(name: "ExactArithmetic", dependencies: ["CGMP"], swiftSettings: strictSwift),
        .target(name: "ModelImport", dependencies: ["ExactArithmetic"], swiftSettings: strictSwift),
        .target(
            name: "PiecewiseLinear",
            dependencies: ["ExactArithmetic", "ModelImport"],
            swiftSettings: strictSwift
        ),
        .target(name: "Simplex", dependencies: ["ExactArithmetic"], swiftSettings: strictSwift),
        /// Model adapters: each family's named signals as program nodes,
        /// its exact weights and its float32 reference evaluation.
        .target(
            name: "Models",
            dependencies: ["ExactArithmetic", "ModelImport", "PiecewiseLinear"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Claims",
            dependencies: ["ExactArithmetic", "ModelImport", "PiecewiseLinear", "Models"],
            swiftSettings: strictSwift
        ),
        /// Seeded generators, float evaluation of queries, and sampling
        /// inputs from a region: for search heuristics and estimates alike.
        .target(
            name: "Sampling",
            dependencies: ["ExactArithmetic", "PiecewiseLinear", "Claims"],
            swiftSettings: strictSwift
        ),
        /// Measures of statements' regions: exact shares, and brackets of
        /// Certified enclosures of values that are not rational (exp, sqrt,
        /// softmax), refined to a requested number of binary digits: what
        /// exact transformer semantics are decided with.
        .target(
            name: "CertifiedEnclosures",
            dependencies: ["ExactArithmetic"],
            swiftSettings: strictSwift
        ),
        /// Statements about transformers decided input by input over a
        /// finite domain: certified enclosures of the real-number model,
        /// refined in precision until every comparison separates.
        .target(
            name: "PointwiseDecision",
            dependencies: ["ExactArithmetic", "CertifiedEnclosures", "ModelImport", "Models", "Claims", "Search"],
            swiftSettings: strictSwift
        ),
        /// Measures of statements' regions: certified in the plane and on
        /// the sphere, estimated from cones on R^4 and R^5.
        .target(
            name: "Measures",
            dependencies: ["ExactArithmetic", "PiecewiseLinear", "Claims"],
            swiftSettings: strictSwift
        ),
        /// The contract between the search and the checker: literals, atom
        /// bounds, the clausal encoding of a query, and the proof format.
        .target(
            name: "Encoding",
            dependencies: ["ExactArithmetic", "PiecewiseLinear", "Claims"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Search",
            dependencies: ["ExactArithmetic", "PiecewiseLinear", "Simplex", "Claims", "Encoding", "Sampling"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Certificates",
            dependencies: ["ExactArithmetic", "PiecewiseLinear", "Claims", "Encoding", "ModelImport", "Models"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Farkas",
            dependencies: ["ExactArithmetic", "ModelImport", "PiecewiseLinear", "Models", "Claims", "Encoding", "Simplex", "Search", "Certificates", "Measures", "Sampling", "PointwiseDecision"],
            swiftSettings: strictSwift
        ),
        /// Tunes the C allocator for the command (glibc's mallopt).
        .target(name: "CAllocator"),
        .executableTarget(
            name: "FarkasCLI",
            dependencies: ["Farkas", "CAllocator"],
            swiftSettings: strictSwift
        ),

        // MARK: - Unit test bundles

        .target(name: "_TestSupport", dependencies: ["ExactArithmetic", "ModelImport", "Sampling"], swiftSettings: strictSwift),
        .testTarget(
            name: "ExactArithmeticTests",
            dependencies: ["ExactArithmetic", "_TestSupport"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ModelImportTests",
            dependencies: ["ModelImport", "_TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PiecewiseLinearTests",
            dependencies: ["PiecewiseLinear", "ModelImport", "_TestSupport"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ClaimsTests",
            dependencies: ["Models", "Claims", "ModelImport", "_TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "EncodingTests",
            dependencies: ["Encoding", "Claims", "Models", "ModelImport", "PiecewiseLinear", "_TestSupport"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SearchTests",
            dependencies: ["Encoding", "Models", "Search", "Claims", "ModelImport", "PiecewiseLinear", "Certificates", "_TestSupport"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "CertificatesTests",
            dependencies: ["Encoding", "Models", "Certificates", "Search", "Claims", "ModelImport", "PiecewiseLinear", "_TestSupport"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ModelsTests",
            dependencies: ["Models", "ModelImport", "PiecewiseLinear", "_TestSupport"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "CertifiedEnclosuresTests",
            dependencies: ["CertifiedEnclosures", "ExactArithmetic"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "MeasuresTests",
            dependencies: ["Measures", "Claims", "Models", "ModelImport", "ExactArithmetic", "PiecewiseLinear", "Sampling", "_TestSupport"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SamplingTests",
            dependencies: ["Sampling", "Search", "Claims", "Encoding", "Models", "ModelImport", "PiecewiseLinear", "_TestSupport"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SimplexTests",
            dependencies: ["Simplex", "_TestSupport"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "FarkasTests",
            dependencies: ["Farkas", "FarkasCLI", "_TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strictSwift
        ),
    ],
    swiftLanguageModes: [.v6]
)
