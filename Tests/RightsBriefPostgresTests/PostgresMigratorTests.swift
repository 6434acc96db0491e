import Foundation
import GRDB
import PostgresNIO
import RightsBriefPostgres
import RightsBriefStore
import TestSupport
import Testing

@Suite("PostgreSQL migrations", .enabled(if: PostgresTestServer.isAvailable))
struct PostgresMigratorTests {
    @Test("a fresh database gets v1–v4, each recorded with its name; a second run applies nothing")
    func freshThenNoOp() async throws {
        try await PostgresTestServer.withFreshDatabase { location in
            let session = try await PostgresSession.connect(to: location)
            defer { Task { await session.close() } }
            // Given an empty database
            let value1 = try await PostgresMigrator.appliedVersions(session)
            #expect(value1 == [])
            // When migrated twice
            let first = try await PostgresMigrator.migrate(session)
            let second = try await PostgresMigrator.migrate(session)
            // Then the first run applied every version and recorded it, the second nothing
            #expect(first == .init(applied: [1, 2, 3, 4], version: 4))
            #expect(second == .init(applied: [], version: 4))
            let value2 = try await PostgresMigrator.appliedVersions(session)
            #expect(value2 == [1, 2, 3, 4])
            let names = try await session.values("SELECT name FROM schemaMigration ORDER BY version", as: String.self)
            #expect(names == PostgresSchema.migrations.map(\.name))
        }
    }

    @Test("two server inits at once apply each version once (advisory lock)")
    func concurrentInit() async throws {
        try await PostgresTestServer.withFreshDatabase { location in
            // Given an empty database and two clients
            // When both run server init at the same moment
            async let one = ServerSetup.initialize(location)
            async let two = ServerSetup.initialize(location)
            let outcomes = try await [one, two]
            // Then one applied v1–v4, the other nothing, and each version is recorded once
            #expect(outcomes.map(\.migrations.applied).sorted { $0.count < $1.count } == [[], [1, 2, 3, 4]])
            let session = try await PostgresSession.connect(to: location)
            defer { Task { await session.close() } }
            let value3 = try await PostgresMigrator.appliedVersions(session)
            #expect(value3 == [1, 2, 3, 4])
        }
    }

    @Test("a database from a newer rightsbrief is refused, and nothing is applied")
    func tooNew() async throws {
        try await PostgresTestServer.withFreshDatabase { location in
            let session = try await PostgresSession.connect(to: location)
            defer { Task { await session.close() } }
            _ = try await PostgresMigrator.migrate(session)
            try await session.execute("INSERT INTO schemaMigration (version, name) VALUES (99, 'v99-future')")
            await #expect(throws: PostgresStoreError.schemaTooNew(server: location.displayName, version: 99, known: 4)) {
                try await PostgresMigrator.migrate(session)
            }
        }
    }

    @Test("the server has the SQLite store's tables and columns (less the full-text table), named alike")
    func mirrorsSQLite() async throws {
        // Given the SQLite schema of a new store
        let store = try makeTestStore()
        let sqlite: [String: Set<String>] = try await store.writer.read { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND name NOT LIKE 'sourceSearch%' AND name NOT LIKE 'grdb_%'
                    """)
            var result: [String: Set<String>] = [:]
            for table in tables {
                result[table.lowercased()] = Set(try db.columns(in: table).map { $0.name.lowercased() })
            }
            return result
        }
        // When the server's schema is read
        try await PostgresTestServer.withInitializedDatabase { session, _ in
            let rows = try await session.rows(
                """
                SELECT table_name::text, column_name::text FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'schemamigration'
                """)
            var server: [String: Set<String>] = [:]
            for row in rows {
                let (table, column) = try row.decode((String, String).self)
                server[table, default: []].insert(column)
            }
            // Then both have the same tables with the same columns
            #expect(server == sqlite)
            #expect(server["fact"]?.contains("facilityid") == true)
        }
    }
}
