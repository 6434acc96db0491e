import RightsBriefCore

extension ReportContext {
    /// The attributes every facility section shows, in order, even when there is no fact.
    static let keyAttributes: [Attribute] = [
        .designCapacity, .population, .sanitation, .potableWater, .temperatureControl,
    ]

    /// Formats a report model for templates, in the language of `catalogue` (English words
    /// from `RightsBriefCore` and no `t` messages without one).
    public init(_ model: ReportModel, catalogue: Catalogue? = nil) {
        t = catalogue.map(Messages.init) ?? Messages()
        let words = Words(catalogue)
        title = model.titleIsDefault ? words.title(model) : model.title
        audience = words.audience(model.audience)
        isPublic = model.audience == .public
        asOf = words.date(model.asOf)
        asOfISO = model.asOf.description
        selection = words.selection(model.selection)
        var countries = CountryNames.Memo(language: model.language)
        let several = model.overview != nil
        let withEvidence = model.facilities.filter(\.hasEvidence)
        let full = model.detail == .full
        facilities = full ? withEvidence.map { Self.section($0, model: model, several: several, countries: &countries, words: words) } : []
        hasFacilities = !facilities.isEmpty
        overview = model.overview.map { Self.overview($0, model: model, linked: full) }
        contents = several && full ? withEvidence.map { Self.line($0, model: model, words: words) } : []
        hasContents = !contents.isEmpty
        summary = model.detail == .summary ? withEvidence.map { Self.line($0, model: model, words: words) } : []
        hasSummary = !summary.isEmpty
        withoutEvidence = model.detail == .overview ? [] : model.facilities.filter { !$0.hasEvidence }.map { Self.line($0, model: model, words: words) }
        hasWithoutEvidence = !withoutEvidence.isEmpty
        showDetails = model.detail != .overview
        noEvidence = model.evidence.facts.isEmpty && model.events.isEmpty
        let facilitiesById = Dictionary(
            model.facilities.map { ($0.facility.id, $0.facility) }, uniquingKeysWith: { first, _ in first })
        disputes = model.disputes.map { figure in
            let facility = figure.facts.first.flatMap { facilitiesById[$0.facilityId] }
            return Dispute(
                facility: facility?.name ?? figure.facts.first?.facilityId ?? "",
                attribute: words.attribute(figure.attribute), asOf: words.date(figure.asOf),
                sides: figure.facts.enumerated().map { index, fact in
                    DisputeSide(
                        value: words.value(fact.value, attribute: fact.attribute), status: words.status(fact.status),
                        notes: Formatting.citation(model.footnotes(fact.sourceIds)), last: index == figure.facts.count - 1)
                })
        }
        hasDisputes = !disputes.isEmpty
        events = model.events.map { event in
            TimelineEntry(
                date: words.date(event.date), title: event.title, description: event.description,
                facilities: event.facilityIds.compactMap { facilitiesById[$0]?.name }.joined(separator: ", "),
                notes: Formatting.citation(model.footnotes(event.sourceIds)))
        }
        hasEvents = !events.isEmpty
        sources = model.citedSources.enumerated().map { index, source in
            SourceEntry(
                number: index + 1, publisher: source.publisher, title: source.title, author: source.author,
                published: source.publishedOn.map(words.date) ?? words.text("date_not_recorded", english: "date not recorded"),
                url: source.url.flatMap(MarkdownEscaping.url),
                retrieved: source.retrievedAt, hash: source.textSHA256.map { String($0.prefix(12)) },
                kind: source.kind.rawValue,
                cites: source.cites.isEmpty
                    ? nil
                    : source.cites.sorted { (model.footnote($0) ?? Int.max, $0) < (model.footnote($1) ?? Int.max, $1) }
                    .map { id in model.footnote(id).map { "[\($0)]" } ?? model.source(id)?.publisher ?? id }
                    .joined(separator: ", "))
        }
        hasSources = !sources.isEmpty
        documents = model.standardDocuments.map(words.document).map {
            DocumentEntry(title: $0.title, reference: $0.reference, publisher: $0.publisher)
        }
        changes = model.changes.map(Self.changes)
    }

