import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

@Suite("FactStore verify")
struct FactStoreVerifyTests {
    @Test("a clean store verifies clean and counts its captured texts")
    func clean() throws {
        // Given a store with one source with captured text and a fact
        let store = try makeTestStore()
        try Samples.load(into: store)
        try store.addFact(
            Fact(
                facilityId: "cecot", attribute: .population, value: .number(1),
                asOf: day("2025-02-03"),
                sourceIds: ["pbs"]))

        // When it is verified
        let report = try store.verify()

        // Then there are no problems and no warnings, and the text was checked
        #expect(report.isClean)
        #expect(report.problems.isEmpty)
        #expect(report.warnings.isEmpty)
        #expect(report.checkedSources == 1)
    }

    @Test("text changed after capture is a problem that names the source")
    func tamperedText() throws {
        // Given a store whose confidential witness statement is captured
        let store = try makeTestStore()
        try Samples.load(into: store)

        // When the text is changed behind the store's back
        try store.writer.write { db in
            try db.execute(
                sql: "UPDATE source SET text = 'tampered' WHERE id = ?", arguments: ["witness-7"])
        }
        let report = try store.verify()

        // Then verify reports exactly that source
        #expect(!report.isClean)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.contains("'witness-7'") == true)
        #expect(report.problems.first?.contains("SHA-256") == true)
    }

    @Test("a fact without any source is a problem")
    func factWithoutSource() throws {
        // Given a fact inserted with raw SQL and no factSource row
        let store = try makeTestStore()
        try Samples.load(into: store)
        try store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO fact (facilityId, attribute, valueNumber, unit, asOf, recordedAt)
                    VALUES ('cecot', 'population', 1, 'persons', '2025-02-03', '2025-03-01T12:00:00Z')
                    """)
        }

        // When it is verified
        let report = try store.verify()

        // Then the orphan fact is named
        #expect(report.problems == ["fact 1 has no source"])
    }

    @Test("a database file readable by others is a warning, not a problem")
    func fileMode() throws {
        // Given a database file made readable by everyone
        let folder = try makeTemporaryFolder("rightsbrief-verify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("evidence.sqlite").path
        let store = try FactStore.open(path: path, create: true)
        try Samples.load(into: store)
        #expect(try store.verify().warnings.isEmpty)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)

        // When it is verified
        let report = try store.verify()

        // Then it is clean but warns about that file and says how to fix it
        #expect(report.isClean)
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.contains(path) == true)
        #expect(report.warnings.first?.contains("chmod 600") == true)
    }
}
