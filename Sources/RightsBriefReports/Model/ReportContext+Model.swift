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
        language = words.language
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
        overview = model.overview.map { Self.overview($0, model: model, linked: full, words: words) }
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
        changes = model.changes.map { Self.changes($0, words: words) }
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
            let name = words.attribute(attribute).lowercased()
            let level = figure.value?.level.map(words.level) ?? words.status(.disputed)
            return words.format("condition_level", english: "\(name) \(level)", ["attribute": name, "level": level])
        }
        var shortfalls: [String] = []
        for check in report.checks where check.outcome == .fallsShort {
            let label = words.shortLabel(check.standard)
            if !shortfalls.contains(label) { shortfalls.append(label) }
        }
        return FacilityLine(
            anchor: anchor(report.facility.id), name: report.facility.name, region: report.facility.region ?? "–",
            regionName: report.facility.region,
            population: number(.population), capacity: number(.designCapacity),
            occupancy: occupancy?.value.map(words.occupancy) ?? (occupancy?.hasDisputedInput == true ? words.status(.disputed) : "–"),
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
                }.joined(separator: " " + words.text("versus", english: "vs") + " ")
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
            lackingEvidence: lacking.isEmpty ? nil : lacking.map { lackingLabel($0, model: model, words: words) }.joined(separator: "; "),
            shortfalls: checks.filter(\.fallsShort),
            hasShortfalls: checks.contains(where: \.fallsShort), quotes: uniqueQuotes, hasQuotes: !uniqueQuotes.isEmpty)
    }

    /// A standard without evidence in the collapsed line: what it measures and its document.
    static func lackingLabel(_ check: StandardCheck, model: ReportModel, words: Words = Words()) -> String {
        let document = model.standardDocuments.first { $0.id == check.standard.document }.map(words.document)
        let provision = [document?.shortName, words.provision(check.standard)].compactMap { $0 }
            .joined(separator: ", ")
        return "\(words.shortLabel(check.standard)) (\(provision))"
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

    /// The change digest in the language of `words`.
    static func changes(_ digest: ChangeDigest, words: Words = Words()) -> Changes {
        func facts(_ key: String, _ fact: Fact, english: String, extra: [String: String] = [:]) -> ChangeLine {
            let values = [
                "facility": fact.facilityId, "attribute": words.attribute(fact.attribute).lowercased(),
                "value": words.value(fact.value, attribute: fact.attribute), "date": fact.asOf.description,
            ].merging(extra) { $1 }
            return ChangeLine(text: words.format(key, english: english, values))
        }
        var lines: [ChangeLine] = []
        for fact in digest.addedFacts {
            lines.append(facts("change_added", fact, english: "Added: \(fact.facilityId) \(fact.attribute.label.lowercased()) \(Formatting.value(fact.value, attribute: fact.attribute)) as of \(fact.asOf)"))
        }
        for fact in digest.supersededFacts {
            lines.append(facts("change_corrected", fact, english: "Corrected: \(fact.facilityId) \(fact.attribute.label.lowercased()) \(Formatting.value(fact.value, attribute: fact.attribute)) as of \(fact.asOf) was superseded"))
        }
        for fact in digest.retractedFacts {
            var line = facts("change_retracted", fact, english: "Retracted: \(fact.facilityId) \(fact.attribute.label.lowercased()) \(Formatting.value(fact.value, attribute: fact.attribute)) as of \(fact.asOf)")
            if let retraction = fact.retraction { line.text += " (\(retraction.reason))" }
            lines.append(line)
        }
        func describe(_ figure: Figure?) -> String {
            guard let figure else { return words.text("change_no_value", english: "no value") }
            let values = figure.values.map { words.value($0, attribute: figure.attribute) }
            let text =
                figure.isDisputed
                ? words.format(
                    "change_disputed", english: "disputed (\(values.joined(separator: " vs ")))",
                    ["values": values.joined(separator: " " + words.text("versus", english: "vs") + " ")])
                : values.joined()
            return words.format(
                "change_figure_as_of", english: "\(text) as of \(figure.asOf)",
                ["value": text, "date": figure.asOf.description])
        }
        for change in digest.changedFigures {
            let before = describe(change.before)
            let after = describe(change.after)
            lines.append(ChangeLine(text: words.format(
                "change_changed",
                english: "Changed: \(change.facilityId) \(change.attribute.label.lowercased()) from \(before) to \(after)",
                ["facility": change.facilityId, "attribute": words.attribute(change.attribute).lowercased(),
                 "before": before, "after": after])))
        }
        for source in digest.addedSources {
            lines.append(ChangeLine(text: words.format(
                "change_new_source", english: "New source: \(source.publisher), \(source.title)",
                ["publisher": source.publisher, "title": source.title])))
        }
        for event in digest.addedEvents {
            lines.append(ChangeLine(text: words.format(
                "change_new_event", english: "New event: \(event.date) \(event.title)",
                ["date": event.date.description, "title": event.title])))
        }
        var newlyShort: [ChangeLine] = []
        var order: [String] = []
        var standardsByFacility: [String: (name: String, labels: [String])] = [:]
        for change in digest.newlyFallingShort {
            if standardsByFacility[change.facilityId] == nil { order.append(change.facilityId) }
            var entry = standardsByFacility[change.facilityId] ?? (change.facilityName, [])
            let label = words.shortLabel(change.standard)
            if !entry.labels.contains(label) { entry.labels.append(label) }
            standardsByFacility[change.facilityId] = entry
        }
        for id in order {
            guard let entry = standardsByFacility[id] else { continue }
            newlyShort.append(ChangeLine(text: "\(entry.name): \(entry.labels.joined(separator: ", "))"))
        }
        return Changes(
            first: digest.since == nil, since: digest.since ?? "", none: lines.isEmpty && digest.since != nil,
            summary: lines.isEmpty ? nil : changeSummary(digest, newlyShortFacilities: order.count, words: words),
            newlyShort: newlyShort, hasNewlyShort: !newlyShort.isEmpty, lines: lines)
    }

    /// "3 facts added, 1 corrected, 1 retracted; 2 figures changed at 1 facility; …".
    static func changeSummary(_ digest: ChangeDigest, newlyShortFacilities: Int, words: Words = Words()) -> String {
        func count(_ value: Int, _ key: String, _ one: String, _ many: String) -> String {
            words.counted(key, value, english: "\(Formatting.grouped(Int64(value))) \(value == 1 ? one : many)")
        }
        // English has always printed these two counts ungrouped.
        func plain(_ value: Int, _ key: String) -> String {
            words.counted(
                key, value, english: "\(value) \(key == "changes_corrected" ? "corrected" : "retracted")",
                formattedCount: words.language == Catalogue.referenceLanguage ? String(value) : nil)
        }
        let facilities = Set(digest.changedFigures.map(\.facilityId)).count
        return [
            "\(count(digest.addedFacts.count, "changes_facts_added", "fact added", "facts added")), "
                + "\(plain(digest.supersededFacts.count, "changes_corrected")), "
                + "\(plain(digest.retractedFacts.count, "changes_retracted"))",
            "\(count(digest.changedFigures.count, "changes_figures_changed", "figure changed", "figures changed")) "
                + words.counted(
                    "changes_at_facilities", facilities,
                    english: "at \(Formatting.grouped(Int64(facilities))) \(facilities == 1 ? "facility" : "facilities")"),
            count(newlyShortFacilities, "changes_newly_short", "facility newly falling short of a standard", "facilities newly falling short of a standard"),
            "\(count(digest.addedSources.count, "changes_new_sources", "new source", "new sources")), \(count(digest.addedEvents.count, "changes_new_events", "new event", "new events"))",
        ].joined(separator: "; ") + "."
    }
}
