/// One record (row) of a CSV file, with where it came from.
public struct CSVRecord: Sendable, Equatable {
    /// The field values, unquoted, with doubled quotes made single. Nothing is trimmed.
    public var fields: [String]
    /// The 1-based physical line on which the record starts.
    public var line: Int
    /// For each field, the 1-based character column at which it starts (at its opening quote,
    /// when quoted) on the line where it starts.
    public var fieldColumns: [Int]
    /// For each field, the 1-based line on which it starts, or empty when every field starts
    /// on `line` (the common case, which then costs nothing). Use ``fieldLine(_:)``.
    public var fieldLines: [Int]

    /// Makes a record.
    /// - Parameters:
    ///   - fields: The field values.
    ///   - line: The 1-based line on which the record starts.
    ///   - fieldColumns: The 1-based column of each field; ones counting up if omitted.
    ///   - fieldLines: The line of each field, or empty when all start on `line`.
    public init(fields: [String], line: Int, fieldColumns: [Int]? = nil, fieldLines: [Int] = []) {
        self.fields = fields
        self.line = line
        self.fieldColumns = fieldColumns ?? Array(repeating: 1, count: fields.count)
        self.fieldLines = fieldLines
    }

    /// The line on which a field starts; later than ``line`` only after a multi-line field.
    /// - Parameter index: The field's 0-based index.
    /// - Returns: The 1-based line number.
    public func fieldLine(_ index: Int) -> Int {
        index < fieldLines.count ? fieldLines[index] : line
    }

    /// The 1-based column at which a field starts, or 1 when the index is out of range.
    /// - Parameter index: The field's 0-based index.
    /// - Returns: The 1-based character column.
    public func fieldColumn(_ index: Int) -> Int {
        index < fieldColumns.count ? fieldColumns[index] : 1
    }
}
