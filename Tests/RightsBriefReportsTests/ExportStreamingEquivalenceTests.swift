import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// The export command streams its tables straight from SQL (``ExportTables/init(store:request:standards:today:)``)
/// while briefings and tests use the in-memory report model (``ExportTables/init(_:)``). Both must
/// give the same rows, so the redaction, as-of and "standing" rules written in SQL are checked
/// against the ones in Core.
@Suite("Streaming export equals the report model")
struct ExportStreamingEquivalenceTests {
    /// A store exercising every rule: sensitivities, a fact whose only source is withheld, a
    /// fact with one visible and one withheld source, retraction, supersession (standing and
    /// retracted corrections), a dispute, facts and events after the cut-off, citations to
    /// withheld sources, hostile text, two countries.
    static func richStore() throws -> FactStore {
        let store = try makeTestStore()
        try store.addFacility(Facility(id: "cecot", name: "CECOT, \"Tecoluca\"", country: "SV", region: "San Vicente"))
        try store.addFacility(Facility(id: "izalco", name: "Izalco =HYPERLINK(\"x\")", country: "SV"))
        try store.addFacility(Facility(id: "stewart", name: "Stewart Detention Center", country: "US", kind: .immigrationDetention))
        try store.addSource(Source(id: "pbs", url: "https://www.pbs.org/a(b)", title: "Inside CECOT\nline two", publisher: "PBS"))
        try store.addSource(Source(id: "partner", url: nil, title: "Partner notes", publisher: "NGO", sensitivity: .restricted))
        try store.addSource(Source(id: "witness", url: nil, title: "Witness 7", publisher: "Us", sensitivity: .confidential, text: "secret"))
        try store.addSource(
            Source(id: "cnn", url: "https://cnn.com/x", title: "-1+2 @SUM(A1)", publisher: "CNN", cites: ["pbs", "witness", "partner"]))
        let day = { (text: String) in try Day(text) }
        try store.addFact(Fact(facilityId: "cecot", attribute: .designCapacity, value: .number(40000), asOf: day("2025-02-03"), sourceIds: ["cnn"]))
        try store.addFact(Fact(facilityId: "cecot", attribute: .population, value: .number(50000), asOf: day("2025-02-10"), sourceIds: ["pbs"]))
        try store.addFact(Fact(facilityId: "cecot", attribute: .population, value: .number(55000), asOf: day("2025-02-10"), sourceIds: ["partner"]))
        try store.addFact(Fact(facilityId: "cecot", attribute: .sanitation, value: .level(.absent), asOf: day("2025-02-03"), quote: "'=lack", sourceIds: ["witness"]))
        try store.addFact(Fact(facilityId: "cecot", attribute: .potableWater, value: .level(.absent), asOf: day("2025-02-03"), sourceIds: ["witness", "pbs"]))
        let wrong = try store.addFact(Fact(facilityId: "izalco", attribute: .toilets, value: .number(10), asOf: day("2025-01-01"), sourceIds: ["pbs"]))
        try store.addFact(Fact(facilityId: "izalco", attribute: .toilets, value: .number(12), asOf: day("2025-01-01"), supersedes: wrong, sourceIds: ["pbs"]))
        let other = try store.addFact(Fact(facilityId: "izalco", attribute: .population, value: .number(900), asOf: day("2025-01-01"), sourceIds: ["cnn"]))
        let badFix = try store.addFact(Fact(facilityId: "izalco", attribute: .population, value: .number(950), asOf: day("2025-01-01"), supersedes: other, sourceIds: ["cnn"]))
        try store.retractFact(id: badFix, reason: "typo")
        let gone = try store.addFact(Fact(facilityId: "izalco", attribute: .floorAreaM2, value: .number(1200.5), asOf: day("2025-01-01"), sourceIds: ["pbs"]))
        try store.retractFact(id: gone, reason: "wrong building")
        try store.addFact(Fact(facilityId: "izalco", attribute: .designCapacity, value: .number(800), asOf: day("2025-01-01"), sensitivity: .confidential, sourceIds: ["pbs"]))
        try store.addFact(Fact(facilityId: "izalco", attribute: .ventilation, value: .level(.inadequate), asOf: day("2025-01-01"), sensitivity: .restricted, sourceIds: ["pbs"]))
        try store.addFact(Fact(facilityId: "stewart", attribute: .deathsInCustody, value: .number(2), asOf: day("2025-06-01"), sourceIds: ["cnn"]))
        try store.addFact(Fact(facilityId: "stewart", attribute: .population, value: .number(1500), asOf: day("2025-01-15"), status: .verified, sourceIds: ["cnn", "pbs"]))
        try store.addEvent(Event(id: "deal", date: day("2025-02-03"), title: "Agreement", facilityIds: ["cecot"], sourceIds: ["cnn", "witness"]))
        try store.addEvent(Event(id: "visit", date: day("2025-02-05"), title: "Visit refused", facilityIds: ["izalco"], sourceIds: ["partner"]))
        try store.addEvent(Event(id: "later", date: day("2025-07-01"), title: "Transfer", facilityIds: ["stewart"], sourceIds: ["cnn"]))
        try store.addEvent(Event(id: "hidden", date: day("2025-02-01"), title: "Death", sensitivity: .confidential, facilityIds: ["cecot"], sourceIds: ["pbs"]))
        return store
    }

