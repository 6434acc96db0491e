import GRDB
import GRDBSQLite

/// Binds values to a prepared statement straight through the SQLite C API, and runs it.
///
/// The store makes one for each statement (see ``FactStore/factInserter(rows:in:)``); the
/// importer binds the values in the order the statement names.
///
/// The importer's hot path: one multi-row `INSERT` per batch of facts with thousands of
/// parameters. Building GRDB `StatementArguments` for them allocates an array of boxed values
/// per fact, which costs as much as the binding itself; binding in place does not. Text is
/// bound with `SQLITE_TRANSIENT`, so SQLite copies it and no Swift string has to outlive the call.
package struct SQLiteBinder {
    private let statement: OpaquePointer
    private var index: Int32 = 1
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Resets `statement` and prepares to bind its parameters from the first.
    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
        sqlite3_reset(self.statement)
        sqlite3_clear_bindings(self.statement)
    }

    package mutating func bind(_ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
        index += 1
    }

    package mutating func bind(_ value: Int64?) {
        if let value { bind(value) } else { bindNull() }
    }

    package mutating func bind(_ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }

    package mutating func bind(_ value: String) {
        var text = value
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { pointer in
                    _ = sqlite3_bind_text(statement, index, pointer, Int32(bytes.count), Self.transient)
                }
            } else {
                // An empty buffer may have no address, and a null pointer would bind NULL.
                _ = sqlite3_bind_text(statement, index, "", 0, Self.transient)
            }
        }
        index += 1
    }

    package mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    package mutating func bindNull() {
        sqlite3_bind_null(statement, index)
        index += 1
    }

    /// Runs the statement to completion, then resets it.
    ///
    /// - Throws: `DatabaseError` with SQLite's code and message (a constraint violation is
    ///   `SQLITE_CONSTRAINT`; the statement's changes are undone by SQLite).
    package func execute(in db: Database) throws {
        let code = sqlite3_step(statement)
        defer { sqlite3_reset(statement) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
