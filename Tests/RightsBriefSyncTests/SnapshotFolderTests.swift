import Foundation
@testable import RightsBriefSync
import TestSupport
import Testing

@Suite("The snapshot's private temporary folder")
struct SnapshotFolderTests {
    struct Boom: Error {}

    @Test("it is readable by its owner only (0700) while in use, and removed afterwards, also when the work throws")
    func privateAndRemoved() async throws {
        let base = try makeTemporaryFolder("sync-folder")
        defer { try? FileManager.default.removeItem(at: base) }
        // When work runs in it and returns
        let mode = try await SnapshotFolder.with(in: base) { folder in
            try Data("confidential".utf8).write(to: folder.appendingPathComponent("snapshot.sqlite"))
            return try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        }
        // Then it was 0700, and nothing is left
        #expect(mode == 0o700)
        #expect(isEmptyFolder(base))
        // And when the work throws, nothing is left either
        await #expect(throws: Boom.self) {
            try await SnapshotFolder.with(in: base) { folder in
                try Data("x".utf8).write(to: folder.appendingPathComponent("snapshot.sqlite"))
                throw Boom()
            }
        }
        #expect(isEmptyFolder(base))
    }
}
