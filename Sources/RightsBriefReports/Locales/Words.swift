import Foundation
import RightsBriefCore

/// The words Swift code puts into a briefing (figure names, condition levels, statuses,
/// findings, dates), in the language of a ``Catalogue``.
///
/// Without a catalogue (a templates folder without `locales/`) every word is the English one
/// from `RightsBriefCore`. With one, the key is always there: `en.yml` has every key
/// (`CatalogueTests` checks, with English values equal to the Core's words), and every other
/// catalogue has exactly the keys of `en.yml`.
struct Words: Sendable {
    let language: String
    private let catalogue: Catalogue?

    init(_ catalogue: Catalogue? = nil) {
        self.catalogue = catalogue
        language = catalogue?.language ?? Catalogue.referenceLanguage
    }

    /// The message `key`, or `english` without a catalogue.
    func text(_ key: String, english: String) -> String {
        guard let catalogue else { return english }
        return (try? catalogue.text(key)) ?? english
    }

    func attribute(_ attribute: Attribute) -> String {
        text(Self.key("attribute", attribute.rawValue), english: attribute.label)
    }

    func figure(_ kind: DerivedFigure.Kind) -> String {
        text(Self.key("figure", kind.rawValue), english: kind.label)
    }

    func facilityKind(_ kind: FacilityKind) -> String {
        text(Self.key("kind", kind.rawValue), english: kind.rawValue)
    }

    func audience(_ audience: Audience) -> String {
        text(Self.key("audience", audience.rawValue), english: audience.rawValue)
    }

    func status(_ status: FactStatus) -> String {
        text(Self.key("status", status.rawValue), english: status.rawValue)
    }

    func level(_ level: ConditionLevel) -> String {
        text(Self.key("level", level.rawValue), english: level.rawValue)
    }

    func outcome(_ outcome: StandardCheck.Outcome) -> String {
        text(Self.key("outcome", outcome.rawValue), english: outcome.rawValue)
    }

    /// A day written out in the language: `1 March 2025`, `1 de marzo de 2025`.
    func date(_ day: Day) -> String {
        LocaleFormatting.longDate(day, language: language)
    }

    /// `attribute_design_capacity`, `kind_immigration_detention`, `outcome_falls_short`.
    static func key(_ prefix: String, _ raw: String) -> String {
        prefix + "_" + raw.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    }

    /// The message `key` with `{name}` placeholders filled in; `english` (already filled in)
    /// without a catalogue.
    func format(_ key: String, english: String, _ values: [String: String]) -> String {
        guard let catalogue, let message = try? catalogue.text(key) else { return english }
        return Self.fill(message, values)
    }

    /// The plural message `key` for `count` with placeholders filled in.
    func plural(_ key: String, count: Int, english: String, _ values: [String: String]) -> String {
        // `{count}` takes the caller's formatted count when there is one ("1.204", "25").
        guard let catalogue, let message = try? catalogue.plural(key, count: count, formattedCount: values["count"])
        else { return english }
        return Self.fill(message, values)
    }

