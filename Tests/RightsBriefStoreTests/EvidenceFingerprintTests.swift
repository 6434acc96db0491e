import Foundation
import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

/// The evidence fingerprint of a signed bundle: it covers what the audience sees, changes when
/// that changes, and says nothing about withheld evidence.
@Suite("Evidence fingerprint")
struct EvidenceFingerprintTests {
    private let asOf = day("2025-03-01")

    private func filter(_ audience: Audience) -> ExportFilter {
        ExportFilter(selection: Selection(facilityIds: ["cecot"]), audience: audience, asOf: asOf)
    }

    private func fact(
        _ value: Double, sources: [String], sensitivity: Sensitivity = .public, asOf: String = "2025-02-10"
    ) -> Fact {
        Fact(
            facilityId: "cecot", attribute: .population, value: .number(value), asOf: day(asOf),
            sensitivity: sensitivity, sourceIds: sources)
    }

    /// A store with the samples, one public fact and one public event about CECOT.
    private func makeStore() throws -> FactStore {
        let store = try makeTestStore()
        try Samples.load(into: store)
        _ = try store.addFact(fact(12_000, sources: ["pbs"]))
        try store.addEvent(
            Event(id: "deal", date: day("2025-02-03"), title: "Agreement", facilityIds: ["cecot"], sourceIds: ["reason"]))
        return store
    }

    @Test("withheld facts, events and links leave the public fingerprint as it was")
    func withheldEvidenceIsInvisible() throws {
        // Given a store and its public and internal fingerprints
        let store = try makeStore()
        let publicBefore = try store.evidenceFingerprint(filter(.public))
        let internalBefore = try store.evidenceFingerprint(filter(.internal))

        // When restricted and confidential evidence is added, and a fact resting only on a
        // confidential source, and a fact after the as-of date
        _ = try store.addFact(fact(13_000, sources: ["pbs"], sensitivity: .restricted))
        _ = try store.addFact(fact(14_000, sources: ["witness-7"]))
        _ = try store.addFact(fact(15_000, sources: ["pbs"], sensitivity: .confidential))
        _ = try store.addFact(fact(16_000, sources: ["pbs"], asOf: "2025-03-02"))
        try store.addEvent(
            Event(
                id: "visit", date: day("2025-02-05"), title: "Visit", sensitivity: .confidential,
                facilityIds: ["cecot"], sourceIds: ["pbs"]))

        // Then the public fingerprint is unchanged; the internal one covers the restricted fact
        let publicAfter = try store.evidenceFingerprint(filter(.public))
        let internalAfter = try store.evidenceFingerprint(filter(.internal))
        #expect(publicAfter == publicBefore)
        #expect(internalAfter.sha256 != internalBefore.sha256)
        #expect(internalAfter.facts == internalBefore.facts + 1)
    }

    @Test("a visible fact, a retraction or a changed link changes the fingerprint")
    func visibleChangesChangeIt() throws {
        // Given a store and its public fingerprint
        let store = try makeStore()
        let before = try store.evidenceFingerprint(filter(.public))

        // When a public fact is added
        let id = try store.addFact(fact(12_500, sources: ["pbs", "reason"]))
        let added = try store.evidenceFingerprint(filter(.public))
        // and then retracted
        try store.retractFact(id: id, reason: "Wrong figure")
        let retracted = try store.evidenceFingerprint(filter(.public))

        // Then each step gives a new fingerprint, and the links are counted
        #expect(Set([before.sha256, added.sha256, retracted.sha256]).count == 3)
        #expect(added.facts == before.facts + 1)
        #expect(added.links == before.links + 2)
    }

    @Test("the counts are those of the redacted evidence a briefing shows")
    func countsMatchRedaction() throws {
        // Given a store with visible and withheld facts and events
        let store = try makeStore()
        _ = try store.addFact(fact(13_000, sources: ["partner-notes"]))
        _ = try store.addFact(fact(14_000, sources: ["witness-7", "pbs"]))
        try store.addEvent(
            Event(
                id: "notes", date: day("2025-02-06"), title: "Notes", facilityIds: ["cecot"],
                sourceIds: ["partner-notes"]))

        for audience in [Audience.public, .internal] {
            // When the fingerprint and the redacted evidence are taken for the audience
            let fingerprint = try store.evidenceFingerprint(filter(audience))
            let evidence = try store.evidence(Selection(facilityIds: ["cecot"]))
            let visible = Set(try store.sourceSensitivities().filter { audience.allows($0.value) }.keys)
            let facts = Redaction.filterFacts(evidence.facts.filter { $0.asOf <= asOf }, visibleSources: visible, for: audience)
            let events = Redaction.filterEvents(evidence.events.filter { $0.date <= asOf }, visibleSources: visible, for: audience)

            // Then they count the same facts, events and links
            #expect(fingerprint.facts == facts.count, "\(audience)")
            #expect(fingerprint.events == events.count, "\(audience)")
            let links = facts.reduce(0) { $0 + $1.sourceIds.count }
                + events.reduce(0) { $0 + $1.sourceIds.count + $1.facilityIds.count }
            #expect(fingerprint.links == links, "\(audience)")
        }
    }

    @Test("source text hashes are listed only for cited sources the audience may see")
    func sourceHashesOnlyForVisibleCitedSources() throws {
        // Given a public source with text cited by a fact, an uncited one with text, and a fact
        // that also cites the confidential witness statement (which has text)
        let store = try makeStore()
        let report = Source(
            id: "hrw", url: "https://www.hrw.org/example", title: "Report", publisher: "HRW",
            text: "Cells hold many people.")
        let unused = Source(
            id: "unused", url: "https://example.org/u", title: "Unused", publisher: "X", text: "Not cited.")
        try store.addSource(report)
        try store.addSource(unused)
        _ = try store.addFact(fact(12_100, sources: ["hrw", "witness-7"]))

        // When the fingerprints are taken
        let publicPrint = try store.evidenceFingerprint(filter(.public))
        let internalPrint = try store.evidenceFingerprint(filter(.internal))

        // Then only the cited, visible source with text is listed, with its text's SHA-256
        #expect(publicPrint.sourceTextHashes == ["hrw": FactStore.sha256Hex("Cells hold many people.")])
        #expect(internalPrint.sourceTextHashes == publicPrint.sourceTextHashes)
    }
}
