import RightsBriefCore

extension ChangeDigest {
    /// What changed in a report's (already redacted) evidence since `since`.
    ///
    /// Uses the store's timestamps: facts and events by when they were recorded, sources by
    /// when they were added, retractions by when they were made. A figure "changed" when its
    /// latest value as the store stood at `since` differs from its latest value now. The
    /// result only ever holds material the model holds, so it is redacted like the model.
    ///
    /// - Parameters:
    ///   - model: the report being made.
    ///   - since: the start of the previous successful run; `nil` for the first report.
    /// - Returns: the digest; ``since`` is `nil` for a first report.
    public static func compute(for model: ReportModel, since: String?) -> ChangeDigest {
        guard let since else { return ChangeDigest(since: nil) }
        let facts = model.evidence.facts
        func isNew(_ stamp: String?) -> Bool { (stamp ?? "") > since }
        let byId = Dictionary(facts.compactMap { fact in fact.id.map { ($0, fact) } }, uniquingKeysWith: { a, _ in a })
        let superseded = facts.filter { isNew($0.recordedAt) && !$0.isRetracted }.compactMap { $0.supersedes }
            .compactMap { byId[$0] }
        var digest = ChangeDigest(
            since: since,
            addedFacts: facts.filter { isNew($0.recordedAt) },
            retractedFacts: facts.filter { isNew($0.retraction?.retractedAt) },
            supersededFacts: superseded,
            addedSources: model.evidence.sources.filter { isNew($0.recordedAt) },
            addedEvents: model.events.filter { isNew($0.recordedAt) })

        // The facts as the store stood at `since`: recorded by then, retractions made by then.
        let before = facts.compactMap { fact -> Fact? in
            guard !isNew(fact.recordedAt) else { return nil }
            var copy = fact
            if isNew(fact.retraction?.retractedAt) { copy.retraction = nil }
            return copy
        }
        let beforeByFacility = Dictionary(grouping: before, by: \.facilityId)
        for report in model.facilities {
            let old = FacilityFigures(
                facility: report.facility, facts: beforeByFacility[report.facility.id] ?? [], asOf: model.asOf)
            let wasShort = Set(
                model.standards.map { StandardCheck.evaluate($0, against: old) }.filter { $0.outcome == .fallsShort }
                    .map(\.standard.id))
            for check in report.checks where check.outcome == .fallsShort && !wasShort.contains(check.standard.id) {
                digest.newlyFallingShort.append(
                    StandardChange(
                        facilityId: report.facility.id, facilityName: report.facility.name, standard: check.standard))
            }
            for attribute in Attribute.allCases {
                let was = old.latest[attribute]
                let now = report.figures.latest[attribute]
                if was.map(Self.comparable) != now.map(Self.comparable) {
                    digest.changedFigures.append(
                        FigureChange(facilityId: report.facility.id, attribute: attribute, before: was, after: now))
                }
            }
        }
        return digest
    }

    /// What a reader sees of a figure (its values, every side when disputed, and its date):
    /// two figures that read the same are no change.
    private static func comparable(_ figure: Figure) -> String {
        let values = figure.values.map { Formatting.value($0, attribute: figure.attribute) }
        let text = figure.isDisputed ? "disputed (\(values.joined(separator: " vs ")))" : values.joined()
        return "\(text) as of \(figure.asOf)"
    }
}
