import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// Texts a spreadsheet would run as a formula, or that CSV must quote, or that are not ASCII.
private let awkwardTexts = [
    "=1+2", "-x", "@y", "+SUM(A1:A9)", "\tindented", "'=already quoted", "''@twice",
    "commas, and \"quotes\"", "line one\nline two\r\nline three", "São Tomé — 漢字 ✓", " edge spaces ",
    "semi;colon",
]

/// A store with public, restricted and confidential evidence full of awkward text.
private func awkwardStore() throws -> FactStore {
    let store = try makeTestStore()
    try store.addFacility(
        Facility(
            id: "cecot", name: "=HYPERLINK(\"http://evil\")", country: "SV", region: "San Vicente, Tecoluca",
            kind: .prison, authority: "-Ministerio de Justicia", openedOn: day("2023-01-31"), latitude: 13.5,
            longitude: -88.91,
            identifiers: [
                FacilityIdentifier(scheme: "registry", value: "=SV-001, \"A\""),
                FacilityIdentifier(scheme: "hifld", value: "10002345"),
            ]))
    try store.addFacility(Facility(id: "izalco", name: "Izalco \"Fase 3\"\nSonsonate", country: "SV", authority: "@dgcp"))
    try store.addSource(
        Source(
            id: "pbs", url: "https://www.pbs.org/newshour/a?b=1&c=2", title: "+Inside CECOT", publisher: "PBS",
            author: "=cmd|' /C calc'!A0", publishedOn: day("2025-02-10"), retrievedAt: "2025-02-11T08:00:00Z",
            language: "en", text: awkwardTexts.joined(separator: "\n")))
    try store.addSource(
        Source(id: "partner", url: nil, title: "Partner visit notes", publisher: "Partner NGO", kind: .testimony,
               sensitivity: .restricted, cites: ["pbs"]))
    try store.addSource(
        Source(id: "witness", url: nil, title: "Witness 7", publisher: "Us", kind: .testimony, sensitivity: .confidential,
               text: "Name withheld."))
    try store.addSource(
        Source(id: "bnd", url: nil, title: "El Salvador's offer", publisher: "Black News Daily", cites: ["pbs", "witness"]))
    for (index, quote) in awkwardTexts.enumerated() {
        try store.addFact(
            Fact(facilityId: "cecot", attribute: .population, value: .number(Double(10_000 + index)),
                 asOf: day("2025-01-\(String(format: "%02d", index + 1))"), quote: quote, sourceIds: ["pbs"]))
    }
    let first = try store.addFact(
        Fact(facilityId: "izalco", attribute: .designCapacity, value: .number(1_100), asOf: day("2025-01-01"), sourceIds: ["bnd"]))
    try store.addFact(
        Fact(facilityId: "izalco", attribute: .designCapacity, value: .number(1_200), asOf: day("2025-01-01"),
             status: .verified, supersedes: first, sourceIds: ["partner", "bnd"]))
    let wrong = try store.addFact(
        Fact(facilityId: "izalco", attribute: .floorAreaM2, value: .number(1_234.5), asOf: day("2025-01-02"), sourceIds: ["bnd"]))
    try store.retractFact(id: wrong, reason: "=wrong figure, see \"notes\"")
    try store.addFact(
        Fact(facilityId: "izalco", attribute: .sanitation, value: .level(.inadequate), asOf: day("2025-01-03"),
             sensitivity: .restricted, quote: "@restricted", sourceIds: ["witness", "partner"]))
    try store.addFact(
        Fact(facilityId: "cecot", attribute: .toilets, value: .number(3), asOf: day("2025-01-04"),
             sensitivity: .confidential, sourceIds: ["pbs"]))
    try store.addFact(
        Fact(facilityId: "cecot", attribute: .ventilation, value: .level(.absent), asOf: day("2025-01-04"), sourceIds: ["witness"]))
    try store.addEvent(
        Event(id: "deal", date: day("2025-02-03"), title: "-Agreement, \"announced\"", description: "=2+2\nsecond line",
              facilityIds: ["cecot", "izalco"], sourceIds: ["bnd", "witness"]))
    try store.addEvent(
        Event(id: "visit", date: day("2025-02-04"), title: "Visit refused", sensitivity: .restricted, facilityIds: ["izalco"],
              sourceIds: ["partner"]))
    try store.addEvent(Event(id: "secret", date: day("2025-02-05"), title: "Secret", sensitivity: .confidential, sourceIds: ["pbs"]))
    return store
}

