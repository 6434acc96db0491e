import Foundation
import RightsBriefCore
import RightsBriefStore

/// Builds the ``ReportModel`` every format renders.
public struct ReportBuilder: Sendable {
    public var standards: Standards

    public init(standards: Standards) {
        self.standards = standards
    }

    /// Loads the standards data file.
    ///
    /// - Throws: ``ReportError/standardsUnreadable(path:reason:)``.
    public static func loadStandards(from url: URL) throws -> Standards {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReportError.standardsUnreadable(path: url.path, reason: "the file cannot be read")
        }
        do {
            return try Standards(json: data)
        } catch let error as CoreError {
            throw ReportError.standardsUnreadable(path: url.path, reason: error.errorDescription ?? "\(error)")
        }
    }

    /// Reads the selection from the store and builds the model for the request's audience.
    ///
    /// An empty selection (no facilities, or no facts yet) is not an error; the report says
    /// there is no evidence yet.
    ///
    /// - Parameters:
    ///   - store: the evidence store.
    ///   - request: selection, audience, as-of date and title.
    ///   - today: the date used when the request has no as-of date.
    ///   - includingSourceText: whether the model's sources carry their captured text. A
    ///     briefing never prints it, so ``ReportJob/model()`` leaves it out; the text can be
    ///     megabytes per country.
    /// - Returns: the redacted model. When the request asks for ``BriefingDetail/overview``
    ///   of several facilities, the model's `evidence` holds only the facts behind the latest
    ///   figures (all the overview shows); a change digest needs a model of any other detail.
    /// - Throws: ``ReportError/unknownFacility(id:)`` or ``ReportError/unknownCountry(code:)`` for a
    ///   selection that names nothing in the store; ``StoreError`` when the store cannot be read.
    public func build(
        from store: FactStore, request: ReportRequest, today: Day = Day(Date()), includingSourceText: Bool = true
    ) throws -> ReportModel {
        try ReportJob.check(request.selection, in: store)
        let evidence: Evidence
        do {
            // An overview alone shows only the latest figures: read just the facts behind them
            // (the same figures, checks and overview; see FactStore.overviewEvidence). With one
            // facility the briefing is always full, so the whole evidence is read.
            if request.detail == .overview,
                let narrowed = try store.overviewEvidence(
                    request.selection, asOf: request.asOf ?? today, audience: request.audience),
                narrowed.facilities.count > 1
            {
                evidence = narrowed
            } else {
                evidence = try store.evidence(request.selection, includingText: includingSourceText)
            }
        } catch StoreError.unknownFacility(let id) {
            throw ReportError.unknownFacility(id: id)
        }
        return build(evidence: evidence, request: request, today: today)
    }

    /// Builds the model from evidence already read (for tests and for callers that filter).
    public func build(evidence raw: Evidence, request: ReportRequest, today: Day = Day(Date())) -> ReportModel {
        let asOf = request.asOf ?? today
        // The as-of cut and the audience filter in one pass over the facts: a country's facts
        // are tens of thousands, and every copy of the list retains each fact's strings again.
        var evidence = Redaction.filter(raw, for: request.audience, upTo: asOf)
        // Keep the sources the remaining facts and events rest on, and the sources those cite.
        let used = Set(evidence.facts.flatMap(\.sourceIds) + evidence.events.flatMap(\.sourceIds))
        let keep = used.union(evidence.sources.filter { used.contains($0.id) }.flatMap(\.cites))
        evidence.sources = evidence.sources.filter { keep.contains($0.id) }
        let factsByFacility = Dictionary(grouping: evidence.facts, by: \.facilityId)
        let reports = evidence.facilities.map { facility -> FacilityReport in
            let figures = FacilityFigures(facility: facility, facts: factsByFacility[facility.id] ?? [], asOf: asOf)
            return FacilityReport(facility: facility, figures: figures, checks: standards.check(figures))
        }
        let facilities = request.order.sorted(reports)
        let several = facilities.count > 1
        let detail = several ? request.detail ?? .automatic(facilityCount: facilities.count) : .full
        let overview = several ? ReportOverview(facilities, standards: standards.standards) : nil
        // An overview alone shows no disputes (nor cites their sources), so none are gathered.
        let disputes = detail == .overview ? [] : Facts.disputes(evidence.facts)
        let events = evidence.events.sorted { ($0.date, $0.id) < ($1.date, $1.id) }

        var order: [String] = []
        var seen = Set<String>()
        func cite(_ ids: [String]) {
            for id in ids where seen.insert(id).inserted { order.append(id) }
        }
        if let overview { cite(overview.citedSourceIds) }
        switch detail {
        case .full:
            for report in facilities {
                for attribute in Attribute.allCases {
                    if let figure = report.figures.latest[attribute] { cite(figure.sourceIds) }
                }
                for check in report.checks { cite(check.facts.flatMap(\.sourceIds)) }
            }
        case .summary:
            for report in facilities { cite(report.summarySourceIds) }
        case .overview:
            break
        }
        if detail != .overview {
            for dispute in disputes { cite(dispute.sourceIds) }
            for event in events { cite(event.sourceIds) }
        }
        let byId = Dictionary(evidence.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let cited = order.compactMap { byId[$0] }

        let title =
            request.title
            ?? Self.defaultTitle(facilities: evidence.facilities, selection: request.selection, language: request.language)
        var model = ReportModel(
            title: title, audience: request.audience, asOf: asOf,
            selection: ReportSelectionSummary(
                facilityIds: request.selection.facilityIds, countries: request.selection.countries),
            evidence: evidence, facilities: facilities, overview: overview, detail: detail,
            language: request.language, disputes: disputes, events: events, citedSources: cited,
            standards: standards.standards, standardDocuments: standards.documents, changes: nil)
        model.titleIsDefault = request.title == nil
        return model
    }

    /// "Briefing: NAME" for one facility, "Briefing: places of detention in El Salvador" for
    /// countries (names in `language`), else "Briefing: places of detention".
    static func defaultTitle(facilities: [Facility], selection: Selection, language: String = "en") -> String {
        if facilities.count == 1, let only = facilities.first { return "Briefing: \(only.name)" }
        if !selection.countries.isEmpty, selection.facilityIds.isEmpty {
            let names = selection.countries.map { CountryNames.name($0, language: language) }
            return "Briefing: places of detention in \(CountryNames.list(names))"
        }
        return "Briefing: places of detention"
    }
}
