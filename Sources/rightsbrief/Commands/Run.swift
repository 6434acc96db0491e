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
                seconds, then exits 75.

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
            do {
                try runDefinitions()
            } catch let error as any ExitCodeProviding {
                // Problems before any report ran (lock held, database missing) go to the log too,
                // so a log reader sees a week of failures, not silence.
                let stamp = Timestamp.string(Date())
                try? appendLog("\(stamp) run failed: \(Console.oneLine(error.errorDescription ?? "\(error)"))")
                Console.error(error.errorDescription ?? "\(error)")
                throw error.exitCode
            }
        }

        private func runDefinitions() throws {
            do {
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
                let store = try store.open()
                let lock = try RunLock(path: store.path + ".lock", wait: wait)
                defer { lock.release() }
                let runner = ReportRunner(store: store, reportsFolder: folder, locator: try ResourceLocator())
                if due { selected = try runner.due(selected, now: now) }
                for definition in selected {
                    do {
                        let outcome = try runner.run(definition, now: now)
                        let line = "\(Timestamp.string(now)) \(definition.name) succeeded \(outcome.folder.path) facts=\(outcome.facts) sources=\(outcome.sources) events=\(outcome.events)"
                        try appendLog(line)
                        if verbose { Console.out(line) }
                    } catch {
                        failures.append(error)
                        let message = (error as? any LocalizedError)?.errorDescription ?? "\(error)"
                        Console.error("Report '\(definition.name)' failed; the previous report was kept: \(message)")
                        try? appendLog("\(Timestamp.string(now)) \(definition.name) failed \(Console.oneLine(message))")
                    }
                }
                if let first = failures.first {
                    throw (first as? any ExitCodeProviding)?.exitCode ?? Exit.dataError
                }
            }
        }

        private func appendLog(_ line: String) throws {
            guard let log else { return }
            let data = Data((line + "\n").utf8)
            if !FileManager.default.fileExists(atPath: log) {
                let folder = URL(fileURLWithPath: log).deletingLastPathComponent()
                try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: log, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw ReportError.outputNotWritable(path: log, reason: "cannot create the log file")
                }
            }
            guard let handle = FileHandle(forWritingAtPath: log) else {
                throw ReportError.outputNotWritable(path: log, reason: "cannot open the log file")
            }
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        }
    }
}
