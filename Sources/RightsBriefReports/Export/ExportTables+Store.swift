import Foundation
import RightsBriefCore
import RightsBriefStore

extension ExportTables {
    /// How the streamed facts query's columns map to cells, from the one column contract
    /// (``FactExportColumn``).
    static let factPlan: [RawColumn] = zip(FactExportColumn.all, FactExportColumn.resultIndexes).map { column, index in
        switch column.kind {
        case .integer: .integer(index)
        case .text: .text(index)
        case .date: .date(index)
        case .value: .value(number: index, level: index + 1)
        case .yesNo: .yesNo(index)
        }
    }

    /// Streaming tables straight from the store, for exports of any size.
    ///
    /// Same rows, columns and redaction as ``init(_:)`` over a report model, but nothing is
    /// held whole: facts stream as raw rows, the summary is computed one facility at a time,
    /// sources stream one at a time. Only facilities and events are read into memory.
    ///
    /// - Throws: ``ReportError/unknownFacility(id:)``, ``ReportError/unknownCountry(code:)``, or
    ///   ``StoreError`` when the store cannot be read.
    public init(store: FactStore, request: ReportRequest, standards: Standards, today: Day = Day(Date())) throws {
        try ReportJob.check(request.selection, in: store)
        let asOf = request.asOf ?? today
        let audience = request.audience
        let filter = ExportFilter(selection: request.selection, audience: audience, asOf: asOf)
        // Facilities, events and source sensitivities are read when a table first needs them,
        // so a facts-only export holds nothing but the row being written.
        let context = StoreExportContext(store: store, filter: filter)

        facilities = ExportTable(name: "facilities", sheetName: "Facilities", columns: Self.facilityColumns) { visit in
            for facility in try context.facilities() { try visit(.cells(Self.facilityRow(facility))) }
        }
        events = ExportTable(name: "events", sheetName: "Events", columns: Self.eventColumns) { visit in
            let exported = Set(try context.facilities().map(\.id))
            for event in try context.events() { try visit(.cells(Self.eventRow(event, exported: exported))) }
        }

        facts = ExportTable(
            name: "facts", sheetName: "Facts", columns: Self.factColumns, rawPlan: Self.factPlan
        ) { visit in
            try store.streamExportFacts(filter) { row in try visit(.raw(row)) }
        }

        sources = ExportTable(name: "sources", sheetName: "Sources", columns: Self.sourceColumns) { visit in
            try store.streamExportSources(filter, eventIds: try context.events().map(\.id)) { source in
                try visit(.cells(Self.sourceRow(source)))
            }
        }

        summary = ExportTable(name: "summary", sheetName: "Summary", columns: Self.summaryColumns) { visit in
            let visible = try context.visibleSources()
            try store.forEachFacilityFacts(filter) { facility, facts in
                let kept = Redaction.filterFacts(facts, visibleSources: visible, for: audience)
                let figures = FacilityFigures(facility: facility, facts: kept, asOf: asOf)
                let report = FacilityReport(facility: facility, figures: figures, checks: standards.check(figures))
                try visit(.cells(Self.summaryRow(report)))
            }
        }

        overview = ExportTable(name: "overview", sheetName: "Overview", columns: Self.overviewColumns) { visit in
            let visible = try context.visibleSources()
            var builder = ReportOverview.Builder(standards: standards.standards)
            try store.forEachFacilityFacts(filter) { facility, facts in
                let kept = Redaction.filterFacts(facts, visibleSources: visible, for: audience)
                let figures = FacilityFigures(facility: facility, facts: kept, asOf: asOf)
                builder.add(FacilityReport(facility: facility, figures: figures, checks: standards.check(figures)))
            }
            for row in Self.overviewRows(builder.overview) { try visit(.cells(row)) }
        }
    }
}

/// What a store export reads once and shares between its tables, on first use.
final class StoreExportContext {
    let store: FactStore
    let filter: ExportFilter
    private var facilityList: [Facility]?
    private var visible: Set<String>?
    private var eventList: [Event]?

    init(store: FactStore, filter: ExportFilter) {
        self.store = store
        self.filter = filter
    }

    func facilities() throws -> [Facility] {
        if let facilityList { return facilityList }
        let list = try store.facilities(filter.selection)
        facilityList = list
        return list
    }

    func visibleSources() throws -> Set<String> {
        if let visible { return visible }
        let audience = filter.audience
        let ids = Set(try store.sourceSensitivities().filter { audience.allows($0.value) }.keys)
        visible = ids
        return ids
    }

    func events() throws -> [Event] {
        if let eventList { return eventList }
        let ids = try facilities().map(\.id)
        let raw = ids.isEmpty ? [] : try store.events(facilityIds: ids)
        let list = Redaction.filterEvents(
            raw.filter { $0.date <= filter.asOf }, visibleSources: try visibleSources(), for: filter.audience)
        eventList = list
        return list
    }
}
