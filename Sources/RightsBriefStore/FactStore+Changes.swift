import Foundation
import GRDB
import RightsBriefCore

/// How a store differs from an earlier copy of itself: the working copy of the shared server
/// finds what a command did this way, in SQLite, without holding the server's rows in memory.
public struct EvidenceChanges: Sendable {
    /// A row whose values changed: as the copy held it, and as the store holds it now.
    public struct Change: Sendable, Equatable {
        public var old: EvidenceRow
        public var new: EvidenceRow
    }

    /// The rows the store holds and the copy lacks, by table, each table in key order.
    public var added = EvidenceRows()
    /// The rows both hold under one key with other values, by table name, in key order.
    public var changed: [String: [Change]] = [:]
    /// The rows the copy holds and the store no longer does, by table, in key order.
    public var removed = EvidenceRows()

    public init() {}

    /// Whether the store holds exactly what the copy held.
    public var isEmpty: Bool {
        EvidenceTable.all.allSatisfy { added[$0].isEmpty && removed[$0].isEmpty && (changed[$0.name] ?? []).isEmpty }
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

    /// How the evidence in this store differs from the store file at `basePath` (an earlier
    /// ``saveCopy(to:)`` of it), table by table, rows matched by each table's key.
    ///
    /// - Throws: ``StoreError`` when either cannot be read.
    public func changes(since basePath: String) throws -> EvidenceChanges {
        do {
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS base", arguments: [basePath])
                defer { try? db.execute(sql: "DETACH DATABASE base") }
                var result = EvidenceChanges()
                for table in EvidenceTable.all {
                    let names = table.columns.map(\.name)
                    let keys = table.key.map { names[$0] }
                    let join = keys.map { "m.\($0) = b.\($0)" }.joined(separator: " AND ")
                    let mine = names.map { "m.\($0)" }.joined(separator: ", ")
                    let theirs = names.map { "b.\($0)" }.joined(separator: ", ")
                    let same = names.map { "m.\($0) IS b.\($0)" }.joined(separator: " AND ")
                    func rows(_ sql: String) throws -> [EvidenceRow] {
                        let cursor = try Row.fetchCursor(db, sql: sql)
                        var list: [EvidenceRow] = []
                        while let row = try cursor.next() {
                            list.append((0..<row.count).map { EvidenceValue(row[$0] as DatabaseValue) })
                        }
                        return list
                    }
                    result.added[table] = try rows(
                        """
                        SELECT \(mine) FROM main.\(table.name) AS m
                        WHERE NOT EXISTS (SELECT 1 FROM base.\(table.name) AS b WHERE \(join))
                        ORDER BY \(keys.map { "m.\($0)" }.joined(separator: ", "))
                        """)
                    result.removed[table] = try rows(
                        """
                        SELECT \(theirs) FROM base.\(table.name) AS b
                        WHERE NOT EXISTS (SELECT 1 FROM main.\(table.name) AS m WHERE \(join))
                        ORDER BY \(keys.map { "b.\($0)" }.joined(separator: ", "))
                        """)
                    let pairs = try rows(
                        """
                        SELECT \(theirs), \(mine) FROM base.\(table.name) AS b JOIN main.\(table.name) AS m ON \(join)
                        WHERE NOT (\(same)) ORDER BY \(keys.map { "b.\($0)" }.joined(separator: ", "))
                        """)
                    if !pairs.isEmpty {
                        result.changed[table.name] = pairs.map {
                            EvidenceChanges.Change(old: Array($0[..<names.count]), new: Array($0[names.count...]))
                        }
                    }
                }
                return result
            }
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }
}
