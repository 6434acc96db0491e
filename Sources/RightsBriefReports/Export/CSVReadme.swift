import RightsBriefCore
import RightsBriefStore

/// The `README.txt` of a CSV export in a language other than English.
///
/// CSV column names and values stay English in every language, so that scripts and
/// spreadsheets that read them do not depend on the language (the README of the project says
/// so); the README explains them in the export's language: what was exported, the format, what
/// each file holds, what each column means and what the English values mean. Plain text, no
/// markup; its words come from the catalogue (`readme_…`, `header_…`, `sheet_…` and the level,
/// status, kind and audience keys).
enum CSVReadme {
    static let fileName = "README.txt"

    /// The columns of each table, in export order (the tables' own column lists).
    static let tables: [(name: String, columns: [String])] = [
        ("overview", ExportTables.overviewColumns.map(\.name)),
        ("summary", ExportTables.summaryColumns.map(\.name)),
        ("facilities", ExportTables.facilityColumns.map(\.name)),
        ("facts", ExportTables.factColumns.map(\.name)),
        ("sources", ExportTables.sourceColumns.map(\.name)),
        ("events", ExportTables.eventColumns.map(\.name)),
    ]

    static func text(about: ExportAbout, words: Words) -> String {
        func t(_ key: String) -> String { words.text(key, english: key) }
        var lines: [String] = [
            t("readme_heading"), "",
            about.title,
            "\(t("about_selection")): \(about.selection)",
            "\(t("about_audience")): \(words.audience(about.audience))",
            "\(t("about_as_of")): \(words.date(about.asOf))",
            "", t("readme_intro"), "", t("readme_format"), "", t("about_note_redaction"),
        ]
        for table in tables {
            lines += ["", "\(table.name).csv — \(t("sheet_" + table.name)): \(t("readme_file_" + table.name))"]
            lines += table.columns.map { "  \($0): \(t("header_" + $0))" }
        }
        lines += ["", t("readme_values")]
        func values(_ pairs: [(String, String)]) -> String {
            pairs.map { "\($0.0) = \($0.1)" }.joined(separator: "; ")
        }
        lines.append("  attribute: " + values(Attribute.allCases.map { ($0.rawValue, words.attribute($0)) }))
        lines.append("  status: " + values(FactStatus.allCases.map { ($0.rawValue, words.status($0)) }))
        lines.append("  sanitation, potable_water, temperature_control, ventilation, value: "
            + values(ConditionLevel.allCases.map { ($0.rawValue, words.level($0)) }))
        lines.append("  kind (facilities.csv): " + values(FacilityKind.allCases.map { ($0.rawValue, words.facilityKind($0)) }))
        lines.append("  sensitivity: " + values(Sensitivity.allCases.map { ($0.rawValue, t("sensitivity_" + $0.rawValue)) }))
        lines.append("  yes, no: \(t("readme_yes_no"))")
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
