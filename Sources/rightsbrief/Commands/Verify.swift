import ArgumentParser
import Foundation
import RightsBriefPostgres
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

                On a shared server (--db postgres://USER@HOST/DB) it checks, in one read-only
                snapshot, that the schema is this rightsbrief's version, that every CHECK and
                foreign key is present and validated and every trigger enabled, that
                row-level security is enabled and forced with all its policies, and that
                every fact has a source and every captured text its SHA-256. A reader's login
                sees only its level's rows: rows above it are not checked, and it says so.
                Exit codes: 65 problems found, 69 server unreachable, 77 login refused.

                Examples:
                  rightsbrief verify --db evidence.sqlite
                  rightsbrief verify --db postgres://ramon@db.example.org/evidence
                """)

        @OptionGroup var database: FileOrServerOptions

        @Option(
            name: .customLong("reports-dir"),
            help: ArgumentHelp("The folder of report definitions whose out/ is checked for leftovers (default ./reports).", valueName: "dir"))
        var reportsDir: String = "reports"

        func run() throws {
            if let server = database.server {
                return try verifyServer(server)
            }
            try exitingOnFailure {
                let store = try database.file.openForReading()
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

        /// Verifies a shared server: the same shape as a file's verify (warnings, one line per
        /// problem, exit 65, else one summary line on stdout).
        func verifyServer(_ url: String) throws {
            try exitingOnFailure {
                let location = try PostgresLocation(url: url)
                let report = try waitFor { try await ServerVerification.verify(location) }
                for warning in report.warnings { Console.warning(warning) }
                for leftover in Self.leftovers(database: nil, reportsDir: reportsDir) {
                    Console.warning(
                        "'\(leftover)' was left by an interrupted rightsbrief; the next report written into that folder removes it.")
                }
                for problem in report.problems { Console.note("Problem: \(problem)") }
                guard report.isClean else { throw CommandError.verificationFailed(count: report.problems.count) }
                let texts = report.checkedSources
                Console.out(
                    "OK: schema version \(report.schemaVersion), \(report.checkedConstraints) constraints, \(report.checkedTriggers) triggers and row-level security on \(report.checkedTables) tables checked on \(report.server); checked \(Self.count(texts, "captured text", "captured texts")) visible to \(report.login), \(texts == 1 ? "it matches its" : "each matches its") SHA-256; \(Self.count(report.facilities, "facility", "facilities")), \(Self.count(report.sources, "source", "sources")), \(Self.count(report.facts, "fact", "facts")), \(Self.count(report.events, "event", "events"))."
                )
            }
        }

        /// Temporary outputs that no live process holds, in the database's folder (for a file),
        /// the working folder and the scheduled reports' output folders.
        static func leftovers(database: String?, reportsDir: String) -> [String] {
            let manager = FileManager.default
            let out = URL(fileURLWithPath: reportsDir, isDirectory: true).appendingPathComponent("out")
            var folders = [
                URL(fileURLWithPath: manager.currentDirectoryPath, isDirectory: true).standardizedFileURL,
                out.standardizedFileURL,
            ]
            if let database {
                folders.insert(URL(fileURLWithPath: database).deletingLastPathComponent().standardizedFileURL, at: 0)
            }
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
