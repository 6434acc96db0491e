/// The Excel limits the writer works around. Tests shrink them; the product uses ``excel``.
struct XLSXLimits: Sendable {
    /// Rows one worksheet can hold.
    var rowsPerSheet: Int
    /// Hyperlinks one worksheet can hold; later URLs are written as plain text.
    var hyperlinksPerSheet: Int
    /// Columns one worksheet can hold.
    var columnsPerSheet: Int

    /// Excel 2007 and later: 1,048,576 rows, 65,530 hyperlinks and 16,384 columns per sheet.
    static let excel = XLSXLimits(
        rowsPerSheet: 1_048_576,
        hyperlinksPerSheet: 65_530,
        columnsPerSheet: 16_384
    )
}
