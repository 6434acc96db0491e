import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// Shared set-up for the briefing and export tests: the bundled templates and standards, the
/// bundled CECOT sample, a richer two-facility fixture, and golden-file comparison.
enum BriefingFixtures {
    /// The as-of date every golden briefing is made for.
    static let asOf = day("2025-03-01")

    /// The bundled templates, parsed once for the whole test run.
    private static let libraryResult = Result { () throws -> TemplateLibrary in
        try TemplateLibrary(directory: repositoryRoot.appendingPathComponent("templates"))
    }

    /// The bundled standards file, read once for the whole test run.
    private static let standardsResult = Result {
        try ReportBuilder.loadStandards(
            from: repositoryRoot.appendingPathComponent("data/standards.json"))
    }

    static func library() throws -> TemplateLibrary { try libraryResult.get() }
    static func standards() throws -> Standards { try standardsResult.get() }

    /// Builds the redacted model for `request`. `today` is fixed so a request without an
    /// as-of date is reproducible too.
    static func model(
        _ store: FactStore, _ request: ReportRequest = ReportRequest(asOf: asOf), today: Day = asOf
    ) throws -> ReportModel {
        try ReportBuilder(standards: standards()).build(from: store, request: request, today: today)
    }

    /// Renders the default `briefing` template for `request`.
    static func markdown(
        _ store: FactStore, _ request: ReportRequest = ReportRequest(asOf: asOf), today: Day = asOf
    ) throws -> String {
        try MarkdownReportBuilder(library: library()).render(model(store, request, today: today))
    }

    /// The CSV text of every export table, keyed by table name.
    static func csvTables(_ model: ReportModel) -> [String: String] {
        let builder = CSVReportBuilder()
        var out: [String: String] = [:]
        for table in ExportTables(model).all { out[table.name] = builder.string(table) }
        return out
    }

    // MARK: Stores

    /// The bundled sample, loaded the way `init --sample` loads it.
    static func sampleStore() throws -> FactStore {
        let store = try makeTestStore()
        try importDocument(try sampleDocument(), into: store, named: "cecot.json")
        return store
    }

    /// Fact ids of the rich fixture that tests refer to.
    struct RichIds {
        var retractedCapacity: Int64 = 0
        var supersededPopulation: Int64 = 0
        var correctedPopulation: Int64 = 0
        var latePopulation: Int64 = 0
    }

