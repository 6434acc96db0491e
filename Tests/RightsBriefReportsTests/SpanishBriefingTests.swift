import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

@Suite("Spanish briefings")
struct SpanishBriefingTests {
    @Test("The CECOT sample in Spanish")
    func cecotSample() throws {
        let store = try BriefingFixtures.sampleStore()
        let text = try BriefingFixtures.markdown(
            store, ReportRequest(selection: Selection(facilityIds: ["cecot"]), asOf: BriefingFixtures.asOf, language: "es"))
        try Data(text.utf8).write(to: FileManager.default.temporaryDirectory.appendingPathComponent("cecot-es.md"))
        #expect(text.contains("3 de febrero de 2025"))
    }
}
