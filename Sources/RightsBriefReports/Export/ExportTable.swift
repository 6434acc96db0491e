import RightsBriefCore
import RightsBriefStore

/// One typed cell of an exported table.
///
/// CSV writes every kind as text (numbers unneutralised, text neutralised against formulas);
/// XLSX writes numbers as numeric cells, dates as date cells, URLs as hyperlinks and text as
/// strings, never formulas.
public enum ExportCell: Sendable, Equatable {
    case text(String)
    /// A yes/no value: `yes` or `no` in CSV, a TRUE/FALSE cell in XLSX.
    case boolean(Bool)
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

/// How to read one output column from a streamed database row, without building a `String`.
public enum RawColumn: Sendable {
    /// A whole number; NULL is an empty cell.
    case integer(Int32)
    /// Text; NULL is an empty cell.
    case text(Int32)
    /// A `YYYY-MM-DD` day.
    case date(Int32)
    /// A fact value: the number column when not NULL, else the level column as text.
    case value(number: Int32, level: Int32)
    /// 1 → yes, anything else → no (a boolean cell).
    case yesNo(Int32)
}

/// One row handed to a writer: typed cells, or a raw database row read through a plan.
public enum ExportRow {
    case cells([ExportCell])
    case raw(RawRow)
}

/// One table of an export (facilities, facts, sources, events, summary): header and rows.
///
/// Rows are produced on demand, in a fixed order, so a writer can stream them; the facts table
/// of a store export streams raw database rows (see ``RawColumn``) so a million-row export
/// needs no more memory than a small one.
public struct ExportTable {
    /// The table's name, used for the CSV file name and the sheet name.
    public var name: String
    public var sheetName: String
    public var columns: [ExportColumn]
    /// How raw rows map to columns (empty for tables of typed cells).
    public var rawPlan: [RawColumn]
    let produce: ((ExportRow) throws -> Void) throws -> Void

    public init(
        name: String, sheetName: String, columns: [ExportColumn], rawPlan: [RawColumn] = [],
        produce: @escaping ((ExportRow) throws -> Void) throws -> Void
    ) {
        self.name = name
        self.sheetName = sheetName
        self.columns = columns
        self.rawPlan = rawPlan
        self.produce = produce
    }

    /// A table over rows already in memory.
    public init(name: String, sheetName: String, columns: [ExportColumn], rowCount: Int, row: @escaping (Int) -> [ExportCell]) {
        self.init(name: name, sheetName: sheetName, columns: columns) { visit in
            for index in 0..<rowCount { try visit(.cells(row(index))) }
        }
    }

    /// Calls `body` with each row in order, raw or typed.
    public func forEachRawRow(_ body: (ExportRow) throws -> Void) throws {
        try produce(body)
    }

    /// Calls `body` with each row as typed cells (raw rows are decoded; slower, for tests and
    /// small tables).
    public func forEachRow(_ body: ([ExportCell]) throws -> Void) throws {
        try produce { row in
            switch row {
            case .cells(let cells): try body(cells)
            case .raw(let raw): try body(rawPlan.map { Self.cell($0, from: raw) })
            }
        }
    }

    /// The number of rows (runs the table once).
    public var rowCount: Int {
        var count = 0
        try? produce { _ in count += 1 }
        return count
    }

    /// Decodes one raw column as a typed cell.
    static func cell(_ column: RawColumn, from row: RawRow) -> ExportCell {
        switch column {
        case .integer(let index):
            return row.isNull(index) ? .empty : .number(Double(row.int64(index)))
        case .text(let index):
            return row.string(index).map { .text($0) } ?? .empty
        case .date(let index):
            guard let text = row.string(index) else { return .empty }
            return (try? Day(text)).map { .date($0) } ?? .text(text)
        case .value(let number, let level):
            return row.isNull(number) ? (row.string(level).map { .text($0) } ?? .empty) : .number(row.double(number))
        case .yesNo(let index):
            return .boolean(row.int64(index) == 1)
        }
    }
}
