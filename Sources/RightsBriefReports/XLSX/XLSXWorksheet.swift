import RightsBriefCore
import CXLSXWriter

/// One worksheet, written row by row from the top.
///
/// Rows are written in order, which is what libxlsxwriter's constant-memory mode needs:
/// ``beginRow()`` opens the next row and each `write` call fills its next cell, left to right.
/// A write before the first ``beginRow()`` opens the first row.
///
/// Every string cell is written as a string (never a formula) after the hygiene described in
/// ``write(string:style:)``. Autofilter and conditional formats are recorded and applied over
/// the rows actually written when the workbook closes.
///
/// Obtain worksheets from ``XLSXWorkbook/addWorksheet(named:)`` or ``XLSXSheetSeries``.
public final class XLSXWorksheet {
    /// The worksheet's name as Excel shows it (sanitized and made unique).
    public let name: String
    /// The rows begun so far, header included; the current row is `rowCount - 1`.
    public private(set) var rowCount = 0
    /// How many cells of this worksheet are hyperlinks.
    public private(set) var hyperlinkCount = 0

    let state: XLSXWorkbookState
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private let formats: XLSXFormats
    private let limits: XLSXLimits
    private var row: lxw_row_t = 0
    private var column = 0
    private var headerRow: Int?
    private var headerColumns = 0
    private var autofilter = false
    private var highlights: [XLSXHighlight] = []

    init(state: XLSXWorkbookState, sheet: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.state = state
        self.sheet = sheet
        self.name = name
        self.formats = state.formats
        self.limits = state.limits
    }

    /// The zero-based column the next write fills.
    public var nextColumn: Int { column }

    /// Whether the worksheet holds as many rows as Excel allows.
    public var isFull: Bool { rowCount >= limits.rowsPerSheet }

    // MARK: - Rows

    /// Opens the next row; the following writes fill it from the first column.
    ///
    /// - Throws: ``XLSXError/worksheetFull(sheet:rows:)`` when the worksheet already holds
    ///   1,048,576 rows (use ``XLSXSheetSeries`` to continue on another sheet), or
    ///   ``XLSXError/workbookClosed(path:)``.
    public func beginRow() throws {
        _ = try state.openHandle()
        guard rowCount < limits.rowsPerSheet else {
            throw XLSXError.worksheetFull(sheet: name, rows: rowCount)
        }
        row = lxw_row_t(truncatingIfNeeded: rowCount)
        rowCount += 1
        column = 0
    }

    /// Writes a bold header row, sets the column widths and freezes the panes below it.
    ///
    /// - Parameters:
    ///   - columns: One entry per column, from the first.
    ///   - autofilter: Whether to put filter buttons on the header, covering every row written
    ///     below it by the time the workbook closes.
    /// - Throws: The errors of ``beginRow()`` and ``write(string:style:)``.
    public func writeHeader(_ columns: [XLSXColumn], autofilter: Bool = true) throws {
        try beginRow()
        for (index, entry) in columns.enumerated() {
            if let width = entry.width { try setColumnWidth(index, width: width) }
            try write(string: entry.title, style: .header)
        }
        worksheet_freeze_panes(sheet, row + 1, 0)
        headerRow = Int(row)
        headerColumns = columns.count
        self.autofilter = autofilter && !columns.isEmpty
    }

    // MARK: - Cells

    /// Writes text as a string cell, whatever it looks like (`=1+2` stays text, never a formula).
    ///
    /// Before writing, characters XML cannot hold become U+FFFD, `_xHHHH_` sequences are
    /// escaped so Excel shows them literally, and text over 32,767 UTF-16 units is cut and
    /// ends with `… [truncated: N characters]`. An empty string leaves the cell blank.
    ///
    /// - Parameters:
    ///   - string: The text.
    ///   - style: How the cell looks.
    /// - Throws: ``XLSXError/workbookClosed(path:)``,
    ///   ``XLSXError/cellOutOfRange(sheet:row:column:)`` past the last column, or a library error.
    public func write(string: String, style: XLSXStyle = .plain) throws {
        let cell = try nextCell()
        let format = formats[style]
        let status = withCellText(string) { text in
            worksheet_write_string(sheet, row, cell, text, format)
        }
        try check(status, "worksheet_write_string")
    }

