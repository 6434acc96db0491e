import Foundation
import GRDB
import TestSupport
import Testing

/// Commands that only read open the database read-only: they work in a folder the user cannot
/// write, and they never migrate (an older database gets "run 'rightsbrief init'").
@Suite("Read-only database through the binary")
struct ReadOnlyDatabaseTests {
    /// The commands that only read, with the output each writes under `output`.
    static func readCommands(output: URL) -> [[String]] {
        [
            ["brief", "--facility", "cecot"],
            ["export", "csv", "--output", output.appendingPathComponent("csv").path],
            ["export", "xlsx", "--output", output.appendingPathComponent("sv.xlsx").path],
            ["verify"],
            ["facility", "list"],
            ["search", "CECOT"],
        ]
    }

    /// Runs the binary as an unprivileged user: as `nobody` through `setpriv` when the tests
    /// run as root (root ignores permission bits), else as the current user.
    func runUnprivileged(_ arguments: [String], in folder: URL, home: URL) throws -> CommandResult {
        guard getuid() == 0 else {
            return try runRightsbrief(arguments, in: folder, environment: ["HOME": home.path])
        }
        return try runProcess(
            "/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", rightsbriefBinary().path] + arguments,
            in: folder, environment: ["HOME": home.path])
    }

    /// Gives `url` (and, for a folder, what is in it) to `nobody` when running as root.
    func giveToUnprivileged(_ url: URL) throws {
        guard getuid() == 0 else { return }
        let manager = FileManager.default
        var paths = [url.path]
        if let names = try? manager.contentsOfDirectory(atPath: url.path) {
            paths += names.map { url.appendingPathComponent($0).path }
        }
        for path in paths { try #require(chown(path, 65534, 65534) == 0, "chown \(path)") }
    }

    @Test(
        "a database with no -wal or -shm in a folder the user cannot write is read by brief, export, verify, list and search",
        .enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func readOnlyFolder() throws {
        // Given a sample database, closed (no -wal or -shm), in a folder made read-only (0555),
        // owned by the unprivileged user who runs the commands, and a writable output folder,
        let folder = try makeSampleFolder("rightsbrief-ro")
        let manager = FileManager.default
        let before = try manager.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!before.contains("rightsbrief.sqlite-wal") && !before.contains("rightsbrief.sqlite-shm"), "\(before)")
        let output = try makeTemporaryFolder("rightsbrief-ro-out")
        try giveToUnprivileged(folder)
        try giveToUnprivileged(output)
        try #require(chmod(folder.path, 0o555) == 0)
        defer { chmod(folder.path, 0o755) }

        // When each command that only reads is run there,
        for arguments in Self.readCommands(output: output) {
            let result = try runUnprivileged(arguments, in: folder, home: output)

            // Then each succeeds,
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        // and the outputs were written, and nothing appeared beside the database.
        #expect(manager.fileExists(atPath: output.appendingPathComponent("csv/facts.csv").path))
        #expect(manager.fileExists(atPath: output.appendingPathComponent("sv.xlsx").path))
        #expect(try manager.contentsOfDirectory(atPath: folder.path).sorted() == before)
    }

    @Test("a database that needs a migration is not migrated by commands that read; they say to run init (65)")
    func oldDatabaseIsNotMigrated() throws {
        // Given a sample database taken back to the first schema version (no reportRun table),
        let folder = try makeSampleFolder("rightsbrief-ro-old")
        let path = database(in: folder)
        do {
            let queue = try DatabaseQueue(path: path.path)
            try queue.write { db in
                try db.execute(sql: "DROP TABLE reportRun")
                // Undo v4 too: its tables, and the fact trigger as v1 made it.
                try db.execute(
                    sql: """
                        DROP TRIGGER fact_is_append_only_update; DROP TABLE facilityIdentifier; DROP TABLE facilityMerge;
                        CREATE TRIGGER fact_is_append_only_update BEFORE UPDATE ON fact
                        BEGIN SELECT RAISE(ABORT, 'facts are append-only; add a superseding fact or retract it'); END;
                        """)
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier <> 'v1-create-evidence'")
            }
        }
        let bytes = fileBytes(path)
        let output = try makeTemporaryFolder("rightsbrief-ro-old-out")

        // When each command that only reads is run,
        for arguments in Self.readCommands(output: output) {
            let result = try runRightsbrief(arguments, in: folder)

            // Then each exits 65 with one line saying to run init, and writes nothing.
            #expect(result.status == 65, "\(arguments): \(result.stderr)")
            #expect(
                result.stderrLines == [
                    "Error: The database 'rightsbrief.sqlite' was made by an older rightsbrief; run 'rightsbrief init' to upgrade it."
                ], "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        // And the database is unchanged, and no output appeared.
        #expect(fileBytes(path) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)

        // When init is run, then the database is upgraded and the briefing works.
        #expect(try runRightsbrief(["init"], in: folder).status == 0)
        let brief = try runRightsbrief(["brief", "--facility", "cecot"], in: folder)
        #expect(brief.status == 0, "\(brief.stderr)")
    }
}
