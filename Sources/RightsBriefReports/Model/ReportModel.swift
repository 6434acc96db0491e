import RightsBriefCore

/// One report, built once from the store and shared by every format.
///
/// The model is already filtered for its audience: nothing above the audience's sensitivity
/// reaches it, so a builder cannot leak what it never sees. Sources are numbered in the order
/// they are first cited (key figures, standards, disputes, timeline).
public struct ReportModel: Sendable {
    public var title: String
    public var audience: Audience
    public var asOf: Day
    public var selection: ReportSelectionSummary
    /// The redacted evidence the report rests on (facts up to `asOf`, with history).
    public var evidence: Evidence
    /// The facilities in the briefing's order (``ReportRequest/order``).
    public var facilities: [FacilityReport]
    /// What a briefing about several facilities opens with; `nil` for one facility or none.
    public var overview: ReportOverview?
    /// How much of each facility a briefing shows (always ``BriefingDetail/full`` for one).
    public var detail: BriefingDetail
    /// The language of country names.
    public var language: String
    /// Standing disputes among the selected facts, every side shown; empty when ``detail`` is
    /// ``BriefingDetail/overview`` (an overview alone shows none).
    public var disputes: [Figure]
    /// Events up to `asOf`, oldest first.
    public var events: [Event]
    /// Cited sources in footnote order.
    public var citedSources: [Source]
    /// The standards the facilities were checked against.
    public var standards: [Standard]
    /// Documents the standards come from.
    public var standardDocuments: [StandardDocument]
    /// Optional "changes since the previous report" digest, set by scheduled runs.
    public var changes: ChangeDigest?
    /// Whether ``title`` was made from the selection (no title was asked for), so a briefing
    /// in another language can make it in that language.
    public var titleIsDefault = false

    /// Footnote numbers by source id, built once with the model.
    var footnoteNumbers: [String: Int] = [:]

    /// The footnote number of a source, counted from 1.
    public func footnote(_ sourceId: String) -> Int? {
        footnoteNumbers[sourceId]
    }

    /// Footnote numbers for several sources, sorted, without repeats.
    public func footnotes(_ sourceIds: [String]) -> [Int] {
        Array(Set(sourceIds.compactMap(footnote))).sorted()
    }

    /// The source with this id, if the model holds it.
    public func source(_ id: String) -> Source? {
        evidence.sources.first { $0.id == id }
    }

    init(
        title: String, audience: Audience, asOf: Day, selection: ReportSelectionSummary, evidence: Evidence,
        facilities: [FacilityReport], overview: ReportOverview?, detail: BriefingDetail, language: String,
        disputes: [Figure], events: [Event], citedSources: [Source], standards: [Standard],
        standardDocuments: [StandardDocument], changes: ChangeDigest?
    ) {
        self.title = title
        self.audience = audience
        self.asOf = asOf
        self.selection = selection
        self.evidence = evidence
        self.facilities = facilities
        self.overview = overview
        self.detail = detail
        self.language = language
        self.disputes = disputes
        self.events = events
        self.citedSources = citedSources
        self.standards = standards
        self.standardDocuments = standardDocuments
        self.changes = changes
        self.footnoteNumbers = Dictionary(
            citedSources.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
    }
}

/// How the facilities were selected, for the report's header and the About sheet.
public struct ReportSelectionSummary: Sendable, Equatable {
    public var facilityIds: [String]
    public var countries: [String]

    /// "all facilities", "facilities cecot, izalco", "El Salvador (SV)", "facility cecot and
    /// United States (US)": countries by name (English), with the code a reader can look up.
    public var description: String {
        var parts: [String] = []
        if !facilityIds.isEmpty { parts.append("facilit\(facilityIds.count == 1 ? "y" : "ies") \(facilityIds.joined(separator: ", "))") }
        if !countries.isEmpty {
            parts.append(CountryNames.list(countries.map { code in
                let name = CountryNames.name(code)
                return name == code ? code : "\(name) (\(code))"
            }))
        }
        return parts.isEmpty ? "all facilities" : parts.joined(separator: " and ")
    }
}

/// One facility's section of a report.
public struct FacilityReport: Sendable {
    public var facility: Facility
    public var figures: FacilityFigures
    public var checks: [StandardCheck]

    /// Whether any fact about the facility stands (after redaction and the as-of date).
    public var hasEvidence: Bool { !figures.latest.isEmpty }

    /// The attributes a one-line summary shows.
    static let summaryAttributes: [Attribute] = [
        .designCapacity, .population, .sanitation, .potableWater, .temperatureControl, .ventilation,
    ]

    /// The sources behind a facility's one-line summary: its capacity, population and
    /// conditions, and the standards it falls short of.
    var summarySourceIds: [String] {
        Self.summaryAttributes.flatMap { figures.latest[$0]?.sourceIds ?? [] }
            + checks.filter { $0.outcome == .fallsShort }.flatMap { $0.facts.flatMap(\.sourceIds) }
    }
}

/// What changed since a previous report: added, retracted and superseded facts, new sources
/// and events, and figures whose latest value moved.
public struct ChangeDigest: Sendable, Equatable {
    /// When the previous successful report was made; `nil` for the first report.
    public var since: String?
    public var addedFacts: [Fact]
    public var retractedFacts: [Fact]
    public var supersededFacts: [Fact]
    public var addedSources: [Source]
    public var addedEvents: [Event]
    public var changedFigures: [FigureChange]
    /// Standards a facility falls short of now but did not at the previous report.
    public var newlyFallingShort: [StandardChange]

    public init(
        since: String?, addedFacts: [Fact] = [], retractedFacts: [Fact] = [], supersededFacts: [Fact] = [],
        addedSources: [Source] = [], addedEvents: [Event] = [], changedFigures: [FigureChange] = [],
        newlyFallingShort: [StandardChange] = []
    ) {
        self.since = since
        self.addedFacts = addedFacts
        self.retractedFacts = retractedFacts
        self.supersededFacts = supersededFacts
        self.addedSources = addedSources
        self.addedEvents = addedEvents
        self.changedFigures = changedFigures
        self.newlyFallingShort = newlyFallingShort
    }

    /// Whether nothing changed.
    public var isEmpty: Bool {
        addedFacts.isEmpty && retractedFacts.isEmpty && supersededFacts.isEmpty && addedSources.isEmpty
            && addedEvents.isEmpty && changedFigures.isEmpty
    }
}

/// A standard a facility newly falls short of.
public struct StandardChange: Sendable, Equatable {
    public var facilityId: String
    public var facilityName: String
    public var standard: Standard
}

/// A latest value that moved between two reports.
public struct FigureChange: Sendable, Equatable {
    public var facilityId: String
    public var attribute: Attribute
    /// The figure as the previous report saw it; `nil` when there was none.
    public var before: Figure?
    /// The figure now; `nil` when it no longer stands.
    public var after: Figure?
}
