import Foundation
import GRDB

extension FactStore {
    /// Opens the database file at `path`, creating it (readable by its owner only) if asked.
    ///
    /// The database runs in WAL mode. SQLite gives the `-wal` and `-shm` files the permissions
    /// of the database file, so creating it with mode 0600 keeps all three private: the store
    /// may hold confidential testimony.
    ///
    /// A read-write store migrates the database and, while it writes, announces itself in the
    /// writer lock beside it (`DB.writer`) so that others can say whom they wait for. A
    /// read-only store (for commands that only read) never migrates, writes nor creates a lock
    /// file; it can read a database in a folder it cannot write.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - create: whether a missing file is created (only `init` and `demo` do; ignored when
    ///     `readOnly`).
    ///   - readOnly: open for reading only.
    ///   - activity: what this process is doing (`import`, `fact add`), for the writer lock.
    ///   - waiting: how long to wait for another writer, and whom to tell.
    ///   - clock: the source of "now" for timestamps.
    ///   - scratch: a copy made for one command and thrown away (the server's working copy):
    ///     not synced to disk, rollback journal in memory, no writer lock announced.
    /// - Throws: ``StoreError/databaseMissing(path:)`` when the file is missing and `create` is
    ///   false; ``StoreError/cannotCreate(path:reason:)``; ``StoreError/databaseUnreadable(path:reason:)``
    ///   when the file is not a rightsbrief database; ``StoreError/needsUpgrade(path:)`` when a
    ///   read-only store finds an older schema; ``StoreError/busy(path:holder:)`` when another
    ///   writer holds the database for longer than `waiting` allows.
    public static func open(
        path: String, create: Bool, readOnly: Bool = false, activity: String = "rightsbrief",
        waiting: LockWaiting = LockWaiting(), clock: @escaping @Sendable () -> Date = { Date() }, scratch: Bool = false
    ) throws -> FactStore {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard create, !readOnly else { throw StoreError.databaseMissing(path: path) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty, !manager.fileExists(atPath: folder) {
                throw StoreError.cannotCreate(path: path, reason: "the folder '\(folder)' does not exist")
            }
            let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            guard descriptor >= 0 else {
                throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
            close(descriptor)
        }
        let waiter = BusyWaiter(policy: waiting, writerLockPath: writerLockPath(for: path))
        var config = configuration(waiter: waiter)
        var location = path
        if readOnly {
            // See readOnlyLocation(_:): SQLite's read-only connection when the folder cannot be
            // written; otherwise a connection that refuses every commit, so that SQLite removes
            // the -wal and -shm it makes when the store closes.
            if let readOnlyLocation = readOnlyLocation(path) {
                config.readonly = true
                location = readOnlyLocation
            } else {
                let guardian = ReadOnlyGuard(path: path)
                config.prepareDatabase { db in db.add(transactionObserver: guardian, extent: .databaseLifetime) }
            }
        } else if scratch {
            config.prepareDatabase { db in
                // A copy made for one command and thrown away (the server's working copy): no
                // file survives a crash that would need it, so nothing is synced to disk, and
                // the rollback journal (transactions still roll back) stays in memory.
                try db.execute(sql: "PRAGMA journal_mode = MEMORY")
                try db.execute(sql: "PRAGMA synchronous = OFF")
            }
        } else {
            let announcer = WriterAnnouncer(path: writerLockPath(for: path), activity: activity)
            config.prepareDatabase { db in
                // Fails on a file that is not a database; WAL lets readers go on during a write.
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                db.add(transactionObserver: announcer, extent: .databaseLifetime)
            }
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: location, configuration: config)
        } catch let error as DatabaseError where isBusy(error) {
            throw StoreError.busy(path: path, holder: waiter.lastHolder)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw StoreError.readOnly(path: path)
        } catch {
            throw StoreError.databaseUnreadable(path: path, reason: describe(error))
        }
        return try FactStore(writer: queue, path: path, clock: clock, readOnly: readOnly, waiter: waiter)
    }

    /// Where SQLite opens a database with a read-only connection, or nil when the folder can
    /// be written.
    ///
    /// SQLite's read-only connection to a WAL database needs a `-shm` file and makes one (and
    /// an empty `-wal`) when missing, which it then cannot remove: in a writable folder every
    /// `brief` would leave two files behind. So in a writable folder a read-only store uses a
    /// connection that refuses every commit (``ReadOnlyGuard``), and SQLite tidies up when it
    /// closes. In a folder this process cannot write, the read-only connection is used; with
    /// no `-wal` file there, no one can be writing the database (a writer would have to create
    /// the `-wal`), so it is opened as immutable: read straight from the file, with no
    /// companion files.
    static func readOnlyLocation(_ path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        guard access(folder.isEmpty ? "." : folder, W_OK) != 0 else { return nil }
        guard !FileManager.default.fileExists(atPath: path + "-wal") else { return path }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var escaped = ""
        for scalar in absolute.unicodeScalars {
            switch scalar {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "file:\(escaped)?mode=ro&immutable=1"
    }

    /// The database file and its companions that are readable or writable by group or others.
    ///
    /// Not an error: `verify` prints a warning for each.
    public func filesOpenToOthers() -> [String] {
        guard path != ":memory:" else { return [] }
        return [path, path + "-wal", path + "-shm"].filter { file in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                let mode = attributes[.posixPermissions] as? NSNumber
            else { return false }
            return mode.intValue & 0o077 != 0
        }
    }
}
