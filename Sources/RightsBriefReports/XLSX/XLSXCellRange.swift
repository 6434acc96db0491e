/// A run of cells in one column of a worksheet, such as the values a chart plots.
///
/// Rows and columns are zero-based: row 0 is the first row (usually the header).
public struct XLSXCellRange: Sendable, Equatable {
    /// The name of the worksheet holding the cells.
    public var sheetName: String
    /// The zero-based column.
    public var column: Int
    /// The zero-based rows, first to last.
    public var rows: ClosedRange<Int>

    /// Creates a range in the worksheet named `sheetName`.
    ///
    /// - Parameters:
    ///   - sheetName: The exact name of the worksheet (see ``XLSXWorksheet/name``).
    ///   - column: The zero-based column.
    ///   - rows: The zero-based rows.
    public init(sheetName: String, column: Int, rows: ClosedRange<Int>) {
        self.sheetName = sheetName
        self.column = column
        self.rows = rows
    }

    /// Creates a range in `sheet`.
    ///
    /// - Parameters:
    ///   - sheet: The worksheet holding the cells.
    ///   - column: The zero-based column.
    ///   - rows: The zero-based rows.
    public init(sheet: XLSXWorksheet, column: Int, rows: ClosedRange<Int>) {
        self.init(sheetName: sheet.name, column: column, rows: rows)
    }
}
