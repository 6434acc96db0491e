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
}
