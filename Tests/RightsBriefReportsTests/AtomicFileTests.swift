import Foundation
import RightsBriefReports
import TestSupport
import Testing

/// The names in a folder, sorted, hidden ones included.
private func listing(_ folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
}

private struct Boom: Error {}

@Suite("AtomicFile: whole or not at all")
struct AtomicFileTests {

    @Test("a new file is written, and writing again replaces it whole")
    func writesAndReplaces() throws {
        // Given an empty folder
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("briefing.md")

        // When a file is written, then written again with shorter content
        try AtomicFile.write(Data("first version, quite long\n".utf8), to: target)
        let first = fileBytes(target)
        try AtomicFile.write(Data("second\n".utf8), to: target)

        // Then each write leaves exactly its own bytes and no temporary file
        #expect(first == Data("first version, quite long\n".utf8))
        #expect(fileBytes(target) == Data("second\n".utf8))
        #expect(try listing(folder) == ["briefing.md"])
    }

    @Test("a body that throws leaves the previous file intact and no temporary file behind")
    func failingBodyKeepsPrevious() throws {
        // Given an existing report
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("briefing.md")
        try AtomicFile.write(Data("previous\n".utf8), to: target)

        // When a new write fails half-way, after writing part of its temporary file
        var temporaryPath: String?
        let error = #expect(throws: ReportError.self) {
            try AtomicFile.write(to: target) { temporary in
                temporaryPath = temporary.path
                try Data("half a rep".utf8).write(to: temporary)
                throw Boom()
            }
        }

        // Then the previous report is untouched, the temporary file is gone, and the error
        // names the target
        #expect(fileBytes(target) == Data("previous\n".utf8))
        #expect(try listing(folder) == ["briefing.md"])
        let temporary = try #require(temporaryPath)
        #expect(URL(fileURLWithPath: temporary).deletingLastPathComponent().path == folder.path)
        #expect(URL(fileURLWithPath: temporary).lastPathComponent.hasPrefix(".rightsbrief-tmp-briefing.md-"))
        guard case .outputNotWritable(let path, _) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(path == target.path)
    }

    @Test("a ReportError thrown by the body comes out unchanged")
    func reportErrorPassesThrough() throws {
        // Given a folder
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        // When the body throws a ReportError
        // Then the same error comes out and nothing is left
        #expect(throws: ReportError.templateNotFound(name: "x")) {
            try AtomicFile.write(to: folder.appendingPathComponent("out.md")) { temporary in
                try Data("x".utf8).write(to: temporary)
                throw ReportError.templateNotFound(name: "x")
            }
        }
        #expect(try listing(folder).isEmpty)
    }

    @Test("a folder rightsbrief wrote is swapped whole; a failing folder body keeps the old folder")
    func folderTarget() throws {
        // Given an output folder that rightsbrief wrote
        let parent = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("csv")
        try AtomicFolder.write(to: target) { temporary in
            try Data("old".utf8).write(to: temporary.appendingPathComponent("old.csv"))
        }

        // When a new folder is written over it, and then a write fails part-way
        try AtomicFolder.write(to: target) { temporary in
            try Data("new".utf8).write(to: temporary.appendingPathComponent("new.csv"))
        }
        let afterSwap = try listing(target)
        #expect(throws: ReportError.self) {
            try AtomicFolder.write(to: target) { temporary in
                try Data("partial".utf8).write(to: temporary.appendingPathComponent("partial.csv"))
                throw Boom()
            }
        }

        // Then the swap replaced the folder whole, the failure changed nothing, and no
        // temporary or set-aside folder is left beside it
        #expect(afterSwap == [".rightsbrief-output", "new.csv"])
        #expect(try listing(target) == [".rightsbrief-output", "new.csv"])
        #expect(OutputManifest.read(in: target) == ["new.csv"])
        #expect(try listing(parent) == ["csv"])
    }

    @Test("a missing folder is outputNotWritable naming the path, and nothing is created")
    func missingFolder() throws {
        // Given a target inside a folder that does not exist
        let parent = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("nope/briefing.md")

        // When it is written
        var bodyRan = false
        let error = #expect(throws: ReportError.self) {
            try AtomicFile.write(to: target) { _ in bodyRan = true }
        }

        // Then the error names the target and the missing folder; nothing ran or was made
        guard case .outputNotWritable(let path, let reason) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(path == target.path)
        #expect(reason.contains(parent.appendingPathComponent("nope").path))
        #expect(reason.contains("does not exist"))
        #expect(!bodyRan)
        #expect(try listing(parent).isEmpty)
        #expect(error?.errorDescription?.contains(target.path) == true)
    }

    @Test("a target whose parent is a regular file is outputNotWritable, even for root")
    func parentIsAFile() throws {
        // Given a regular file where the folder should be. Tests run as root here, and root
        // may write into a chmod 555 folder (access(W_OK) succeeds), so an unwritable folder
        // cannot be simulated with permissions; a parent that is a file fails for everyone.
        let parent = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let file = parent.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let target = file.appendingPathComponent("briefing.md")

        // When a report is written there
        let error = #expect(throws: ReportError.self) {
            try AtomicFile.write(Data("report".utf8), to: target)
        }

        // Then it fails naming the target, and the file is untouched
        guard case .outputNotWritable(let path, _) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(path == target.path)
        #expect(fileBytes(file) == Data("x".utf8))
        #expect(try listing(parent) == ["not-a-folder"])
    }

    @Test(
        "a read-only folder is refused before anything is written",
        .enabled(if: getuid() != 0, "root bypasses folder permissions, so access(W_OK) cannot fail")
    )
    func readOnlyFolder() throws {
        // Given a folder with mode 555
        let parent = try makeTemporaryFolder()
        let folder = parent.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        chmod(folder.path, 0o555)
        defer {
            chmod(folder.path, 0o755)
            try? FileManager.default.removeItem(at: parent)
        }

        // When a report is written into it
        // Then checkFolder refuses it as not writable
        #expect(throws: ReportError.self) {
            try AtomicFile.write(
                Data("report".utf8), to: folder.appendingPathComponent("briefing.md"))
        }
        #expect(try listing(folder).isEmpty)
    }

    @Test("checkFolder accepts a writable folder and refuses a missing one")
    func checkFolder() throws {
        // Given a writable folder and a missing one
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        // When they are checked
        // Then only the missing one is refused
        try AtomicFile.checkFolder(folder, for: folder.appendingPathComponent("a.md"))
        #expect(throws: ReportError.self) {
            try AtomicFile.checkFolder(
                folder.appendingPathComponent("missing"),
                for: folder.appendingPathComponent("missing/a.md"))
        }
    }
}
