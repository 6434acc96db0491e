import RightsBriefCore
import RightsBriefStore

/// The name of one export table (a CSV file name, a sheet of its own).
public enum ExportTableName: String, CaseIterable, Sendable {
    case overview, summary, facilities, facts, sources, events
}

/// The tables every spreadsheet export holds, built from one ``ReportModel``.
///
/// The model is already redacted for its audience, so these tables cannot hold anything the
/// audience may not see. Every fact row carries its source ids.
public struct ExportTables {
    public var facilities: ExportTable
    public var facts: ExportTable
    public var sources: ExportTable
    public var events: ExportTable
    public var summary: ExportTable
    /// The briefing's overview in long form (section, item, measure, value, source ids).
    public var overview: ExportTable

    /// All tables in export order: overview and summary first, as analysts look at them first.
    public var all: [ExportTable] { [overview, summary, facilities, facts, sources, events] }

    /// The table with this name (`facts`, `sources`, …), if any.
    public func table(named name: String) -> ExportTable? {
        all.first { $0.name == name }
    }

    /// The tables' names, in export order.
    public static let names = ExportTableName.allCases.map(\.rawValue)

    /// The facts table's columns (``FactExportColumn``: one definition for every writer).
    public static let factColumns = FactExportColumn.all.map { ExportColumn($0.name, width: $0.width) }

