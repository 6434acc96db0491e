import Crypto
import Foundation
import PostgresNIO

/// What `verify` found on a server. Problems make the check fail; warnings do not.
public struct ServerVerificationReport: Sendable, Equatable {
    /// The server, as ``PostgresLocation/displayName`` shows it.
    public var server: String
    /// The role that logged in (PostgreSQL's `session_user`).
    public var login: String
    /// The login's access level: 3 editor or the schema's owner, 2 internal, 1 public.
    public var level: Int
    /// The newest schema version the database records (0 before `server init`).
    public var schemaVersion: Int
    /// One line per problem found.
    public var problems: [String]
    /// Things the check could not cover, in one line each.
    public var warnings: [String]
    /// CHECK and FOREIGN KEY constraints checked.
    public var checkedConstraints: Int
    /// Triggers checked (not counting the internal ones of foreign keys).
    public var checkedTriggers: Int
    /// Tables whose row-level security and policies were checked.
    public var checkedTables: Int
    /// Captured source texts re-hashed: those the login may read.
    public var checkedSources: Int
    /// Facilities the login may read.
    public var facilities: Int
    /// Sources the login may read.
    public var sources: Int
    /// Facts the login may read.
    public var facts: Int
    /// Events the login may read.
    public var events: Int
    /// The transaction the checks ran in, as PostgreSQL reports it (`repeatable read, read only`).
    public var transaction: String

    /// Whether the server passed every check.
    public var isClean: Bool { problems.isEmpty }
}

/// `rightsbrief verify` on a shared server: the checks the SQLite file's `verify` makes, in
/// the server's terms.
///
/// - **schema**: the recorded version is the one this rightsbrief knows;
/// - **constraints**: every CHECK and FOREIGN KEY of ``PostgresSchema`` is present and
///   validated (a constraint re-added `NOT VALID` did not check the rows already there), and
///   every trigger, including the internal ones that enforce foreign keys, is enabled;
/// - **access**: row-level security is enabled and forced on every table ``ServerAccess``
///   protects, with all of its policies (they keep confidential rows from public readers);
/// - **data**: every fact has a source, and every captured source text still has its SHA-256.
///
/// Everything is read in one `REPEATABLE READ READ ONLY` transaction, so the checks see one
/// snapshot and cannot change anything. A login reads only its level's rows: a reader's
/// verify re-hashes the texts it may read, skips the check for facts without a source (a fact
/// whose sources are all above its level looks the same), and says so in a warning.
public enum ServerVerification {
    /// Connects to `location` and verifies it.
    ///
    /// Problems are returned, not thrown: a finding is not an error, and the caller decides
    /// the exit code.
    ///
    /// - Parameters:
    ///   - location: The server, database and login.
    ///   - password: The password, or `nil` to look in `$PGPASSWORD` and `~/.pgpass`.
    /// - Returns: What was checked and found.
    /// - Throws: ``PostgresStoreError``: `.unavailable` when the server cannot be reached,
    ///   `.permissionDenied` when it refuses the login or the login may not read the tables.
    public static func verify(_ location: PostgresLocation, password: String? = nil) async throws
        -> ServerVerificationReport
    {
        try await PostgresSession.with(location, password: password) { session in
            try await verify(session)
        }
    }

