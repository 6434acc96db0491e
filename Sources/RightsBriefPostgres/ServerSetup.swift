/// `rightsbrief server init`: the schema and access control of a shared server, in one call.
public enum ServerSetup {
    /// What `server init` did.
    public struct Outcome: Sendable, Equatable {
        public var migrations: PostgresMigrator.Outcome
        public var access: ServerAccess.Outcome
    }

    /// Connects, applies pending migrations, then creates missing roles and applies grants
    /// and row-level security. Idempotent: a second run applies nothing and creates nothing.
    ///
    /// - Parameters:
    ///   - location: The server and database; the user should own the database's tables
    ///     (or be about to create them) and may create roles.
    ///   - password: The password, or `nil` to look in `$PGPASSWORD` and `~/.pgpass`.
    /// - Returns: What was applied and created.
    /// - Throws: ``PostgresStoreError``: `.unavailable` (server unreachable, no database),
    ///   `.permissionDenied` (login refused, no right to create tables or roles),
    ///   `.schemaTooNew`, or another server error.
    public static func initialize(_ location: PostgresLocation, password: String? = nil) async throws -> Outcome {
        try await PostgresSession.with(location, password: password) { session in
            let migrations = try await PostgresMigrator.migrate(session)
            let access = try await ServerAccess.apply(session)
            return Outcome(migrations: migrations, access: access)
        }
    }
}
