/// A fix for a problem that depends on how the import is asked for, so the library names it
/// and the caller words it.
public enum ImportRemedy: Sendable, Hashable {
    /// Name the file's encoding (Latin-1 or Windows-1252).
    case encoding
    /// Describe the spreadsheet with a mapping.
    case mapping
    /// Allow the import to change a stored facility's country or region.
    case updateFacilities
    /// Merge two stored facilities that are one place (`keep` stays), then import again.
    case mergeFacilities(keep: String, drop: String)
}

/// One thing wrong with an import's input, and where: `FILE:LINE:COLUMN: what is wrong`.
///
/// Lines and columns count from 1; columns count characters, not bytes. A problem about a
/// whole record or a whole file points at its first column (or its first line).
public struct ImportProblem: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (on the command line or in a test).
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based character column.
    public var column: Int
    /// What is wrong and, where it helps, what to do; no trailing period needed by callers.
    public var message: String
    /// A fix that a caller can word for its own interface (a command-line flag, say).
    public var remedy: ImportRemedy?

    /// Makes a problem at a place.
    public init(file: String, line: Int, column: Int, message: String, remedy: ImportRemedy? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.remedy = remedy
    }

    /// `FILE:LINE:COLUMN: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Where a value came from, kept with every imported item so a later check (an unknown
/// facility, a broken `supersedes`) can still point at the cell.
struct ImportLocation: Sendable, Hashable {
    var file: String
    var line: Int
    var column: Int

    func problem(_ message: String) -> ImportProblem {
        ImportProblem(file: file, line: line, column: column, message: message)
    }
}

/// Collects problems, keeping the first `kept` in full (as many as the caller will show) and
/// counting the rest, so a file whose every row is bad does not fill memory.
struct ProblemList: Sendable {
    /// How many problems are kept when the caller does not say.
    static let defaultKept = 1_000
    /// How many problems are kept in full.
    let kept: Int
    private(set) var problems: [ImportProblem] = []
    private(set) var count = 0

    init(kept: Int = Self.defaultKept) {
        self.kept = max(1, kept)
    }

    var isEmpty: Bool { count == 0 }

    mutating func add(_ problem: ImportProblem) {
        count += 1
        if problems.count < kept { problems.append(problem) }
    }

    mutating func add(_ location: ImportLocation, _ message: String) {
        add(location.problem(message))
    }

    /// The kept problems in file order (the order files were given), then line, then column.
    func sorted(fileOrder: [String]) -> [ImportProblem] {
        let rank = Dictionary(fileOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return problems.enumerated().sorted { left, right in
            let a = left.element
            let b = right.element
            let fileA = rank[a.file] ?? Int.max
            let fileB = rank[b.file] ?? Int.max
            if fileA != fileB { return fileA < fileB }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return left.offset < right.offset
        }.map(\.element)
    }
}