    /// Verifies the database `session` is connected to, in one read-only snapshot.
    ///
    /// - Throws: ``PostgresStoreError``, as ``verify(_:password:)``.
    public static func verify(_ session: PostgresSession) async throws -> ServerVerificationReport {
        try await ServerEvidence.beginSnapshot(session)
        do {
            let report = try await check(session)
            try await session.execute("ROLLBACK")
            return report
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
    }

    /// The checks, in order, inside the caller's snapshot.
    static func check(_ session: PostgresSession) async throws -> ServerVerificationReport {
        let server = session.location.displayName
        let first = try await session.rows(
            """
            SELECT session_user::text, current_setting('transaction_isolation') || ', '
                || CASE current_setting('transaction_read_only') WHEN 'on' THEN 'read only' ELSE 'read write' END
            """)
        let (login, transaction) = try first.first.map { row in
            try reading(session) { try row.decode((String, String).self) }
        } ?? ("", "")
        var report = ServerVerificationReport(
            server: server, login: login, level: 0, schemaVersion: 0, problems: [], warnings: [],
            checkedConstraints: 0, checkedTriggers: 0, checkedTables: 0, checkedSources: 0, facilities: 0,
            sources: 0, facts: 0, events: 0, transaction: transaction)

        // The other checks describe the current version, so a schema of another version is
        // the one problem reported.
        report.schemaVersion = try await PostgresMigrator.appliedVersions(session).max() ?? 0
        if let problem = schemaProblem(report.schemaVersion, server: server) {
            report.problems.append(problem)
            return report
        }
        report.level = try await ServerEvidence.sessionLevel(session)
        try await checkConstraints(session, into: &report)
        try await checkTriggers(session, into: &report)
        try await checkAccess(session, into: &report)
        try await checkData(session, into: &report)
        if report.level < 3 {
            let name = report.level == 2 ? "an internal reader" : "a public reader"
            let above = report.level == 2 ? "confidential rows" : "restricted and confidential rows"
            report.warnings.append(
                "\(report.login) reads as \(name), so \(above) were not checked, nor whether each fact has a source; run verify as an editor or the schema's owner to check everything"
            )
        }
        return report
    }

    /// The problem with the recorded schema version, or `nil` when it is the current one.
    static func schemaProblem(_ version: Int, server: String) -> String? {
        let current = PostgresSchema.currentVersion
        if version == 0 {
            return "schema: \(server) has no rightsbrief schema; run rightsbrief server init"
        }
        if version < current {
            return "schema: \(server) is at version \(version), older than this rightsbrief's \(current); run rightsbrief server init"
        }
        if version > current {
            return "schema: \(server) is at version \(version): a newer rightsbrief made this (this one knows \(current)); upgrade rightsbrief"
        }
        return nil
    }

    static var storedTables: [String] { PostgresSchema.tables.map { $0.lowercased() } }

    /// Every CHECK and FOREIGN KEY constraint is present and validated.
    static func checkConstraints(_ session: PostgresSession, into report: inout ServerVerificationReport) async throws {
        var found: [PostgresSchema.Part: Bool] = [:]
        try await session.forEachRow(
            """
            SELECT t.relname::text, c.conname::text, c.convalidated
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.contype IN ('c', 'f') AND pg_table_is_visible(t.oid) AND t.relname::text = ANY(\(storedTables))
            """
        ) { row in
            let (table, name, validated) = try reading(session) { try row.decode((String, String, Bool).self) }
            found[PostgresSchema.Part(PostgresSchema.tableName(table), name)] = validated
        }
        for (kind, expected) in [("CHECK", PostgresSchema.checkConstraints), ("FOREIGN KEY", PostgresSchema.foreignKeys)] {
            for part in expected {
                report.checkedConstraints += 1
                switch found[part] {
                case nil:
                    report.problems.append(
                        "constraint: the \(kind) constraint \(part.name) of \(part.table) is missing, so the server no longer refuses what it guarded; restore it as the schema's owner"
                    )
                case false?:
                    report.problems.append(
                        "constraint: the \(kind) constraint \(part.name) of \(part.table) is NOT VALID (rows written before it were not checked); run ALTER TABLE \(part.table) VALIDATE CONSTRAINT \(part.name) as the schema's owner"
                    )
                case true?: break
                }
            }
        }
    }

    /// Every trigger of the schema exists and fires, and so do the internal triggers that
    /// enforce foreign keys. `O` (origin) and `A` (always) fire in ordinary sessions; `D` is
    /// disabled and `R` fires only on a replica.
    static func checkTriggers(_ session: PostgresSession, into report: inout ServerVerificationReport) async throws {
        var found: [PostgresSchema.Part: Bool] = [:]
        var unenforcedKeys = Set<PostgresSchema.Part>()
        try await session.forEachRow(
            """
            SELECT t.relname::text, g.tgname::text, g.tgenabled::text IN ('O', 'A'), g.tgisinternal,
                coalesce(c.conname::text, '')
            FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
            LEFT JOIN pg_constraint c ON c.oid = g.tgconstraint
            WHERE pg_table_is_visible(t.oid) AND t.relname::text = ANY(\(storedTables))
            """
        ) { row in
            let (table, name, enabled, isInternal, constraint) = try reading(session) { try row.decode((String, String, Bool, Bool, String).self) }
            if isInternal {
                // A foreign key is enforced by internal triggers on both tables, named after
                // its constraint; report it once, on the table that holds it.
                if !enabled, let key = PostgresSchema.foreignKeys.first(where: { $0.name == constraint }) {
                    unenforcedKeys.insert(key)
                }
            } else {
                found[PostgresSchema.Part(PostgresSchema.tableName(table), name)] = enabled
            }
        }
        for part in PostgresSchema.triggers {
            report.checkedTriggers += 1
            switch found[part] {
            case nil:
                report.problems.append(
                    "trigger: \(part.name) on \(part.table) is missing, so the server no longer refuses what it guarded; restore it as the schema's owner"
                )
            case false?:
                report.problems.append(
                    "trigger: \(part.name) on \(part.table) is disabled; run ALTER TABLE \(part.table) ENABLE TRIGGER \(part.name) as the schema's owner"
                )
            case true?: break
            }
        }
        for key in unenforcedKeys.sorted() {
            report.problems.append(
                "trigger: the foreign key \(key.name) of \(key.table) is not enforced (its triggers are disabled); run ALTER TABLE \(key.table) ENABLE TRIGGER ALL as a superuser"
            )
        }
    }

    /// Row-level security is enabled and forced on every protected table, with its policies.
    static func checkAccess(_ session: PostgresSession, into report: inout ServerVerificationReport) async throws {
        var security: [String: (enabled: Bool, forced: Bool)] = [:]
        var policies = Set<PostgresSchema.Part>()
        let protected = ServerAccess.protectedTables.map { $0.name.lowercased() }
        try await session.forEachRow(
            """
            SELECT t.relname::text, t.relrowsecurity, t.relforcerowsecurity
            FROM pg_class t WHERE t.relkind = 'r' AND pg_table_is_visible(t.oid) AND t.relname::text = ANY(\(protected))
            """
        ) { row in
            let (table, enabled, forced) = try reading(session) { try row.decode((String, Bool, Bool).self) }
            security[table] = (enabled, forced)
        }
        try await session.forEachRow(
            """
            SELECT t.relname::text, p.polname::text FROM pg_policy p JOIN pg_class t ON t.oid = p.polrelid
            WHERE pg_table_is_visible(t.oid) AND t.relname::text = ANY(\(protected))
            """
        ) { row in
            let (table, name) = try reading(session) { try row.decode((String, String).self) }
            policies.insert(PostgresSchema.Part(PostgresSchema.tableName(table), name))
        }
        for table in ServerAccess.protectedTables {
            report.checkedTables += 1
            let state = security[table.name.lowercased()]
            if state?.enabled != true {
                report.problems.append(
                    "access: row-level security is not enabled on \(table.name), so every login reads all its rows; run rightsbrief server init"
                )
            }
            if state?.forced != true {
                report.problems.append(
                    "access: row-level security is not forced on \(table.name), so its owner reads and writes past the policies; run rightsbrief server init"
                )
            }
            for policy in table.policyNames where !policies.contains(PostgresSchema.Part(table.name, policy)) {
                report.problems.append(
                    "access: the policy \(policy) on \(table.name) is missing; run rightsbrief server init")
            }
        }
    }

    /// Facts without a source (an editor's verify only), every visible captured text
    /// re-hashed, and the counts of what the login reads.
    static func checkData(_ session: PostgresSession, into report: inout ServerVerificationReport) async throws {
        if report.level >= 3 {
            try await session.forEachRow(
                """
                SELECT f.id FROM fact f WHERE NOT EXISTS (SELECT 1 FROM factSource s WHERE s.factId = f.id) ORDER BY f.id
                """
            ) { row in
                let id = try reading(session) { try row.decode(Int64.self) }
                report.problems.append("fact \(id) has no source")
            }
        }
        var checked = 0
        var mismatches: [String] = []
        try await session.forEachRow(
            "SELECT id, text, textSHA256 FROM source WHERE text IS NOT NULL ORDER BY id"
        ) { row in
            let (id, text, stored) = try reading(session) { try row.decode((String, String, String).self) }
            checked += 1
            let actual = sha256Hex(text)
            if actual != stored {
                mismatches.append(
                    "source '\(id)': captured text does not match its SHA-256 (stored \(stored.prefix(12)), now \(actual.prefix(12))); the text was changed after capture"
                )
            }
        }
        report.checkedSources = checked
        report.problems += mismatches
        let counts = try await session.rows(
            """
            SELECT (SELECT count(*) FROM facility)::int, (SELECT count(*) FROM source)::int,
                (SELECT count(*) FROM fact)::int, (SELECT count(*) FROM event)::int
            """)
        if let row = counts.first {
            (report.facilities, report.sources, report.facts, report.events) = try reading(session) { try row.decode((Int, Int, Int, Int).self) }
        }
    }

    /// The SHA-256 of a text's UTF-8 bytes in lower-case hex, as the SQLite store computes it
    /// when it captures a text (`FactStore.sha256Hex`; a test keeps the two equal).
    public static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Runs `body`, which decodes a row, turning a decoding failure into a store error.
    private static func reading<T>(_ session: PostgresSession, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw PostgresStoreError.server(
                server: session.location.displayName, sqlState: "XX000", reason: "a value could not be read (\(error))")
        }
    }
}
