import Foundation
import GRDB
import GRDBSQLite
import RightsBriefCore

/// What an export covers: the selection, the audience and the as-of cut-off.
///
/// The streaming queries below apply the same rules as ``Redaction`` and ``Facts/current(_:)``
/// do for briefings, in SQL, so an export never holds a whole table in memory. A test checks
/// both paths give the same rows.
public struct ExportFilter: Sendable {
    public var selection: Selection
    public var audience: Audience
    public var asOf: Day

    public init(selection: Selection, audience: Audience, asOf: Day) {
        self.selection = selection
        self.audience = audience
        self.asOf = asOf
    }

    var allowed: String {
        FactStore.databaseArray(Sensitivity.allCases.filter { audience.allows($0) }.map(\.rawValue))
    }
}

/// The current row of a streaming query, read without copying: valid only inside the callback.
public struct RawRow {
    let statement: OpaquePointer

    /// Whether column `index` is NULL.
    @inline(__always)
    public func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    /// The UTF-8 bytes of column `index` (empty for NULL), NUL-terminated just past the end.
    @inline(__always)
    public func text(_ index: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let pointer = sqlite3_column_text(statement, index) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, index)))
    }

    /// Column `index` as a number.
    @inline(__always)
    public func double(_ index: Int32) -> Double {
        sqlite3_column_double(statement, index)
    }

    /// Column `index` as an integer.
    @inline(__always)
    public func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(statement, index)
    }

    /// Column `index` as a Swift string, or `nil` for NULL.
    public func string(_ index: Int32) -> String? {
        isNull(index) ? nil : String(decoding: text(index), as: UTF8.self)
    }
}

extension FactStore {
    /// The visible facts of an export, one row per fact in id order, with the columns of
    /// ``FactExportColumn/all`` (at ``FactExportColumn/resultIndexes``).
    static let exportFactsSQL = """
        WITH sel AS (
            SELECT id, name, country FROM facility
            WHERE ?1 OR id IN (SELECT value FROM json_each(?2)) OR country IN (SELECT value FROM json_each(?3))
        ),
        allowed AS (SELECT value AS level FROM json_each(?4))
        SELECT \(FactExportColumn.selectList)
        FROM fact f
        JOIN sel ON sel.id = f.facilityId
        JOIN source first ON first.id = (
            SELECT fs.sourceId FROM factSource fs JOIN source s ON s.id = fs.sourceId
            WHERE fs.factId = f.id AND s.sensitivity IN allowed ORDER BY fs.position LIMIT 1)
        LEFT JOIN factRetraction r ON r.factId = f.id
        WHERE f.sensitivity IN allowed AND f.asOf <= ?5
        ORDER BY f.id
        """

    /// The SQL of ``streamExportFacts(_:_:)`` with the filter's values written in, for running the
    /// same query in the `sqlite3` shell (the benchmark's baseline).
    public static func exportFactsShellSQL(_ filter: ExportFilter) -> String {
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        return exportFactsSQL
            .replacingOccurrences(of: "?1", with: filter.selection.isEverything ? "1" : "0")
            .replacingOccurrences(of: "?2", with: literal(databaseArray(filter.selection.facilityIds)))
            .replacingOccurrences(of: "?3", with: literal(databaseArray(filter.selection.countries)))
            .replacingOccurrences(of: "?4", with: literal(filter.allowed))
            .replacingOccurrences(of: "?5", with: literal(filter.asOf.description)) + ";\n"
    }

    /// Calls `body` with each visible fact of the export, in id order, without materialising
    /// the table (see ``exportFactsSQL`` for the columns).
    ///
    /// - Throws: ``StoreError`` when the database cannot be read, or what `body` throws.
    public func streamExportFacts(_ filter: ExportFilter, _ body: (RawRow) throws -> Void) throws {
        try read { db in
            let statement = try db.cachedStatement(sql: Self.exportFactsSQL)
            try statement.setArguments([
                filter.selection.isEverything, Self.databaseArray(filter.selection.facilityIds),
                Self.databaseArray(filter.selection.countries), filter.allowed, filter.asOf.description,
            ])
            let pointer = statement.sqliteStatement
            defer { sqlite3_reset(pointer) }
            let row = RawRow(statement: pointer)
            while true {
                let code = sqlite3_step(pointer)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                try body(row)
            }
        }
    }

