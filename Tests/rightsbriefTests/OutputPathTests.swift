import Foundation
import TestSupport
import Testing

/// Every file and folder below `folder` (hidden ones included) with its bytes, so that two
/// snapshots are equal only when nothing below `folder` was added, removed or changed.
func treeSnapshot(_ folder: URL) -> [String: Data] {
    var snapshot: [String: Data] = [:]
    let manager = FileManager.default
    guard let names = manager.subpaths(atPath: folder.path) else { return snapshot }
    for name in names {
        var isDirectory: ObjCBool = false
        let path = folder.appendingPathComponent(name).path
        manager.fileExists(atPath: path, isDirectory: &isDirectory)
        snapshot[name] = isDirectory.boolValue ? Data("<folder>".utf8) : fileBytes(URL(fileURLWithPath: path))
    }
    return snapshot
}

/// Checks a refused output: exit 73, one line on stderr naming the path, nothing changed.
private func expectRefused(
    _ result: CommandResult, naming path: String, before: [String: Data], after: [String: Data],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status == 73, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    let errorLines = lines(result.stderr)
    #expect(errorLines.count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(errorLines.first?.hasPrefix("Error: Refusing to write to '") == true, sourceLocation: sourceLocation)
    #expect(result.stderr.contains(path), "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(before == after, "the folder changed", sourceLocation: sourceLocation)
}

@Suite("Outputs never replace what rightsbrief did not write")
struct OutputPathTests {
    // MARK: - export csv into folders

