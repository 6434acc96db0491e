/// A conditional format recorded on a worksheet and applied to its data rows when the
/// workbook closes, once the number of rows is known.
struct XLSXHighlight: Sendable, Equatable {
    /// The zero-based column to check.
    var column: Int
    /// Cells whose value is greater than this get the fill.
    var threshold: Double
    /// The fill as `0xRRGGBB`.
    var fillColor: UInt32
}