/// A fact as comparable across stores: no ids, the superseded fact named by its content.
private struct FactContent: Hashable, CustomStringConvertible {
    var fact: Fact
    var supersedes: String?

    init(_ fact: Fact, among facts: [Fact]) {
        var copy = fact
        copy.id = nil
        copy.recordedAt = nil
        copy.supersedes = nil
        self.fact = copy
        supersedes = fact.supersedes.flatMap { id in facts.first { $0.id == id } }.map {
            "\($0.facilityId) \($0.attribute.rawValue) \($0.value) \($0.asOf)"
        }
    }

    var description: String { "\(fact.facilityId) \(fact.attribute.rawValue) \(fact.value) \(fact.quote ?? "-")" }
}

/// Evidence as comparable across stores.
private func comparable(_ evidence: Evidence) -> (Set<Facility>, Set<Source>, Set<FactContent>, Set<Event>) {
    let events = evidence.events.map { event -> Event in
        var copy = event
        copy.recordedAt = nil
        copy.facilityIds.sort()
        copy.sourceIds.sort()
        return copy
    }
    return (
        Set(evidence.facilities),
        Set(evidence.sources.map { source in
            var copy = source
            copy.cites.sort()
            copy.recordedAt = nil
            return copy
        }),
        Set(evidence.facts.map { FactContent($0, among: evidence.facts) }), Set(events)
    )
}

/// Exports `store` for `audience` as a CSV folder; returns the folder and the model it holds.
private func export(_ store: FactStore, audience: Audience) throws -> (URL, ReportModel) {
    let standards = try ReportBuilder.loadStandards(from: repositoryRoot.appendingPathComponent("data/standards.json"))
    let model = try ReportBuilder(standards: standards).build(
        from: store, request: ReportRequest(audience: audience, asOf: day("2025-12-31")))
    let folder = try makeTemporaryFolder("rightsbrief-roundtrip").appendingPathComponent("csv")
    try CSVReportBuilder().writeFolder(ExportTables(model), to: folder)
    return (folder, model)
}

private let exportedFiles = [
    "facilities.csv", "sources.csv", "facts.csv", "events.csv", "summary.csv", "overview.csv",
]

@Suite("Export, then import")
struct ImportRoundTripTests {

    @Test("an internal export imported into an empty database gives back exactly what it holds")
    func roundTrip() throws {
        // Given an export of public and restricted evidence (confidential material is left out)
        let (folder, model) = try export(try awkwardStore(), audience: .internal)
        #expect(try String(contentsOf: folder.appendingPathComponent("facts.csv"), encoding: .utf8).contains("'=1+2"))
        #expect(
            try String(contentsOf: folder.appendingPathComponent("facilities.csv"), encoding: .utf8)
                .contains(",\"hifld:10002345; registry:=SV-001, \"\"A\"\"\"\r\n"))

        // When the folder is imported into an empty store
        let target = try makeTestStore()
        let report = try target.importEvidence(ImportRequest(files: exportedFiles, directory: folder))

