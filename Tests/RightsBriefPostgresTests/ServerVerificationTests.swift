import Foundation
import PostgresNIO
import RightsBriefPostgres
import RightsBriefStore
import TestSupport
import Testing

/// `verify` on a shared server: a clean server verifies clean, and each kind of damage an
/// owner or superuser can do behind rightsbrief's back is found, in one line naming it.
///
/// Serialized: each case holds a database and two or three connections, and the fifteen
/// damage cases at once, beside the rest of the suite, would pass the test cluster's
/// `max_connections`.
@Suite("verify on PostgreSQL", .enabled(if: PostgresTestServer.isAvailable), .serialized)
struct ServerVerificationTests {
    // MARK: - The expected lists cannot drift from the schema

    @Test("the listed constraints, triggers and policies are exactly what a fresh server init creates")
    func inventoryMatchesFreshInit() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, _ in
            // Given a freshly initialised database, when its catalog is read
            func parts(_ sql: String) async throws -> Set<PostgresSchema.Part> {
                var result = Set<PostgresSchema.Part>()
                for row in try await session.rows(PostgresQuery(unsafeSQL: sql)) {
                    let (table, name) = try row.decode((String, String).self)
                    let named = PostgresSchema.tables.first { $0.lowercased() == table } ?? table
                    result.insert(PostgresSchema.Part(named, name))
                }
                return result
            }
            let tables = "relnamespace = 'public'::regnamespace"
            let checks = try await parts(
                "SELECT t.relname::text, c.conname::text FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE \(tables) AND c.contype = 'c'")
            let keys = try await parts(
                "SELECT t.relname::text, c.conname::text FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE \(tables) AND c.contype = 'f'")
            let triggers = try await parts(
                "SELECT t.relname::text, g.tgname::text FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid WHERE \(tables) AND NOT g.tgisinternal")
            let policies = try await parts(
                "SELECT t.relname::text, p.polname::text FROM pg_policy p JOIN pg_class t ON t.oid = p.polrelid WHERE \(tables)")
            let tableNames = Set(
                try await session.values(
                    PostgresQuery(unsafeSQL: "SELECT relname::text FROM pg_class WHERE \(tables) AND relkind = 'r'"),
                    as: String.self))

