import Foundation
import GRDB
import RightsBriefCore

/// What a store holds beyond an earlier copy of itself: the working copy of the shared server
/// finds what a command added this way, in SQLite, without holding the server's rows in memory.
public struct EvidenceAdditions: Sendable, Equatable {
    /// The rows the store holds and the copy lacks, by table, each table in key order.
    public var rows = EvidenceRows()
    /// The first row the store changed or removed, if any: its table, its key in words, and
    /// whether it was removed.
    public var firstChange: (table: String, key: String, removed: Bool)?

    public init() {}

    public static func == (left: EvidenceAdditions, right: EvidenceAdditions) -> Bool {
        left.rows == right.rows && left.firstChange?.table == right.firstChange?.table
            && left.firstChange?.key == right.firstChange?.key && left.firstChange?.removed == right.firstChange?.removed
    }
}

extension FactStore {
    /// Writes a consistent copy of the whole store to a new file at `path` (`VACUUM INTO`).
    ///
    /// - Throws: ``StoreError`` when the copy cannot be written (the file exists, no space).
    public func saveCopy(to path: String) throws {
        do {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [path])
            }
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }

    /// The evidence rows this store holds and the store file at `basePath` (an earlier
    /// ``saveCopy(to:)`` of it) lacks, compared by each table's key, and the first row that
    /// differs from the copy's or is gone from this store.
    ///
    /// - Throws: ``StoreError`` when either cannot be read.
    public func additions(since basePath: String) throws -> EvidenceAdditions {
        do {
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS base", arguments: [basePath])
                defer { try? db.execute(sql: "DETACH DATABASE base") }
                var result = EvidenceAdditions()
                for table in EvidenceTable.all {
                    let names = table.columns.map(\.name)
                    let keys = table.key.map { names[$0] }
                    let join = keys.map { "m.\($0) = b.\($0)" }.joined(separator: " AND ")
                    let order = keys.map { "m.\($0)" }.joined(separator: ", ")
                    let columns = names.map { "m.\($0)" }.joined(separator: ", ")
                    let added = try Row.fetchCursor(
                        db,
                        sql: """
                            SELECT \(columns) FROM main.\(table.name) AS m
                            WHERE NOT EXISTS (SELECT 1 FROM base.\(table.name) AS b WHERE \(join)) ORDER BY \(order)
                            """)
                    var list: [EvidenceRow] = []
                    while let row = try added.next() {
                        list.append((0..<names.count).map { EvidenceValue(row[$0] as DatabaseValue) })
                    }
                    result.rows[table] = list
                    guard result.firstChange == nil else { continue }
                    let same = names.map { "m.\($0) IS b.\($0)" }.joined(separator: " AND ")
                    let keyText = keys.map { "CAST(b.\($0) AS TEXT)" }.joined(separator: " || ' ' || ")
                    if let key = try String.fetchOne(
                        db,
                        sql: """
                            SELECT \(keyText) FROM base.\(table.name) AS b JOIN main.\(table.name) AS m ON \(join)
                            WHERE NOT (\(same)) LIMIT 1
                            """)
                    {
                        result.firstChange = (table.name, key, false)
                    } else if let key = try String.fetchOne(
                        db,
                        sql: """
                            SELECT \(keyText) FROM base.\(table.name) AS b
                            WHERE NOT EXISTS (SELECT 1 FROM main.\(table.name) AS m WHERE \(join)) LIMIT 1
                            """)
                    {
                        result.firstChange = (table.name, key, true)
                    }
                }
                return result
            }
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }
}
