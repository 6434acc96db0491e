import PostgresNIO

/// Brings the server's schema to ``PostgresSchema/currentVersion``.
///
/// All pending versions are applied in one transaction that first takes a transaction-level
/// advisory lock, so two `server init` runs at once apply each version once (the second
/// waits, then finds nothing to do), and a failure leaves the schema as it was. The
/// `schemaMigration` table records each applied version with its name and time.
public enum PostgresMigrator {
    /// The advisory lock key of migrations (an arbitrary constant: "rb" "migr" in ASCII).
    static let lockKey: Int64 = 0x7262_6D69_6772

    /// The versions applied by one run.
    public struct Outcome: Sendable, Equatable {
        /// The versions this run applied, oldest first; empty when the schema was current.
        public var applied: [Int]
        /// Creates an outcome.
        public init(applied: [Int], version: Int) {
            self.applied = applied
            self.version = version
        }
        /// The schema version after the run.
        public var version: Int
    }

    /// Applies the pending migrations.
    ///
    /// - Parameter session: A session connected as the user that owns (or will own) the schema.
    /// - Returns: What was applied. A current schema is not an error: nothing is applied.
    /// - Throws: ``PostgresStoreError/schemaTooNew(server:version:known:)`` when the database
    ///   records a version newer than this rightsbrief knows; other ``PostgresStoreError``s
    ///   from the server (`.permissionDenied` when the user may not create tables).
    public static func migrate(_ session: PostgresSession) async throws -> Outcome {
        try await session.transaction { session in
            try await migrateLocked(session)
        }
    }

    /// The body of ``migrate(_:)``, for callers that already hold a transaction.
    static func migrateLocked(_ session: PostgresSession) async throws -> Outcome {
        try await session.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
        try await session.executeFixed(
            """
            CREATE TABLE IF NOT EXISTS schemaMigration (
                version integer PRIMARY KEY CHECK (version > 0),
                name text NOT NULL,
                appliedAt timestamptz NOT NULL DEFAULT now()
            )
            """)
        let done = Set(try await session.values("SELECT version FROM schemaMigration", as: Int.self))
        if let newest = done.max(), newest > PostgresSchema.currentVersion {
            throw PostgresStoreError.schemaTooNew(
                server: session.location.displayName, version: newest, known: PostgresSchema.currentVersion)
        }
        var applied: [Int] = []
        for migration in PostgresSchema.migrations where !done.contains(migration.version) {
            for statement in migration.statements {
                try await session.executeFixed(statement)
            }
            try await session.execute(
                "INSERT INTO schemaMigration (version, name) VALUES (\(migration.version), \(migration.name))")
            applied.append(migration.version)
        }
        return Outcome(applied: applied, version: max(done.max() ?? 0, applied.last ?? 0))
    }

    /// The versions recorded in `schemaMigration`, oldest first (empty before the first run).
    ///
    /// - Throws: ``PostgresStoreError`` from the server.
    public static func appliedVersions(_ session: PostgresSession) async throws -> [Int] {
        let exists = try await session.values(
            "SELECT to_regclass('schemamigration') IS NOT NULL", as: Bool.self)
        guard exists.first == true else { return [] }
        return try await session.values("SELECT version FROM schemaMigration ORDER BY version", as: Int.self)
    }
}
