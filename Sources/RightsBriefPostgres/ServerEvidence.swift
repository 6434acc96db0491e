import Foundation
import PostgresNIO
import RightsBriefCore

/// Reading and adding evidence rows on the server, table by table, for `push` and `pull`.
///
/// Table and column names come from ``EvidenceTable`` (fixed constants); every value is a
/// bound parameter. What a session reads is what row-level security lets its login read.
public enum ServerEvidence {
    /// The advisory lock key of `push` (an arbitrary constant, "rb" "push" in ASCII), distinct
    /// from the migrator's and access setup's.
    public static let pushLockKey: Int64 = 0x7262_7075_7368

    /// Starts a read-only transaction that sees one snapshot of the database
    /// (`REPEATABLE READ READ ONLY`); the caller ends it.
    public static func beginSnapshot(_ session: PostgresSession) async throws {
        try await session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    }

    /// Takes `push`'s transaction-level advisory lock: a second push waits until the first
    /// commits or rolls back, then reads what it wrote.
    public static func lockForPush(_ session: PostgresSession) async throws {
        try await session.execute("SELECT pg_advisory_xact_lock(\(pushLockKey))")
    }

    /// The access level of the login: 3 editor (or the schema's owner), 2 internal, 1 public,
    /// 0 none.
    ///
    /// - Throws: ``PostgresStoreError``.
    public static func sessionLevel(_ session: PostgresSession) async throws -> Int {
        try await session.values("SELECT rightsbrief_session_level()", as: Int.self).first ?? 0
    }

    /// Every row of `table` the session may read, in key order.
    ///
    /// - Throws: ``PostgresStoreError``.
    public static func rows(_ session: PostgresSession, of table: EvidenceTable) async throws -> [EvidenceRow] {
        let names = table.columns.map { "\($0.name)::text" }.joined(separator: ", ")
        let order = table.key.map { table.columns[$0].name }.joined(separator: ", ")
        let rows = try await session.rows(PostgresQuery(unsafeSQL: "SELECT \(names) FROM \(table.name) ORDER BY \(order)"))
        var result: [EvidenceRow] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            var values: EvidenceRow = []
            values.reserveCapacity(table.columns.count)
            for (index, cell) in row.enumerated() {
                let text: String?
                do {
                    text = try cell.decode(String?.self)
                } catch {
                    throw PostgresStoreError.server(
                        server: session.location.displayName, sqlState: "XX000",
                        reason: "a value of \(table.name) could not be read (\(error))")
                }
                values.append(try value(text, kind: table.columns[index].kind, table: table, session: session))
            }
            result.append(values)
        }
        return result
    }

    /// Inserts one row into `table`, leaving out the columns at `omitting` (a fact's id, which
    /// the identity sequence gives); returns the row's `id` when `returningId`.
    ///
    /// - Throws: ``PostgresStoreError``: `.refused` for a constraint or trigger,
    ///   `.permissionDenied` when the login may not insert.
    @discardableResult
    public static func insert(
        _ session: PostgresSession, into table: EvidenceTable, _ row: EvidenceRow, omitting: Set<Int> = [],
        returningId: Bool = false
    ) async throws -> Int64? {
        var bindings = PostgresBindings()
        var names: [String] = []
        for (index, column) in table.columns.enumerated() where !omitting.contains(index) {
            names.append(column.name)
            do {
                switch row[index] {
                case .null: bindings.appendNull()
                case .integer(let number): try bindings.append(number)
                case .real(let number): try bindings.append(number)
                case .text(let text): try bindings.append(text)
                }
            } catch {
                throw PostgresStoreError.server(
                    server: session.location.displayName, sqlState: "XX000",
                    reason: "a value of \(table.name) could not be sent (\(error))")
            }
        }
        let marks = (1...max(names.count, 1)).map { "$\($0)" }.joined(separator: ", ")
        var sql = "INSERT INTO \(table.name) (\(names.joined(separator: ", "))) VALUES (\(marks))"
        if returningId {
            sql += " RETURNING id"
            return try await session.values(PostgresQuery(unsafeSQL: sql, binds: bindings), as: Int64.self).first
        }
        try await session.execute(PostgresQuery(unsafeSQL: sql, binds: bindings))
        return nil
    }

    private static func value(
        _ text: String?, kind: EvidenceTable.Kind, table: EvidenceTable, session: PostgresSession
    ) throws -> EvidenceValue {
        guard let text else { return .null }
        switch kind {
        case .text: return .text(text)
        case .integer:
            if let number = Int64(text) { return .integer(number) }
        case .real:
            if let number = Double(text), number.isFinite { return .real(number) }
        }
        throw PostgresStoreError.server(
            server: session.location.displayName, sqlState: "XX000",
            reason: "a number of \(table.name) could not be read ('\(text)')")
    }
}
