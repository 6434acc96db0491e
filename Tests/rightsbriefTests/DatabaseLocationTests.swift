import Foundation
import TestSupport
import Testing

/// Where the database is: --db, else $RIGHTSBRIEF_DB, else ./rightsbrief.sqlite.
@Suite("Database location and file")
struct DatabaseLocationTests {
    let folder: URL

    init() throws {
        folder = try makeTemporaryFolder("rightsbrief-cli-location")
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path)
    }

    @Test("without --db or RIGHTSBRIEF_DB the database is ./rightsbrief.sqlite, mode 0600")
    func defaultPath() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given an empty folder and no RIGHTSBRIEF_DB
        // When init runs there
        let result = try runRightsbrief(["init"], in: folder)

        // Then the default file is created, readable by its owner only
        #expect(result.status == 0, "\(result.stderr)")
        #expect(exists("rightsbrief.sqlite"))
        let attributes = try FileManager.default.attributesOfItem(
            atPath: folder.appendingPathComponent("rightsbrief.sqlite").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(result.stderr.contains("rightsbrief.sqlite"))
    }

    @Test("RIGHTSBRIEF_DB is honoured")
    func environment() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given RIGHTSBRIEF_DB naming a file in the folder
        let path = folder.appendingPathComponent("from-env.sqlite").path

        // When init --sample and a listing run with it
        let initialised = try runRightsbrief(
            ["init", "--sample"], in: folder, environment: ["RIGHTSBRIEF_DB": path])
        let listed = try runRightsbrief(
            ["facility", "list"], in: folder, environment: ["RIGHTSBRIEF_DB": path])

        // Then that file is used and the default one is never created
        #expect(initialised.status == 0, "\(initialised.stderr)")
        #expect(exists("from-env.sqlite"))
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("cecot"))
        #expect(!exists("rightsbrief.sqlite"))
    }

    @Test("--db wins over RIGHTSBRIEF_DB")
    func optionWins() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given RIGHTSBRIEF_DB and --db naming different files
        let fromEnv = folder.appendingPathComponent("from-env.sqlite").path
        let fromOption = folder.appendingPathComponent("from-option.sqlite").path

        // When init runs with both
        let result = try runRightsbrief(
            ["init", "--db", fromOption], in: folder, environment: ["RIGHTSBRIEF_DB": fromEnv])

        // Then only the --db file is created
        #expect(result.status == 0, "\(result.stderr)")
        #expect(exists("from-option.sqlite"))
        #expect(!exists("from-env.sqlite"))
    }

    @Test(
        "a missing database exits 66 naming the path, and is not created", arguments: [false, true])
    func missingDatabase(viaEnvironment: Bool) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a path with no database
        let path = folder.appendingPathComponent("missing.sqlite").path

        // When a listing runs against it
        let result =
            try viaEnvironment
            ? runRightsbrief(["fact", "list"], in: folder, environment: ["RIGHTSBRIEF_DB": path])
            : runRightsbrief(["fact", "list", "--db", path], in: folder)

        // Then it exits 66 with one line naming the path and telling what to do, and creates
        //   nothing
        #expect(result.status == 66)
        let errors = lines(result.stderr)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("Error: ") == true)
        #expect(errors.first?.contains(path) == true)
        #expect(errors.first?.contains("rightsbrief init") == true)
        #expect(!exists("missing.sqlite"))
    }

    @Test("a file that is not a database exits 66 and is left alone")
    func notADatabase() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a text file where the database should be
        let url = folder.appendingPathComponent("rightsbrief.sqlite")
        let text = Data(String(repeating: "not a database\n", count: 500).utf8)
        try text.write(to: url)

        // When a listing runs
        let result = try runRightsbrief(["facility", "list"], in: folder)

        // Then it is refused without touching the file
        #expect(result.status == 66)
        #expect(lines(result.stderr).count == 1)
        #expect(result.stderr.contains("cannot be used"))
        #expect(fileBytes(url) == text)
    }

    @Test("init in a folder that does not exist exits 73")
    func cannotCreate() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a path inside a missing folder
        let path = folder.appendingPathComponent("no-such-folder/evidence.sqlite").path

        // When init runs
        let result = try runRightsbrief(["init", "--db", path], in: folder)

        // Then it cannot create the output
        #expect(result.status == 73)
        #expect(lines(result.stderr).count == 1)
        #expect(result.stderr.contains(path))
    }

    @Test("init --sample twice changes nothing the second time")
    func initTwice() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a folder with the sample loaded
        let first = try runRightsbrief(["init", "--sample"], in: folder)
        let before = try DatabaseSnapshot(database(in: folder))

        // When init --sample runs again
        let second = try runRightsbrief(["init", "--sample"], in: folder)

        // Then it reports everything unchanged and the database is identical
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stderr.contains("added 1 facility, 4 sources, 4 facts, 1 event"))
        #expect(second.stderr.contains("unchanged 1 facility, 4 sources, 4 facts, 1 event"))
        #expect(try DatabaseSnapshot(database(in: folder)) == before)
    }
}
