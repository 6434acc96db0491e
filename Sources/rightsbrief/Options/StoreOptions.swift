import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefPostgres
import RightsBriefSchedule
import RightsBriefStore
import RightsBriefSync

/// Where the database is: `--db PATH`, else `$RIGHTSBRIEF_DB`, else `./rightsbrief.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database file (default: $RIGHTSBRIEF_DB, else ./rightsbrief.sqlite).", valueName: "path"))
    var db: String?

    /// The commands whose `--db` must be a file: `push` and `pull` move evidence between a
    /// file and a server named by `--to`/`--from`, and `demo` makes its own sample file.
    static let fileOnlyCommands: Set<String> = ["push", "pull", "demo"]

    /// Refuses a PostgreSQL URL for a command that needs a file: one line and exit 64,
    /// before anything is opened or created (a file named `postgres:` would otherwise be
    /// made in the working directory).
    func validate() throws {
        guard PostgresLocation.isServerURL(path), Self.fileOnlyCommands.contains(Self.activity) else { return }
        Console.error(
            "'\(Self.activity)' needs a SQLite file as --db (or $RIGHTSBRIEF_DB), not the server '\(Self.safeName(path))'.")
        throw Exit.usage
    }

    /// The server, when `--db` (or `$RIGHTSBRIEF_DB`) is a PostgreSQL URL.
    ///
    /// - Throws: ``PostgresStoreError`` for a URL that is not valid (a password in it, among
    ///   others): exit 64.
    func server() throws -> PostgresLocation? {
        guard PostgresLocation.isServerURL(path) else { return nil }
        return try PostgresLocation(url: path)
    }

    /// The database as messages name it: the file's path, or the server without password.
    var displayName: String {
        (try? server())?.displayName ?? (PostgresLocation.isServerURL(path) ? Self.safeName(path) : path)
    }

    /// A server URL as far as it can be shown: everything before an `@` (a password) dropped.
    static func safeName(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
        return String(url[..<scheme.upperBound]) + "…@" + String(url[url.index(after: at)...])
    }

    /// Runs `body` on the store for reading: the file opened read-only, or a working copy of
    /// what the login may read on the server (``ServerWorkingCopy``), removed afterwards.
    ///
    /// - Parameter audience: Who a report made from it is for: when the server's login may
    ///   read less than that audience, one line on stderr says the report holds only what the
    ///   login may read (the server withheld the rest), so nobody signs it believing otherwise.
    func reading<T>(for audience: Audience? = nil, _ body: (FactStore) throws -> T) throws -> T {
        guard let location = try server() else { return try body(try openForReading()) }
        let copy = try waitFor { try await ServerWorkingCopy.reading(location) }
        defer { try? waitFor { await copy.close() } }
        if let audience, audience.ceiling > copy.ceiling {
            let readable = copy.ceiling == .restricted ? "public and restricted" : "public"
            Console.note(
                "Note: the login '\(location.user)' may read only \(readable) material on \(location.displayName); this \(audience.rawValue) report holds only that.")
        }
        return try body(copy.store)
    }

    /// Runs `body` on the store for writing: the file (created when `create` and missing),
    /// or, on a server, an editor's working copy whose additions are inserted and committed
    /// after `body` returns; nothing is written on the server when `body` throws.
    @discardableResult
    func writing<T>(create: Bool = false, _ body: (FactStore) throws -> T) throws -> Written<T> {
        guard let location = try server() else {
            return Written(value: try body(create ? try openOrCreate() : try open()), commit: nil)
        }
        let copy = try waitFor { try await ServerWorkingCopy.writing(location) }
        let (value, commit) = try Self.committing(copy, body)
        return Written(value: value, commit: commit)
    }

    /// Runs `body` for `run` while holding the run lock: the lock file beside the database
    /// file, or the server's advisory run lock with a working copy that carries the run
    /// records and saves those `body` recorded. Waits up to `wait` seconds for the lock, then
    /// exits 75.
    func runningReports<T>(wait: Int, _ body: (FactStore) throws -> T) throws -> T {
        guard let location = try server() else {
            let store = try open()
            let lock = try RunLock(path: store.path + ".lock", wait: wait)
            defer { lock.release() }
            return try body(store)
        }
        let copy = try waitFor { try await ServerWorkingCopy.reading(location, options: .init(runLockWait: wait)) }
        return try Self.committing(copy, body).value
    }

    /// Runs `body` on `copy`, then commits it; closes it (nothing written) when `body` throws.
    private static func committing<T>(_ copy: ServerWorkingCopy, _ body: (FactStore) throws -> T) throws
        -> (value: T, commit: ServerWorkingCopy.Commit)
    {
        let value: T
        do {
            value = try body(copy.store)
        } catch {
            try? waitFor { await copy.close() }
            throw error
        }
        return (value, try waitFor { try await copy.commit() })
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

/// What a write through ``StoreOptions/writing(create:_:)`` returned, and, on a server, what
/// it committed.
struct Written<T> {
    var value: T
    var commit: ServerWorkingCopy.Commit?

    /// The number a fact the command added has in the database (on a server it is numbered
    /// when it is inserted).
    func factId(_ local: Int64) -> Int64 { commit?.serverFactId(local) ?? local }
}
