import CXLSXWriter

/// An XLSX file being written with libxlsxwriter.
///
/// Nothing is written to `path` until ``close()``; a workbook released without ``close()``
/// writes nothing. In constant-memory mode (the default) each worksheet streams its rows to a
/// temporary file in the folder of `path`, so memory stays flat however many rows are written.
///
/// ```swift
/// let workbook = try XLSXWorkbook(path: "/tmp/sv.xlsx")
/// let sheet = try workbook.addWorksheet(named: "Facilities")
/// try sheet.writeHeader([XLSXColumn("Name", width: 30), XLSXColumn("Opened", width: 12)])
/// try sheet.beginRow()
/// try sheet.write(string: "CECOT")
/// try sheet.write(date: (year: 2023, month: 1, day: 31))
/// try workbook.close()
/// ```
///
/// Not thread-safe: use one workbook from one task at a time.
public final class XLSXWorkbook {
    /// Where ``close()`` writes the file.
    public var path: String { state.path }

    let state: XLSXWorkbookState

    /// Starts a workbook that ``close()`` will write to `path`.
    ///
    /// The folder of `path` is not checked here: libxlsxwriter only opens the file on close,
    /// so check that the folder exists and is writable first if an early error matters.
    ///
    /// - Parameters:
    ///   - path: The file to write, usually ending in `.xlsx`.
    ///   - constantMemory: Whether to stream rows to temporary files (strings are then stored
    ///     inline rather than shared, and rows must be written top to bottom, as this API does).
    /// - Throws: ``XLSXError/library(operation:code:reason:)`` if libxlsxwriter cannot allocate
    ///   the workbook.
    public convenience init(path: String, constantMemory: Bool = true) throws {
        try self.init(path: path, constantMemory: constantMemory, limits: .excel)
    }

    /// Starts a workbook with custom limits (tests use small ones).
    init(path: String, constantMemory: Bool, limits: XLSXLimits) throws {
        state = try XLSXWorkbookState(path: path, constantMemory: constantMemory, limits: limits)
    }

    deinit {
        state.discard()
    }

    /// Adds a worksheet.
    ///
    /// The name is made acceptable to Excel: `[ ] : * ? / \` and control characters become `_`,
    /// apostrophes at either end are dropped, it is cut to 31 characters, and a name already
    /// used (in any letter case) gets ` (2)`, ` (3)`… Read the result from
    /// ``XLSXWorksheet/name``.
    ///
    /// - Parameter name: The wanted name.
    /// - Returns: The new, empty worksheet.
    /// - Throws: ``XLSXError/workbookClosed(path:)``, or a library error.
    public func addWorksheet(named name: String) throws -> XLSXWorksheet {
        try state.addWorksheet(base: name, number: nil)
    }

    /// Adds a table that continues on `name (2)`, `name (3)`… whenever a worksheet is full.
    ///
    /// The first worksheet is added now, with its header row written.
    ///
    /// - Parameters:
    ///   - name: The name of the first worksheet, made acceptable as in ``addWorksheet(named:)``.
    ///   - columns: The header written at the top of every worksheet of the series.
    ///   - autofilter: Whether each worksheet gets filter buttons over its rows.
    /// - Returns: The series, ready for ``XLSXSheetSeries/beginRow()``.
    /// - Throws: ``XLSXError/workbookClosed(path:)``, or a library error.
    public func addSheetSeries(
        named name: String,
        columns: [XLSXColumn],
        autofilter: Bool = true
    ) throws -> XLSXSheetSeries {
        try XLSXSheetSeries(state: state, baseName: name, columns: columns, autofilter: autofilter)
    }

    /// Applies the deferred sheet features and writes the file to ``path``.
    ///
    /// The workbook cannot be used afterwards, whether or not this succeeds.
    ///
    /// libxlsxwriter 1.1.4 also prints its own `[ERROR]` line to stderr when it cannot create
    /// the file; that cannot be switched off.
    ///
    /// - Throws: ``XLSXError/cannotWriteFile(path:)`` when the folder is missing or not
    ///   writable, ``XLSXError/temporaryFileFailed(path:)``,
    ///   ``XLSXError/workbookClosed(path:)`` on a second call, or a library error.
    public func close() throws {
        try state.close()
    }
}
