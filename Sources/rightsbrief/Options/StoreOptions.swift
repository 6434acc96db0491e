import ArgumentParser
import Foundation
import RightsBriefPostgres
import RightsBriefStore

/// Where the database is: `--db PATH`, else `$RIGHTSBRIEF_DB`, else `./rightsbrief.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database file (default: $RIGHTSBRIEF_DB, else ./rightsbrief.sqlite).", valueName: "path"))
    var db: String?

    /// Refuses a PostgreSQL URL: only `server init`, `push`, `pull` and `verify` work with a
    /// server so far (issue 16).
    ///
    /// One line and exit 64, before anything is opened or created (a file named
    /// `postgres:` would otherwise be made in the working directory).
    func validate() throws {
        guard PostgresLocation.isServerURL(path) else { return }
        let command = Self.activity == "rightsbrief" ? "This command" : "'\(Self.activity)'"
        Console.error(
            "\(command) works on a SQLite file only so far; on PostgreSQL only 'server init', 'push', 'pull' and 'verify' are available (issue 16).")
        throw Exit.usage
    }

    /// The resolved database path.
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["RIGHTSBRIEF_DB"], !env.isEmpty { return env }
        return "rightsbrief.sqlite"
    }

    /// Opens the existing database for writing (exit 66 when missing).
    func open() throws -> FactStore {
        try FactStore.open(path: path, create: false, activity: Self.activity, waiting: waiting)
    }

    /// Opens the database for writing, creating it when missing.
    func openOrCreate() throws -> FactStore {
        try FactStore.open(path: path, create: true, activity: Self.activity, waiting: waiting)
    }

    /// Opens the existing database for reading only: no migration, no write, no lock file, and
    /// it works in a folder this user cannot write (exit 66 when missing).
    func openForReading() throws -> FactStore {
        try FactStore.open(path: path, create: false, readOnly: true, waiting: waiting)
    }

    /// How long to wait for another writer, and the one line said after a few seconds.
    ///
    /// `$RIGHTSBRIEF_BUSY_TIMEOUT` (seconds) changes how long a lock held by a program other
    /// than rightsbrief is waited for; another rightsbrief that is writing is waited for as long
    /// as it writes, up to 30 minutes.
    var waiting: LockWaiting {
        let path = path
        var waiting = LockWaiting { holder in
            if let holder {
                Console.note("Waiting for another rightsbrief writing to '\(path)' (\(holder)).")
            } else {
                Console.note("Waiting for another program that holds the write lock of '\(path)'.")
            }
        }
        if let text = ProcessInfo.processInfo.environment["RIGHTSBRIEF_BUSY_TIMEOUT"],
            let seconds = TimeInterval(text), seconds >= 0, seconds.isFinite
        {
            waiting.busyTimeout = seconds
        }
        return waiting
    }

    /// The command being run (`import`, `fact add`), named in the writer lock beside the
    /// database so that another rightsbrief can say whom it waits for.
    static var activity: String {
        var words: [String] = []
        var commands = RightsBrief.configuration.subcommands
        for argument in CommandLine.arguments.dropFirst() {
            guard let command = commands.first(where: { $0._commandName == argument }) else { break }
            words.append(argument)
            commands = command.configuration.subcommands
        }
        return words.isEmpty ? "rightsbrief" : words.joined(separator: " ")
    }
}
