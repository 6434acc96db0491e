import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// The sample facilities and sources (with the restricted `partner-notes` and the confidential
/// `witness-7`), plus facts and events at every sensitivity.
private func redactionStore() throws -> FactStore {
    let store = try makeTestStore()
    try Samples.load(into: store)
    // A public source that cites the confidential and the restricted one.
    try store.addSource(
        Source(
            id: "digest", url: "https://example.org/digest", title: "Monthly digest",
            publisher: "Monitor",
            publishedOn: day("2025-02-20"), cites: ["witness-7", "partner-notes", "pbs"]))
    func add(
        _ attribute: Attribute, _ value: FactValue, _ sources: [String],
        _ sensitivity: Sensitivity = .public,
        quote: String? = nil
    ) throws {
        try store.addFact(
            Fact(
                facilityId: "cecot", attribute: attribute, value: value, asOf: day("2025-02-15"),
                sensitivity: sensitivity, quote: quote, sourceIds: sources))
    }
    // Public, public sources: always shown.
    try add(.designCapacity, .number(40_000), ["pbs"], quote: "Built for 40,000.")
    // Public fact whose only source is restricted: internal only.
    try add(
        .population, .number(41_234), ["partner-notes"], quote: "Partners counted 41,234 people.")
    // Restricted fact with a public source: internal only.
    try add(
        .deathsInCustody, .number(13), ["digest"], .restricted,
        quote: "Thirteen deaths were recorded.")
    // Confidential fact with a public source: never shown.
    try add(
        .sanitation, .level(.absent), ["pbs"], .confidential,
        quote: "Secret quote about the latrines.")
    // Public fact whose only source is confidential: never shown.
    try add(.toilets, .number(7_777), ["witness-7"], quote: "Seven thousand seven hundred toilets.")
    // Public fact with a public and a confidential source: shown, citing the public one only.
    try add(
        .potableWater, .level(.inadequate), ["witness-7", "reason"], quote: "Water is rationed.")

    try store.addEvent(
        Event(
            id: "partner-visit", date: day("2025-02-05"),
            title: "Partner visit to the maximum-security wing",
            facilityIds: ["cecot"], sourceIds: ["partner-notes"]))
    try store.addEvent(
        Event(
            id: "secret-meeting", date: day("2025-02-06"),
            title: "Confidential meeting with a guard",
            sensitivity: .confidential, facilityIds: ["cecot"], sourceIds: ["pbs"]))
    try store.addEvent(
        Event(
            id: "agreement", date: day("2025-02-03"), title: "Agreement announced",
            facilityIds: ["cecot"],
            sourceIds: ["reason", "witness-7"]))
    return store
}

/// Text that identifies the confidential source, fact and event: none may appear anywhere.
private let confidentialMarkers = [
    "witness-7", "Witness statement 7", "Our team", "Name withheld", "Cells hold 100 people",
    FactStore.sha256Hex("Name withheld. Cells hold 100 people.").prefix(12).description,
    "Secret quote about the latrines", "7,777", "7777", "Seven thousand seven hundred",
    "secret-meeting", "Confidential meeting with a guard",
]

/// Text that identifies the restricted source, facts and event: internal only.
private let restrictedMarkers = [
    "partner-notes", "Partner visit notes", "Partner NGO", "41,234", "41234", "Partners counted",
    "Thirteen deaths", "Deaths in custody", "deaths_in_custody", "partner-visit",
    "Partner visit to the",
]

/// Every output of one report: the Markdown and each CSV table, built from the report model
/// and streamed from the store (as the command line does).
private func outputs(_ audience: Audience) throws -> [String: String] {
    let store = try redactionStore()
    let request = ReportRequest(
        selection: Selection(facilityIds: ["cecot"]), audience: audience,
        asOf: BriefingFixtures.asOf)
    let model = try BriefingFixtures.model(store, request)
    var all = BriefingFixtures.csvTables(model)
    all["briefing.md"] = try MarkdownReportBuilder(library: BriefingFixtures.library()).render(
        model)
    // The command line streams exports straight from the store: check those tables too.
    let streamed = try ExportTables(
        store: store, request: request, standards: BriefingFixtures.standards(),
        today: BriefingFixtures.asOf)
    for table in streamed.all {
        all["streamed \(table.name)"] = CSVReportBuilder().string(table)
    }
    return all
}

@Suite("Briefing redaction: nothing above the audience in any format")
struct BriefingRedactionTests {

    @Test("at public, nothing restricted or confidential appears in the Markdown or any CSV table")
    func publicAudience() throws {
        // Given facts, sources and events at every sensitivity
        // When the public briefing and CSV tables are made
        let all = try outputs(.public)
        #expect(all.count == 13)

        // Then no output contains any restricted or confidential marker
        for (name, text) in all {
            for marker in confidentialMarkers + restrictedMarkers {
                #expect(!text.contains(marker), "\(name) contains '\(marker)'")
            }
        }
        // And the public material is there
        let markdown = try #require(all["briefing.md"])
        #expect(markdown.contains("| Design capacity | 40,000 | 2025-02-15 | reported | [1] |"))
        #expect(markdown.contains("| Potable water | inadequate | 2025-02-15 | reported | [2] |"))
        #expect(markdown.contains("Water is rationed."))
        #expect(markdown.contains("- **3 February 2025**: Agreement announced [2]"))
        #expect(markdown.contains("This briefing contains public material only."))
        // And the confidential sanitation fact leaves the figure without evidence
        #expect(markdown.contains("| Sanitation | no evidence yet | – | – |  |"))
        #expect(!markdown.contains("Sanitation reported absent"))
    }

