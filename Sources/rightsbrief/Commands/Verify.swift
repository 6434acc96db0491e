import ArgumentParser
import Foundation
import RightsBriefReports
import RightsBriefStore

extension RightsBrief {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the database's integrity and re-hash every captured source text.",
            discussion: """
                Runs SQLite's integrity and foreign-key checks, looks for facts without a
                source, and compares each captured text with its stored SHA-256. Prints one
                line per problem and exits 65 if there is any. Warns when the database files
                can be read by other users.

                Example:
                  rightsbrief verify --db evidence.sqlite
                """)

        @OptionGroup var store: StoreOptions

        @Option(
            name: .customLong("reports-dir"),
            help: ArgumentHelp("The folder of report definitions whose out/ is checked for leftovers (default ./reports).", valueName: "dir"))
        var reportsDir: String = "reports"

        func run() throws {
            try exitingOnFailure {
                let store = try store.openForReading()
                let report = try store.verify()
                for warning in report.warnings { Console.warning(warning) }
                for leftover in Self.leftovers(database: store.path, reportsDir: reportsDir) {
                    Console.warning(
                        "'\(leftover)' was left by an interrupted rightsbrief; the next report written into that folder removes it.")
                }
                for problem in report.problems { Console.note("Problem: \(problem)") }
                guard report.isClean else { throw CommandError.verificationFailed(count: report.problems.count) }
                let counts = try store.counts()
                Console.out(
                    "OK: integrity and foreign keys checked; \(report.checkedSources) captured text\(report.checkedSources == 1 ? " matches its" : "s match their") SHA-256; \(Self.count(counts.facilities, "facility", "facilities")), \(Self.count(counts.sources, "source", "sources")), \(Self.count(counts.facts, "fact", "facts")), \(Self.count(counts.events, "event", "events"))."
                )
            }
        }

        /// Temporary outputs that no live process holds, in the database's folder, the working
        /// folder and the scheduled reports' output folders.
        static func leftovers(database: String, reportsDir: String) -> [String] {
            let manager = FileManager.default
            let out = URL(fileURLWithPath: reportsDir, isDirectory: true).appendingPathComponent("out")
            var folders = [
                URL(fileURLWithPath: database).deletingLastPathComponent().standardizedFileURL,
                URL(fileURLWithPath: manager.currentDirectoryPath, isDirectory: true).standardizedFileURL,
                out.standardizedFileURL,
            ]
            let definitions = (try? manager.contentsOfDirectory(atPath: out.path)) ?? []
            folders += definitions.sorted().map { out.appendingPathComponent($0).standardizedFileURL }
            var seen = Set<String>()
            return folders.filter { seen.insert($0.path).inserted }.flatMap { folder in
                TemporaryOutput.stale(in: folder).map { folder.appendingPathComponent($0).path }
            }
        }

        static func count(_ n: Int, _ one: String, _ many: String) -> String {
            "\(n) \(n == 1 ? one : many)"
        }
    }
}