        // Then the store holds exactly the exported evidence, text restored to the original
        let back = try target.evidence(Selection())
        let (facilities, sources, facts, events) = comparable(back)
        let (expectedFacilities, expectedSources, expectedFacts, expectedEvents) = comparable(model.evidence)
        #expect(facilities == expectedFacilities)
        #expect(sources == expectedSources)
        #expect(facts == expectedFacts)
        #expect(events == expectedEvents)
        #expect(Set(back.facts.compactMap(\.quote)).isSuperset(of: awkwardTexts))
        #expect(!back.sources.contains { $0.sensitivity == .confidential })
        #expect(!back.facts.contains { $0.sensitivity == .confidential })
        #expect(report.summary.added["fact"] == model.evidence.facts.count)
        #expect(report.summary.added["retraction"] == 1)
        #expect(report.notes.map(\.message) == [
            "skipped: a summary table is computed from the facts, so there is nothing in it to import",
            "skipped: an overview table is computed from the facts, so there is nothing in it to import",
        ])
    }

    @Test("the workbook's Facilities sheet has the identifiers column")
    func workbookIdentifiers() throws {
        // Given a store whose facility has identifiers, exported as a workbook
        let (_, model) = try export(try awkwardStore(), audience: .internal)
        let url = try makeTemporaryFolder("rightsbrief-roundtrip").appendingPathComponent("out.xlsx")
        try XLSXReportBuilder().write(model, to: url)

        // When its Facilities sheet is read
        let sheet = try XLSXReading(url: url).sheet("Facilities")

        // Then the last column is identifiers, written as in the CSV table
        #expect(sheet["J1"]?.value == "identifiers")
        #expect(sheet["J2"]?.value == "hifld:10002345; registry:=SV-001, \"A\"")
        #expect(sheet["J2"]?.isString == true)
    }

    @Test("the streaming export that 'export csv' writes round-trips the same way")
    func streamingRoundTrip() throws {
        // Given the same evidence exported the way the command does it, straight from the store
        let store = try awkwardStore()
        let (_, model) = try export(store, audience: .internal)
        let standards = try ReportBuilder.loadStandards(from: repositoryRoot.appendingPathComponent("data/standards.json"))
        let tables = try ExportTables(
            store: store, request: ReportRequest(audience: .internal, asOf: day("2025-12-31")), standards: standards)
        let folder = try makeTemporaryFolder("rightsbrief-roundtrip").appendingPathComponent("csv")
        try CSVReportBuilder().writeFolder(tables, to: folder)

        // When the folder is imported into an empty store
        let target = try makeTestStore()
        try target.importEvidence(ImportRequest(files: exportedFiles, directory: folder))

        // Then it holds what the model-based export holds
        let (facilities, sources, facts, events) = comparable(try target.evidence(Selection()))
        let (expectedFacilities, expectedSources, expectedFacts, expectedEvents) = comparable(model.evidence)
        #expect(facilities == expectedFacilities)
        #expect(sources == expectedSources)
        #expect(facts == expectedFacts)
        #expect(events == expectedEvents)
    }

    @Test("a public export round-trips too, and importing it twice adds nothing")
    func publicRoundTrip() throws {
        // Given a public export
        let (folder, model) = try export(try awkwardStore(), audience: .public)
        let target = try makeTestStore()

        // When it is imported twice
        try target.importEvidence(ImportRequest(files: exportedFiles, directory: folder))
        let again = try target.importEvidence(ImportRequest(files: exportedFiles, directory: folder))

        // Then the evidence matches and the second import changes nothing
        let (_, sources, facts, events) = comparable(try target.evidence(Selection()))
        let (_, expectedSources, expectedFacts, expectedEvents) = comparable(model.evidence)
        #expect(sources == expectedSources && facts == expectedFacts && events == expectedEvents)
        #expect(again.summary.added.isEmpty && again.summary.updated.isEmpty)
    }

    @Test("re-importing an export into the database it came from changes nothing and keeps withheld links")
    func backIntoOrigin() throws {
        // Given a store and its internal export (which leaves out the confidential witness)
        let store = try awkwardStore()
        let before = try store.evidence(Selection())
        let (folder, _) = try export(store, audience: .internal)

        // When the export is imported back into the same store
        let report = try store.importEvidence(ImportRequest(files: exportedFiles, directory: folder))

        // Then nothing is added or updated: bnd still cites the witness, the deal still rests on it
        #expect(report.summary.added.isEmpty)
        #expect(report.summary.updated.isEmpty)
        let after = try store.evidence(Selection())
        #expect(after == before)
        #expect(after.sources.first { $0.id == "bnd" }?.cites == ["pbs", "witness"])
        #expect(after.events.first { $0.id == "deal" }?.sourceIds.contains("witness") == true)
    }

    @Test("the Store's unneutralise agrees with the exporter, and its table columns with ExportTables")
    func agreesWithExporter() throws {
        // Given awkward texts and every table the export writes
        let texts = awkwardTexts + ["", "'", "''", "'a", "=", "-", "'-", "a=b", "\r=x"]
        let tables = ExportTables(try export(try awkwardStore(), audience: .internal).1)

        // When each side encodes and decodes
        // Then both neutralise alike and each undoes the other
        for text in texts {
            #expect(CSVNeutralisation.neutralise(text) == CSVEncoding.neutralise(text))
            #expect(CSVNeutralisation.unneutralise(CSVEncoding.neutralise(text)) == text)
            #expect(CSVNeutralisation.unneutralise(text) == CSVEncoding.unneutralise(text))
        }
        for table in tables.all {
            let canonical = try #require(CanonicalTable(rawValue: table.name))
            #expect(canonical.columns == table.columns.map(\.name))
            #expect(CanonicalTable.recognise(table.columns.map(\.name)) == canonical)
        }
    }
}