    @Test("export csv --output . in a folder holding the database and notes is refused, nothing changes")
    func exportIntoWorkingFolder() throws {
        // Given the issue's scenario: a working folder with the database and the user's notes
        let folder = try makeSampleFolder("out-dot")
        try Data("notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let before = treeSnapshot(folder)

        // When the user exports into "."
        let result = try runRightsbrief(["export", "csv", "--output", "."], in: folder)

        // Then it is refused and every file is still there, byte for byte
        expectRefused(result, naming: ".", before: before, after: treeSnapshot(folder))
        #expect(result.stderr.contains("working folder"))
    }

    @Test("export csv into '..', '/', or the home folder is refused")
    func exportIntoSpecialFolders() throws {
        // Given a sample database in a folder inside a fake home folder
        let home = try makeTemporaryFolder("out-home")
        let work = home.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        #expect(try runRightsbrief(["init", "--sample"], in: work).status == 0)
        let before = treeSnapshot(home)

        // When the output is the parent, the root or the home folder
        for output in ["..", "/", home.path] {
            let result = try runRightsbrief(["export", "csv", "--output", output], in: work, environment: ["HOME": home.path])

            // Then each is refused and nothing changes
            expectRefused(result, naming: output, before: before, after: treeSnapshot(home))
        }
    }

    @Test("export csv into an existing folder of someone else's is refused")
    func exportIntoForeignFolder() throws {
        // Given a folder of the user's documents
        let folder = try makeSampleFolder("out-foreign")
        let documents = folder.appendingPathComponent("Documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        try Data("my letter".utf8).write(to: documents.appendingPathComponent("letter.odt"))
        let before = treeSnapshot(folder)

        // When the export names that folder
        let result = try runRightsbrief(["export", "csv", "--output", "Documents"], in: folder)

        // Then it is refused, naming what the folder holds
        expectRefused(result, naming: "Documents", before: before, after: treeSnapshot(folder))
        #expect(result.stderr.contains("letter.odt"))
    }

    @Test("export csv into a folder holding the database is refused, even one rightsbrief marked")
    func exportIntoDatabaseFolder() throws {
        // Given an export folder rightsbrief wrote, into which the database was then moved
        let folder = try makeSampleFolder("out-db")
        #expect(try runRightsbrief(["export", "csv", "--output", "tables"], in: folder).status == 0)
        try FileManager.default.moveItem(
            at: database(in: folder), to: folder.appendingPathComponent("tables/evidence.sqlite"))
        let before = treeSnapshot(folder)

        // When the export writes there again
        let result = try runRightsbrief(
            ["export", "csv", "--db", "tables/evidence.sqlite", "--output", "tables"], in: folder)

        // Then it is refused and the database is untouched
        expectRefused(result, naming: "tables", before: before, after: treeSnapshot(folder))
        #expect(result.stderr.contains("SQLite database"))
    }

    @Test("a folder rightsbrief wrote is replaced as a set; files others added are kept")
    func replacesOwnFolder() throws {
        // Given an export folder, in which a spreadsheet left its lock file
        let folder = try makeSampleFolder("out-own")
        let tables = folder.appendingPathComponent("tables")
        #expect(try runRightsbrief(["export", "csv", "--output", "tables"], in: folder).status == 0)
        let lock = tables.appendingPathComponent(".~lock.facts.csv#")
        try Data("someone,host".utf8).write(to: lock)
        let lockInode = try FileManager.default.attributesOfItem(atPath: lock.path)[.systemFileNumber] as? UInt64
        let manifest = try String(contentsOf: tables.appendingPathComponent(".rightsbrief-output"), encoding: .utf8)

        // When a fact is added and the export runs again
        #expect(
            try runRightsbrief(
                ["fact", "add", "cecot", "toilets", "12", "--as-of", "2025-03-01", "--source", "bnd-el-salvador-offer"],
                in: folder
            ).status == 0)
        let again = try runRightsbrief(["export", "csv", "--output", "tables"], in: folder)

        // Then the tables are new, the lock file is the very same file, and nothing else is there
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: tables.appendingPathComponent("facts.csv"), encoding: .utf8).contains("toilets"))
        #expect(fileBytes(lock) == Data("someone,host".utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: lock.path)[.systemFileNumber] as? UInt64 == lockInode)
        #expect(manifest.contains("facts.csv"))
        let names = try FileManager.default.contentsOfDirectory(atPath: tables.path).sorted()
        #expect(names == [".rightsbrief-output", ".~lock.facts.csv#", "events.csv", "facilities.csv", "facts.csv",
                          "overview.csv", "sources.csv", "summary.csv"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".rightsbrief-") })
    }

    // MARK: - file outputs

    @Test("brief, export xlsx and one CSV table refuse a path that is a folder")
    func fileOutputsRefuseFolders() throws {
        // Given a folder named like the report the user meant to write
        let folder = try makeSampleFolder("out-file-dir")
        for name in ["cecot.md", "sv.xlsx", "facts.csv"] {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: target.appendingPathComponent("inside.txt"))
        }
        let before = treeSnapshot(folder)

        // When each file output names such a folder
        let commands = [
            ["brief", "--facility", "cecot", "--output", "cecot.md"],
            ["export", "xlsx", "--output", "sv.xlsx"],
            ["export", "csv", "--table", "facts", "--output", "facts.csv"],
        ]
        for command in commands {
            let result = try runRightsbrief(command, in: folder)

            // Then each is refused and the folders keep what they held
            expectRefused(result, naming: command.last ?? "", before: before, after: treeSnapshot(folder))
            #expect(result.stderr.contains("it is a folder"))
        }
    }

    @Test("a file output refuses the database, a symbolic link and a device, and replaces a regular file")
    func fileOutputKinds() throws {
        // Given the database, a link and a previous briefing
        let folder = try makeSampleFolder("out-file-kinds")
        try Data("old briefing".utf8).write(to: folder.appendingPathComponent("cecot.md"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.md").path, withDestinationPath: "cecot.md")
        let before = treeSnapshot(folder)

        // When brief writes over the database, the link and /dev/null
        for output in ["rightsbrief.sqlite", "link.md", "/dev/null"] {
            let result = try runRightsbrief(["brief", "--facility", "cecot", "--output", output], in: folder)
            // Then each is refused and nothing changed
            expectRefused(result, naming: output, before: before, after: treeSnapshot(folder))
        }
        #expect(FileManager.default.fileExists(atPath: "/dev/null"))

        // And a previous regular file is replaced whole
        let result = try runRightsbrief(["brief", "--facility", "cecot", "--output", "cecot.md"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("cecot.md"), encoding: .utf8).contains("CECOT"))
    }

    @Test("demo refuses to replace a briefing it did not write, and replaces its own")
    func demoFolder() throws {
        // Given a folder holding the user's own briefing.md
        let folder = try makeTemporaryFolder("out-demo")
        let mine = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try Data("my own briefing".utf8).write(to: mine.appendingPathComponent("briefing.md"))
        let before = treeSnapshot(folder)

        // When the demo writes there
        let refused = try runRightsbrief(["demo", "--db", "demo.sqlite", "--output", "mine"], in: folder)

        // Then it is refused before anything is written (not even the database)
        expectRefused(refused, naming: "briefing.md", before: before, after: treeSnapshot(folder))

        // And into a new folder it writes, and writes again over its own output
        for _ in 0..<2 {
            let result = try runRightsbrief(["demo", "--db", "demo.sqlite", "--output", "new"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("new").path).sorted()
        #expect(names == [".rightsbrief-output", "briefing.html", "briefing.md", "briefing.pdf", "briefing.xlsx", "charts", "csv"])
    }

    // MARK: - leftovers

    @Test("leftovers of a killed export are reported by verify and removed by the next export")
    func leftovers() throws {
        // Given the litter a killed export leaves: a temporary folder no process holds
        let folder = try makeSampleFolder("out-litter")
        let litter = folder.appendingPathComponent(".rightsbrief-tmp-tables-0123456789ab")
        try FileManager.default.createDirectory(at: litter, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: litter.appendingPathComponent("facts.csv"))

        // When verify runs
        let verify = try runRightsbrief(["verify"], in: folder)

        // Then it names the leftover (a warning, not a failure)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stderr.contains(".rightsbrief-tmp-tables-0123456789ab"))

        // And the next export into that folder removes it
        #expect(try runRightsbrief(["export", "csv", "--output", "tables"], in: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: litter.path))
        #expect(!(try runRightsbrief(["verify"], in: folder).stderr.contains(".rightsbrief-tmp-")))
    }
}