    /// Replaces each `{name}` of `message` in one pass, so a value that itself contains
    /// `{name}` (a source title, say) is never filled in again.
    static func fill(_ message: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = message[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"),
                let value = values[String(rest[rest.index(after: open)..<close])]
            else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// A count grouped the language's way: `1,204`, `1.204`.
    func count(_ value: Int) -> String {
        LocaleFormatting.grouped(Int64(value), language: language)
    }

    /// An occupancy ratio as a percentage: `125 %`, `100,4 %`.
    func occupancy(_ ratio: Double) -> String {
        derived(.occupancy, ratio)
    }

    /// A plural message with `{count}` (grouped the language's way, or `formattedCount`).
    func counted(_ key: String, _ value: Int, english: String, formattedCount: String? = nil) -> String {
        plural(key, count: value, english: english, ["count": formattedCount ?? count(value)])
    }

    /// What a standard measures, in two or three lowercase words: "occupancy", "sanitation",
    /// "ocupación".
    func shortLabel(_ standard: Standard) -> String {
        if let kind = standard.measure.flatMap(DerivedFigure.Kind.init(rawValue:)) {
            return text(Self.key("figure_short", kind.rawValue), english: kind.shortLabel).lowercased()
        }
        if let attribute = standard.condition.flatMap(Attribute.init(rawValue:)) {
            return self.attribute(attribute).lowercased()
        }
        return standard.id.lowercased()
    }

    /// The name of a figure the overview counts: an ``Attribute`` or ``DerivedFigure/Kind`` key.
    func figureName(key: String, english: String) -> String {
        if let attribute = Attribute(rawValue: key) { return self.attribute(attribute) }
        if let kind = DerivedFigure.Kind(rawValue: key) { return figure(kind) }
        return english
    }

    /// A fact value for a reader: counts grouped and measures with decimals the language's
    /// way, levels as words.
    func value(_ value: FactValue, attribute: Attribute) -> String {
        guard language != Catalogue.referenceLanguage else { return Formatting.value(value, attribute: attribute) }
        switch value {
        case .level(let level): return self.level(level)
        case .number(let amount):
            switch attribute.kind {
            case .count: return LocaleFormatting.grouped(Int64(amount), language: language)
            case .measure:
                let unit =
                    attribute == .floorAreaM2
                    ? " m²" : attribute == .waterLitresPerPersonDay ? " " + text("unit_litres", english: "litres") : ""
                return LocaleFormatting.number(amount, decimals: 1, language: language) + unit
            case .condition: return Formatting.value(value, attribute: attribute)
            }
        }
    }

    /// A derived figure for a reader: `125 %`, `3,4 m²`.
    func derived(_ kind: DerivedFigure.Kind, _ value: Double) -> String {
        guard language != Catalogue.referenceLanguage else { return Formatting.derived(kind, value) }
        switch kind {
        case .occupancy:
            // As many decimals (up to 3) as keep the figure on the same side of 100 %.
            let points = value * 100
            var decimals = 3
            for places in 0...3 {
                var scale = 1.0
                for _ in 0..<places { scale *= 10 }
                if ((points * scale).rounded() / scale > 100) == (points > 100) {
                    decimals = places
                    break
                }
            }
            return LocaleFormatting.number(points, decimals: decimals, language: language) + " %"
        case .spacePerPerson: return LocaleFormatting.number(value, decimals: 2, language: language) + " m²"
        case .peoplePerToilet: return LocaleFormatting.number(value, decimals: 1, language: language)
        }
    }

    /// Why a derived figure has no value, in the language (``DerivedFigure/note`` in English).
    func note(for derived: DerivedFigure) -> String? {
        guard derived.value == nil, catalogue != nil, let english = derived.note else { return derived.note }
        let (numerator, denominator): (Attribute, Attribute) =
            switch derived.kind {
            case .occupancy: (.population, .designCapacity)
            case .spacePerPerson: (.floorAreaM2, .population)
            case .peoplePerToilet: (.population, .toilets)
            }
        let present = Set(derived.inputs.map(\.attribute))
        let missing = [numerator, denominator].filter { !present.contains($0) }
        if !missing.isEmpty {
            let names = missing.map { attribute($0).lowercased() }.joined(separator: " " + text("or", english: "or") + " ")
            return format("note_no_figure", english: english, ["names": names])
        }
        let disputed = derived.inputs.filter(\.isDisputed).map { attribute($0.attribute).lowercased() }
        if !disputed.isEmpty {
            let names = disputed.joined(separator: " " + text("and", english: "and") + " ")
            return plural("note_not_computed_disputed", count: disputed.count, english: english, ["names": names])
        }
        return text("note_divisor_zero", english: english)
    }

    /// Why a standard could not be checked, in the language (``StandardCheck/note`` in English).
    func note(for check: StandardCheck, figures: FacilityFigures?) -> String? {
        guard catalogue != nil, let english = check.note else { return check.note }
        let standard = check.standard
        if let requires = requires(standard) {
            return format("note_requires", english: english, ["requires": requires])
        }
        if let key = standard.condition, let attribute = Attribute(rawValue: key) {
            let name = self.attribute(attribute).lowercased()
            if check.facts.isEmpty { return format("note_no_fact", english: english, ["attribute": name]) }
            if check.outcome == .disputed {
                return format("note_sources_disagree", english: english, ["attribute": name])
            }
            return format("note_level_unknown", english: english, ["attribute": name])
        }
        if let key = standard.measure, let kind = DerivedFigure.Kind(rawValue: key),
            let derived = figures?.derived[kind]
        {
            return note(for: derived) ?? english
        }
        return english
    }

    /// Names joined for a sentence in the language: "A", "A and B", "A, B and C".
    func list(_ names: [String]) -> String {
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " " + text("and", english: "and") + " " + last
    }

    /// The title made from the selection: "Briefing: NAME", "Briefing: places of detention in
    /// El Salvador", "Briefing: places of detention".
    func title(_ model: ReportModel) -> String {
        title(names: model.facilities.map(\.facility.name), selection: model.selection, english: model.title)
    }

    /// The title made from the names of the selected facilities and the selection; `english`
    /// without a catalogue.
    func title(names: [String], selection: ReportSelectionSummary, english: String) -> String {
        guard catalogue != nil else { return english }
        if names.count == 1, let only = names.first {
            return format("title_facility", english: english, ["name": only])
        }
        let countries = selection.countries
        if !countries.isEmpty, selection.facilityIds.isEmpty {
            let names = list(countries.map { CountryNames.name($0, language: language) })
            return format("title_countries", english: english, ["countries": names])
        }
        return text("title_all", english: english)
    }

    /// How the facilities were chosen: "facility cecot", "El Salvador (SV)", "all facilities".
    func selection(_ selection: ReportSelectionSummary) -> String {
        guard catalogue != nil else { return selection.description }
        var parts: [String] = []
        if !selection.facilityIds.isEmpty {
            parts.append(
                plural(
                    "selection_facilities", count: selection.facilityIds.count, english: selection.description,
                    ["ids": selection.facilityIds.joined(separator: ", ")]))
        }
        if !selection.countries.isEmpty {
            parts.append(list(selection.countries.map { code in
                let name = CountryNames.name(code, language: language)
                return name == code ? code : "\(name) (\(code))"
            }))
        }
        guard !parts.isEmpty else { return text("selection_all", english: selection.description) }
        return parts.joined(separator: " " + text("and", english: "and") + " ")
    }

    /// A text of `data/standards.json` in the language: the file's own text in English, the
    /// catalogue's `std_<id>_<field>` or `doc_<id>_<field>` otherwise (and the file's text for
    /// a standard the catalogue does not know, such as one a user added).
    func standardsText(_ key: String, english: String) -> String {
        language == Catalogue.referenceLanguage ? english : text(key, english: english)
    }

    func summary(_ standard: Standard) -> String {
        standardsText(Self.key("std", standard.id) + "_summary", english: standard.summary)
    }

    func provision(_ standard: Standard) -> String {
        standardsText(Self.key("std", standard.id) + "_provision", english: standard.provision)
    }

    func requires(_ standard: Standard) -> String? {
        standard.requires.map { standardsText(Self.key("std", standard.id) + "_requires", english: $0) }
    }

    func document(_ document: StandardDocument) -> StandardDocument {
        var out = document
        let prefix = Self.key("doc", document.id)
        out.title = standardsText(prefix + "_title", english: document.title)
        out.shortName = standardsText(prefix + "_shortname", english: document.shortName)
        out.reference = standardsText(prefix + "_reference", english: document.reference)
        out.publisher = standardsText(prefix + "_publisher", english: document.publisher)
        return out
    }

    /// `code` when it is a well-formed language code whose language differs from the
    /// briefing's (`en-GB` in an English briefing is the same language); `nil` otherwise.
    func otherLanguage(_ code: String?) -> String? {
        guard let code, code.range(of: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", options: .regularExpression) != nil
        else { return nil }
        let primary = code.split(separator: "-").first.map { $0.lowercased() } ?? code.lowercased()
        return primary == language ? nil : code
    }

    /// "in Spanish", "en inglés": a language's name in the briefing's language.
    func languageName(_ code: String) -> String {
        let primary = code.split(separator: "-").first.map(String.init) ?? code
        let name = Locale(identifier: language).localizedString(forLanguageCode: primary.lowercased()) ?? code
        return format("quote_language", english: "in \(name)", ["language": name])
    }

    /// "Ocupación: 125 %, frente a un máximo de 100 % (25 puntos porcentuales por encima)": a
    /// measured figure against its limit, in a language other than English (English keeps
    /// the sentence ``ReportContext`` has always written).
    func measureDetail(_ check: StandardCheck, kind: DerivedFigure.Kind, actual: Double) -> String {
        let standard = check.standard
        let limit =
            standard.minimum.map { format("limit_minimum", english: "", ["value": derived(kind, $0)]) }
            ?? standard.maximum.map { format("limit_maximum", english: "", ["value": derived(kind, $0)]) } ?? ""
        var text = format(
            "measure_detail", english: "",
            ["figure": self.text(Self.key("figure_short", kind.rawValue), english: kind.shortLabel),
             "actual": derived(kind, actual), "limit": limit])
        if check.outcome == .fallsShort, let shortfall = check.shortfall {
            let gap: String
            if kind == .occupancy {
                let points = LocaleFormatting.number(shortfall * 100, decimals: 1, language: language)
                gap = plural("gap_points", count: points == "1" ? 1 : 2, english: "", ["count": points])
            } else if standard.minimum != nil {
                gap = format("gap_short", english: "", ["value": derived(kind, shortfall)])
            } else {
                gap = format("gap_over", english: "", ["value": derived(kind, shortfall)])
            }
            text += " (" + gap + ")"
        }
        return text
    }
}
