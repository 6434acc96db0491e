import Foundation
import RightsBriefCore
import GRDB

extension FactStore {
    /// Inserts rows as they are, ids included, into every ``EvidenceTable`` in one
    /// transaction, parents first (facts in id order, so a correction follows the fact it
    /// supersedes). The store's CHECK constraints, foreign keys and triggers check every row:
    /// `push` and `pull` build a snapshot of the server this way.
    ///
    /// - Parameter rows: The rows of each table, in the table's column order.
    /// - Throws: ``StoreError`` when a row breaks the schema (nothing is inserted).
    public func insertEvidenceRows(_ rows: EvidenceRows) throws {
        do {
            try writer.write { db in
                for table in EvidenceTable.all {
                    var list = rows[table]
                    if table == .fact { list.sort { ($0[0].integer ?? 0) < ($1[0].integer ?? 0) } }
                    guard !list.isEmpty else { continue }
                    let names = table.columns.map(\.name).joined(separator: ", ")
                    let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                    let statement = try db.cachedStatement(sql: "INSERT INTO \(table.name) (\(names)) VALUES (\(marks))")
                    for row in list {
                        try statement.execute(arguments: StatementArguments(row.map { $0.databaseValue as (any DatabaseValueConvertible)? }))
                    }
                }
            }
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }

    /// Inserts `rows` as they are, ids included, into `table` (``EvidenceTable/reportRun``
    /// for a working copy of the server) in one transaction.
    ///
    /// - Throws: ``StoreError`` when a row breaks the schema (nothing is inserted).
    public func insertRows(_ rows: [EvidenceRow], into table: EvidenceTable) throws {
        guard !rows.isEmpty else { return }
        do {
            try writer.write { db in
                let names = table.columns.map(\.name).joined(separator: ", ")
                let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                let statement = try db.cachedStatement(sql: "INSERT INTO \(table.name) (\(names)) VALUES (\(marks))")
                for row in rows {
                    // Bound in place (SQLiteBinder): boxing every value into GRDB's arguments
                    // cost as much as the insert when copying a server.
                    var binder = SQLiteBinder(statement)
                    for value in row {
                        switch value {
                        case .null: binder.bindNull()
                        case .integer(let number): binder.bind(number)
                        case .real(let number): binder.bind(Optional(number))
                        case .text(let text): binder.bind(text)
                        }
                    }
                    try binder.execute(in: db)
                }
            }
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }

    /// Every row of `table`, in key order.
    ///
    /// - Throws: ``StoreError`` when the store cannot be read.
    public func rows(of table: EvidenceTable) throws -> [EvidenceRow] {
        do {
            return try writer.read { db in try Self.rows(of: table, in: db) }
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }

    static func rows(of table: EvidenceTable, in db: Database) throws -> [EvidenceRow] {
        let names = table.columns.map(\.name).joined(separator: ", ")
        let order = table.key.map { table.columns[$0].name }.joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: "SELECT \(names) FROM \(table.name) ORDER BY \(order)")
        var list: [EvidenceRow] = []
        while let row = try rows.next() {
            list.append((0..<table.columns.count).map { EvidenceValue(row[$0] as DatabaseValue) })
        }
        return list
    }

    /// Every row of every ``EvidenceTable``, each table in key order.
    ///
    /// - Throws: ``StoreError`` when the store cannot be read.
    public func evidenceRows() throws -> EvidenceRows {
        do {
            return try writer.read { db in
                var result = EvidenceRows()
                for table in EvidenceTable.all { result[table] = try Self.rows(of: table, in: db) }
                return result
            }
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }
}

extension EvidenceValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .text(String(decoding: data, as: UTF8.self))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        }
    }
}
