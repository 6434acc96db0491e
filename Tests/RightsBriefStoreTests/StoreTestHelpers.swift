import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

// Helpers shared by the store tests.

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
