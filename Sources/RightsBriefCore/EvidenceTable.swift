/// One table of evidence as `push` and `pull` copy it between a SQLite file and the shared
/// server: its name, its columns (the same names in both schemas; PostgreSQL folds them to
/// lower case) and its key.
///
/// Every table that holds evidence is here, parents before children, so rows can be
/// inserted in this order; `reportRun` (a record of reports, not evidence) is not.
public struct EvidenceTable: Sendable, Equatable {
    /// How a column's values are stored.
    public enum Kind: Sendable, Equatable {
        case text, integer, real
    }

    /// One column.
    public struct Column: Sendable, Equatable {
        public let name: String
        public let kind: Kind
    }

    /// The table's name, a fixed constant of this module.
    public let name: String
    /// The columns, in the order of every row.
    public let columns: [Column]
    /// The indexes of the key columns in ``columns``.
    public let key: [Int]

    init(_ name: String, _ columns: [(String, Kind)], key: [String]) {
        self.name = name
        self.columns = columns.map { Column(name: $0.0, kind: $0.1) }
        self.key = key.compactMap { name in columns.firstIndex { $0.0 == name } }
    }

    /// The index of the column `name` (a fixed constant; a wrong name is a programming error
    /// found by the tests, so it answers 0 rather than trapping).
    public func index(_ name: String) -> Int {
        columns.firstIndex { $0.name == name } ?? 0
    }

    /// The key of `row`.
    public func key(of row: EvidenceRow) -> [EvidenceValue] {
        key.map { row[$0] }
    }

    public static let facility = EvidenceTable(
        "facility",
        [
            ("id", .text), ("name", .text), ("country", .text), ("region", .text), ("kind", .text),
            ("authority", .text), ("openedOn", .text), ("latitude", .real), ("longitude", .real),
            ("createdAt", .text), ("updatedAt", .text),
        ], key: ["id"])
    public static let facilityIdentifier = EvidenceTable(
        "facilityIdentifier", [("scheme", .text), ("value", .text), ("facilityId", .text)], key: ["scheme", "value"])
    public static let facilityMerge = EvidenceTable(
        "facilityMerge",
        [
            ("droppedId", .text), ("keptId", .text), ("name", .text), ("country", .text), ("region", .text),
            ("kind", .text), ("authority", .text), ("openedOn", .text), ("latitude", .real), ("longitude", .real),
            ("createdAt", .text), ("facts", .integer), ("mergedAt", .text),
        ], key: ["droppedId"])
    public static let source = EvidenceTable(
        "source",
        [
            ("id", .text), ("url", .text), ("title", .text), ("publisher", .text), ("author", .text),
            ("publishedOn", .text), ("retrievedAt", .text), ("kind", .text), ("language", .text),
            ("sensitivity", .text), ("text", .text), ("textSHA256", .text), ("createdAt", .text),
        ], key: ["id"])
    public static let sourceCitation = EvidenceTable(
        "sourceCitation", [("sourceId", .text), ("citedSourceId", .text)], key: ["sourceId", "citedSourceId"])
    public static let fact = EvidenceTable(
        "fact",
        [
            ("id", .integer), ("facilityId", .text), ("attribute", .text), ("valueNumber", .real),
            ("valueLevel", .text), ("unit", .text), ("asOf", .text), ("status", .text), ("sensitivity", .text),
            ("quote", .text), ("supersedesId", .integer), ("recordedAt", .text),
        ], key: ["id"])
    public static let factSource = EvidenceTable(
        "factSource", [("factId", .integer), ("sourceId", .text), ("position", .integer)], key: ["factId", "sourceId"])
    public static let factRetraction = EvidenceTable(
        "factRetraction", [("factId", .integer), ("reason", .text), ("retractedAt", .text)], key: ["factId"])
    public static let event = EvidenceTable(
        "event",
        [
            ("id", .text), ("date", .text), ("title", .text), ("description", .text), ("sensitivity", .text),
            ("recordedAt", .text),
        ], key: ["id"])
    public static let eventFacility = EvidenceTable(
        "eventFacility", [("eventId", .text), ("facilityId", .text)], key: ["eventId", "facilityId"])
    public static let eventSource = EvidenceTable(
        "eventSource", [("eventId", .text), ("sourceId", .text)], key: ["eventId", "sourceId"])

    /// The record of scheduled report runs: not evidence (so not in ``all``), but a working
    /// copy of the server for `run` carries it, so two machines agree on what is due.
    public static let reportRun = EvidenceTable(
        "reportRun",
        [
            ("id", .integer), ("name", .text), ("startedAt", .text), ("finishedAt", .text), ("scheduledFor", .text),
            ("status", .text), ("output", .text), ("factCount", .integer), ("sourceCount", .integer),
            ("eventCount", .integer), ("message", .text),
        ], key: ["id"])

    /// Every evidence table, parents before children.
    public static let all: [EvidenceTable] = [
        facility, facilityIdentifier, facilityMerge, source, sourceCitation, fact, factSource, factRetraction,
        event, eventFacility, eventSource,
    ]
}

/// One value of an evidence row.
public enum EvidenceValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The text, or `nil` for NULL or a number.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The integer, or `nil` for NULL or another kind.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

/// One row of an ``EvidenceTable``: a value per column, in the table's column order.
public typealias EvidenceRow = [EvidenceValue]

/// The rows of every evidence table, by table name.
public struct EvidenceRows: Sendable, Equatable {
    public var tables: [String: [EvidenceRow]]

    public init(tables: [String: [EvidenceRow]] = [:]) {
        self.tables = tables
    }

    /// The rows of `table` (none when absent).
    public subscript(_ table: EvidenceTable) -> [EvidenceRow] {
        get { tables[table.name] ?? [] }
        set { tables[table.name] = newValue }
    }
}
