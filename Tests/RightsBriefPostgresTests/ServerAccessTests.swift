import Foundation
import PostgresNIO
import RightsBriefPostgres
import TestSupport
import Testing

/// The issue's "done when": a connection as each role, with the real `psql`, counts what it
/// can read. The server, not rightsbrief, withholds what the role may not see.
@Suite("PostgreSQL access by sensitivity", .enabled(if: PostgresTestServer.isAvailable))
struct ServerAccessTests {
    static let levels = ["public", "restricted", "confidential"]

    /// Seeds, as the owner, one source, fact and event per level, and every link between them:
    /// each fact cites each source, each source cites each other, each event has each source,
    /// each fact is retracted, each event is at facility x.
    func seed(_ db: PostgresFixture) async throws {
        try await db.facility(id: "x")
        for level in Self.levels {
            try await db.source(id: "s-\(level)", sensitivity: level)
            try await db.event(id: "e-\(level)", sensitivity: level)
            try await db.session.execute(
                """
                INSERT INTO fact (facilityId, attribute, valueNumber, unit, asOf, sensitivity, recordedAt)
                VALUES ('x', 'population', 1, 'persons', '2025-02-03', \(level), '2025-03-01T12:00:00Z')
                """)
        }
        try await db.sql("INSERT INTO factSource (factId, sourceId) SELECT f.id, s.id FROM fact f, source s")
        try await db.sql(
            "INSERT INTO sourceCitation (sourceId, citedSourceId) SELECT a.id, b.id FROM source a, source b WHERE a.id <> b.id")
        try await db.sql("INSERT INTO eventSource (eventId, sourceId) SELECT e.id, s.id FROM event e, source s")
        try await db.sql("INSERT INTO eventFacility (eventId, facilityId) SELECT id, 'x' FROM event")
        try await db.sql(
            "INSERT INTO factRetraction (factId, reason, retractedAt) SELECT id, 'test', '2025-03-02T12:00:00Z' FROM fact")
    }

    /// The counting query: rows per table, then rows above public and above restricted.
    static let countQuery = """
        SELECT concat_ws(',',
            (SELECT count(*) FROM facility), (SELECT count(*) FROM source), (SELECT count(*) FROM fact),
            (SELECT count(*) FROM event), (SELECT count(*) FROM factSource), (SELECT count(*) FROM sourceCitation),
            (SELECT count(*) FROM eventSource), (SELECT count(*) FROM eventFacility),
            (SELECT count(*) FROM factRetraction),
            (SELECT count(*) FROM source WHERE sensitivity <> 'public')
              + (SELECT count(*) FROM fact WHERE sensitivity <> 'public')
              + (SELECT count(*) FROM event WHERE sensitivity <> 'public')
              + (SELECT count(*) FROM factSource l JOIN fact f ON f.id = l.factId JOIN source s ON s.id = l.sourceId
                 WHERE f.sensitivity <> 'public' OR s.sensitivity <> 'public'),
            (SELECT count(*) FROM source WHERE sensitivity = 'confidential')
              + (SELECT count(*) FROM fact WHERE sensitivity = 'confidential')
              + (SELECT count(*) FROM event WHERE sensitivity = 'confidential'))
        """

    /// What a reader of `visible` levels (1, 2 or 3) should count, in countQuery's order: the
    /// facility, n sources, facts and events, n² fact–source links, n(n−1) citations, n²
    /// event–source links, n event–facility links and n retractions; then the rows above
    /// public (3(n−1) levelled rows and n²−1 fact–source links) and the confidential ones.
    static func expected(_ n: Int) -> String {
        [1, n, n, n, n * n, n * (n - 1), n * n, n, n, 3 * (n - 1) + n * n - 1, n == 3 ? 3 : 0]
            .map(String.init).joined(separator: ",")
    }