    /// Writes UTF-8 text given as bytes that are followed in memory by a NUL (as SQLite's
    /// column text is), without building a `String`.
    ///
    /// The same hygiene as ``write(string:style:)`` applies; invalid UTF-8 becomes U+FFFD.
    ///
    /// - Parameter bytes: The text, NUL-terminated just past `bytes.count`.
    /// - Throws: As ``write(string:style:)``.
    public func write(utf8 bytes: UnsafeBufferPointer<UInt8>) throws {
        let cell = try nextCell()
        let format = formats[.plain]
        let status: lxw_error
        if let start = bytes.baseAddress, XLSXText.isClean(bytes), UTF8Validation.isValid(bytes) {
            status = start.withMemoryRebound(to: CChar.self, capacity: bytes.count + 1) { text in
                worksheet_write_string(sheet, row, cell, text, format)
            }
        } else {
            status = state.withRepaired(bytes) { text in worksheet_write_string(sheet, row, cell, text, format) }
        }
        try check(status, "worksheet_write_string")
    }

    /// Writes a boolean cell (Excel shows TRUE or FALSE, and filters on it).
    ///
    /// - Parameter boolean: The value.
    /// - Throws: As ``write(string:style:)``.
    public func write(boolean: Bool) throws {
        let cell = try nextCell()
        try check(worksheet_write_boolean(sheet, row, cell, boolean ? 1 : 0, formats[.plain]), "worksheet_write_boolean")
    }

    /// Writes a number as a numeric cell.
    ///
    /// NaN and the infinities, which Excel cannot hold, are written as the text `NaN`,
    /// `Infinity` or `-Infinity`.
    ///
    /// - Parameters:
    ///   - number: The value.
    ///   - style: How the number is shown, such as ``XLSXStyle/percent``.
    /// - Throws: As ``write(string:style:)``.
    public func write(number: Double, style: XLSXStyle = .plain) throws {
        guard number.isFinite else {
            try write(string: number.isNaN ? "NaN" : (number < 0 ? "-Infinity" : "Infinity"))
            return
        }
        let cell = try nextCell()
        try check(
            worksheet_write_number(sheet, row, cell, number, formats[style]),
            "worksheet_write_number"
        )
    }

    /// Writes a calendar day as an Excel date (a number shown as `yyyy-mm-dd`).
    ///
    /// A day Excel cannot hold (before 1900, after 9999, or not in the calendar) is written as
    /// `YYYY-MM-DD` text instead, so nothing is lost.
    ///
    /// - Parameter date: The year, month (1–12) and day of the month.
    /// - Throws: As ``write(string:style:)``.
    public func write(date: (year: Int, month: Int, day: Int)) throws {
        guard XLSXDate.isExcelDate(year: date.year, month: date.month, day: date.day) else {
            try write(string: XLSXDate.isoText(year: date.year, month: date.month, day: date.day))
            return
        }
        let cell = try nextCell()
        var value = lxw_datetime(
            year: Int32(date.year), month: Int32(date.month), day: Int32(date.day),
            hour: 0, min: 0, sec: 0
        )
        try check(
            worksheet_write_datetime(sheet, row, cell, &value, formats.date),
            "worksheet_write_datetime"
        )
    }

    /// Writes a hyperlink to `url`, showing `text` (or the URL itself).
    ///
    /// The URL is written as plain text instead, so it is never lost, when it is not an
    /// `http`/`https` address libxlsxwriter accepts or when the worksheet already holds
    /// 65,530 hyperlinks (Excel's limit).
    ///
    /// - Parameters:
    ///   - url: The address.
    ///   - text: What the cell shows; `nil` or empty shows the URL. It gets the same hygiene as
    ///     ``write(string:style:)``.
    /// - Throws: As ``write(string:style:)``.
    public func write(url: String, text: String? = nil) throws {
        guard hyperlinkCount < limits.hyperlinksPerSheet, XLSXLink.isLinkable(url) else {
            try write(string: url)
            return
        }
        let cell = try nextCell()
        let shown = text.flatMap { $0.isEmpty ? nil : $0 } ?? url
        let status = url.withCString { target in
            withCellText(shown) { label in
                worksheet_write_url_opt(sheet, row, cell, target, formats.hyperlink, label, nil)
            }
        }
        if status == LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED
            || status == LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED {
            let fallback = withCellText(url) { plain in
                worksheet_write_string(sheet, row, cell, plain, nil)
            }
            try check(fallback, "worksheet_write_string")
            return
        }
        try check(status, "worksheet_write_url_opt")
        hyperlinkCount += 1
    }

