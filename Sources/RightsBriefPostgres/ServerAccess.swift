import PostgresNIO

/// Who may read and write what on the shared server: three group roles, their grants, and
/// row-level security by sensitivity.
///
/// | group role | reads | writes |
/// |---|---|---|
/// | `rightsbrief_public` | rows whose sensitivity is `public` | nothing |
/// | `rightsbrief_internal` | `public` and `restricted` rows | nothing |
/// | `rightsbrief_editor` | everything | inserts; the few updates and deletes a facility merge makes |
///
/// The groups cannot log in; an administrator grants a person one of them
/// (`CREATE ROLE alice LOGIN IN ROLE rightsbrief_internal`). Row-level security is enabled
/// **and forced** on every table with a sensitivity (`source`, `fact`, `event`) and on every
/// table linking them (`factSource`, `factRetraction`, `sourceCitation`, `eventSource`,
/// `eventFacility`): a link row is visible only when both of its ends are. Facilities,
/// their identifiers and merges carry no sensitivity and are readable by all three.
///
/// The level a policy applies is that of the **session user** (the role that logged in),
/// computed by `rightsbrief_session_level()`, a `SECURITY DEFINER` function owned by the
/// schema's owner: `SET ROLE` changes the current user, not the session user, so it cannot
/// widen what a connection reads. The schema's owner (who runs `server init`) counts as an
/// editor; superusers bypass row-level security, as PostgreSQL always lets them.
public enum ServerAccess {
    /// The group roles, lowest level first.
    public static let publicRole = "rightsbrief_public"
    public static let internalRole = "rightsbrief_internal"
    public static let editorRole = "rightsbrief_editor"
    public static let groupRoles = [publicRole, internalRole, editorRole]

    /// The tables whose rows carry a sensitivity.
    public static let levelledTables = ["source", "fact", "event"]
    /// The tables linking levelled rows, each visible when all the rows it links are.
    public static let linkTables = ["factSource", "factRetraction", "sourceCitation", "eventSource", "eventFacility"]
    /// Tables without sensitivity, readable by every group.
    public static let openTables = ["facility", "facilityIdentifier", "facilityMerge", "schemaMigration"]

    /// The advisory lock key of access setup.
    static let lockKey: Int64 = 0x7262_6163_6365

    /// What one run of ``apply(_:)`` did.
    public struct Outcome: Sendable, Equatable {
        /// Group roles this run created (the others existed).
        public var createdRoles: [String]
        /// The tables under forced row-level security.
        public var protectedTables: [String]
    }

    /// Creates the missing group roles and (re)applies grants, row-level security and
    /// policies, in one transaction. Running it again changes nothing.
    ///
    /// - Parameter session: A session connected as the schema's owner, with `CREATEROLE`
    ///   when a group role is missing (roles belong to the whole server, not one database).
    /// - Returns: What was created and protected.
    /// - Throws: ``PostgresStoreError/permissionDenied(server:reason:)`` when the user may not
    ///   create roles or is not the owner of the tables; other ``PostgresStoreError``s.
    public static func apply(_ session: PostgresSession) async throws -> Outcome {
        try await session.transaction { session in
            try await session.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
            let existing = Set(
                try await session.values(
                    "SELECT rolname::text FROM pg_roles WHERE rolname::text = ANY(\(groupRoles))", as: String.self))
            var created: [String] = []
            for role in groupRoles where !existing.contains(role) {
                // Roles belong to the whole server, and the advisory lock to one database: a
                // `server init` of another database may create the same role at the same time.
                try await session.executeFixed(
                    """
                    DO $$ BEGIN CREATE ROLE \(role) NOLOGIN;
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
                    """)
                created.append(role)
            }
            for statement in statements {
                try await session.executeFixed(statement)
            }
            return Outcome(createdRoles: created, protectedTables: levelledTables + linkTables)
        }
    }

