/// One column of a header row: its title and, optionally, its width.
public struct XLSXColumn: Sendable, Equatable {
    /// The text of the header cell.
    public var title: String
    /// The width in Excel's character units, or `nil` for Excel's default (8.43).
    public var width: Double?

    /// Creates a column description.
    ///
    /// - Parameters:
    ///   - title: The text of the header cell.
    ///   - width: The width in Excel's character units, or `nil` for the default.
    public init(_ title: String, width: Double? = nil) {
        self.title = title
        self.width = width
    }
}
