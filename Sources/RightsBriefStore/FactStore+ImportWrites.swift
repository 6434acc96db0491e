import Foundation
import GRDB
import RightsBriefCore

/// The statements the importer (`RightsBriefImport`) runs inside its one transaction.
///
/// The importer decides what to write and collects the problems; every SQL statement it needs
/// lives here, so SQL stays in this module. Each function takes the transaction's `Database`.
extension FactStore {
    /// Runs `body` with connection settings for a large import, put back afterwards.
    ///
    /// Set outside the transaction: a 16 MiB page cache (SQLite's default is 2 MiB) holds the
    /// upper levels of the fact table's indexes, which every row touches; temp_store = MEMORY
    /// keeps the statement journal of each multi-row INSERT (which lets SQLite undo just that
    /// statement) out of a temporary file. Neither changes what is written. The cache used to be
    /// 256 MiB, to keep dirty pages from spilling to the WAL mid-transaction; at a million facts
    /// that made most of the import's peak memory and measured no faster than 16 MiB (spilled
    /// pages go to the WAL, which the commit writes anyway).
    package static func withBulkImportSettings<T>(in db: Database, _ body: () throws -> T) throws -> T {
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        let tempStore = try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? 0
        try db.execute(sql: "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize); PRAGMA temp_store = \(tempStore)") }
        return try body()
    }

    // MARK: Facilities and sources

    /// The ids of every stored facility.
    package static func facilityIds(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM facility")
    }

    /// The ids of every stored source.
    package static func sourceIds(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM source")
    }

    /// Links a source to one it cites, unless the link is stored already.
    package static func linkCitation(sourceId: String, citedSourceId: String, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO sourceCitation (sourceId, citedSourceId) VALUES (?, ?)",
            arguments: [sourceId, citedSourceId])
    }

    // MARK: Facts

    /// The highest fact id ever given out, or 0: the table is AUTOINCREMENT, so ids are never
    /// reused and the importer can assign the next ones itself.
    package static func highestFactId(in db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT max(coalesce((SELECT max(id) FROM fact), 0),
                           coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'fact'), 0))
                """) ?? 0
    }

    /// Calls `body` with the identity of every stored fact–source pair: facility, attribute,
    /// as-of text, number, level and source id.
    package static func forEachFactSource(
        in db: Database,
        _ body: (_ facilityId: String, _ attribute: String, _ asOf: String?, _ number: Double?, _ level: String?,
                 _ sourceId: String) -> Void
    ) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT f.facilityId, f.attribute, f.asOf, f.valueNumber, f.valueLevel, fs.sourceId
                FROM fact f JOIN factSource fs ON fs.factId = f.id
                """)
        while let row = try rows.next() {
            body(row[0], row[1], row[2], row[3], row[4], row[5])
        }
    }

    /// The id of the first stored fact with this facility, attribute, as-of date and value that
    /// lists `sourceId`, or `nil`.
    package static func storedFactId(
        facilityId: String, attribute: String, asOf: String, sourceId: String, number: Double?, level: String?,
        in db: Database
    ) throws -> Int64? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT f.id FROM fact f JOIN factSource fs ON fs.factId = f.id
                WHERE f.facilityId = ? AND f.attribute = ? AND f.asOf = ? AND fs.sourceId = ?
                AND (f.valueNumber = ? OR f.valueLevel = ?) ORDER BY f.id LIMIT 1
                """)
        return try Int64.fetchOne(statement, arguments: [facilityId, attribute, asOf, sourceId, number, level])
    }

    /// A binder for a multi-row `INSERT` of `rows` facts. Bind twelve values per row, in this
    /// order: id, facilityId, attribute, valueNumber, valueLevel, unit, asOf, status,
    /// sensitivity, quote, supersedesId, recordedAt.
    package static func factInserter(rows: Int, in db: Database) throws -> SQLiteBinder {
        SQLiteBinder(
            try db.cachedStatement(
                sql: """
                    INSERT INTO fact (id, facilityId, attribute, valueNumber, valueLevel, unit, asOf, status, sensitivity,
                    quote, supersedesId, recordedAt) VALUES
                    """ + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")))
    }

    /// A binder for a multi-row `INSERT` of `rows` fact–source links. Bind three values per
    /// row: factId, sourceId, position.
    package static func factSourceInserter(rows: Int, in db: Database) throws -> SQLiteBinder {
        SQLiteBinder(
            try db.cachedStatement(
                sql: "INSERT INTO factSource (factId, sourceId, position) VALUES "
                    + Array(repeating: "(?, ?, ?)", count: rows).joined(separator: ", ")))
    }

    /// Links a fact to one of its sources, at `position` in its list.
    package static func linkFactSource(factId: Int64, sourceId: String, position: Int, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO factSource (factId, sourceId, position) VALUES (?, ?, ?)",
            arguments: [factId, sourceId, position])
    }

    /// Links a stored fact to those of `sourceIds` it is not linked to yet, after its existing
    /// sources (links are only ever added); returns how many were added.
    package static func addMissingFactSources(factId: Int64, sourceIds: [String], in db: Database) throws -> Int {
        let linked = Set(try String.fetchAll(db, sql: "SELECT sourceId FROM factSource WHERE factId = ?", arguments: [factId]))
        let missing = sourceIds.filter { !linked.contains($0) }
        guard !missing.isEmpty else { return 0 }
        var position = try Int.fetchOne(
            db, sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM factSource WHERE factId = ?", arguments: [factId]) ?? 0
        var added = 0
        for sourceId in missing where !linked.contains(sourceId) {
            try linkFactSource(factId: factId, sourceId: sourceId, position: position, in: db)
            position += 1
            added += 1
        }
        return added
    }
}