    /// One facility's line in the summary table, the contents or the list of facilities
    /// without evidence.
    static func line(_ report: FacilityReport, model: ReportModel, words: Words = Words()) -> FacilityLine {
        let figures = report.figures
        func number(_ attribute: Attribute) -> String {
            guard let figure = figures.latest[attribute] else { return "–" }
            return figure.value.map { words.value($0, attribute: attribute) } ?? words.status(.disputed)
        }
        let occupancy = figures.derived[.occupancy]
        let conditions = [Attribute.sanitation, .potableWater, .temperatureControl, .ventilation].compactMap {
            attribute -> String? in
            guard let figure = figures.latest[attribute] else { return nil }
            return "\(words.attribute(attribute).lowercased()) \(figure.value?.level.map(words.level) ?? words.status(.disputed))"
        }
        var shortfalls: [String] = []
        for check in report.checks where check.outcome == .fallsShort {
            let label = shortLabel(check.standard)
            if !shortfalls.contains(label) { shortfalls.append(label) }
        }
        return FacilityLine(
            anchor: anchor(report.facility.id), name: report.facility.name, region: report.facility.region ?? "–",
            regionName: report.facility.region,
            population: number(.population), capacity: number(.designCapacity),
            occupancy: occupancy?.value.map(Formatting.occupancy) ?? (occupancy?.hasDisputedInput == true ? words.status(.disputed) : "–"),
            conditions: conditions.isEmpty ? "–" : conditions.joined(separator: ", "),
            shortfalls: shortfalls.isEmpty ? "–" : shortfalls.joined(separator: ", "),
            notes: Formatting.citation(model.footnotes(report.summarySourceIds)))
    }

    static func section(
        _ report: FacilityReport, model: ReportModel, several: Bool, countries: inout CountryNames.Memo,
        words: Words = Words()
    ) -> FacilitySection {
        let figures = report.figures
        var rows: [KeyFigure] = []
        func add(_ attribute: Attribute) {
            guard let figure = figures.latest[attribute] else {
                rows.append(
                    KeyFigure(
                        label: words.attribute(attribute), value: words.text("no_evidence_yet", english: "no evidence yet"),
                        asOf: "–", status: "–", notes: nil,
                        disputed: false))
                return
            }
            let value: String
            if let single = figure.value {
                value = words.value(single, attribute: attribute)
            } else {
                value = words.status(.disputed) + ": " + figure.facts.map { fact in
                    words.value(fact.value, attribute: attribute) + " "
                        + Formatting.footnotes(model.footnotes(fact.sourceIds))
                }.joined(separator: " vs ")
            }
            let statuses = Array(Set(figure.facts.map(\.status))).map(words.status).sorted().joined(separator: ", ")
            rows.append(
                KeyFigure(
                    label: words.attribute(attribute), value: value, asOf: figure.asOf.description, status: statuses,
                    notes: Formatting.citation(model.footnotes(figure.sourceIds)), disputed: figure.isDisputed))
        }
        add(.designCapacity)
        add(.population)
        rows.append(derivedRow(.occupancy, figures: figures, model: model, words: words))
        for attribute in [Attribute.sanitation, .potableWater, .temperatureControl] { add(attribute) }
        for attribute in Attribute.allCases where !keyAttributes.contains(attribute) && figures.latest[attribute] != nil {
            add(attribute)
        }
        for kind in [DerivedFigure.Kind.spacePerPerson, .peoplePerToilet] where figures.derived[kind]?.value != nil {
            rows.append(derivedRow(kind, figures: figures, model: model, words: words))
        }
        let allChecks = report.checks.map { check(for: $0, model: model, words: words, figures: figures) }
        let lacking = several ? report.checks.filter { $0.outcome == .notEnoughEvidence } : []
        let checks = several ? zip(report.checks, allChecks).filter { $0.0.outcome != .notEnoughEvidence }.map(\.1) : allChecks
        let quotes = Attribute.allCases.flatMap { attribute -> [Quote] in
            (figures.latest[attribute]?.facts ?? []).compactMap { fact in
                guard let quote = fact.quote, !quote.isEmpty else { return nil }
                let language = fact.sourceIds.lazy.compactMap { model.source($0)?.language }.first
                let other = words.otherLanguage(language)
                return Quote(
                    label: words.attribute(attribute), text: quote, notes: Formatting.citation(model.footnotes(fact.sourceIds)),
                    otherLanguage: other, languageName: other.map(words.languageName))
            }
        }
        var seenQuotes = Set<String>()
        let uniqueQuotes = quotes.filter { seenQuotes.insert($0.text).inserted }
        return FacilitySection(
            id: report.facility.id, anchor: several ? anchor(report.facility.id) : nil, name: report.facility.name,
            country: countries.name(report.facility.country), countryCode: report.facility.country,
            kind: words.facilityKind(report.facility.kind), region: report.facility.region, authority: report.facility.authority,
            keyFigures: rows, checks: checks, hasChecks: !checks.isEmpty,
            lackingEvidence: lacking.isEmpty ? nil : lacking.map { lackingLabel($0, model: model) }.joined(separator: "; "),
            shortfalls: checks.filter(\.fallsShort),
            hasShortfalls: checks.contains(where: \.fallsShort), quotes: uniqueQuotes, hasQuotes: !uniqueQuotes.isEmpty)
    }