    /// Builds the tables for `model`.
    public init(_ model: ReportModel) {
        let evidence = model.evidence
        let facilitiesById = Dictionary(evidence.facilities.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sourcesById = Dictionary(evidence.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        let facilityList = evidence.facilities
        facilities = ExportTable(
            name: "facilities", sheetName: "Facilities", columns: Self.facilityColumns, rowCount: facilityList.count
        ) { Self.facilityRow(facilityList[$0]) }

        let factList = evidence.facts.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        let standing = Set(Facts.current(factList).compactMap(\.id))
        facts = ExportTable(
            name: "facts", sheetName: "Facts", columns: Self.factColumns, rowCount: factList.count
        ) { index in
            let fact = factList[index]
            let facility = facilitiesById[fact.facilityId]
            let first = fact.sourceIds.first.flatMap { sourcesById[$0] }
            return FactExportColumn.all.map { column in
                Self.factCell(column.id, fact: fact, facility: facility, firstSource: first, standing: standing)
            }
        }

        let sourceList = evidence.sources.sorted { $0.id < $1.id }
        sources = ExportTable(name: "sources", sheetName: "Sources", columns: Self.sourceColumns, rowCount: sourceList.count) {
            Self.sourceRow(sourceList[$0])
        }

        let eventList = model.events
        let exported = Set(facilityList.map(\.id))
        events = ExportTable(name: "events", sheetName: "Events", columns: Self.eventColumns, rowCount: eventList.count) {
            Self.eventRow(eventList[$0], exported: exported)
        }

        // In facility id order, as the streamed summary gives it.
        let reports = model.facilities.sorted { $0.facility.id < $1.facility.id }
        summary = ExportTable(name: "summary", sheetName: "Summary", columns: Self.summaryColumns, rowCount: reports.count) {
            Self.summaryRow(reports[$0])
        }
        let overviewRows = Self.overviewRows(
            model.overview ?? ReportOverview(reports, standards: model.standards))
        overview = ExportTable(
            name: "overview", sheetName: "Overview", columns: Self.overviewColumns, rowCount: overviewRows.count
        ) { overviewRows[$0] }
    }

    /// One cell of a fact's row from the report model; the same cell the streaming query gives.
    static func factCell(
        _ column: FactExportColumn.ID, fact: Fact, facility: Facility?, firstSource first: Source?,
        standing: Set<Int64>
    ) -> ExportCell {
        switch column {
        case .factId: .number(Double(fact.id ?? 0))
        case .facilityId: .text(fact.facilityId)
        case .facilityName: .optional(facility?.name)
        case .country: .optional(facility?.country)
        case .attribute: .text(fact.attribute.rawValue)
        case .value:
            switch fact.value {
            case .number(let number): .number(number)
            case .level(let level): .text(level.rawValue)
            }
        case .unit: .text(fact.unit)
        case .asOf: .date(fact.asOf)
        case .status: .text(fact.status.rawValue)
        case .sensitivity: .text(fact.sensitivity.rawValue)
        case .sourceIds: .text(fact.sourceIds.joined(separator: ";"))
        case .sourceTitle: .optional(first?.title)
        case .sourceURL: first?.url.flatMap { Validation.isWebURL($0) ? ExportCell.url($0) : nil } ?? .optional(first?.url)
        case .quote: .optional(fact.quote)
        case .supersedes: fact.supersedes.map { .number(Double($0)) } ?? .empty
        case .standing: .boolean(standing.contains(fact.id ?? -1))
        case .retractionReason: .optional(fact.retraction?.reason)
        case .retractedAt: .optional(fact.retraction?.retractedAt)
        }
    }

    static let sourceColumns = [
        ExportColumn("id", width: 24), ExportColumn("url", width: 40), ExportColumn("title", width: 48),
        ExportColumn("publisher", width: 20), ExportColumn("author", width: 18),
        ExportColumn("published_on", width: 12), ExportColumn("retrieved_at", width: 21),
        ExportColumn("kind", width: 11), ExportColumn("language", width: 9), ExportColumn("sensitivity", width: 12),
        ExportColumn("cites", width: 24), ExportColumn("text_sha256", width: 20), ExportColumn("text", width: 50),
    ]

    static func sourceRow(_ source: Source) -> [ExportCell] {
        [
            .text(source.id), source.url.map { Validation.isWebURL($0) ? .url($0) : .text($0) } ?? .empty,
            .text(source.title), .text(source.publisher), .optional(source.author),
            source.publishedOn.map { .date($0) } ?? .empty, .optional(source.retrievedAt),
            .text(source.kind.rawValue), .optional(source.language), .text(source.sensitivity.rawValue),
            .text(source.cites.joined(separator: ";")), .optional(source.textSHA256), .optional(source.text),
        ]
    }

    static let summaryColumns = [
        ExportColumn("facility_id", width: 16), ExportColumn("facility_name", width: 36),
        ExportColumn("country", width: 8), ExportColumn("region", width: 18), ExportColumn("design_capacity", width: 15),
        ExportColumn("population", width: 12), ExportColumn("occupancy_percent", width: 17),
        ExportColumn("sanitation", width: 12), ExportColumn("potable_water", width: 13),
        ExportColumn("temperature_control", width: 19), ExportColumn("ventilation", width: 12),
        ExportColumn("standards_falling_short", width: 40), ExportColumn("disputed", width: 20),
        ExportColumn("source_ids", width: 30),
    ]

    static func summaryRow(_ report: FacilityReport) -> [ExportCell] {
        let latest = report.figures.latest
        func number(_ attribute: Attribute) -> ExportCell {
            guard let figure = latest[attribute] else { return .empty }
            if let value = figure.value?.number { return .number(value) }
            return .text("disputed")
        }
        func level(_ attribute: Attribute) -> ExportCell {
            guard let figure = latest[attribute] else { return .empty }
            return .text(figure.value?.level?.rawValue ?? "disputed")
        }
        let occupancy = report.figures.derived[.occupancy]?.value.map { ExportCell.number(($0 * 1000).rounded() / 10) } ?? .empty
        let short = report.checks.filter { $0.outcome == .fallsShort }.map(\.standard.id)
        let disputed = Attribute.allCases.filter { latest[$0]?.isDisputed == true }.map(\.rawValue)
        var sourceIds: [String] = []
        for attribute in Attribute.allCases {
            for id in latest[attribute]?.sourceIds ?? [] where !sourceIds.contains(id) { sourceIds.append(id) }
        }
        return [
            .text(report.facility.id), .text(report.facility.name), .text(report.facility.country),
            .optional(report.facility.region), number(.designCapacity), number(.population), occupancy, level(.sanitation), level(.potableWater),
            level(.temperatureControl), level(.ventilation), .text(short.joined(separator: ";")),
            .text(disputed.joined(separator: ";")), .text(sourceIds.joined(separator: ";")),
        ]
    }

    static let facilityColumns = [
        ExportColumn("id", width: 16), ExportColumn("name", width: 36), ExportColumn("country", width: 8),
        ExportColumn("region", width: 18), ExportColumn("kind", width: 20), ExportColumn("authority", width: 28),
        ExportColumn("opened_on", width: 12), ExportColumn("latitude", width: 10), ExportColumn("longitude", width: 10),
        ExportColumn("identifiers", width: 28),
    ]

    static func facilityRow(_ facility: Facility) -> [ExportCell] {
        [
            .text(facility.id), .text(facility.name), .text(facility.country), .optional(facility.region),
            .text(facility.kind.rawValue), .optional(facility.authority), facility.openedOn.map { .date($0) } ?? .empty,
            facility.latitude.map { .number($0) } ?? .empty, facility.longitude.map { .number($0) } ?? .empty,
            .optional(facility.identifiers.isEmpty ? nil : FacilityIdentifier.joined(facility.identifiers)),
        ]
    }

    static let eventColumns = [
        ExportColumn("id", width: 24), ExportColumn("date", width: 12), ExportColumn("title", width: 60),
        ExportColumn("description", width: 50), ExportColumn("sensitivity", width: 12),
        ExportColumn("facility_ids", width: 20), ExportColumn("source_ids", width: 30),
    ]

    /// One event; its facility ids list only facilities in the export, so the tables re-import
    /// on their own.
    static func eventRow(_ event: Event, exported: Set<String>) -> [ExportCell] {
        [
            .text(event.id), .date(event.date), .text(event.title), .optional(event.description),
            .text(event.sensitivity.rawValue),
            .text(event.facilityIds.filter { exported.contains($0) }.joined(separator: ";")),
            .text(event.sourceIds.joined(separator: ";")),
        ]
    }
}
