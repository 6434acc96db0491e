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
        var result: [EvidenceRow] = []
        try await forEachRow(session, of: table) { result.append($0) }
        return result
    }

    /// Hands each row of `table` the session may read (and, with `condition`, that meets it)
    /// to `body` in key order, as the server sends them: a large table is never held in
    /// memory at once.
    ///
    /// - Parameters:
    ///   - condition: A fixed SQL condition of this package's own (never user text), or nil.
    /// - Throws: ``PostgresStoreError``, or what `body` throws.
    public static func forEachRow(
        _ session: PostgresSession, of table: EvidenceTable, where condition: String? = nil,
        _ body: (EvidenceRow) throws -> Void
    ) async throws {
        let names = table.columns.map { "\($0.name)::text" }.joined(separator: ", ")
        // Qualified: a bare name would sort by the text column of the same name (10 before 9).
        let order = table.key.map { "\(table.name).\(table.columns[$0].name)" }.joined(separator: ", ")
        let filter = condition.map { " WHERE \($0)" } ?? ""
        let sql = "SELECT \(names) FROM \(table.name)\(filter) ORDER BY \(order)"
        try await session.forEachRow(PostgresQuery(unsafeSQL: sql)) { row in
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
            try body(values)
        }
    }

    /// The most bound values one batched INSERT carries (PostgreSQL allows 65,535).
    public static let parameterLimit = 30_000

    /// Inserts `rows` into `table` with as few statements as `parameterLimit` allows (a
    /// multi-row `VALUES` list each, every value bound), leaving out the columns at `omitting`.
    ///
    /// A batch ends early before a row for which `startsBatch` answers true, so a row that a
    /// trigger checks against an earlier row of the same push (a correction of a fact added
    /// in it) never shares that row's statement.
    ///
    /// - Throws: ``PostgresStoreError``: `.refused` for a constraint or trigger,
    ///   `.permissionDenied` when the login may not insert.
    public static func insert(
        _ session: PostgresSession, into table: EvidenceTable, rows: [EvidenceRow], omitting: Set<Int> = [],
        parameterLimit: Int = parameterLimit, startsBatch: (EvidenceRow) -> Bool = { _ in false }
    ) async throws {
        let columns = table.columns.indices.filter { !omitting.contains($0) }
        guard !columns.isEmpty else { return }
        let rowsPerBatch = max(1, parameterLimit / columns.count)
        let names = columns.map { table.columns[$0].name }.joined(separator: ", ")
        var batch: [EvidenceRow] = []
        func flush() async throws {
            guard !batch.isEmpty else { return }
            var bindings = PostgresBindings(capacity: batch.count * columns.count)
            var tuples: [String] = []
            tuples.reserveCapacity(batch.count)
            var mark = 0
            for row in batch {
                var marks: [String] = []
                for index in columns {
                    bind(row[index], to: &bindings)
                    mark += 1
                    marks.append("$\(mark)")
                }
                tuples.append("(" + marks.joined(separator: ", ") + ")")
            }
            let sql = "INSERT INTO \(table.name) (\(names)) VALUES " + tuples.joined(separator: ", ")
            try await session.execute(PostgresQuery(unsafeSQL: sql, binds: bindings))
            batch.removeAll(keepingCapacity: true)
        }
        for row in rows {
            let starts = startsBatch(row)
            if batch.count == rowsPerBatch || (!batch.isEmpty && starts) { try await flush() }
            batch.append(row)
        }
        try await flush()
    }

    /// Sets the `columns` of each of `rows` (every column but the key when nil), found by the
    /// key (`reportRun`: a run that finished; `fact`: the facility a merge moved it to).
    ///
    /// - Throws: ``PostgresStoreError``: `.refused` for a constraint, `.permissionDenied` when
    ///   the login may not update.
    public static func update(
        _ session: PostgresSession, in table: EvidenceTable, rows: [EvidenceRow], columns: [Int]? = nil
    ) async throws {
        guard !rows.isEmpty else { return }
        let values = columns ?? table.columns.indices.filter { !table.key.contains($0) }
        guard !values.isEmpty else { return }
        var mark = 0
        let assignments = values.map { index -> String in
            mark += 1
            return "\(table.columns[index].name) = $\(mark)"
        }.joined(separator: ", ")
        let conditions = table.key.map { index -> String in
            mark += 1
            return "\(table.columns[index].name) = $\(mark)"
        }.joined(separator: " AND ")
        let sql = "UPDATE \(table.name) SET \(assignments) WHERE \(conditions)"
        for row in rows {
            var bindings = PostgresBindings(capacity: table.columns.count)
            for index in values + table.key { bind(row[index], to: &bindings) }
            try await session.execute(PostgresQuery(unsafeSQL: sql, binds: bindings))
        }
    }

    /// Deletes each of `rows`, found by its key.
    ///
    /// - Throws: ``PostgresStoreError``: `.refused` for a trigger or foreign key,
    ///   `.permissionDenied` when the login may not delete.
    public static func delete(_ session: PostgresSession, from table: EvidenceTable, rows: [EvidenceRow]) async throws {
        var mark = 0
        let conditions = table.key.map { index -> String in
            mark += 1
            return "\(table.columns[index].name) = $\(mark)"
        }.joined(separator: " AND ")
        for row in rows {
            var bindings = PostgresBindings(capacity: table.key.count)
            for index in table.key { bind(row[index], to: &bindings) }
            try await session.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(table.name) WHERE \(conditions)", binds: bindings))
        }
    }

    /// The advisory lock key of `run` on a server (ASCII "rb" "run"), held for a whole run so
    /// that two machines running the same schedule make one report.
    public static let runLockKey: Int64 = 0x7262_7275_6E

    /// Tries for up to `wait` seconds to take `run`'s session-level advisory lock; answers
    /// whether it was taken. It is released by ``unlockRuns(_:)`` or when the session ends.
    ///
    /// - Throws: ``PostgresStoreError``.
    public static func lockRuns(_ session: PostgresSession, wait: Int) async throws -> Bool {
        let deadline = Date().addingTimeInterval(TimeInterval(max(0, wait)))
        while true {
            if try await session.values("SELECT pg_try_advisory_lock(\(runLockKey))", as: Bool.self).first == true {
                return true
            }
            if Date() >= deadline { return false }
            try? await Task.sleep(nanoseconds: 200_000_000)
        }
    }

    /// Releases `run`'s advisory lock.
    public static func unlockRuns(_ session: PostgresSession) async {
        try? await session.execute("SELECT pg_advisory_unlock(\(runLockKey))")
    }

    /// `count` new fact ids from the fact table's identity sequence, ascending.
    ///
    /// - Throws: ``PostgresStoreError``.
    public static func reserveFactIds(_ session: PostgresSession, count: Int) async throws -> [Int64] {
        guard count > 0 else { return [] }
        let ids = try await session.values(
            "SELECT nextval(pg_get_serial_sequence('fact', 'id')) FROM generate_series(1, \(count))", as: Int64.self)
        return ids.sorted()
    }

    private static func bind(_ value: EvidenceValue, to bindings: inout PostgresBindings) {
        switch value {
        case .null: bindings.appendNull()
        case .integer(let number): bindings.append(number)
        case .real(let number): bindings.append(number)
        case .text(let text): bindings.append(text)
        }
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