@Suite("Import adds the new sources of a stored fact")
struct ImportAddsLinksTests {
    @Test("a fact already stored gains the sources a re-import names; links are never removed")
    func addsLinks() throws {
        // Given a store with a fact citing pbs, and an export of the same fact citing pbs and cnn
        let target = try makeTestStore()
        try target.addFacility(Facility(id: "cecot", name: "CECOT", country: "SV"))
        try target.addSource(Source(id: "pbs", url: nil, title: "PBS", publisher: "PBS"))
        try target.addFact(
            Fact(facilityId: "cecot", attribute: .population, value: .number(1), asOf: day("2025-01-01"), sourceIds: ["pbs"]))
        let other = try makeTestStore()
        try other.addFacility(Facility(id: "cecot", name: "CECOT", country: "SV"))
        try other.addSource(Source(id: "pbs", url: nil, title: "PBS", publisher: "PBS"))
        try other.addSource(Source(id: "cnn", url: nil, title: "CNN", publisher: "CNN"))
        try other.addFact(
            Fact(facilityId: "cecot", attribute: .population, value: .number(1), asOf: day("2025-01-01"),
                 sourceIds: ["pbs", "cnn"]))
        let (folder, _) = try export(other, audience: .internal)

        // When it is imported
        let report = try target.importEvidence(ImportRequest(files: exportedFiles, directory: folder))

        // Then the stored fact is updated with the new link, and no fact is added
        #expect(report.summary.updated["fact"] == 1)
        #expect(report.summary.added["fact"] == nil)
        let facts = try target.evidence(Selection()).facts
        #expect(facts.count == 1)
        #expect(facts.first?.sourceIds == ["pbs", "cnn"])

        // And importing an export that names only pbs keeps cnn
        let (onlyPBS, _) = try export(try {
            let store = try makeTestStore()
            try store.addFacility(Facility(id: "cecot", name: "CECOT", country: "SV"))
            try store.addSource(Source(id: "pbs", url: nil, title: "PBS", publisher: "PBS"))
            try store.addFact(
                Fact(facilityId: "cecot", attribute: .population, value: .number(1), asOf: day("2025-01-01"), sourceIds: ["pbs"]))
            return store
        }(), audience: .internal)
        let again = try target.importEvidence(ImportRequest(files: exportedFiles, directory: onlyPBS))
        #expect(again.summary.unchanged["fact"] == 1)
        #expect(try target.evidence(Selection()).facts.first?.sourceIds == ["pbs", "cnn"])
    }
}
