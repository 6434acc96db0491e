import Foundation
import RightsBriefStore
import TestSupport
import Testing

@Suite("verify through the binary")
struct VerifyCommandTests {
    /// Changes the captured text of `source` behind rightsbrief's back: with the sqlite3 shell
    /// when it is installed, else in-process.
    func tamper(_ db: URL, source: String) throws {
        let sql = "UPDATE source SET text = 'tampered' WHERE id = '\(source)'"
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
            let result = try runProcess("/usr/bin/sqlite3", [db.path, sql])
            #expect(result.status == 0, "\(result.stderr)")
        } else {
            let store = try FactStore.open(path: db.path, create: false)
            try store.writer.write { try $0.execute(sql: sql) }
        }
    }

    @Test("verify exits 65 and names the source whose captured text changed")
    func tampered() throws {
        // Given a sample database whose captured article was altered
        let folder = try makeSampleFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try tamper(database(in: folder), source: "bnd-el-salvador-offer")

        // When it is verified
        let result = try runRightsbrief(["verify"], in: folder)

        // Then it fails with the problem naming the source, and a closing error line
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        let output = lines(result.stderr)
        #expect(output.count == 2, "\(result.stderr)")
        #expect(output.first?.contains("'bnd-el-salvador-offer'") == true)
        #expect(output.first?.contains("SHA-256") == true)
        #expect(output.last == "Error: Verification found 1 problem; see the lines above.")
    }

    @Test("verify warns, but passes, when the database can be read by others")
    func openToOthers() throws {
        // Given a sample database made world-readable
        let folder = try makeSampleFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = database(in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db.path)

        // When it is verified
        let result = try runRightsbrief(["verify"], in: folder)

        // Then it passes and each warning says how to close the file
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("OK:"))
        let warnings = lines(result.stderr)
        #expect(!warnings.isEmpty)
        #expect(warnings.allSatisfy { $0.hasPrefix("Warning: ") && $0.contains("chmod 600") })
        #expect(warnings.first?.contains("'rightsbrief.sqlite'") == true)
    }
}
