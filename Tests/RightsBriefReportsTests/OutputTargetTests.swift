import Foundation
import RightsBriefReports
import TestSupport
import Testing

/// The names in a folder, sorted, hidden ones included.
private func names(_ folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
}

/// The reason of an `outputRefused` error, or `nil` for anything else.
private func refusal(_ body: () throws -> Void) -> String? {
    do {
        try body()
    } catch ReportError.outputRefused(_, let reason) {
        return reason
    } catch {
        return nil
    }
    return nil
}

@Suite("OutputTarget, AtomicFolder and leftovers")
struct OutputTargetTests {
    // MARK: - What may be replaced

    @Test("a file output replaces a regular file but not a folder, link, pipe, database or WAL")
    func fileKinds() throws {
        // Given one of each kind of entry
        let folder = try makeTemporaryFolder("target-kinds")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try Data("old".utf8).write(to: folder.appendingPathComponent("plain.md"))
        try manager.createDirectory(at: folder.appendingPathComponent("dir.md"), withIntermediateDirectories: false)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("link.md").path, withDestinationPath: "plain.md")
        #expect(mkfifo(folder.appendingPathComponent("pipe.md").path, 0o600) == 0)
        try Data("SQLite format 3\0rest of the header".utf8).write(to: folder.appendingPathComponent("db.md"))
        try Data([0x37, 0x7F, 0x06, 0x82, 0, 0, 0, 1]).write(to: folder.appendingPathComponent("wal.md"))

        // When each is checked as a file output
        // Then only the plain file and a new name pass
        try OutputTarget.checkFile(folder.appendingPathComponent("plain.md"))
        try OutputTarget.checkFile(folder.appendingPathComponent("new.md"))
        #expect(refusal { try OutputTarget.checkFile(folder.appendingPathComponent("dir.md")) }?.contains("folder") == true)
        #expect(refusal { try OutputTarget.checkFile(folder.appendingPathComponent("link.md")) }?.contains("symbolic link") == true)
        #expect(refusal { try OutputTarget.checkFile(folder.appendingPathComponent("pipe.md")) }?.contains("not a regular file") == true)
        #expect(refusal { try OutputTarget.checkFile(folder.appendingPathComponent("db.md")) }?.contains("SQLite database") == true)
        #expect(refusal { try OutputTarget.checkFile(folder.appendingPathComponent("wal.md")) }?.contains("write-ahead log") == true)

