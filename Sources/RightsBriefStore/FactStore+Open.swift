import Foundation
import GRDB

extension FactStore {
    /// Opens the database file at `path`, creating it (readable by its owner only) if asked.
    ///
    /// The database runs in WAL mode. SQLite gives the `-wal` and `-shm` files the permissions
    /// of the database file, so creating it with mode 0600 keeps all three private: the store
    /// may hold confidential testimony.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - create: whether a missing file is created (only `init` and `demo` do).
    ///   - clock: the source of "now" for timestamps.
    /// - Throws: ``StoreError/databaseMissing(path:)`` when the file is missing and `create` is
    ///   false; ``StoreError/cannotCreate(path:reason:)``; ``StoreError/databaseUnreadable(path:reason:)``
    ///   when the file is not a rightsbrief database.
    public static func open(
        path: String, create: Bool, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> FactStore {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard create else { throw StoreError.databaseMissing(path: path) }
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
        var config = configuration()
        config.prepareDatabase { db in
            // Fails on a file that is not a database; WAL lets readers go on during a write.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw StoreError.databaseUnreadable(path: path, reason: describe(error))
        }
        return try FactStore(writer: queue, path: path, clock: clock)
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