    /// Leaves the next cell empty, or writes an empty cell with `style`'s formatting.
    ///
    /// - Parameter style: ``XLSXStyle/plain`` writes nothing at all.
    /// - Throws: As ``write(string:style:)``.
    public func writeBlank(style: XLSXStyle = .plain) throws {
        let cell = try nextCell()
        guard let format = formats[style] else { return }
        try check(worksheet_write_blank(sheet, row, cell, format), "worksheet_write_blank")
    }

    // MARK: - Sheet features

    /// Sets the width of one column.
    ///
    /// - Parameters:
    ///   - column: The zero-based column.
    ///   - width: The width in Excel's character units.
    /// - Throws: ``XLSXError/cellOutOfRange(sheet:row:column:)`` for a column Excel lacks,
    ///   ``XLSXError/workbookClosed(path:)``, or a library error.
    public func setColumnWidth(_ column: Int, width: Double) throws {
        _ = try state.openHandle()
        let index = try columnIndex(column)
        try check(worksheet_set_column(sheet, index, index, width, nil), "worksheet_set_column")
    }

    /// Fills the cells of `column` whose value is greater than `threshold`, over the data rows
    /// (those below the header) written by the time the workbook closes.
    ///
    /// Uses an Excel conditional format, so the highlight follows edits made in Excel.
    ///
    /// - Parameters:
    ///   - column: The zero-based column.
    ///   - threshold: Cells greater than this are filled.
    ///   - fillColor: The fill as `0xRRGGBB`; Excel's light red by default.
    /// - Throws: ``XLSXError/cellOutOfRange(sheet:row:column:)`` or
    ///   ``XLSXError/workbookClosed(path:)``.
    public func highlightCells(
        inColumn column: Int,
        greaterThan threshold: Double,
        fillColor: UInt32 = 0xFFC7CE
    ) throws {
        _ = try state.openHandle()
        _ = try columnIndex(column)
        highlights.append(XLSXHighlight(column: column, threshold: threshold, fillColor: fillColor))
    }

