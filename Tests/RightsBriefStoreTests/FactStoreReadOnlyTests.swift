import Foundation
import GRDB
import RightsBriefCore
@testable import RightsBriefStore
import TestSupport
import Testing

/// Stores opened for reading only: they read, refuse to write, never migrate and create no
/// lock file beside the database.
@Suite("FactStore opened read-only")
struct FactStoreReadOnlyTests {
    /// The files in `folder`, sorted.
    func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("a read-only store reads, refuses a write as read-only, and creates no lock file")
    func readsAndRefusesWrites() throws {
        // Given a database with the sample facilities, closed, with no lock files beside it,
        let folder = try makeTemporaryFolder("rightsbrief-readonly")
        let path = folder.appendingPathComponent("evidence.sqlite").path
        try Samples.load(into: FactStore.open(path: path, create: true))
        try? FileManager.default.removeItem(atPath: FactStore.writerLockPath(for: path))
        let bytes = fileBytes(URL(fileURLWithPath: path))

        // When it is opened read-only and read,
        do {
            let store = try FactStore.open(path: path, create: false, readOnly: true)
            #expect(store.isReadOnly)
            #expect(try store.facilities().map(\.id) == ["cecot", "izalco"])

            // Then a write through the store is refused as read-only (not as a disk problem),
            #expect(throws: StoreError.readOnly(path: path)) {
                try store.addFacility(Facility(id: "mariona", name: "Mariona", country: "SV"))
            }
            // and so is a write in SQL on its connection, and neither changed anything.
            #expect(throws: StoreError.readOnly(path: path)) {
                try store.writer.write { db in
                    try db.execute(sql: "UPDATE facility SET region = 'x' WHERE id = 'cecot'")
                }
            }
            #expect(try store.facilities().map(\.id) == ["cecot", "izalco"])
            #expect(try store.facility(id: "cecot")?.region == nil)
        }

        // And once closed, nothing is left beside the database, which is byte for byte the same.
        #expect(try listing(folder) == ["evidence.sqlite"])
        #expect(fileBytes(URL(fileURLWithPath: path)) == bytes)
    }

    @Test("a read-only store on a database that needs a migration says to run init, and migrates nothing")
    func needsUpgrade() throws {
        // Given a database made by the first migration only,
        let folder = try makeTemporaryFolder("rightsbrief-readonly")
        let path = folder.appendingPathComponent("old.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v1-create-evidence")
        }
        let bytes = fileBytes(URL(fileURLWithPath: path))

        // When it is opened read-only, then it is refused with advice to run init,
        let error = #expect(throws: StoreError.self) {
            try FactStore.open(path: path, create: false, readOnly: true)
        }
        #expect(error == .needsUpgrade(path: path))
        #expect(error?.errorDescription?.contains("older rightsbrief") == true)
        #expect(error?.errorDescription?.contains("'rightsbrief ") == false, "the command line adds its own hint")

        // and the file is unchanged: still only the first migration.
        #expect(fileBytes(URL(fileURLWithPath: path)) == bytes)
        let applied = try DatabaseQueue(path: path).read { try Migrations.migrator.appliedMigrations($0) }
        #expect(applied == ["v1-create-evidence"])
    }

    @Test("a missing database opened read-only is reported missing, even when create is asked")
    func missing() throws {
        // Given no file,
        let path = try makeTemporaryFolder("rightsbrief-readonly").appendingPathComponent("none.sqlite").path

        // Then a read-only open reports it missing and creates nothing.
        #expect(throws: StoreError.databaseMissing(path: path)) {
            try FactStore.open(path: path, create: true, readOnly: true)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