    @Test("at internal, restricted material appears but confidential material still does not")
    func internalAudience() throws {
        // Given the same evidence
        // When the internal briefing and CSV tables are made
        let all = try outputs(.internal)
        let markdown = try #require(all["briefing.md"])
        let facts = try #require(all["facts"])
        let sources = try #require(all["sources"])
        let events = try #require(all["events"])

        // Then nothing confidential appears anywhere
        for (name, text) in all {
            for marker in confidentialMarkers {
                #expect(!text.contains(marker), "\(name) contains '\(marker)'")
            }
        }
        // And the restricted facts, source and event do
        #expect(markdown.contains("**Internal: for partners only. Do not publish.**"))
        #expect(markdown.contains("| Population | 41,234 |"))
        #expect(markdown.contains("| Deaths in custody | 13 |"))
        #expect(markdown.contains("| Sanitation | no evidence yet | – | – |  |"))
        #expect(markdown.contains("Partners counted 41,234 people."))
        #expect(markdown.contains("Partner NGO, “Partner visit notes”"))
        #expect(markdown.contains("Partner visit to the maximum-security wing"))
        #expect(facts.contains("41234"))
        #expect(facts.contains(",restricted,digest,"))
        #expect(sources.contains("partner-notes,,Partner visit notes,Partner NGO"))
        #expect(events.contains("partner-visit,2025-02-05,"))
        // And occupancy is now computed from the restricted population: 41,234 ÷ 40,000 = 103 %
        #expect(markdown.contains("| Occupancy | 103 % |"))
    }

    @Test("a public fact whose only source is confidential is withheld entirely, at every audience")
    func onlySourceConfidential() throws {
        for audience in Audience.reportAudiences {
            // Given the toilets fact (7,777) resting only on witness-7
            let store = try redactionStore()
            let request = ReportRequest(
                selection: Selection(facilityIds: ["cecot"]), audience: audience,
                asOf: BriefingFixtures.asOf)

            // When the model is built
            let model = try BriefingFixtures.model(store, request)

            // Then the fact is gone, nothing is derived from it, and the confidential source is
            // neither in the evidence nor cited
            #expect(!model.evidence.facts.contains { $0.attribute == .toilets })
            #expect(model.facilities[0].figures.latest[.toilets] == nil)
            #expect(model.facilities[0].figures.derived[.peoplePerToilet]?.value == nil)
            #expect(!model.evidence.sources.contains { $0.id == "witness-7" })
            #expect(!model.citedSources.contains { $0.id == "witness-7" })
            #expect(model.evidence.facts.allSatisfy { !$0.sourceIds.contains("witness-7") })
            #expect(model.evidence.sources.allSatisfy { !$0.cites.contains("witness-7") })
            #expect(model.events.allSatisfy { !$0.sourceIds.contains("witness-7") })
        }
    }

    @Test("a fact with a public and a confidential source is shown citing only the public one")
    func mixedSources() throws {
        // Given the potable-water fact resting on witness-7 and reason
        let model = try BriefingFixtures.model(
            try redactionStore(),
            ReportRequest(selection: Selection(facilityIds: ["cecot"]), asOf: BriefingFixtures.asOf)
        )

        // When its figure is read
        let figure = try #require(model.facilities[0].figures.latest[.potableWater])

        // Then it rests on reason alone
        #expect(figure.sourceIds == ["reason"])
        #expect(figure.value == .level(.inadequate))
    }

    @Test("an event whose only source is restricted is withheld at public and shown at internal")
    func eventOnlySourceRestricted() throws {
        // Given the partner-visit event resting only on partner-notes
        let store = try redactionStore()
        let selection = Selection(facilityIds: ["cecot"])

        // When the model is built for each audience
        let publicModel = try BriefingFixtures.model(
            store, ReportRequest(selection: selection, asOf: BriefingFixtures.asOf))
        let internalModel = try BriefingFixtures.model(
            store,
            ReportRequest(selection: selection, audience: .internal, asOf: BriefingFixtures.asOf))

        // Then only the internal timeline has it; the confidential event is in neither
        #expect(publicModel.events.map(\.id) == ["agreement"])
        #expect(internalModel.events.map(\.id) == ["agreement", "partner-visit"])
    }

    @Test("a public source's citations of withheld sources are dropped from 'Cites'")
    func citesRedacted() throws {
        // Given digest, which cites witness-7, partner-notes and pbs, cited by a restricted fact
        let store = try redactionStore()

        // When the internal model is built
        let model = try BriefingFixtures.model(
            store,
            ReportRequest(
                selection: Selection(facilityIds: ["cecot"]), audience: .internal,
                asOf: BriefingFixtures.asOf))
        let markdown = try MarkdownReportBuilder(library: BriefingFixtures.library()).render(model)

        // Then digest cites partner-notes and pbs, never witness-7
        let digest = try #require(model.evidence.sources.first { $0.id == "digest" })
        #expect(Set(digest.cites) == ["partner-notes", "pbs"])
        let line = try #require(
            markdownLines(markdown, startingWith: "").first { $0.contains("“Monthly digest”") })
        #expect(line.contains("Cites "))
        #expect(!line.contains("witness"))
    }
}