    /// Places a bar chart of one series on this worksheet.
    ///
    /// The chart reads its data from the cells when the file is opened, so the ranges may
    /// point at rows written later or on another sheet.
    ///
    /// - Parameters:
    ///   - kind: Vertical (``XLSXChartKind/column``) or horizontal (``XLSXChartKind/bar``) bars.
    ///   - title: The chart's title. A title starting with `=` gets a leading space, since
    ///     libxlsxwriter would read it as a cell reference.
    ///   - categories: The cells naming the bars.
    ///   - values: The cells holding the bar lengths.
    ///   - row: The zero-based row of the chart's top-left corner.
    ///   - column: The zero-based column of the chart's top-left corner.
    /// - Throws: ``XLSXError/cellOutOfRange(sheet:row:column:)`` for a position or range outside
    ///   a worksheet, ``XLSXError/workbookClosed(path:)``, or a library error.
    public func insertBarChart(
        _ kind: XLSXChartKind = .column,
        title: String,
        categories: XLSXCellRange,
        values: XLSXCellRange,
        row: Int,
        column: Int
    ) throws {
        let workbook = try state.openHandle()
        let anchorRow = try rowIndex(row)
        let anchorColumn = try columnIndex(column)
        let type = kind == .bar ? LXW_CHART_BAR : LXW_CHART_COLUMN
        guard let chart = workbook_add_chart(workbook, UInt8(type.rawValue)),
            let series = chart_add_series(chart, nil, nil)
        else {
            throw XLSXError.library(
                operation: "workbook_add_chart",
                code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue),
                reason: "Memory allocation failed."
            )
        }
        let (firstCategory, lastCategory, categoryColumn) = try bounds(of: categories)
        let (firstValue, lastValue, valueColumn) = try bounds(of: values)
        chart_series_set_categories(
            series, categories.sheetName,
            firstCategory, categoryColumn, lastCategory, categoryColumn
        )
        chart_series_set_values(
            series, values.sheetName, firstValue, valueColumn, lastValue, valueColumn
        )
        let label = XLSXText.xmlSafe(title)
        chart_title_set_name(chart, label.hasPrefix("=") ? " " + label : label)
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        try check(
            worksheet_insert_chart(sheet, anchorRow, anchorColumn, chart),
            "worksheet_insert_chart"
        )
    }

    // MARK: - Internals

    /// Applies the autofilter and conditional formats over the rows written. Called on close.
    func finish() throws {
        let lastRow = rowCount - 1
        if autofilter, let headerRow {
            try check(
                worksheet_autofilter(
                    sheet, lxw_row_t(headerRow), 0,
                    lxw_row_t(lastRow), lxw_col_t(headerColumns - 1)
                ),
                "worksheet_autofilter"
            )
        }
        let firstDataRow = (headerRow ?? -1) + 1
        guard firstDataRow <= lastRow else { return }
        for highlight in highlights {
            var rule = lxw_conditional_format()
            rule.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
            rule.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_GREATER_THAN.rawValue)
            rule.value = highlight.threshold
            rule.format = try state.fillFormat(highlight.fillColor)
            let index = lxw_col_t(highlight.column)
            try check(
                worksheet_conditional_format_range(
                    sheet, lxw_row_t(firstDataRow), index, lxw_row_t(lastRow), index, &rule
                ),
                "worksheet_conditional_format_range"
            )
        }
    }

    /// Closes the temporary file of a worksheet whose workbook is discarded without being
    /// closed: libxlsxwriter 1.1.4's `lxw_workbook_free` leaves it open.
    func releaseTemporaryFile() {
        if let file = sheet.pointee.optimize_tmpfile {
            fclose(file)
            sheet.pointee.optimize_tmpfile = nil
        }
    }

    /// The conditional formats recorded so far, for sheets continuing this one.
    var recordedHighlights: [XLSXHighlight] { highlights }

    /// Records a conditional format copied from another sheet of a series.
    func record(_ highlight: XLSXHighlight) {
        highlights.append(highlight)
    }

    /// Checks the workbook is open, opens the first row if needed and claims the next cell.
    @inline(__always)
    private func nextCell() throws -> lxw_col_t {
        if rowCount == 0 {
            try beginRow()
        } else {
            _ = try state.openHandle()
        }
        guard column < limits.columnsPerSheet else {
            throw XLSXError.cellOutOfRange(sheet: name, row: Int(row), column: column)
        }
        let cell = lxw_col_t(truncatingIfNeeded: column)
        column += 1
        return cell
    }

    /// Calls `body` with `text` as a C string that is safe to store in a cell.
    ///
    /// Clean text (the usual case) is passed straight from the Swift string's storage; only
    /// text that needs repair is rebuilt, in the workbook's reusable buffer.
    @inline(__always)
    private func withCellText(
        _ text: String,
        _ body: (UnsafePointer<CChar>) -> lxw_error
    ) -> lxw_error {
        text.withCString { cString in
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self),
                count: text.utf8.count
            )
            if XLSXText.isClean(bytes) { return body(cString) }
            return state.withRepaired(bytes, body)
        }
    }

    @inline(__always)
    private func check(_ status: lxw_error, _ operation: @autoclosure () -> String) throws {
        guard status != LXW_NO_ERROR else { return }
        if status == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE {
            throw XLSXError.cellOutOfRange(sheet: name, row: Int(row), column: column - 1)
        }
        if let error = XLSXError.from(status, operation: operation(), path: state.path) {
            throw error
        }
    }

    private func columnIndex(_ column: Int) throws -> lxw_col_t {
        guard column >= 0, column < limits.columnsPerSheet else {
            throw XLSXError.cellOutOfRange(sheet: name, row: 0, column: column)
        }
        return lxw_col_t(column)
    }

    private func rowIndex(_ row: Int) throws -> lxw_row_t {
        guard row >= 0, row < limits.rowsPerSheet else {
            throw XLSXError.cellOutOfRange(sheet: name, row: row, column: 0)
        }
        return lxw_row_t(row)
    }

    private func bounds(of range: XLSXCellRange) throws -> (lxw_row_t, lxw_row_t, lxw_col_t) {
        (
            try rowIndex(range.rows.lowerBound),
            try rowIndex(range.rows.upperBound),
            try columnIndex(range.column)
        )
    }
}