    /// Two facilities in El Salvador with everything a briefing has to get right:
    ///
    /// - `north`: capacity 40,000 and population 50,000 (occupancy 125 %, overcrowded); floor
    ///   area 175,000 m² (3.5 m² each: short of CPT's 4 m², meets ICRC's 3.4 m²); 1,250 toilets
    ///   (40 people per toilet: short of ICRC's 25); sanitation absent, potable water adequate,
    ///   temperature control inadequate, no ventilation fact; 3 deaths in custody.
    ///   A later capacity of 20,000 is retracted, a later population of 65,000 is superseded by
    ///   the 50,000 correction, and a population of 70,000 is dated after the as-of date.
    /// - `south`: capacity 1,000 and a disputed population (800 from Radio Sur against 950
    ///   from Observatorio de Derechos, same day), so occupancy, space per person and people per
    ///   toilet (4,000 m², 40 toilets) cannot be computed; sanitation inadequate.
    /// - Events inserted out of date order, and one dated after the as-of date.
    ///
    /// Sources are inserted in an order that is neither alphabetical nor the order in which
    /// the briefing first cites them.
    @discardableResult
    static func loadRich(into store: FactStore) throws -> RichIds {
        try store.addFacility(
            Facility(
                id: "north", name: "Northern Regional Prison", country: "SV", region: "Santa Ana",
                kind: .prison, authority: "Dirección General de Centros Penales"))
        try store.addFacility(
            Facility(
                id: "south", name: "Southern Holding Centre", country: "SV",
                kind: .immigrationDetention))

        try store.addSource(
            Source(
                id: "zeta-census", url: "https://example.gov/census-2025.pdf",
                title: "Prison census 2025",
                publisher: "Ministry of Justice", publishedOn: day("2025-01-20"), kind: .official))
        try store.addSource(
            Source(
                id: "south-b", url: nil, title: "Southern centre: 950 held",
                publisher: "Observatorio de Derechos",
                publishedOn: day("2025-02-11"), kind: .ngoReport, language: "es"))
        try store.addSource(
            Source(
                id: "alpha-ngo", url: "https://example.org/reports/north_(2025)",
                title: "Conditions in northern prisons", publisher: "Human Rights Monitor",
                author: "A. Researcher",
                publishedOn: day("2025-02-12"), retrievedAt: "2025-02-14T09:30:00Z",
                kind: .ngoReport,
                language: "en", text: "Blocks 3 to 6 have no running water for toilets.",
                cites: ["zeta-census"]))
        try store.addSource(
            Source(
                id: "mid-news", url: "https://news.example.com/2025/02/overcrowding?id=7&lang=en",
                title: "Overcrowding at the northern prison", publisher: "Daily Example",
                publishedOn: day("2025-02-21"), kind: .news))
        try store.addSource(
            Source(
                id: "agreement-doc", url: "https://example.gov/statements/joint",
                title: "Joint statement",
                publisher: "Department of State", publishedOn: day("2025-02-03"), kind: .official))
        try store.addSource(
            Source(
                id: "south-a", url: "https://radiosur.example/noticias/800",
                title: "Southern centre holds 800",
                publisher: "Radio Sur", publishedOn: day("2025-02-10"), kind: .news, language: "es")
        )

        var ids = RichIds()
        func fact(
            _ facility: String, _ attribute: Attribute, _ value: FactValue, _ asOf: String,
            _ sources: [String],
            status: FactStatus = .reported, quote: String? = nil, supersedes: Int64? = nil
        ) throws -> Int64 {
            try store.addFact(
                Fact(
                    facilityId: facility, attribute: attribute, value: value, asOf: day(asOf),
                    status: status,
                    quote: quote, supersedes: supersedes, sourceIds: sources))
        }
        try fact(
            "north", .designCapacity, .number(40_000), "2025-01-20", ["zeta-census"],
            status: .verified,
            quote: "Design capacity: 40,000 places.")
        ids.retractedCapacity = try fact(
            "north", .designCapacity, .number(20_000), "2025-02-15", ["mid-news"])
        try store.retractFact(id: ids.retractedCapacity, reason: "misread the census table")
        ids.supersededPopulation = try fact(
            "north", .population, .number(65_000), "2025-02-20", ["mid-news"])
        ids.correctedPopulation = try fact(
            "north", .population, .number(50_000), "2025-02-20", ["mid-news", "alpha-ngo"],
            quote: "The prison now holds some 50,000 people.", supersedes: ids.supersededPopulation)
        try fact("north", .floorAreaM2, .number(175_000), "2025-02-12", ["alpha-ngo"])
        try fact("north", .toilets, .number(1_250), "2025-02-12", ["alpha-ngo"])
        try fact(
            "north", .sanitation, .level(.absent), "2025-02-12", ["alpha-ngo"],
            quote: "Blocks 3 to 6 have no running water for toilets.")
        try fact("north", .potableWater, .level(.adequate), "2025-02-12", ["alpha-ngo"])
        try fact("north", .temperatureControl, .level(.inadequate), "2025-02-12", ["alpha-ngo"])
        try fact("north", .deathsInCustody, .number(3), "2025-02-28", ["mid-news"])
        ids.latePopulation = try fact(
            "north", .population, .number(70_000), "2025-03-15", ["mid-news"])

        try fact("south", .designCapacity, .number(1_000), "2025-01-20", ["zeta-census"])
        try fact("south", .population, .number(800), "2025-02-10", ["south-a"])
        try fact("south", .population, .number(950), "2025-02-10", ["south-b"])
        try fact("south", .floorAreaM2, .number(4_000), "2025-02-10", ["south-b"])
        try fact("south", .toilets, .number(40), "2025-02-10", ["south-b"])
        try fact("south", .sanitation, .level(.inadequate), "2025-02-10", ["south-b"])

        try store.addEvent(
            Event(
                id: "transfer-north", date: day("2025-02-25"),
                title: "2,000 detainees transferred to the Northern Regional Prison",
                facilityIds: ["north"],
                sourceIds: ["mid-news"]))
        try store.addEvent(
            Event(
                id: "joint-statement", date: day("2025-02-03"),
                title: "Joint statement on detention cooperation",
                facilityIds: ["north", "south"], sourceIds: ["agreement-doc"]))
        try store.addEvent(
            Event(
                id: "late-visit", date: day("2025-03-10"),
                title: "Monitors refused entry to the Southern Holding Centre",
                facilityIds: ["south"], sourceIds: ["south-a"]))
        return ids
    }

    static func richStore() throws -> FactStore {
        let store = try makeTestStore()
        try loadRich(into: store)
        return store
    }

    // MARK: Golden files

    /// The bytes of `Expected/<name>` from the test bundle.
    static func expected(_ name: String) throws -> Data {
        let folder = try #require(
            Bundle.module.url(forResource: "Expected", withExtension: nil),
            "the Expected resource folder is missing")
        let file = folder.appendingPathComponent(name)
        return try #require(
            FileManager.default.contents(atPath: file.path), "Expected/\(name) is missing")
    }

    /// Compares `actual` byte for byte with `Expected/<name>`. On a difference the actual
    /// output is written to a temporary file whose path the failure names, for review.
    static func expectGolden(
        _ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let folder = try #require(
            Bundle.module.url(forResource: "Expected", withExtension: nil),
            "the Expected resource folder is missing")
        let want = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
        let got = Data(actual.utf8)
        if got != want {
            let dump = FileManager.default.temporaryDirectory.appendingPathComponent(
                "actual-\(name)")
            try got.write(to: dump)
            Issue.record(
                "output differs from Expected/\(name); actual written to \(dump.path)",
                sourceLocation: sourceLocation)
        }
    }
}

/// The lines of `text` that start with `prefix`.
func markdownLines(_ text: String, startingWith prefix: String) -> [Substring] {
    text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix(prefix) }
}

/// The Markdown between `## heading` and the next `## ` heading (or the end).
func markdownSection(_ heading: String, of markdown: String) -> String {
    guard let start = markdown.range(of: "\n## \(heading)\n") else { return "" }
    let rest = markdown[start.upperBound...]
    let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
    return String(rest[..<end])
}