    static func csv(_ tables: ExportTables) -> [String: String] {
        var result: [String: String] = [:]
        for table in tables.all { result[table.name] = CSVReportBuilder().string(table) }
        return result
    }

    @Test(
        "same CSV bytes for every table",
        arguments: [
            (Audience.public, "2025-03-01", [String](), [String]()),
            (Audience.internal, "2025-03-01", [], []),
            (Audience.internal, "2025-12-31", [], []),
            (Audience.public, "2025-12-31", ["izalco"], []),
            (Audience.internal, "2025-03-01", [], ["SV"]),
            (Audience.public, "2024-12-31", [], []),
        ])
    func sameRows(audience: Audience, asOf: String, facilities: [String], countries: [String]) throws {
        // Given the rich store and one selection
        let store = try Self.richStore()
        let standards = try ReportBuilder.loadStandards(from: repositoryRoot.appendingPathComponent("data/standards.json"))
        let request = ReportRequest(
            selection: Selection(facilityIds: facilities, countries: countries), audience: audience, asOf: try Day(asOf))

        // When both paths build the export tables
        let model = try ReportBuilder(standards: standards).build(from: store, request: request)
        let fromModel = Self.csv(ExportTables(model))
        let streamed = Self.csv(try ExportTables(store: store, request: request, standards: standards))

        // Then every table is byte-for-byte the same
        for name in ExportTables.names {
            #expect(streamed[name] == fromModel[name], "table \(name) differs for \(audience) \(asOf)")
        }
        // And the redaction really removed something at the public audience
        if audience == .public {
            let all = streamed.values.joined()
            #expect(!all.contains("witness"))
            #expect(!all.contains("partner"))
            #expect(!all.contains("secret"))
        }
    }

    @Test("standing, supersession and retraction columns in the streamed facts")
    func standingColumn() throws {
        // Given the rich store at the internal audience
        let store = try Self.richStore()
        let standards = try ReportBuilder.loadStandards(from: repositoryRoot.appendingPathComponent("data/standards.json"))
        let request = ReportRequest(selection: Selection(facilityIds: ["izalco"]), audience: .internal, asOf: try Day("2025-03-01"))

        // When the facts table is streamed
        var rows: [[ExportCell]] = []
        try ExportTables(store: store, request: request, standards: standards).facts.forEachRow { rows.append($0) }

        // Then the superseded fact and the retracted ones are not standing, the original of a
        // retracted correction stands again, and the confidential capacity is absent
        let byId = Dictionary(uniqueKeysWithValues: rows.map { row -> (Double, [ExportCell]) in
            if case .number(let id) = row[0] { return (id, row) }
            return (-1, row)
        })
        #expect(byId[6]?[15] == .boolean(false))  // toilets 10, superseded by 7
        #expect(byId[7]?[15] == .boolean(true))
        #expect(byId[8]?[15] == .boolean(true))  // population 900: its correction was retracted
        #expect(byId[9]?[15] == .boolean(false))
        #expect(byId[9]?[16] == .text("typo"))
        #expect(byId[11] == nil)  // confidential
        #expect(byId[12]?[5] == .text("inadequate"))
    }
}
