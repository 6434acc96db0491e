import ArgumentParser
import RightsBriefCore
import RightsBriefImport
import RightsBriefReports

// Options with a fixed set of values take the domain's own enums, so that help and shell
// completions list the values and ArgumentParser refuses anything else as a usage error.

extension Audience: ExpressibleByArgument {}
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

/// The languages a briefing can be written in (`--language`): one per catalogue in
/// `templates/locales/`.
enum BriefingLanguage: String, CaseIterable, ExpressibleByArgument {
    case en, es
}