    /// The level of the session user: 3 editor (or owner), 2 internal, 1 public, 0 none.
    static let levelFunction = #"""
        CREATE OR REPLACE FUNCTION rightsbrief_session_level() RETURNS integer
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT CASE
                WHEN pg_has_role(session_user, current_user, 'MEMBER') THEN 3
                WHEN pg_has_role(session_user, 'rightsbrief_editor', 'MEMBER') THEN 3
                WHEN pg_has_role(session_user, 'rightsbrief_internal', 'MEMBER') THEN 2
                WHEN pg_has_role(session_user, 'rightsbrief_public', 'MEMBER') THEN 1
                ELSE 0
            END
        $$
        """#

    static let mayReadFunction = #"""
        CREATE OR REPLACE FUNCTION rightsbrief_may_read(sensitivity text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT CASE sensitivity
                WHEN 'public' THEN rightsbrief_session_level() >= 1
                WHEN 'restricted' THEN rightsbrief_session_level() >= 2
                WHEN 'confidential' THEN rightsbrief_session_level() >= 3
                ELSE false
            END
        $$
        """#

    /// `rightsbrief_<table>_visible(id)`: whether the session user may read that row.
    static func visibleFunction(_ table: String, idType: String) -> String {
        #"""
        CREATE OR REPLACE FUNCTION rightsbrief_\#(table)_visible(rowId \#(idType)) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT EXISTS (SELECT 1 FROM \#(table) WHERE id = rowId AND rightsbrief_may_read(sensitivity))
        $$
        """#
    }

    static let editorOnly = "rightsbrief_session_level() >= 3"

    /// One table under forced row-level security: which rows a login reads, and which writes
    /// (each one policy, for editors only) it allows.
    struct ProtectedTable: Sendable {
        let name: String
        let read: String
        let writes: [String]

        /// The names of its policies: `rightsbrief_read`, then one per write.
        var policyNames: [String] { ["rightsbrief_read"] + writes.map { "rightsbrief_\($0.lowercased())" } }
    }

    /// Every table under row-level security and its policies, defined once: `server init`
    /// applies them and `verify` checks they are still there.
    static let protectedTables: [ProtectedTable] = [
        ProtectedTable(name: "source", read: "rightsbrief_may_read(sensitivity)", writes: ["INSERT"]),
        ProtectedTable(name: "fact", read: "rightsbrief_may_read(sensitivity)", writes: ["INSERT", "UPDATE"]),
        ProtectedTable(name: "event", read: "rightsbrief_may_read(sensitivity)", writes: ["INSERT"]),
        ProtectedTable(
            name: "factSource", read: "rightsbrief_fact_visible(factId) AND rightsbrief_source_visible(sourceId)",
            writes: ["INSERT"]),
        ProtectedTable(name: "factRetraction", read: "rightsbrief_fact_visible(factId)", writes: ["INSERT"]),
        ProtectedTable(
            name: "sourceCitation",
            read: "rightsbrief_source_visible(sourceId) AND rightsbrief_source_visible(citedSourceId)",
            writes: ["INSERT"]),
        ProtectedTable(
            name: "eventSource", read: "rightsbrief_event_visible(eventId) AND rightsbrief_source_visible(sourceId)",
            writes: ["INSERT"]),
        ProtectedTable(name: "eventFacility", read: "rightsbrief_event_visible(eventId)", writes: ["INSERT", "DELETE"]),
    ]

    /// The policies each protected table must have (names as PostgreSQL stores them), by table.
    public static var expectedPolicies: [(table: String, policies: [String])] {
        protectedTables.map { ($0.name, $0.policyNames) }
    }

    /// The policies of one table: who reads which rows, and that only editors write.
    static func policies(_ table: String, read: String, writes: [String]) -> [String] {
        var result = [
            "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS rightsbrief_read ON \(table)",
            "CREATE POLICY rightsbrief_read ON \(table) FOR SELECT USING (\(read))",
        ]
        for write in ["INSERT", "UPDATE", "DELETE"] {
            let name = "rightsbrief_\(write.lowercased())"
            result.append("DROP POLICY IF EXISTS \(name) ON \(table)")
            guard writes.contains(write) else { continue }
            switch write {
            case "INSERT": result.append("CREATE POLICY \(name) ON \(table) FOR INSERT WITH CHECK (\(editorOnly))")
            case "UPDATE":
                result.append(
                    "CREATE POLICY \(name) ON \(table) FOR UPDATE USING (\(editorOnly)) WITH CHECK (\(editorOnly))")
            default: result.append("CREATE POLICY \(name) ON \(table) FOR DELETE USING (\(editorOnly))")
            }
        }
        return result
    }

    static var statements: [String] {
        let groups = groupRoles.joined(separator: ", ")
        let allTables = levelledTables + linkTables + openTables + ["reportRun"]
        var result: [String] = [
            levelFunction, mayReadFunction,
            visibleFunction("fact", idType: "bigint"),
            visibleFunction("source", idType: "text"),
            visibleFunction("event", idType: "text"),
            "GRANT USAGE ON SCHEMA public TO \(groups)",
            // Start from nothing each time, so a privilege granted by hand is not kept silently.
            "REVOKE ALL ON \(allTables.joined(separator: ", ")) FROM PUBLIC, \(groups)",
            "REVOKE ALL ON SEQUENCE fact_id_seq, reportrun_id_seq FROM PUBLIC, \(groups)",
            "GRANT SELECT ON \((levelledTables + linkTables + openTables).joined(separator: ", ")) TO \(groups)",
            // `run` on a server records its runs: internal readers make scheduled reports too.
            // Public readers get no access: a run's counts would tell them how much restricted
            // evidence an internal report holds.
            "GRANT SELECT, INSERT, UPDATE ON reportRun TO \(internalRole), \(editorRole)",
            "GRANT INSERT ON \((levelledTables + linkTables + openTables.dropLast() + ["reportRun"]).joined(separator: ", ")) TO \(editorRole)",
            "GRANT USAGE ON SEQUENCE fact_id_seq, reportrun_id_seq TO \(editorRole)",
            // What `facility merge` changes: facts and identifiers move to the kept facility
            // (the fact trigger allows nothing else), the dropped record's event links and
            // the record itself go.
            "GRANT UPDATE (facilityId) ON fact, facilityIdentifier TO \(editorRole)",
            // A facility's record (not evidence: no sensitivity) may be corrected, and a merge
            // fills what the kept record lacks.
            "GRANT UPDATE (name, country, region, kind, authority, openedOn, latitude, longitude, updatedAt) ON facility TO \(editorRole)",
            "GRANT DELETE ON eventFacility, facility TO \(editorRole)",
        ]
        for table in protectedTables {
            result += policies(table.name, read: table.read, writes: table.writes)
        }
        return result
    }
}
