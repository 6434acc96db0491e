import Foundation
import GRDB
import RightsBriefCore

/// One recorded run of a scheduled report.
public struct ReportRun: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// When the run started, by the store's clock (millisecond timestamp).
    public var startedAt: String
    public var finishedAt: String?
    /// The time the run was made for (`--now`, or the clock), to the second.
    public var scheduledFor: String?
    public var status: String
    public var output: String?
    public var factCount: Int
    public var sourceCount: Int
    public var eventCount: Int
    public var message: String?
}

extension FactStore {
    /// Records that a run of `name` has started.
    ///
    /// - Returns: the run's id and start time.
    /// - Throws: ``StoreError`` when the database cannot be written.
    public func startRun(name: String, scheduledFor: Date) throws -> ReportRun {
        let startedAt = now
        let scheduled = Timestamp.string(scheduledFor)
        let id = try write { db -> Int64 in
            try db.execute(
                sql: "INSERT INTO reportRun (name, startedAt, scheduledFor, status) VALUES (?, ?, ?, 'running')",
                arguments: [name, startedAt, scheduled])
            return db.lastInsertedRowID
        }
        return ReportRun(
            id: id, name: name, startedAt: startedAt, finishedAt: nil, scheduledFor: scheduled, status: "running",
            output: nil, factCount: 0, sourceCount: 0, eventCount: 0, message: nil)
    }

    /// Records how a run ended.
    ///
    /// - Throws: ``StoreError`` when the database cannot be written.
    public func finishRun(
        id: Int64, succeeded: Bool, output: String?, counts: (facts: Int, sources: Int, events: Int) = (0, 0, 0),
        message: String? = nil
    ) throws {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE reportRun SET finishedAt = ?, status = ?, output = ?, factCount = ?, sourceCount = ?,
                    eventCount = ?, message = ? WHERE id = ?
                    """,
                arguments: [
                    now, succeeded ? "succeeded" : "failed", output, counts.facts, counts.sources, counts.events,
                    message, id,
                ])
        }
    }

    /// The message recorded on a run whose process ended before it finished.
    public static let interruptedMessage = "interrupted: the process ended before the run finished"

    /// Marks the runs of `name` still recorded as `running` as `interrupted`, finished now.
    ///
    /// Call it only while holding the run lock: then no other run is alive, and a `running`
    /// row is left by a process that was killed or crashed.
    ///
    /// - Returns: how many runs were marked.
    /// - Throws: ``StoreError`` when the database cannot be written.
    @discardableResult
    public func markInterruptedRuns(name: String) throws -> Int {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE reportRun SET status = 'interrupted', finishedAt = ?, message = ?
                    WHERE name = ? AND status = 'running'
                    """,
                arguments: [now, Self.interruptedMessage, name])
            return db.changesCount
        }
    }

    /// The latest successful run of `name`, or `nil` when it never succeeded.
    public func lastSuccessfulRun(name: String) throws -> ReportRun? {
        try runs(name: name, status: "succeeded", limit: 1).first
    }

    /// Runs of `name`, newest first; `status` is `running`, `succeeded`, `failed` or
    /// `interrupted`.
    public func runs(name: String, status: String? = nil, limit: Int = 100) throws -> [ReportRun] {
        try read { db in
            let filter = status == nil ? "" : "AND status = ?"
            var arguments: StatementArguments = [name]
            if let status { arguments += [status] }
            arguments += [limit]
            return try Row.fetchAll(
                db, sql: "SELECT * FROM reportRun WHERE name = ? \(filter) ORDER BY startedAt DESC, id DESC LIMIT ?",
                arguments: arguments
            ).map { row in
                ReportRun(
                    id: row["id"], name: row["name"], startedAt: row["startedAt"], finishedAt: row["finishedAt"],
                    scheduledFor: row["scheduledFor"], status: row["status"], output: row["output"],
                    factCount: row["factCount"], sourceCount: row["sourceCount"], eventCount: row["eventCount"],
                    message: row["message"])
            }
        }
    }
}