        // And writing over the refused ones changes nothing
        let before = try names(folder)
        #expect(throws: ReportError.self) { try AtomicFile.write(Data("x".utf8), to: folder.appendingPathComponent("dir.md")) }
        #expect(try names(folder) == before)
        #expect(try names(folder.appendingPathComponent("dir.md")).isEmpty)
    }

    @Test("a folder output takes a new or empty folder or its own, and refuses anything else")
    func folderKinds() throws {
        // Given an empty folder, a foreign one, a file and the root
        let parent = try makeTemporaryFolder("target-folders")
        defer { try? FileManager.default.removeItem(at: parent) }
        let manager = FileManager.default
        let empty = parent.appendingPathComponent("empty")
        try manager.createDirectory(at: empty, withIntermediateDirectories: false)
        let foreign = parent.appendingPathComponent("foreign")
        try manager.createDirectory(at: foreign, withIntermediateDirectories: false)
        try Data("mine".utf8).write(to: foreign.appendingPathComponent("facts.csv"))
        try Data("x".utf8).write(to: parent.appendingPathComponent("file"))

        // When they are checked
        // Then new and empty pass, the others are refused with the reason
        try OutputTarget.checkFolder(parent.appendingPathComponent("new"))
        try OutputTarget.checkFolder(empty)
        #expect(refusal { try OutputTarget.checkFolder(foreign) }?.contains("'facts.csv'") == true)
        #expect(refusal { try OutputTarget.checkFolder(parent.appendingPathComponent("file")) }?.contains("not a folder") == true)
        #expect(refusal { try OutputTarget.checkFolder(URL(fileURLWithPath: "/")) }?.contains("root") == true)
        #expect(
            refusal { try OutputTarget.checkFolder(URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }?
                .contains("working folder") == true)

        // And a foreign folder is left as it was by a write attempt
        #expect(throws: ReportError.self) {
            try AtomicFolder.write(to: foreign) { try Data("new".utf8).write(to: $0.appendingPathComponent("facts.csv")) }
        }
        #expect(fileBytes(foreign.appendingPathComponent("facts.csv")) == Data("mine".utf8))
        #expect(try names(parent) == ["empty", "file", "foreign"])
    }

    @Test("a marked folder refuses a foreign subfolder and a database among its entries")
    func markedFolderWithForeignEntries() throws {
        // Given a folder rightsbrief wrote
        let parent = try makeTemporaryFolder("target-marked")
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("tables")
        try AtomicFolder.write(to: target) { try Data("a".utf8).write(to: $0.appendingPathComponent("facts.csv")) }

        // When someone adds a subfolder, then a database
        let sub = target.appendingPathComponent("drafts")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
        let subfolderRefusal = refusal { try OutputTarget.checkFolder(target) }
        try FileManager.default.removeItem(at: sub)
        try Data("SQLite format 3\0".utf8).write(to: target.appendingPathComponent("evidence.db"))
        let databaseRefusal = refusal { try OutputTarget.checkFolder(target) }

        // Then both are refused, naming the entry
        #expect(subfolderRefusal?.contains("'drafts'") == true)
        #expect(databaseRefusal?.contains("'evidence.db'") == true)
    }

    // MARK: - Leftovers

    @Test("stale temporary items are removed; one a live process holds is kept")
    func staleLeftovers() throws {
        // Given a leftover file, a leftover folder, and a temporary file another process holds
        let folder = try makeTemporaryFolder("target-stale")
        defer { try? FileManager.default.removeItem(at: folder) }
        let staleFile = folder.appendingPathComponent(".rightsbrief-tmp-a.md-0123456789ab")
        try Data("half".utf8).write(to: staleFile)
        let staleFolder = folder.appendingPathComponent(".rightsbrief-tmp-csv-0123456789ab")
        try FileManager.default.createDirectory(at: staleFolder, withIntermediateDirectories: false)
        let held = folder.appendingPathComponent(".rightsbrief-tmp-b.md-ba9876543210")
        try Data("working".utf8).write(to: held)
        // flock locks belong to an open file description, so a second open in this process
        // conflicts with this one just as another process's would.
        let holder = open(held.path, O_RDONLY)
        #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)
        defer { close(holder) }
        try Data("not ours".utf8).write(to: folder.appendingPathComponent(".rightsbrief-tmp-odd"))

        // When leftovers are listed and then removed by the next write into the folder
        let listed = TemporaryOutput.stale(in: folder)
        try AtomicFile.write(Data("report".utf8), to: folder.appendingPathComponent("a.md"))

        // Then the two leftovers were listed and are gone; the held file and odd names stay
        #expect(listed == [staleFile.lastPathComponent, staleFolder.lastPathComponent])
        #expect(try names(folder) == [".rightsbrief-tmp-b.md-ba9876543210", ".rightsbrief-tmp-odd", "a.md"])
    }

    @Test("a folder left aside by an interrupted swap is put back when its place is empty")
    func asideRestored() throws {
        // Given the state after a kill between "move old aside" and "move new in"
        let folder = try makeTemporaryFolder("target-aside")
        defer { try? FileManager.default.removeItem(at: folder) }
        let aside = folder.appendingPathComponent(".rightsbrief-old-tables-0123456789ab")
        try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: false)
        try Data("previous".utf8).write(to: aside.appendingPathComponent("facts.csv"))

        // When leftovers are cleaned
        let handled = TemporaryOutput.removeStale(in: folder)

        // Then the previous output is back in its place
        #expect(handled == [aside.lastPathComponent])
        #expect(fileBytes(folder.appendingPathComponent("tables/facts.csv")) == Data("previous".utf8))
        #expect(try names(folder) == ["tables"])
    }

    @Test("claim refuses an entry rightsbrief did not write and records the ones it will")
    func claim() throws {
        // Given a folder with the user's briefing.md
        let folder = try makeTemporaryFolder("target-claim")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("mine".utf8).write(to: folder.appendingPathComponent("briefing.md"))

        // When rightsbrief claims briefing.md there, and then other names
        let refused = refusal { try OutputManifest.claim(["briefing.md"], in: folder) }
        try OutputManifest.claim(["report.md", "csv"], in: folder)

        // Then the first is refused (no manifest written) and the second recorded
        #expect(refused?.contains("did not write") == true)
        #expect(OutputManifest.read(in: folder) == ["report.md", "csv"])
        #expect(fileBytes(folder.appendingPathComponent("briefing.md")) == Data("mine".utf8))
    }
}
