import ArgumentParser
import RightsBriefCore
import RightsBriefImport
import RightsBriefReports

// Options with a fixed set of values take the domain's own enums, so that help and shell
// completions list the values and ArgumentParser refuses anything else as a usage error.

extension Audience: ExpressibleByArgument {
    /// Only a report's audiences (`public`, `internal`): `editor` is for moving evidence
    /// between stores, never for a report.
    public init?(argument: String) {
        guard let audience = Audience(rawValue: argument), Audience.reportAudiences.contains(audience) else {
            return nil
        }
        self = audience
    }

    public static var allValueStrings: [String] { reportAudiences.map(\.rawValue) }
}
extension Sensitivity: ExpressibleByArgument {}
extension FactStatus: ExpressibleByArgument {}
extension FacilityKind: ExpressibleByArgument {}
extension SourceKind: ExpressibleByArgument {}
extension Attribute: ExpressibleByArgument {}
extension ExportTableName: ExpressibleByArgument {}

extension CSVReader.Encoding: ExpressibleByArgument {
    /// Any spelling ``CSVReader/Encoding/init(name:)`` understands (`UTF-8`, `cp1252`, …).
    public init?(argument: String) {
        self.init(name: argument)
    }
}

/// The language of a report's words (`--language`): one of ``PluralRule/languages``, each
/// with its catalogue in `templates/locales/`.
struct BriefingLanguage: ExpressibleByArgument, Equatable {
    let rawValue: String

    static let en = BriefingLanguage(rawValue: Catalogue.referenceLanguage)

    private init(rawValue: String) { self.rawValue = rawValue }

    init?(argument: String) {
        guard PluralRule.languages.contains(argument) else { return nil }
        rawValue = argument
    }

    static var allValueStrings: [String] { PluralRule.languages }

    var defaultValueDescription: String { rawValue }
}
