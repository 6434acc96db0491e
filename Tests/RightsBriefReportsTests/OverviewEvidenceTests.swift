import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// An overview alone reads only the facts behind the latest figures
/// (`FactStore.overviewEvidence`). These tests hold it to the full path: on generated stores
/// full of the cases that decide which fact stands — corrections (visible or withheld, dated
/// before or after the cut, retracted), retractions, disputes on one date, facts and sources at
/// every sensitivity, facts with some sources withheld — the overview, the cited sources and
/// the rendered Markdown and HTML must be the same as from the whole evidence.
@Suite("Overview evidence")
struct OverviewEvidenceTests {
    static let dates = ["2025-01-10", "2025-02-01", "2025-02-20", "2025-03-15"]
    static let cuts = ["2025-01-09", "2025-02-01", "2025-02-25", "2025-12-31"]
    static let attributes: [Attribute] = [
        .designCapacity, .population, .sanitation, .potableWater, .floorAreaM2, .toilets, .deathsInCustody,
    ]

    /// A store of `facilities` facilities in SV whose evidence is drawn from `seed`.
    static func generatedStore(seed: UInt64, facilities: Int = 6) throws -> FactStore {
        var random = SplitMix64(state: seed)
        let store = try makeTestStore()
        let sensitivities: [Sensitivity] = [.public, .public, .public, .restricted, .confidential]
        var sourceIds: [String] = []
        for index in 0..<8 {
            let id = "s\(index)"
            let cites = sourceIds.isEmpty || random.next() % 3 != 0 ? [] : [sourceIds[Int(random.next() % UInt64(sourceIds.count))]]
            try store.addSource(
                Source(
                    id: id, url: "https://example.org/\(id)", title: "Report \(index)", publisher: "Publisher \(index)",
                    kind: .ngoReport, sensitivity: sensitivities[Int(random.next() % 5)], cites: cites))
            sourceIds.append(id)
        }
        for index in 0..<facilities {
            try store.addFacility(
                Facility(
                    id: "f\(index)", name: "Facility \(index)", country: "SV",
                    region: index % 3 == 0 ? nil : "Region \(index % 3)", kind: .prison))
        }
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        var added: [(id: Int64, fact: Fact, retracted: Bool)] = []
        for _ in 0..<(facilities * 9) {
            let facility = "f\(random.next() % UInt64(facilities))"
            let attribute = pick(attributes)
            let value: FactValue =
                attribute.kind == .condition ? .level(pick([.adequate, .inadequate, .absent])) : .number(Double(pick([0, 2, 80, 100, 120])))
            let sources = random.next() % 4 == 0 ? [pick(sourceIds), pick(sourceIds)] : [pick(sourceIds)]
            var fact = Fact(
                facilityId: facility, attribute: attribute, value: value, asOf: day(pick(dates)),
                status: random.next() % 6 == 0 ? .disputed : .reported, sensitivity: pick(sensitivities),
                sourceIds: Array(Set(sources)).sorted())
            // Some facts correct an earlier fact about the same facility and attribute.
            if random.next() % 4 == 0,
                let earlier = added.filter({
                    $0.fact.facilityId == facility && $0.fact.attribute == attribute && !$0.retracted
                }).last
            {
                fact.supersedes = earlier.id
            }
            let id = try store.addFact(fact)
            let retracted = random.next() % 7 == 0
            if retracted { try store.retractFact(id: id, reason: "withdrawn by the publisher") }
            added.append((id, fact, retracted))
        }
        return store
    }

    @Test("the overview, its sources and the rendered briefing equal the full path's", arguments: 1...12)
    func sameAsFullPath(seed: Int) throws {
        let store = try Self.generatedStore(seed: UInt64(seed))
        for audience in [Audience.public, .internal] {
            for cut in Self.cuts {
                let request = ReportRequest(
                    selection: Selection(countries: ["SV"]), audience: audience, asOf: day(cut), detail: .overview)
                // The full path: every fact read, then built for an overview.
                let builder = ReportBuilder(standards: try BriefingFixtures.standards())
                let full = builder.build(
                    evidence: try store.evidence(request.selection, includingText: false), request: request,
                    today: day(cut))
                let narrowed = try builder.build(from: store, request: request, today: day(cut), includingSourceText: false)

                let context = "seed \(seed), \(audience), as of \(cut)"
                #expect(narrowed.overview == full.overview, "\(context)")
                #expect(narrowed.citedSources == full.citedSources, "\(context)")
                #expect(narrowed.facilities.map(\.figures) == full.facilities.map(\.figures), "\(context)")
                let markdown = MarkdownReportBuilder(library: try BriefingFixtures.library())
                let markdownNarrowed = try markdown.render(narrowed)
                #expect(markdownNarrowed == (try markdown.render(full)), "\(context)")
                let html = HTMLReportBuilder(library: try BriefingFixtures.library())
                let htmlNarrowed = try html.render(narrowed)
                #expect(htmlNarrowed == (try html.render(full)), "\(context)")
            }
        }
    }

    @Test("the narrowed read leaves out history: fewer facts than the full evidence, none superseded")
    func readsLess() throws {
        // Given a generated store with corrections and retractions
        let store = try Self.generatedStore(seed: 3)
        let asOf = day("2025-12-31")

        // When the overview's evidence is read
        let narrowed = try #require(try store.overviewEvidence(Selection(countries: ["SV"]), asOf: asOf, audience: .public))
        let all = try store.evidence(Selection(countries: ["SV"]), includingText: false)

        // Then it holds fewer facts, none retracted, none of them corrected by another it holds
        #expect(narrowed.facts.count < all.facts.count)
        #expect(!narrowed.facts.contains { $0.isRetracted })
        #expect(Facts.current(narrowed.facts).count == narrowed.facts.count)
    }

    @Test("a selection whose every fact is withdrawn is read in full, so it still differs from no evidence")
    func nothingStanding() throws {
        // Given two facilities whose only facts are retracted
        let store = try makeTestStore()
        try store.addSource(Source(id: "s", url: nil, title: "Report", publisher: "Publisher"))
        for id in ["a", "b"] {
            try store.addFacility(Facility(id: id, name: id, country: "SV", kind: .prison))
            let fact = try store.addFact(
                Fact(facilityId: id, attribute: .population, value: .number(10), asOf: day("2025-01-01"), sourceIds: ["s"]))
            try store.retractFact(id: fact, reason: "wrong")
        }

        // When the overview's evidence is asked for
        // Then there is none to narrow to, and the briefing is the full path's
        let narrowed = try store.overviewEvidence(Selection(countries: ["SV"]), asOf: day("2025-12-31"), audience: .public)
        #expect(narrowed == nil)
        let request = ReportRequest(selection: Selection(countries: ["SV"]), asOf: day("2025-12-31"), detail: .overview)
        let model = try BriefingFixtures.model(store, request)
        #expect(!model.evidence.facts.isEmpty)
    }
}
