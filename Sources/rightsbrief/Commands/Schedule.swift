import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefPostgres
import RightsBriefSchedule

extension RightsBrief {
    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show, install or remove the crontab lines for scheduled reports; compute fire times.",
            subcommands: [Print.self, Install.self, Remove.self, Next.self])
    }
}

/// Options shared by the crontab subcommands.
struct CrontabOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("reports-dir"), help: ArgumentHelp("The folder of .yml definitions (default ./reports).", valueName: "dir"))
    var reportsDir: String = "reports"

    func crontab() -> Crontab {
        let executable = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
            .resolvingSymlinksInPath().path
        let program = ProcessInfo.processInfo.environment["RIGHTSBRIEF_CRONTAB"].flatMap { $0.isEmpty ? nil : $0 } ?? "crontab"
        return Crontab(
            // A server's URL goes into the crontab as it is; a file's path made absolute.
            executable: executable,
            database: PostgresLocation.isServerURL(store.path)
                ? store.path : URL(fileURLWithPath: store.path).standardizedFileURL.path,
            reportsFolder: URL(fileURLWithPath: reportsDir).standardizedFileURL.path, program: program)
    }

    /// The definitions; any broken one stops the command (a crontab must not half-install).
    func definitions() throws -> [ReportDefinition] {
        let loaded = try ReportDefinition.loadAll(from: URL(fileURLWithPath: reportsDir, isDirectory: true))
        if let last = loaded.errors.last {
            for error in loaded.errors.dropLast() { Console.error(error.localizedDescription) }
            throw last
        }
        return loaded.definitions
    }
}

extension RightsBrief.Schedule {
    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the crontab lines that 'schedule install' would add.",
            discussion: "Example:\n  rightsbrief schedule print --reports-dir reports --db evidence.sqlite")

        @OptionGroup var options: CrontabOptions

        func run() throws {
            try exitingOnFailure {
                for line in options.crontab().lines(for: try options.definitions()) { Console.out(line) }
            }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the lines to your crontab between marker comments (again: replaces them).",
            discussion: """
                Every other line of the crontab is kept. The lines use absolute paths and pass
                the database and reports folder, since cron's environment has almost nothing.

                Example:
                  rightsbrief schedule install --reports-dir /srv/rb/reports \\
                    --db /srv/rb/evidence.sqlite
                """)

        @OptionGroup var options: CrontabOptions

        func run() throws {
            try exitingOnFailure {
                let crontab = options.crontab()
                let definitions = try options.definitions()
                try crontab.update(block: crontab.lines(for: definitions))
                Console.note("Installed \(definitions.count) report schedule\(definitions.count == 1 ? "" : "s") in the crontab.")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take rightsbrief's lines for this reports folder out of your crontab.",
            discussion: "Example:\n  rightsbrief schedule remove --reports-dir /srv/rb/reports")

        @OptionGroup var options: CrontabOptions

        func run() throws {
            try exitingOnFailure {
                try options.crontab().update(block: nil)
                Console.note("Removed rightsbrief's lines for \(options.crontab().reportsFolder) from the crontab.")
            }
        }
    }

    struct Next: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the next fire times of a cron expression, one ISO 8601 UTC timestamp a line.",
            discussion: """
                Vixie cron semantics: five fields (minute hour day-of-month month day-of-week),
                lists, ranges, steps, month and weekday names, @daily-style shortcuts; when
                both day fields are restricted, a day matching either fires.

                Examples:
                  rightsbrief schedule next "0 7 * * MON" --count 3
                  rightsbrief schedule next "0 0 13 * FRI" --after 2025-01-01T00:00:00Z
                """)

        @Argument(help: "The cron expression, quoted.") var expression: String

        @Option(help: ArgumentHelp("Start after this time (default now).", valueName: "timestamp"))
        var after: String?

        @Option(help: "How many fire times to print.") var count: Int = 5

        @Option(name: .customLong("time-zone"), help: ArgumentHelp("Evaluate the fields in this IANA time zone (default UTC).", valueName: "zone"))
        var timeZone: String = "UTC"

        func validate() throws {
            guard (1...10_000).contains(count) else { throw ValidationError("'--count' must be from 1 to 10000.") }
            if let after, (try? Timestamp.parse(after)) == nil {
                throw ValidationError("'--after' must be a UTC timestamp such as 2025-02-03T08:00:00Z.")
            }
            guard TimeZone(identifier: timeZone) != nil else {
                throw ValidationError("'--time-zone' must be an IANA time zone such as UTC or America/El_Salvador.")
            }
        }

        func run() throws {
            try exitingOnFailure {
                let cron = try CronExpression(expression)
                guard let zone = TimeZone(identifier: timeZone) else {
                    throw CommandError.message("'\(timeZone)' is not a time zone; use an IANA name such as UTC.", Exit.usage)
                }
                guard cron.canEverFire else { throw CronError.neverFires(expression: expression) }
                let start = try after.map { try Timestamp.parse($0) } ?? Date()
                let dates = cron.next(after: start, count: count, in: zone)
                guard !dates.isEmpty else {
                    throw CronError.noFireTimeAfter(expression: expression, after: Timestamp.string(start))
                }
                for date in dates { Console.out(Timestamp.string(date)) }
            }
        }
    }
}
