import Foundation
import GRDB
import RightsBriefCore
@testable import RightsBriefStore
import TestSupport
import Testing

@Suite("Migrations")
struct MigrationsTests {
    static let allMigrations = [
        "v1-create-evidence", "v2-create-report-run", "v3-report-run-interrupted",
        "v4-facility-identifiers-and-merges",
    ]

    func tables(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
    }

    @Test("on an empty database every migration applies, in order")
    func emptyDatabase() throws {
        // Given an empty database
        let queue = try DatabaseQueue()

        // When the store's migrator runs
        try Migrations.migrator.migrate(queue)

        // Then all migrations are applied and the tables exist
        try queue.read { db in
            #expect(try Migrations.migrator.appliedMigrations(db) == Self.allMigrations)
            #expect(try Migrations.migrator.completedMigrations(db) == Self.allMigrations)
            #expect(try Migrations.migrator.hasCompletedMigrations(db))
            let names = try tables(db)
            for table in [
                "facility", "source", "sourceCitation", "fact", "factSource", "factRetraction",
                "event",
                "eventFacility", "eventSource", "sourceSearch", "reportRun",
            ] {
                #expect(names.contains(table), "\(table)")
            }
        }
    }

    @Test("opening a store migrates it fully, and migrating again changes nothing")
    func storeMigrates() throws {
        // Given a store (which migrates on creation)
        let store = try makeTestStore()
        let before = try databaseDump(store)

        // When the migrator runs again
        try Migrations.migrator.migrate(store.writer)

        // Then nothing changes
        #expect(
            try store.writer.read { try Migrations.migrator.appliedMigrations($0) }
                == Self.allMigrations)
        #expect(try databaseDump(store) == before)
    }

    @Test("a v1 database with data upgrades to the latest schema and keeps its data")
    func upgradeFromV1() throws {
        // Given a database created by the first migration only, with evidence written then
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v1-create-evidence")
        try queue.write { db in
            #expect(try !tables(db).contains("reportRun"))
            try db.execute(
                sql: """
                    INSERT INTO facility (id, name, country, createdAt, updatedAt)
                    VALUES ('cecot', 'CECOT', 'SV', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
                    INSERT INTO source (id, title, publisher, text, textSHA256, createdAt)
                    VALUES ('pbs', 'Inside CECOT', 'PBS', 'abc',
                    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', '2025-01-01T00:00:00Z');
                    INSERT INTO fact (facilityId, attribute, valueNumber, unit, asOf, recordedAt)
                    VALUES ('cecot', 'design_capacity', 40000, 'persons', '2025-02-03', '2025-01-01T00:00:00Z');
                    INSERT INTO factSource (factId, sourceId) VALUES (1, 'pbs');
                    """)
        }

        // When a store is opened on it
        let store = try FactStore(writer: queue)

        // Then the new table exists, every migration is applied, and the evidence is intact
        let (names, applied) = try queue.read { db in
            (try tables(db), try Migrations.migrator.appliedMigrations(db))
        }
        #expect(names.contains("reportRun"))
        #expect(applied == Self.allMigrations)
        let facts = try store.facts()
        #expect(facts.count == 1)
        #expect(facts.first?.value == .number(40000))
        #expect(facts.first?.sourceIds == ["pbs"])
        #expect(try store.facility(id: "cecot")?.name == "CECOT")
        #expect(try store.verify().isClean)
        #expect(try store.search("CECOT").map(\.sourceId) == ["pbs"])
    }

    @Test("a v2 database keeps its recorded runs through v3, which allows the status 'interrupted'")
    func upgradeFromV2() throws {
        // Given a database at v2 with a succeeded and a running run,
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v2-create-report-run")
        let insert = """
            INSERT INTO reportRun (name, startedAt, finishedAt, scheduledFor, status, output, factCount, message)
            VALUES ('weekly', '2025-03-03T07:00:00.000Z', '2025-03-03T07:00:01.000Z',
                    '2025-03-03T07:00:00Z', 'succeeded', '/r/out', 3, NULL),
                   ('weekly', '2025-03-10T07:00:00.000Z', NULL, '2025-03-10T07:00:00Z', 'running', NULL, 0, NULL)
            """
        try queue.write { db in try db.execute(sql: insert) }
        // and v2 refuses the status 'interrupted',
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE reportRun SET status = 'interrupted' WHERE id = 2") }
        }
        let before = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM reportRun ORDER BY id") }

        // When it is migrated,
        try Migrations.migrator.migrate(queue)

        // Then the runs are as they were, the index is back, and 'interrupted' is allowed while
        // an unknown status is still refused.
        let (after, indexes) = try queue.read { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM reportRun ORDER BY id"), try db.indexes(on: "reportRun").map(\.name))
        }
        #expect(after == before)
        #expect(indexes == ["reportRun_on_name"])
        try queue.write { db in try db.execute(sql: "UPDATE reportRun SET status = 'interrupted' WHERE id = 2") }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE reportRun SET status = 'lost' WHERE id = 2") }
        }
        // And new runs continue the numbering.
        let store = try FactStore(writer: queue)
        #expect(try store.startRun(name: "weekly", scheduledFor: fixedNow).id == 3)
    }

    @Test("a database from a newer rightsbrief is refused rather than touched")
    func newerDatabase() throws {
        // Given a database with a migration this build does not know
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }

        // When a store is opened on it
        // Then it is refused as too new
        #expect(throws: StoreError.databaseTooNew(path: ":memory:")) {
            try FactStore(writer: queue)
        }
    }
}
