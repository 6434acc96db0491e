/// How a cell looks. Each style is one libxlsxwriter format, created once per workbook.
public enum XLSXStyle: Sendable, CaseIterable {
    /// No formatting: Excel's default for the value's type.
    case plain
    /// Bold text, used for header rows.
    case header
    /// A calendar date shown as `yyyy-mm-dd`.
    case date
    /// A ratio shown as a percentage with one decimal (`0.0%`): 1.25 shows as 125.0%.
    case percent
    /// A whole number with thousands separators (`#,##0`).
    case integer
    /// A number with thousands separators and two decimals (`#,##0.00`).
    case decimal

    /// The libxlsxwriter number format, if the style has one.
    var numberFormat: String? {
        switch self {
        case .plain, .header: return nil
        case .date: return "yyyy-mm-dd"
        case .percent: return "0.0%"
        case .integer: return "#,##0"
        case .decimal: return "#,##0.00"
        }
    }
}
