/// The shape of a bar chart.
public enum XLSXChartKind: Sendable {
    /// Vertical bars (Excel calls this a column chart).
    case column
    /// Horizontal bars (Excel's bar chart), better for long category names.
    case bar
}