    @Test("psql as each role: public reads 0 restricted and 0 confidential rows, internal 0 confidential, editor all")
    func psqlCounts() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            // Given rows of each level and links between all of them, written by the owner
            try await seed(PostgresFixture(session: session))
            for (group, visible) in [
                (ServerAccess.publicRole, 1), (ServerAccess.internalRole, 2), (ServerAccess.editorRole, 3),
            ] {
                try await PostgresTestServer.withLogin(group, on: session) { user in
                    // When psql connects as a login in that group and counts every table
                    let result = try PostgresTestServer.psql(location, user: user, Self.countQuery)
                    // Then it reads exactly the rows of its levels, and links whose ends it may read
                    #expect(result.status == 0, "\(group): \(result.stderr)")
                    let counts = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                    #expect(counts == Self.expected(visible), "\(group)")
                }
            }
        }
    }

    @Test("SET ROLE to a higher group is refused, and the reader still sees only public rows")
    func setRoleDoesNotWiden() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            try await seed(PostgresFixture(session: session))
            try await PostgresTestServer.withLogin(ServerAccess.publicRole, on: session) { user in
                for higher in [ServerAccess.internalRole, ServerAccess.editorRole, "postgres"] {
                    let result = try PostgresTestServer.psql(
                        location, user: user, "SET ROLE \(higher); SELECT count(*) FROM fact")
                    #expect(result.status != 0)
                    #expect(result.stderr.contains("permission denied"), "\(higher): \(result.stderr)")
                    #expect(!result.stdout.contains("3"))
                }
                let after = try PostgresTestServer.psql(
                    location, user: user, "SET ROLE NONE; SELECT count(*) FROM fact WHERE sensitivity <> 'public'")
                #expect(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
            }
            // And a reader made a member of another role (here: one with its own grant on fact)
            // may SET ROLE to it, but reads no more than its session's level allows
            let helper = PostgresTestServer.uniqueName("t_helper")
            try await session.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(helper) NOLOGIN"))
            try await session.execute(PostgresQuery(unsafeSQL: "GRANT SELECT ON fact TO \(helper)"))
            try await PostgresTestServer.withLogin(ServerAccess.publicRole, on: session) { user in
                try await session.execute(PostgresQuery(unsafeSQL: "GRANT \(helper) TO \(user)"))
                let result = try PostgresTestServer.psql(
                    location, user: user, "SET ROLE \(helper); SELECT count(*) FROM fact WHERE sensitivity <> 'public'")
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
                try await session.execute(PostgresQuery(unsafeSQL: "REVOKE \(helper) FROM \(user)"))
            }
            try await session.execute(PostgresQuery(unsafeSQL: "REVOKE ALL ON fact FROM \(helper)"))
            try await session.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(helper)"))
        }
    }

    @Test("readers cannot write; editors insert but cannot change or delete facts")
    func writes() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            try await seed(PostgresFixture(session: session))
            let insert = """
                INSERT INTO fact (facilityId, attribute, valueNumber, unit, asOf, sensitivity, recordedAt)
                VALUES ('x', 'population', 2, 'persons', '2025-02-04', 'public', '2025-03-01T12:00:00Z')
                """
            for group in [ServerAccess.publicRole, ServerAccess.internalRole] {
                try await PostgresTestServer.withLogin(group, on: session) { user in
                    let result = try PostgresTestServer.psql(location, user: user, insert)
                    #expect(result.status != 0)
                    #expect(result.stderr.contains("permission denied"), "\(group): \(result.stderr)")
                }
            }
            try await PostgresTestServer.withLogin(ServerAccess.editorRole, on: session) { user in
                // The editor inserts, through rightsbrief's own client too
                var editorLocation = location
                editorLocation.user = user
                try await PostgresSession.with(editorLocation) { editor in
                try await editor.execute(PostgresQuery(unsafeSQL: insert))
                // but cannot change a fact's value (no privilege), nor delete or truncate
                for statement in [
                    "UPDATE fact SET valueNumber = 3", "DELETE FROM fact", "TRUNCATE fact CASCADE",
                    "UPDATE source SET sensitivity = 'public'",
                ] {
                    do {
                        try await editor.execute(PostgresQuery(unsafeSQL: statement))
                        Issue.record("not refused: \(statement)")
                    } catch let error as PostgresStoreError {
                        #expect(error.sysexitsCode == 77, "\(statement): \(error)")
                    }
                }
                }
            }
            let value1 = try await PostgresFixture(session: session).count("SELECT count(*) FROM fact")
            #expect(value1 == 4)
        }
    }

    @Test("server init again creates nothing and changes nothing a reader sees")
    func idempotent() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            try await seed(PostgresFixture(session: session))
            let again = try await ServerSetup.initialize(location)
            #expect(again.migrations.applied == [])
            #expect(again.access.createdRoles == [])
            try await PostgresTestServer.withLogin(ServerAccess.publicRole, on: session) { user in
                let result = try PostgresTestServer.psql(location, user: user, "SELECT count(*) FROM fact")
                #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
            }
        }
    }

    @Test("every levelled and link table has row-level security enabled and forced")
    func forced() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, _ in
            let rows = try await session.rows(
                """
                SELECT relname::text, relrowsecurity, relforcerowsecurity FROM pg_class
                WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
                """)
            var forced: Set<String> = []
            for row in rows {
                let (name, enabled, force) = try row.decode((String, Bool, Bool).self)
                if enabled && force { forced.insert(name) }
            }
            let expected = Set((ServerAccess.levelledTables + ServerAccess.linkTables).map { $0.lowercased() })
            #expect(forced == expected)
        }
    }

    @Test("as the README sets it up: an owner that is not a superuser runs server init, writes every level and reads it all; its readers see their levels")
    func nonSuperuserOwner() async throws {
        let admin = PostgresTestServer.uniqueName("t_admin")
        let superuser = try await PostgresSession.connect(to: try PostgresTestServer.location())
        try await superuser.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(admin) LOGIN CREATEROLE"))
        do {
            try await PostgresTestServer.withFreshDatabase { location in
                // Given a database owned by a role with CREATEROLE only
                try await superuser.execute(PostgresQuery(unsafeSQL: "ALTER DATABASE \(location.database) OWNER TO \(admin)"))
                var owner = location
                owner.user = admin
                // When that owner runs server init and writes rows of every level
                _ = try await ServerSetup.initialize(owner)
                try await PostgresSession.with(owner) { session in
                try await seed(PostgresFixture(session: session))
                // Then, row-level security being forced on the owner too, it still reads everything
                let all = try await session.values(PostgresQuery(unsafeSQL: Self.countQuery), as: String.self)
                #expect(all == [Self.expected(3)])
                // And a login it creates in the internal group reads public and restricted rows only
                try await PostgresTestServer.withLogin(ServerAccess.internalRole, on: session) { user in
                    let result = try PostgresTestServer.psql(location, user: user, Self.countQuery)
                    #expect(result.status == 0, "\(result.stderr)")
                    #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == Self.expected(2))
                }
                }
            }
        } catch {
            try? await superuser.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(admin)"))
            await superuser.close()
            throw error
        }
        try await superuser.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(admin)"))
        await superuser.close()
    }
}
