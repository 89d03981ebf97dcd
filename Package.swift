// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "enlace",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "enlace", targets: ["enlace"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ],
    targets: [
        .target(
            name: "EnlaceCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EnlaceStore",
            dependencies: [
                "EnlaceCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            resources: [.copy("Resources/reference")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EnlaceInterop",
            dependencies: [
                "EnlaceCore",
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EnlaceDemo",
            dependencies: ["EnlaceCore", "EnlaceStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EnlaceWeb",
            dependencies: [
                "EnlaceCore",
                "EnlaceStore",
                "EnlaceInterop",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/static"), .copy("Resources/translations")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "enlace",
            dependencies: [
                "EnlaceCore",
                "EnlaceStore",
                "EnlaceDemo",
                "EnlaceInterop",
                "EnlaceWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fixtures and temporary databases: what the store's tests need, without the web layer.
        .target(
            name: "EnlaceTestSupport",
            dependencies: [
                "EnlaceCore",
                "EnlaceStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The whole application driven in-process, for the web layer's tests.
        .target(
            name: "EnlaceWebTestSupport",
            dependencies: [
                "EnlaceCore",
                "EnlaceStore",
                "EnlaceWeb",
                "EnlaceTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EnlaceCoreTests",
            dependencies: ["EnlaceCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EnlaceInteropTests",
            dependencies: ["EnlaceCore", "EnlaceInterop"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EnlaceStoreTests",
            dependencies: [
                "EnlaceCore", "EnlaceStore", "EnlaceTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EnlaceDemoTests",
            dependencies: ["EnlaceCore", "EnlaceDemo", "EnlaceStore", "EnlaceTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EnlaceWebTests",
            dependencies: [
                "EnlaceCore", "EnlaceStore", "EnlaceWeb", "EnlaceTestSupport", "EnlaceWebTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// The libFuzzer targets (docs/fuzzing.md): an executable with no main of its own (libFuzzer's is linked in), so it is
// declared only when asked for (ENLACE_FUZZ=1) and built with `-sanitize=fuzzer`.
if Context.environment["ENLACE_FUZZ"] != nil {
    package.targets += [
        .target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"),
        .executableTarget(
            name: "EnlaceFuzz",
            dependencies: ["EnlaceCore", "EnlaceInterop", "FuzzDriver"],
            path: "Fuzz/EnlaceFuzz",
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
}
