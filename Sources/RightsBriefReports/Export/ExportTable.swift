import RightsBriefCore

/// One typed cell of an exported table.
///
/// CSV writes every kind as text (numbers unneutralised, text neutralised against formulas);
/// XLSX writes numbers as numeric cells, dates as date cells, URLs as hyperlinks and text as
/// strings, never formulas.
public enum ExportCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case date(Day)
    case url(String)
    case empty

    /// A text cell, or empty for `nil`.
    static func optional(_ text: String?) -> ExportCell {
        text.map { .text($0) } ?? .empty
    }
}

/// A column of an exported table: its header and a width hint for spreadsheets.
public struct ExportColumn: Sendable, Equatable {
    public var name: String
    public var width: Double

    public init(_ name: String, width: Double = 14) {
        self.name = name
        self.width = width
    }
}

/// One table of an export (facilities, facts, sources, events, summary): header and rows.
///
/// Rows are produced on demand, in a fixed order, so a writer can stream them.
public struct ExportTable: Sendable {
    /// The table's name, used for the CSV file name and the sheet name.
    public var name: String
    public var sheetName: String
    public var columns: [ExportColumn]
    public var rowCount: Int
    let row: @Sendable (Int) -> [ExportCell]

    public init(name: String, sheetName: String, columns: [ExportColumn], rowCount: Int, row: @escaping @Sendable (Int) -> [ExportCell]) {
        self.name = name
        self.sheetName = sheetName
        self.columns = columns
        self.rowCount = rowCount
        self.row = row
    }

    /// Calls `body` with each row in order.
    public func forEachRow(_ body: ([ExportCell]) throws -> Void) rethrows {
        for index in 0..<rowCount { try body(row(index)) }
    }
}
