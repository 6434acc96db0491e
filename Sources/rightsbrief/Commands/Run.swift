import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefSchedule
import RightsBriefStore

extension RightsBrief {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run scheduled report definitions now, or those that are due.",
            discussion: """
                Each run writes into REPORTS/out/NAME/YYYY-MM-DDTHHMMZ/, moves
                REPORTS/out/NAME/latest only after success, prunes runs beyond the definition's
                'keep', and is recorded in the database. Briefings get a "Changes since the
                previous report" section.
                With --due, a definition runs when its schedule fired since its last successful
                run; a missed run is caught up once. Silent on success unless --verbose; on
                failure one line per problem on stderr and a non-zero exit, so cron mails it.
                A lock beside the database keeps two runs apart: the second waits up to --wait
                seconds, then exits 75. A run that finds another rightsbrief writing to the
                database (an import) waits for it to finish, then runs. A --log file that
                cannot be written does not stop the reports: one line on stderr, exit 73.

                Examples:
                  rightsbrief run sv-weekly-public --reports-dir reports
                  rightsbrief run --due --reports-dir /srv/rb/reports \\
                    --db /srv/rb/evidence.sqlite --log /srv/rb/runs.log
                  rightsbrief run --due --now 2025-03-10T07:00:00Z
                """)

        @OptionGroup var store: StoreOptions

        @Argument(help: "Definitions to run (with --due: only these are considered).")
        var names: [String] = []

        @Flag(help: "Run the definitions whose schedule has fired since their last successful run.")
        var due = false

        @Option(name: .customLong("reports-dir"), help: ArgumentHelp("The folder of .yml definitions; output goes to its out/ (default ./reports).", valueName: "dir"))
        var reportsDir: String = "reports"

        @Option(help: ArgumentHelp("Pretend it is this time (UTC), for catching up or testing.", valueName: "timestamp"))
        var now: String?

        @Option(help: ArgumentHelp("Wait up to this many seconds for another run to finish (default 0).", valueName: "seconds"))
        var wait: Int = 0

        @Option(help: ArgumentHelp("Append one line per run to this file.", valueName: "file"))
        var log: String?

        @Flag(help: "Print a line per run on success too.")
        var verbose = false

        func validate() throws {
            if !due && names.isEmpty {
                throw ValidationError("Name one or more definitions, or pass --due.")
            }
            if wait < 0 { throw ValidationError("'--wait' must be 0 or more seconds.") }
            if let now, (try? Timestamp.parse(now)) == nil {
                throw ValidationError("'--now' must be a UTC timestamp such as 2025-03-10T07:00:00Z.")
            }
        }

        func run() throws {
            let log = RunLog(path: log)
            do {
                try runDefinitions(log: log)
            } catch let error as any ExitCodeProviding {
                // Problems before any report ran (lock held, database missing) go to the log too,
                // so a log reader sees a week of failures, not silence.
                let stamp = Timestamp.string(Date())
                log.append("\(stamp) run failed: \(Console.oneLine(error.errorDescription ?? "\(error)"))")
                Console.error(error.errorDescription ?? "\(error)")
                if let failure = log.failure(reportsWritten: 0) { Console.error(failure.errorDescription ?? "") }
                throw error.exitCode
            }
        }

        private func runDefinitions(log: RunLog) throws {
            let now = try self.now.map { try Timestamp.parse($0) } ?? Date()
            let folder = URL(fileURLWithPath: reportsDir, isDirectory: true).standardizedFileURL
            let loaded = try ReportDefinition.loadAll(from: folder)
            var failures: [any Error] = loaded.errors
            for error in loaded.errors { Console.error(error.localizedDescription) }
            var selected = loaded.definitions
            if !names.isEmpty {
                // With broken files already reported, a missing name may be one of them.
                let missing = names.filter { name in !selected.contains { $0.name == name } }
                if let name = missing.first, loaded.errors.isEmpty {
                    throw ScheduleError.unknownDefinition(name: name, folder: folder.path)
                }
                selected = selected.filter { names.contains($0.name) }
            }
            let locator = try ResourceLocator()
            // The lock file beside a database file; on a server, its run lock, with the runs
            // recorded there when the reports are done.
            let (written, runFailures) = try store.runningReports(wait: wait) { store in
                let runner = ReportRunner(store: store, reportsFolder: folder, locator: locator)
                if due { selected = try runner.due(selected, now: now) }
                var written = 0
                var failures: [any Error] = []
                for definition in selected {
                    do {
                        let outcome = try runner.run(definition, now: now)
                        written += 1
                        let line = "\(Timestamp.string(now)) \(definition.name) succeeded \(outcome.folder.path) facts=\(outcome.facts) sources=\(outcome.sources) events=\(outcome.events)"
                        log.append(line)
                        if verbose { Console.out(line) }
                    } catch {
                        failures.append(error)
                        let message = (error as? any LocalizedError)?.errorDescription ?? "\(error)"
                        Console.error("Report '\(definition.name)' failed; the previous report was kept: \(message)")
                        log.append("\(Timestamp.string(now)) \(definition.name) failed \(Console.oneLine(message))")
                    }
                }
                return (written, failures)
            }
            failures += runFailures
            // A log that cannot be written does not undo the reports; it is one line and exit 73,
            // so cron mails it.
            let logFailure = log.failure(reportsWritten: written)
            if let logFailure { Console.error(logFailure.errorDescription ?? "") }
            if let first = failures.first {
                throw (first as? any ExitCodeProviding)?.exitCode ?? Exit.dataError
            }
            if let logFailure { throw logFailure.exitCode }
        }
    }
}

/// The `--log` file of `run`: one line appended per run.
///
/// A missing folder is created (the installed crontab logs into `REPORTS/out/`, which the first
/// run creates). A log that cannot be written (the path is a folder, its folder cannot be
/// made, no permission) does not fail the run: the first failure is kept, later lines are not
/// tried, and the command reports it once at the end.
final class RunLog {
    let path: String?
    private var reason: String?

    init(path: String?) {
        self.path = path
    }

    /// Appends `line`, unless there is no log or it already failed.
    func append(_ line: String) {
        guard let path, reason == nil else { return }
        reason = Self.append(Data((line + "\n").utf8), to: path)
    }

    /// The error to report when the log could not be written, or nil.
    func failure(reportsWritten: Int) -> CommandError? {
        guard let path, let reason else { return nil }
        let outcome =
            switch reportsWritten {
            case 0: ""
            case 1: "; the report itself was written"
            default: "; the reports themselves were written"
            }
        return .message("Cannot write the log '\(path)': \(reason)\(outcome).", Exit.cannotCreate)
    }

    /// Appends `data` to the file at `path`; returns why it failed, or nil.
    private static func append(_ data: Data, to path: String) -> String? {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return "it is a folder"
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            if !isFolder.boolValue { return "'\(folder.path)' is not a folder" }
        } else {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                return "its folder '\(folder.path)' cannot be created"
            }
        }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else {
            return written < 0 ? String(cString: strerror(errno)) : "the disk is full"
        }
        return nil
    }
}