    /// Calls `body` once per selected facility (in id order) with its facts up to the
    /// cut-off, with retractions, so per-facility figures can be computed without holding every
    /// fact at once. Redaction is the caller's job.
    public func forEachFacilityFacts(_ filter: ExportFilter, _ body: (Facility, [Fact]) throws -> Void) throws {
        try read { db in
            let facilities = try Self.facilities(filter.selection, in: db)
            let factStatement = try db.cachedStatement(
                sql: """
                    SELECT f.*, r.reason, r.retractedAt FROM fact f LEFT JOIN factRetraction r ON r.factId = f.id
                    WHERE f.facilityId = ? AND f.asOf <= ? ORDER BY f.id
                    """)
            let sourceStatement = try db.cachedStatement(
                sql: """
                    SELECT fs.factId, fs.sourceId FROM factSource fs JOIN fact f ON f.id = fs.factId
                    WHERE f.facilityId = ? AND f.asOf <= ? ORDER BY fs.factId, fs.position
                    """)
            for facility in facilities {
                let arguments: StatementArguments = [facility.id, filter.asOf.description]
                var sources: [Int64: [String]] = [:]
                for row in try Row.fetchAll(sourceStatement, arguments: arguments) {
                    sources[row[0], default: []].append(row[1])
                }
                let facts = try Row.fetchAll(factStatement, arguments: arguments).map { row in
                    Fact(row: row, sourceIds: sources[row["id"] as Int64] ?? [])
                }
                try body(facility, facts)
            }
        }
    }

    /// The id and sensitivity of every source, for redacting facts streamed per facility.
    public func sourceSensitivities() throws -> [String: Sensitivity] {
        try read { db in
            var result: [String: Sensitivity] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, sensitivity FROM source") {
                result[row[0]] = Sensitivity(rawValue: row[1]) ?? .confidential
            }
            return result
        }
    }

    /// The visible sources an export's facts and events rest on, and the visible sources
    /// those cite, in id order, one at a time (captured text included).
    public func streamExportSources(_ filter: ExportFilter, eventIds: [String], _ body: (Source) throws -> Void) throws {
        try read { db in
            let sql = """
                WITH sel AS (
                    SELECT id FROM facility
                    WHERE ?1 OR id IN (SELECT value FROM json_each(?2)) OR country IN (SELECT value FROM json_each(?3))
                ),
                allowed AS (SELECT value AS level FROM json_each(?4)),
                visibleFact AS (
                    SELECT f.id FROM fact f JOIN sel ON sel.id = f.facilityId
                    WHERE f.sensitivity IN allowed AND f.asOf <= ?5
                ),
                used AS (
                    SELECT fs.sourceId AS id FROM factSource fs JOIN visibleFact v ON v.id = fs.factId
                    UNION SELECT sourceId FROM eventSource WHERE eventId IN (SELECT value FROM json_each(?6))
                ),
                cited AS (
                    SELECT id FROM used
                    UNION SELECT c.citedSourceId FROM sourceCitation c JOIN used u ON u.id = c.sourceId
                        JOIN source s ON s.id = c.sourceId WHERE s.sensitivity IN allowed
                )
                SELECT s.* FROM source s WHERE s.id IN cited AND s.sensitivity IN allowed ORDER BY s.id
                """
            let citations = try db.cachedStatement(
                sql: """
                    SELECT c.citedSourceId FROM sourceCitation c JOIN source s ON s.id = c.citedSourceId
                    WHERE c.sourceId = ? AND s.sensitivity IN (SELECT value FROM json_each(?)) ORDER BY c.citedSourceId
                    """)
            let rows = try Row.fetchCursor(
                db, sql: sql,
                arguments: [
                    filter.selection.isEverything, Self.databaseArray(filter.selection.facilityIds),
                    Self.databaseArray(filter.selection.countries), filter.allowed, filter.asOf.description,
                    Self.databaseArray(eventIds),
                ])
            while let row = try rows.next() {
                let id: String = row["id"]
                let cites = try String.fetchAll(citations, arguments: [id, filter.allowed])
                try body(Source(row: row, cites: cites))
            }
        }
    }
}
