// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "rightsbrief",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rightsbrief", targets: ["rightsbrief"]),
        .library(name: "RightsBriefCore", targets: ["RightsBriefCore"]),
        .library(name: "RightsBriefStore", targets: ["RightsBriefStore"]),
        .library(name: "RightsBriefImport", targets: ["RightsBriefImport"]),
        .library(name: "RightsBriefReports", targets: ["RightsBriefReports"]),
        .library(name: "RightsBriefSchedule", targets: ["RightsBriefSchedule"]),
        .library(name: "RightsBriefPostgres", targets: ["RightsBriefPostgres"]),
        .library(name: "RightsBriefSync", targets: ["RightsBriefSync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The template linter mirrors swift-mustache's tokenizer, so a new minor version is taken
        // only after checking the linter against it.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", .upToNextMinor(from: "2.1.1")),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "RightsBriefCore", swiftSettings: swiftSettings),
        .target(
            name: "RightsBriefStore",
            dependencies: [
                "RightsBriefCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RightsBriefImport",
            dependencies: [
                "RightsBriefStore", "RightsBriefCore",
                // GRDB for the transaction's `Database` and `DatabaseError` types only: the SQL is in the Store.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .target(
            name: "RightsBriefReports",
            dependencies: [
                "RightsBriefCore", "RightsBriefStore", "CXLSXWriter",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RightsBriefSchedule",
            dependencies: [
                "RightsBriefReports", "RightsBriefStore", "RightsBriefCore",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RightsBriefPostgres",
            dependencies: [
                "RightsBriefCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 of captured source texts, which `verify` re-hashes on the server.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RightsBriefSync",
            dependencies: [
                "RightsBriefPostgres", "RightsBriefReports", "RightsBriefImport", "RightsBriefStore", "RightsBriefCore",
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "rightsbrief",
            dependencies: [
                "RightsBriefSchedule", "RightsBriefReports", "RightsBriefImport", "RightsBriefStore", "RightsBriefCore",
                "RightsBriefPostgres", "RightsBriefSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "RightsBriefCore", "RightsBriefStore", "RightsBriefImport", "RightsBriefPostgres",
                // `StoreBackend`: the store's tests run on the server through its working copy.
                "RightsBriefSync",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RightsBriefCoreTests",
            dependencies: ["RightsBriefCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RightsBriefStoreTests",
            dependencies: ["RightsBriefStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RightsBriefImportTests",
            dependencies: ["RightsBriefImport", "RightsBriefStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RightsBriefReportsTests",
            dependencies: [
                "RightsBriefReports", "RightsBriefImport", "TestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Expected")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RightsBriefScheduleTests",
            dependencies: ["RightsBriefSchedule", "TestSupport"],
            exclude: ["croniter_compare.py"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RightsBriefPostgresTests",
            dependencies: [
                "RightsBriefPostgres", "RightsBriefCore", "RightsBriefStore", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RightsBriefSyncTests",
            dependencies: [
                "RightsBriefSync", "RightsBriefPostgres", "RightsBriefReports", "RightsBriefImport", "RightsBriefStore",
                "RightsBriefCore", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "rightsbriefTests",
            dependencies: [
                "rightsbrief", "TestSupport", "RightsBriefPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