            // Then they are the lists verify checks, no more and no fewer
            #expect(checks == Set(PostgresSchema.checkConstraints))
            #expect(PostgresSchema.checkConstraints.count == Set(PostgresSchema.checkConstraints).count)
            #expect(keys == Set(PostgresSchema.foreignKeys))
            #expect(triggers == Set(PostgresSchema.triggers))
            let expectedPolicies = ServerAccess.expectedPolicies.flatMap { table, names in
                names.map { PostgresSchema.Part(table, $0) }
            }
            #expect(policies == Set(expectedPolicies))
            #expect(tableNames == Set(PostgresSchema.tables.map { $0.lowercased() }))
        }
    }

    @Test("the server's hash is the SQLite store's", arguments: ["", "hello", "Cárcel «uno»\n", "🙂 é"])
    func sameHash(_ text: String) {
        #expect(ServerVerification.sha256Hex(text) == FactStore.sha256Hex(text))
    }

    // MARK: - Clean

    @Test("a freshly initialised server with evidence verifies clean, in one read-only snapshot")
    func clean() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            // Given evidence added by the owner
            try await PostgresTestServer.seedEvidence(session)

            // When it is verified
            let report = try await ServerVerification.verify(location)

            // Then nothing is wrong, everything was checked, and nothing could be written
            #expect(report.problems == [])
            #expect(report.warnings == [])
            #expect(report.level == 3)
            #expect(report.schemaVersion == PostgresSchema.currentVersion)
            #expect(report.checkedSources == 2)
            #expect(report.checkedConstraints == PostgresSchema.checkConstraints.count + PostgresSchema.foreignKeys.count)
            #expect(report.checkedTriggers == PostgresSchema.triggers.count)
            #expect(report.checkedTables == ServerAccess.expectedPolicies.count)
            #expect([report.facilities, report.sources, report.facts, report.events] == [Int]([1, 2, 2, 0]))
            #expect(report.transaction == "repeatable read, read only")
        }
    }

    // MARK: - Each problem, one per case

    /// Damage done as a superuser, and the words each resulting problem line holds.
    static let damages: [(String, [String])] = [
        ("ALTER TABLE fact DISABLE TRIGGER fact_is_append_only_update",
         ["trigger: fact_is_append_only_update on fact is disabled"]),
        ("ALTER TABLE fact ENABLE REPLICA TRIGGER fact_supersedes_same_facility_attribute",
         ["trigger: fact_supersedes_same_facility_attribute on fact is disabled"]),
        ("DROP TRIGGER factretraction_is_append_only_truncate ON factRetraction",
         ["trigger: factretraction_is_append_only_truncate on factRetraction is missing"]),
        ("ALTER TABLE factSource DISABLE TRIGGER ALL",
         ["foreign key factsource_factid_fkey of factSource is not enforced",
          "foreign key factsource_sourceid_fkey of factSource is not enforced"]),
        ("ALTER TABLE source DROP CONSTRAINT source_check",
         ["the CHECK constraint source_check of source is missing"]),
        ("ALTER TABLE eventSource DROP CONSTRAINT eventsource_sourceid_fkey",
         ["the FOREIGN KEY constraint eventsource_sourceid_fkey of eventSource is missing"]),
        ("""
         ALTER TABLE factSource DROP CONSTRAINT factsource_factid_fkey,
             ADD CONSTRAINT factsource_factid_fkey FOREIGN KEY (factId) REFERENCES fact(id) NOT VALID
         """,
         ["the FOREIGN KEY constraint factsource_factid_fkey of factSource is NOT VALID"]),
        ("ALTER TABLE source NO FORCE ROW LEVEL SECURITY",
         ["access: row-level security is not forced on source"]),
        ("ALTER TABLE fact DISABLE ROW LEVEL SECURITY",
         ["access: row-level security is not enabled on fact"]),
        ("DROP POLICY rightsbrief_read ON factSource",
         ["access: the policy rightsbrief_read on factSource is missing"]),
        ("UPDATE source SET text = 'tampered' WHERE id = 'b'",
         ["source 'b': captured text does not match its SHA-256"]),
        ("DELETE FROM factSource WHERE factId = 2", ["fact 2 has no source"]),
        ("DELETE FROM schemaMigration WHERE version = 4",
         ["schema: ", "is at version 3, older than this rightsbrief's 4; run rightsbrief server init"]),
        ("INSERT INTO schemaMigration (version, name) VALUES (5, 'v5-from-the-future')",
         ["is at version 5: a newer rightsbrief made this"]),
        ("DELETE FROM schemaMigration", ["has no rightsbrief schema; run rightsbrief server init"]),
    ]

    @Test("each kind of damage is found, one line per problem naming it", arguments: damages.indices)
    func damage(_ index: Int) async throws {
        let (sql, expected) = Self.damages[index]
        try await PostgresTestServer.withInitializedDatabase { session, location in
            // Given a clean server, damaged by a superuser on purpose
            try await PostgresTestServer.seedEvidence(session)
            try await session.execute(PostgresQuery(unsafeSQL: sql))

            // When it is verified (on the same connection)
            let report = try await ServerVerification.verify(session)

            // Then each expected problem is reported, on its own line, and nothing else
            let schema = expected.first == "schema: "
            let needles = schema ? Array(expected.dropFirst()) : expected
            #expect(report.problems.count == needles.count, "\(sql): \(report.problems)")
            for needle in needles {
                #expect(report.problems.contains { $0.contains(needle) }, "\(needle) not in \(report.problems)")
            }
            if schema { #expect(report.problems.first?.hasPrefix("schema: ") == true) }
            #expect(report.problems.allSatisfy { !$0.contains("\n") })
        }
    }

    // MARK: - Readers

    @Test("a public reader's verify checks what it may read, warns about the rest, and is clean")
    func publicReader() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            // Given evidence where a public fact's only source is restricted
            try await PostgresTestServer.seedEvidence(session)
            try await PostgresTestServer.withLogin(ServerAccess.publicRole, on: session) { login in
                var reader = location
                reader.user = login

                // When the public reader verifies
                let report = try await ServerVerification.verify(reader)

                // Then it is clean (fact 2's hidden source is not a missing one), it re-hashed
                // only the public text, and it warns that rows above its level were not checked
                #expect(report.problems == [])
                #expect(report.login == login)
                #expect(report.level == 1)
                #expect(report.checkedSources == 1)
                #expect(report.warnings.count == 1)
                #expect(report.warnings.first?.contains("\(login) reads as a public reader") == true)
                #expect(report.warnings.first?.contains("restricted and confidential rows were not checked") == true)
            }
            try await PostgresTestServer.withLogin(ServerAccess.internalRole, on: session) { login in
                var reader = location
                reader.user = login
                let report = try await ServerVerification.verify(reader)
                #expect(report.problems == [])
                #expect(report.checkedSources == 2)
                #expect(report.warnings.first?.contains("confidential rows were not checked") == true)
            }
        }
    }

    @Test("a login in no rightsbrief group is refused (permission denied)")
    func noGroup() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            try await PostgresTestServer.withLogin(nil, on: session) { login in
                var stranger = location
                stranger.user = login
                await #expect {
                    _ = try await ServerVerification.verify(stranger)
                } throws: { error in
                    guard case .permissionDenied? = error as? PostgresStoreError else { return false }
                    return true
                }
            }
        }
    }
}