    /// What a standard measures, in two or three words: "occupancy", "sanitation".
    static func shortLabel(_ standard: Standard) -> String {
        let label =
            standard.measure.flatMap(DerivedFigure.Kind.init(rawValue:))?.shortLabel
            ?? standard.condition.flatMap(Attribute.init(rawValue:))?.label ?? standard.id
        return label.lowercased()
    }

    /// A standard without evidence in the collapsed line: what it measures and its document.
    static func lackingLabel(_ check: StandardCheck, model: ReportModel) -> String {
        let document = model.standardDocuments.first { $0.id == check.standard.document }
        let provision = [document?.shortName, check.standard.provision].compactMap { $0 }.joined(separator: ", ")
        return "\(shortLabel(check.standard)) (\(provision))"
    }

    static func derivedRow(
        _ kind: DerivedFigure.Kind, figures: FacilityFigures, model: ReportModel, words: Words = Words()
    ) -> KeyFigure {
        let derivedStatus = words.text("status_derived", english: "derived")
        let derived = figures.derived[kind]
        let notes = Formatting.citation(model.footnotes(derived?.sourceIds ?? []))
        let asOf = derived?.inputs.map(\.asOf).max()?.description ?? "–"
        guard let derived, let value = derived.value else {
            return KeyFigure(
                label: words.figure(kind), value: derived.flatMap(words.note(for:)) ?? words.outcome(.notEnoughEvidence), asOf: asOf,
                status: derivedStatus,
                notes: notes, disputed: derived?.hasDisputedInput ?? false)
        }
        return KeyFigure(
            label: words.figure(kind), value: words.derived(kind, value), asOf: asOf, status: derivedStatus,
            notes: notes,
            disputed: false)
    }

    static func check(
        for check: StandardCheck, model: ReportModel, words: Words = Words(), figures: FacilityFigures? = nil
    ) -> Check {
        let standard = check.standard
        let document = model.standardDocuments.first { $0.id == standard.document }
        let detail: String
        switch check.outcome {
        case .fallsShort, .meets:
            if let level = check.level, let key = standard.condition, let attribute = Attribute(rawValue: key) {
                detail = words.format(
                    "reported_level", english: "\(attribute.label) reported \(level.rawValue)",
                    ["attribute": words.attribute(attribute), "level": words.level(level)])
            } else if let actual = check.actual, let key = standard.measure, let kind = DerivedFigure.Kind(rawValue: key),
                words.language != Catalogue.referenceLanguage
            {
                detail = words.measureDetail(check, kind: kind, actual: actual)
            } else if let actual = check.actual, let key = standard.measure, let kind = DerivedFigure.Kind(rawValue: key) {
                let limit = standard.minimum.map { "a minimum of \(Formatting.derived(kind, $0))" }
                    ?? standard.maximum.map { "a maximum of \(Formatting.derived(kind, $0))" } ?? ""
                let gap = check.shortfall.map { shortfall in
                    if kind == .occupancy {
                        return " (\(Formatting.pointsOver(shortfall * 100)) over)"
                    }
                    return standard.minimum != nil
                        ? " (short by \(Formatting.derived(kind, shortfall)))"
                        : " (\(Formatting.derived(kind, shortfall)) over)"
                } ?? ""
                detail = "\(kind.shortLabel) \(Formatting.derived(kind, actual)) against \(limit)" + (check.outcome == .fallsShort ? gap : "")
            } else {
                detail = ""
            }
        case .disputed, .notEnoughEvidence:
            detail = words.note(for: check, figures: figures) ?? ""
        }
        return Check(
            outcome: words.outcome(check.outcome), fallsShort: check.outcome == .fallsShort, standard: words.summary(standard),
            source: [document.map(words.document)?.shortName, words.provision(standard)].compactMap { $0 }
                .joined(separator: ", "),
            detail: detail, notes: Formatting.citation(model.footnotes(check.facts.flatMap(\.sourceIds))))
    }

