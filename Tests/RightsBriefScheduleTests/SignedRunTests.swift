import Foundation
import Testing

import RightsBriefCore
import RightsBriefReports
import RightsBriefSchedule
import RightsBriefStore
import TestSupport

/// `sign:` in report definitions: parsed with FILE:LINE errors, and every scheduled run's
/// dated folder is a bundle that verifies.
@Suite("Signed scheduled runs")
struct SignedRunTests {
    private func definition(sign: String, file: String = "/srv/reports/weekly.yml") throws -> ReportDefinition {
        try ReportDefinition(
            yaml: """
                name: cecot-weekly
                schedule: "0 7 * * MON"
                facilities: [cecot]
                formats: [markdown, csv, xlsx]
                sign: \(sign)
                """, file: file)
    }

    @Test("a relative sign: path is relative to the definition's folder; ~/ is the home folder")
    func signPathResolution() throws {
        // When definitions name keys in three ways
        let relative = try definition(sign: "keys/rightsbrief.key")
        let absolute = try definition(sign: "/etc/rb/rightsbrief.key")
        let home = try definition(sign: "~/keys/rightsbrief.key")

        // Then each resolves to one file
        #expect(relative.signingKey?.path == "/srv/reports/keys/rightsbrief.key")
        #expect(absolute.signingKey?.path == "/etc/rb/rightsbrief.key")
        #expect(home.signingKey?.path == NSHomeDirectory() + "/keys/rightsbrief.key")
    }

    @Test("an empty, listed or public-key sign: is refused on its line", arguments: [
        ("\"\"", "'sign' must be the path of a private key file such as keys/rightsbrief.key"),
        ("[a, b]", "'sign' must be a single value"),
        ("keys/rightsbrief.pub", "'sign' names a public key ('keys/rightsbrief.pub'); give the private key, rightsbrief.key"),
    ])
    func badSign(value: String, reason: String) throws {
        // When a definition's sign: is not a private key path
        // Then the error names the file and line 5
        #expect(throws: ScheduleError.definition(file: "weekly.yml", line: 5, reason: reason)) {
            try definition(sign: value, file: "weekly.yml")
        }
    }

    @Test("each run with sign: writes a dated folder that verifies; a missing key fails the run before writing")
    func everyRunVerifies() throws {
        // Given a store, a key pair in the reports folder and a definition that signs
        let store = try makeTestStore()
        try Samples.load(into: store)
        _ = try store.addFact(
            Fact(
                facilityId: "cecot", attribute: .population, value: .number(12_000), asOf: day("2025-02-10"),
                sourceIds: ["pbs"]))
        let reports = try makeTemporaryFolder("rightsbrief-signed-runs")
        let keys = try KeyFiles.generate(in: reports.appendingPathComponent("keys"))
        let file = reports.appendingPathComponent("weekly.yml").path
        let signed = try definition(sign: "keys/rightsbrief.key", file: file)
        let runner = ReportRunner(store: store, reportsFolder: reports, locator: ResourceLocator(root: repositoryRoot))
        let publicKey = try KeyFiles.loadPublic(keys.publicKey)

        // When it runs twice, with a new fact in between
        let first = try runner.run(signed, now: try Timestamp.parse("2025-03-03T07:00:00Z"))
        _ = try store.addFact(
            Fact(
                facilityId: "cecot", attribute: .population, value: .number(13_000), asOf: day("2025-03-05"),
                sourceIds: ["pbs"]))
        let second = try runner.run(signed, now: try Timestamp.parse("2025-03-10T07:00:00Z"))

        // Then both folders verify, list every output, and record the definition and time
        for (outcome, time) in [(first, "2025-03-03T07:00:00Z"), (second, "2025-03-10T07:00:00Z")] {
            let result = try BundleVerifier.verify(outcome.folder, key: publicKey)
            #expect(result.isVerified, "\(result.problems)")
            let files = Set(result.manifest?.files.keys.map { $0 } ?? [])
            #expect(files.isSuperset(of: ["briefing.md", "cecot-weekly.xlsx", "csv/facts.csv"]))
            #expect(result.manifest?.made.report == "cecot-weekly")
            #expect(result.manifest?.made.definition == "weekly.yml")
            #expect(result.manifest?.made.scheduledFor == time)
        }
        let firstManifest = try BundleVerifier.verify(first.folder, key: publicKey).manifest
        let secondManifest = try BundleVerifier.verify(second.folder, key: publicKey).manifest
        #expect(firstManifest?.evidence.sha256 != secondManifest?.evidence.sha256)

        // And when the key is gone, the next run fails and writes no folder
        try FileManager.default.removeItem(at: keys.privateKey)
        #expect(throws: BundleError.keyMissing(path: keys.privateKey.path)) {
            try runner.run(signed, now: try Timestamp.parse("2025-03-17T07:00:00Z"))
        }
        let runs = try FileManager.default.contentsOfDirectory(atPath: runner.outputFolder(for: "cecot-weekly").path)
        #expect(!runs.contains("2025-03-17T0700Z"))
    }
}
