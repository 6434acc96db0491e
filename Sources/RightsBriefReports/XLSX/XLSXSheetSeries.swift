/// A table that continues on new worksheets when one is full: `Facts`, `Facts (2)`, `Facts (3)`…
///
/// Each worksheet starts with the same header row (bold, frozen, with filters if asked) and
/// carries the same conditional formats, so a million-plus-row export reads like one table.
///
/// ```swift
/// let facts = try workbook.addSheetSeries(named: "Facts", columns: columns)
/// for fact in rows {
///     let sheet = try facts.beginRow()
///     try sheet.write(string: fact.id)
///     try sheet.write(number: fact.value)
/// }
/// ```
public final class XLSXSheetSeries {
    /// The worksheets so far, in order; the last one receives new rows.
    public private(set) var sheets: [XLSXWorksheet]
    /// The header written at the top of each worksheet.
    public let columns: [XLSXColumn]
    /// How many data rows (header rows not counted) have been begun across all worksheets.
    public private(set) var dataRowCount = 0

    private let state: XLSXWorkbookState
    private let baseName: String
    private let autofilter: Bool
    private var current: XLSXWorksheet

    init(
        state: XLSXWorkbookState,
        baseName: String,
        columns: [XLSXColumn],
        autofilter: Bool
    ) throws {
        self.state = state
        self.baseName = baseName
        self.columns = columns
        self.autofilter = autofilter
        let first = try state.addWorksheet(base: baseName, number: nil)
        try first.writeHeader(columns, autofilter: autofilter)
        self.current = first
        self.sheets = [first]
    }

    /// Opens the next data row, on a new worksheet if the current one is full.
    ///
    /// - Returns: The worksheet to write the row's cells to.
    /// - Throws: ``XLSXError/workbookClosed(path:)``, or a library error when the next
    ///   worksheet cannot be added.
    @discardableResult
    public func beginRow() throws -> XLSXWorksheet {
        if current.isFull { try continueOnNewSheet() }
        try current.beginRow()
        dataRowCount += 1
        return current
    }

    /// Fills the cells of `column` greater than `threshold` on every worksheet of the series,
    /// present and future (see ``XLSXWorksheet/highlightCells(inColumn:greaterThan:fillColor:)``).
    ///
    /// - Parameters:
    ///   - column: The zero-based column.
    ///   - threshold: Cells greater than this are filled.
    ///   - fillColor: The fill as `0xRRGGBB`.
    /// - Throws: As ``XLSXWorksheet/highlightCells(inColumn:greaterThan:fillColor:)``.
    public func highlightCells(
        inColumn column: Int,
        greaterThan threshold: Double,
        fillColor: UInt32 = 0xFFC7CE
    ) throws {
        for sheet in sheets {
            try sheet.highlightCells(inColumn: column, greaterThan: threshold, fillColor: fillColor)
        }
    }

    private func continueOnNewSheet() throws {
        let next = try state.addWorksheet(base: baseName, number: sheets.count + 1)
        try next.writeHeader(columns, autofilter: autofilter)
        for highlight in current.recordedHighlights { next.record(highlight) }
        sheets.append(next)
        current = next
    }
}