    static func changes(_ digest: ChangeDigest) -> Changes {
        var lines: [ChangeLine] = []
        for fact in digest.addedFacts {
            lines.append(ChangeLine(text: "Added: \(fact.facilityId) \(fact.attribute.label.lowercased()) \(Formatting.value(fact.value, attribute: fact.attribute)) as of \(fact.asOf)"))
        }
        for fact in digest.supersededFacts {
            lines.append(ChangeLine(text: "Corrected: \(fact.facilityId) \(fact.attribute.label.lowercased()) \(Formatting.value(fact.value, attribute: fact.attribute)) as of \(fact.asOf) was superseded"))
        }
        for fact in digest.retractedFacts {
            lines.append(ChangeLine(text: "Retracted: \(fact.facilityId) \(fact.attribute.label.lowercased()) \(Formatting.value(fact.value, attribute: fact.attribute)) as of \(fact.asOf)" + (fact.retraction.map { " (\($0.reason))" } ?? "")))
        }
        for change in digest.changedFigures {
            lines.append(ChangeLine(text: "Changed: \(change.facilityId) \(change.attribute.label.lowercased()) from \(change.before ?? "no value") to \(change.after ?? "no value")"))
        }
        for source in digest.addedSources {
            lines.append(ChangeLine(text: "New source: \(source.publisher), \(source.title)"))
        }
        for event in digest.addedEvents {
            lines.append(ChangeLine(text: "New event: \(event.date) \(event.title)"))
        }
        var newlyShort: [ChangeLine] = []
        var order: [String] = []
        var standardsByFacility: [String: (name: String, labels: [String])] = [:]
        for change in digest.newlyFallingShort {
            if standardsByFacility[change.facilityId] == nil { order.append(change.facilityId) }
            var entry = standardsByFacility[change.facilityId] ?? (change.facilityName, [])
            let label = shortLabel(change.standard)
            if !entry.labels.contains(label) { entry.labels.append(label) }
            standardsByFacility[change.facilityId] = entry
        }
        for id in order {
            guard let entry = standardsByFacility[id] else { continue }
            newlyShort.append(ChangeLine(text: "\(entry.name): \(entry.labels.joined(separator: ", "))"))
        }
        return Changes(
            first: digest.since == nil, since: digest.since ?? "", none: lines.isEmpty && digest.since != nil,
            summary: lines.isEmpty ? nil : changeSummary(digest, newlyShortFacilities: order.count),
            newlyShort: newlyShort, hasNewlyShort: !newlyShort.isEmpty, lines: lines)
    }

    /// "3 facts added, 1 corrected, 1 retracted; 2 figures changed at 1 facility; …".
    static func changeSummary(_ digest: ChangeDigest, newlyShortFacilities: Int) -> String {
        func count(_ value: Int, _ one: String, _ many: String) -> String {
            "\(Formatting.grouped(Int64(value))) \(value == 1 ? one : many)"
        }
        let facilities = Set(digest.changedFigures.map(\.facilityId)).count
        return [
            "\(count(digest.addedFacts.count, "fact", "facts")) added, \(digest.supersededFacts.count) corrected, "
                + "\(digest.retractedFacts.count) retracted",
            "\(count(digest.changedFigures.count, "figure", "figures")) changed at \(count(facilities, "facility", "facilities"))",
            "\(count(newlyShortFacilities, "facility", "facilities")) newly falling short of a standard",
            "\(count(digest.addedSources.count, "new source", "new sources")), \(count(digest.addedEvents.count, "new event", "new events"))",
        ].joined(separator: "; ") + "."
    }
}
