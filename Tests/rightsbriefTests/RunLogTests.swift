import Foundation
import RightsBriefStore
import TestSupport
import Testing

/// `run --log FILE` when the log cannot be written: the report is still written and recorded,
/// and one stderr line blames the log, not the report, with exit 73 so cron mails it.
@Suite("run --log that cannot be written")
struct RunLogTests {
    private let weekly = "sv-weekly-public"

    /// Runs the weekly report with `--log log` and checks everything but the log line.
    func runWithBrokenLog(_ log: String, in workspace: ScheduleWorkspace) throws -> CommandResult {
        let result = try workspace.run(["--due", "--now", "2025-03-10T07:00:00Z", "--log", log])
        // The report was written, latest points at it, and the run is recorded as succeeded.
        #expect(workspace.runFolders(weekly) == ["2025-03-10T0700Z"])
        #expect(workspace.latest(weekly) == "2025-03-10T0700Z")
        let store = try FactStore.open(path: workspace.database.path, create: false, readOnly: true)
        #expect(try store.runs(name: weekly).map(\.status) == ["succeeded"])
        #expect(result.stdout.isEmpty)
        #expect(result.status == 73, "\(result.stderr)")
        return result
    }

    @Test("a log path that is a folder: the report is written, one line blames the log, exit 73")
    func logIsAFolder() throws {
        // Given a workspace and a log path that is an existing folder,
        let workspace = try ScheduleWorkspace.make()
        let log = workspace.root.appendingPathComponent("logs", isDirectory: true)
        try FileManager.default.createDirectory(at: log, withIntermediateDirectories: false)

        // When the weekly report runs with that log,
        let result = try runWithBrokenLog(log.path, in: workspace)

        // Then the one stderr line says the log failed and the report was written,
        #expect(
            result.stderrLines == [
                "Error: Cannot write the log '\(log.path)': it is a folder; the report itself was written."
            ], "\(result.stderr)")
        // and the folder is left as it was.
        #expect(try FileManager.default.contentsOfDirectory(atPath: log.path).isEmpty)
    }

    @Test("a log whose folder is a plain file: the report is written, one line blames the log, exit 73")
    func logFolderCannotBeMade() throws {
        // Given a log path under a plain file,
        let workspace = try ScheduleWorkspace.make()
        let file = workspace.root.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: file)
        let log = file.appendingPathComponent("runs.log").path

        // When the weekly report runs with that log,
        let result = try runWithBrokenLog(log, in: workspace)

        // Then one line says the log's folder is a file and the report was written; the file is untouched.
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(
            result.stderr.hasPrefix(
                "Error: Cannot write the log '\(log)': '\(file.path)' is not a folder"),
            "\(result.stderr)")
        #expect(result.stderr.contains("the report itself was written"))
        #expect(fileBytes(file) == Data("mine".utf8))
    }

    @Test("a log in a missing folder is created with its folder, as the installed crontab needs")
    func logFolderIsCreated() throws {
        // Given the log path the crontab uses, under reports/out/, which does not exist yet,
        let workspace = try ScheduleWorkspace.make()
        let log = workspace.reports.appendingPathComponent("out/cron.log")

        // When the first run fails before any report (no such definition),
        let result = try workspace.run(["nope", "--now", "2025-03-10T07:00:00Z", "--log", log.path])

        // Then the failure is logged, in a folder made for it.
        #expect(result.status == 66, "\(result.stderr)")
        #expect(String(decoding: fileBytes(log), as: UTF8.self).contains("run failed: No report definition named 'nope'"))
    }
}
