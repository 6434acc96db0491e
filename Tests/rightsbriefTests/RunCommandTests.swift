import Foundation
import Testing

import RightsBriefSchedule
import TestSupport

/// `rightsbrief run`, through the built binary as cron runs it: silent success, exit codes
/// for a missing or corrupt database, a held lock and unwritable output, the log file, and
/// broken definitions that do not stop the others.
@Suite("run command")
struct RunCommandTests {
    private let weekly = "sv-weekly-public"

    // MARK: - As a new user, from cron

    @Test(
        "from / with an empty environment and no terminal, run --due writes the report and prints nothing; again at once, nothing"
    )
    func cronLikeRun() throws {
        // Given the shipped weekly definition and a sample database, and cron's environment:
        // only PATH and HOME, the working directory /, no terminal,
        let workspace = try ScheduleWorkspace.make()
        let home = try makeTemporaryFolder("rightsbrief-home")
        let arguments = [
            "run", "--due", "--db", workspace.database.path, "--reports-dir",
            workspace.reports.path,
        ]
        func cron() throws -> CommandResult {
            try runRightsbrief(
                arguments, in: URL(fileURLWithPath: "/"),
                environment: ["PATH": "/usr/bin:/bin", "HOME": home.path],
                clean: true)
        }

        // When cron runs it,
        let first = try cron()

        // Then it succeeds silently and writes one dated folder with the briefing and workbook,
        // with latest pointing at it.
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.isEmpty)
        #expect(first.stderr.isEmpty)
        let folders = workspace.runFolders(weekly)
        #expect(folders.count == 1)
        let folder = try #require(folders.first)
        #expect(ReportRunnerStampCheck.isStamp(folder), "\(folder)")
        #expect(workspace.latest(weekly) == folder)
        let dated = workspace.output(weekly).appendingPathComponent(folder)
        let briefing = try String(
            contentsOf: dated.appendingPathComponent("briefing.md"), encoding: .utf8)
        #expect(briefing.contains("El Salvador: weekly briefing on places of detention"))
        #expect(briefing.contains("This is the first report of this series"))
        #expect(
            FileManager.default.fileExists(
                atPath: dated.appendingPathComponent("\(weekly).xlsx").path))
        // And nothing was written to the working directory or HOME.
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).isEmpty)

        // When cron runs it again straight away,
        let second = try cron()

        // Then nothing is due: no output, exit 0, still one folder.
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.isEmpty)
        #expect(second.stderr.isEmpty)
        #expect(workspace.runFolders(weekly) == [folder])
    }

    @Test(
        "--log gets one line per run, naming the report and its folder; a run with nothing due adds none"
    )
    func logFile() throws {
        // Given a workspace and a log file path,
        let workspace = try ScheduleWorkspace.make()
        let log = workspace.root.appendingPathComponent("runs.log")

        // When the weekly report is due twice and checked once more in between,
        let runs = [
            try workspace.run(["--due", "--now", "2025-03-10T07:00:00Z", "--log", log.path]),
            try workspace.run(["--due", "--now", "2025-03-10T07:05:00Z", "--log", log.path]),
            try workspace.run(["--due", "--now", "2025-03-17T07:00:00Z", "--log", log.path]),
        ]

        // Then all succeed silently and the log has exactly two lines, one per run made.
        for result in runs {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.isEmpty && result.stderr.isEmpty)
        }
        let lines = try String(contentsOf: log, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines.last == "", "\(lines)")
        #expect(lines[0].hasPrefix("2025-03-10T07:00:00Z \(weekly) succeeded "))
        #expect(
            lines[0].contains(
                workspace.output(weekly).appendingPathComponent("2025-03-10T0700Z").path))
        #expect(lines[1].hasPrefix("2025-03-17T07:00:00Z \(weekly) succeeded "))
        #expect(workspace.runFolders(weekly) == ["2025-03-10T0700Z", "2025-03-17T0700Z"])
    }

    // MARK: - Missing and corrupt database

    @Test("a missing database exits 66 with one stderr line naming the path")
    func missingDatabase() throws {
        // Given a reports folder but no database,
        let workspace = try ScheduleWorkspace.make(sample: false)

        // When run --due is called,
        let result = try workspace.run(["--due", "--now", "2025-03-10T07:00:00Z"])

        // Then it exits 66, says which file is missing, creates nothing.
        #expect(result.status == 66)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(workspace.database.path))
        #expect(!FileManager.default.fileExists(atPath: workspace.database.path))
        #expect(workspace.entries(weekly).isEmpty)
    }

    @Test("a database file of garbage exits 66 with the path, and is left as it was")
    func corruptDatabase() throws {
        // Given a "database" that is 8 KB of garbage,
        let workspace = try ScheduleWorkspace.make(sample: false)
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: workspace.database)

        // When run --due is called,
        let result = try workspace.run(["--due", "--now", "2025-03-10T07:00:00Z"])

        // Then it exits 66 with one line naming the file, and the file is unchanged.
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(workspace.database.path))
        #expect(fileBytes(workspace.database) == garbage)
        #expect(workspace.entries(weekly).isEmpty)
    }

    // MARK: - Lock

    @Test(
        "while another run holds the lock, run exits 75 at once, or after --wait; after release it runs"
    )
    func lockContention() throws {
        // Given a workspace whose lock beside the database is held by this process,
        let workspace = try ScheduleWorkspace.make()
        let lock = try RunLock(path: workspace.database.path + ".lock", wait: 0)

        // When run --due is called, then it exits 75 at once with one line about the lock.
        let start = Date()
        let busy = try workspace.run(["--due", "--now", "2025-03-10T07:00:00Z"])
        #expect(busy.status == 75, "\(busy.stderr)")
        #expect(busy.stdout.isEmpty)
        #expect(busy.stderrLines.count == 1, "\(busy.stderr)")
        #expect(busy.stderr.contains("lock"))
        #expect(Date().timeIntervalSince(start) < 5)

        // When it is asked to wait one second, then it waits about that long and still exits 75.
        let waitStart = Date()
        let waited = try workspace.run(["--due", "--now", "2025-03-10T07:00:00Z", "--wait", "1"])
        let elapsed = Date().timeIntervalSince(waitStart)
        #expect(waited.status == 75, "\(waited.stderr)")
        #expect(waited.stderrLines.count == 1, "\(waited.stderr)")
        #expect(elapsed >= 0.9, "returned after \(elapsed) s")
        #expect(elapsed < 8, "returned after \(elapsed) s")
        // And no report was written.
        #expect(workspace.entries(weekly).isEmpty)

        // When the lock is released, then the same command runs.
        lock.release()
        let free = try workspace.run(["--due", "--now", "2025-03-10T07:00:00Z"])
        #expect(free.status == 0, "\(free.stderr)")
        #expect(workspace.runFolders(weekly) == ["2025-03-10T0700Z"])
    }

    // MARK: - Output that cannot be created

    @Test(
        "when the run's folder cannot be created, run exits 73 and the previous report is untouched"
    )
    func unwritableOutputKeepsPrevious() throws {
        // Given a successful run on 10 March,
        let workspace = try ScheduleWorkspace.make()
        let first = try workspace.run([weekly, "--now", "2025-03-10T07:00:00Z"])
        try #require(first.status == 0, "\(first.stderr)")
        let previous = workspace.output(weekly).appendingPathComponent("2025-03-10T0700Z")
        let briefing = fileBytes(previous.appendingPathComponent("briefing.md"))
        let workbook = fileBytes(previous.appendingPathComponent("\(weekly).xlsx"))

        // Given a plain file squatting where the 17 March folder must go,
        let squatter = workspace.output(weekly).appendingPathComponent("2025-03-17T0700Z")
        try Data("in the way".utf8).write(to: squatter)

        // When the 17 March run is made, with a log,
        let log = workspace.root.appendingPathComponent("runs.log")
        let result = try workspace.run([
            "--due", "--now", "2025-03-17T07:00:00Z", "--log", log.path,
        ])

        // Then it exits 73 with one line saying the previous report was kept,
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(weekly))
        // and latest, the previous folder and the squatting file are as they were, with no
        // temporary folder left behind.
        #expect(workspace.latest(weekly) == "2025-03-10T0700Z")
        #expect(fileBytes(previous.appendingPathComponent("briefing.md")) == briefing)
        #expect(fileBytes(previous.appendingPathComponent("\(weekly).xlsx")) == workbook)
        #expect(fileBytes(squatter) == Data("in the way".utf8))
        #expect(workspace.entries(weekly) == ["2025-03-10T0700Z", "2025-03-17T0700Z", "latest"])
        // And the log says the run failed, in one line.
        let logged = String(decoding: fileBytes(log), as: UTF8.self)
        #expect(logged.hasPrefix("2025-03-17T07:00:00Z \(weekly) failed "), "\(logged)")
        #expect(logged.filter { $0 == "\n" }.count == 1)
    }

    @Test("when reports/out/NAME is a plain file, run exits 73 and leaves it alone")
    func outputFolderIsAFile() throws {
        // Given reports/out/sv-weekly-public is a file,
        let workspace = try ScheduleWorkspace.make()
        try FileManager.default.createDirectory(
            at: workspace.output(weekly).deletingLastPathComponent(),
            withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: workspace.output(weekly))

        // When the report runs,
        let result = try workspace.run(["--due", "--now", "2025-03-10T07:00:00Z"])

        // Then it exits 73 with one line naming the folder, and the file is unchanged.
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(workspace.output(weekly).path))
        #expect(fileBytes(workspace.output(weekly)) == Data("not a folder".utf8))
    }

    // MARK: - Broken definitions

    @Test(
        "a broken definition in --due is reported as FILE:LINE and does not stop the others; the exit is 65"
    )
    func brokenDefinitionDoesNotStopOthers() throws {
        // Given the shipped weekly definition and a broken one beside it,
        let workspace = try ScheduleWorkspace.make()
        try workspace.writeDefinition(
            "broken.yml",
            """
            name: broken
            schedule: "0 7 * * MON"
            formats: [markdown]
            recipients: [press@example.org]
            """)

        // When run --due is called at a time the weekly one is due,
        let result = try workspace.run(["--due", "--now", "2025-03-10T07:00:00Z"])

        // Then the weekly report is written, the broken file gets one line with its line
        // number, and the exit code is 65 so cron mails it.
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(workspace.runFolders(weekly) == ["2025-03-10T0700Z"])
        let path = workspace.reports.appendingPathComponent("broken.yml").path
        #expect(
            result.stderrLines == [
                "Error: \(path):4: unknown key 'recipients'; use one of name, title, schedule, time_zone, audience, facilities, countries, formats, template, keep, sign, language"
            ])
    }

    @Test("running a definition by a name that does not exist exits 66 and names the folder")
    func unknownName() throws {
        // Given the shipped weekly definition only,
        let workspace = try ScheduleWorkspace.make()

        // When another name is asked for,
        let result = try workspace.run(["sv-daily", "--now", "2025-03-10T07:00:00Z"])

        // Then it exits 66 with one line naming the missing definition and the folder.
        #expect(result.status == 66)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("sv-daily"))
        #expect(result.stderr.contains(workspace.reports.path))
    }

    @Test("run without names or --due, or with a bad --now or --wait, is a usage error (64)")
    func usage() throws {
        // Given a workspace with a database,
        let workspace = try ScheduleWorkspace.make()

        // When run is called without names or --due, then it says to pass one.
        let bare = try workspace.run([])
        #expect(bare.status == 64)
        #expect(bare.stderr.contains("--due"))

        // When --now or --wait is not a valid value, then it is a usage error naming the option,
        // and nothing runs.
        for option in [["--now", "tomorrow"], ["--now", "2025-03-10 07:00"], ["--wait", "-1"]] {
            let result = try workspace.run(["--due"] + option)
            #expect(result.status == 64, "\(option): \(result.status) \(result.stderr)")
            #expect(
                result.stderr.contains(option[0]) || result.stderr.contains(option[1]),
                "\(result.stderr)")
        }
        #expect(workspace.entries(weekly).isEmpty)
    }
}

/// `YYYY-MM-DDTHHMMZ`, checked independently of the runner's own check.
enum ReportRunnerStampCheck {
    static func isStamp(_ name: String) -> Bool {
        name.range(of: #"^\d{4}-\d{2}-\d{2}T\d{4}Z$"#, options: .regularExpression) != nil
    }
}
