import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

// Helpers shared by the store tests.

/// Every row of every table (FTS shadow tables and sqlite_sequence included) and the schema,
/// as text: two dumps are equal only if nothing in the database changed.
func databaseDump(_ store: FactStore) throws -> [String] {
    try store.writer.read { db in
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        var lines = try String.fetchAll(
            db,
            sql:
                "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master ORDER BY type, name"
        )
        for table in tables {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)")
            lines += rows.map { "\(table): \($0.description)" }.sorted()
        }
        return lines
    }
}

/// Runs raw SQL in a write transaction and expects SQLite to refuse it with a constraint error.
///
/// - Returns: SQLite's message, for tests that check which rule fired.
@discardableResult
func expectConstraintViolation(
    _ store: FactStore, _ sql: String, _ arguments: StatementArguments = [],
    sourceLocation: SourceLocation = #_sourceLocation
) -> String? {
    let error = #expect(throws: DatabaseError.self, sourceLocation: sourceLocation) {
        try store.writer.write { db in try db.execute(sql: sql, arguments: arguments) }
    }
    #expect(
        error?.resultCode == .SQLITE_CONSTRAINT, "\(String(describing: error))",
        sourceLocation: sourceLocation)
    return error?.message
}

/// A clock that moves one second forward each time it is read, so a second write at "the same
/// moment" would still leave a different timestamp behind.
final class TickingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: TimeInterval = 0

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        seconds += 1
        return Date(timeIntervalSince1970: 1_740_830_400 + seconds)
    }
}

/// A store with the sample facilities and sources, and a clock that ticks.
func makeTickingStore() throws -> FactStore {
    let clock = TickingClock()
    return try FactStore.inMemory(clock: { clock.now() })
}

