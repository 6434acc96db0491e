import Foundation
import RightsBriefCore
import RightsBriefStore

extension ExportTables {
    /// The raw columns of the facts table, in ``factColumns`` order (see
    /// `FactStore.exportFactsSQL` for the query's columns).
    static let factPlan: [RawColumn] = [
        .integer(0), .text(1), .text(2), .text(3), .text(4), .value(number: 5, level: 6), .text(7), .date(8),
        .text(9), .text(10), .text(11), .text(12), .text(13), .text(14), .integer(15), .yesNo(16), .text(17),
        .text(18),
    ]

    /// Streaming tables straight from the store, for exports of any size.
    ///
    /// Same rows, columns and redaction as ``init(_:)`` over a report model, but nothing is
    /// held whole: facts stream as raw rows, the summary is computed one facility at a time,
    /// sources stream one at a time. Only facilities and events are read into memory.
    ///
    /// - Throws: ``ReportError/unknownFacility(id:)``, ``ReportError/unknownCountry(code:)``, or
    ///   ``StoreError`` when the store cannot be read.
    public init(store: FactStore, request: ReportRequest, standards: Standards, today: Day = Day(Date())) throws {
        for code in request.selection.countries where try !store.hasCountry(code) {
            throw ReportError.unknownCountry(code: code)
        }
        let facilityList: [Facility]
        do {
            facilityList = try store.facilities(request.selection)
        } catch StoreError.unknownFacility(let id) {
            throw ReportError.unknownFacility(id: id)
        }
        let asOf = request.asOf ?? today
        let audience = request.audience
        let filter = ExportFilter(selection: request.selection, audience: audience, asOf: asOf)
        let sensitivities = try store.sourceSensitivities()
        let visible = Set(sensitivities.filter { audience.allows($0.value) }.keys)
        let rawEvents = facilityList.isEmpty ? [] : try store.events(facilityIds: facilityList.map(\.id))
        let eventList = Redaction.filterEvents(rawEvents.filter { $0.date <= asOf }, visibleSources: visible, for: audience)

        let base = ExportTables(
            ReportModel(
                title: "", audience: audience, asOf: asOf,
                selection: ReportSelectionSummary(facilityIds: [], countries: []),
                evidence: Evidence(facilities: facilityList, facts: [], sources: [], events: eventList),
                facilities: [], disputes: [], events: eventList, citedSources: [], standardDocuments: [], changes: nil))
        facilities = base.facilities
        events = base.events

        facts = ExportTable(
            name: "facts", sheetName: "Facts", columns: Self.factColumns, rawPlan: Self.factPlan
        ) { visit in
            try store.streamExportFacts(filter) { row in try visit(.raw(row)) }
        }

        let eventIds = eventList.map(\.id)
        sources = ExportTable(name: "sources", sheetName: "Sources", columns: Self.sourceColumns) { visit in
            try store.streamExportSources(filter, eventIds: eventIds) { source in
                try visit(.cells(Self.sourceRow(source)))
            }
        }

        summary = ExportTable(name: "summary", sheetName: "Summary", columns: Self.summaryColumns) { visit in
            try store.forEachFacilityFacts(filter) { facility, facts in
                let kept = Redaction.filterFacts(facts, visibleSources: visible, for: audience)
                let figures = FacilityFigures(facility: facility, facts: kept, asOf: asOf)
                let report = FacilityReport(facility: facility, figures: figures, checks: standards.check(figures))
                try visit(.cells(Self.summaryRow(report)))
            }
        }
    }
}

extension ExportAbout {
    /// The About sheet's description of a store export.
    public init(request: ReportRequest, standards: Standards, today: Day = Day(Date())) {
        let selection = ReportSelectionSummary(
            facilityIds: request.selection.facilityIds, countries: request.selection.countries)
        self.init(
            title: request.title ?? "rightsbrief export: \(selection.description)", selection: selection.description,
            audience: request.audience, asOf: request.asOf ?? today, standardDocuments: standards.documents)
    }
}
