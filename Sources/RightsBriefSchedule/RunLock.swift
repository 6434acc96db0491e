import Foundation
import RightsBriefStore

/// An exclusive lock on a file beside the database, so two runs cannot interleave.
///
/// A ``FileLock``: the lock goes away when the process ends, even if it crashes, so a stale
/// lock file never blocks later runs.
public final class RunLock {
    public let path: String
    private let file: FileLock

    /// Takes the lock, waiting up to `wait` seconds.
    ///
    /// - Throws: ``ScheduleError/locked(path:waited:)`` when another process still holds it;
    ///   ``ScheduleError/lockUnavailable(path:reason:)`` when the file cannot be opened.
    public init(path: String, wait: Int) throws {
        self.path = path
        do {
            file = try FileLock(path: path)
        } catch StoreError.cannotCreate(_, let reason) {
            throw ScheduleError.lockUnavailable(path: path, reason: reason)
        }
        guard file.lock(waitingUpTo: TimeInterval(max(0, wait))) else {
            throw ScheduleError.locked(path: path, waited: max(0, wait))
        }
        file.record(activity: "run")
    }

    /// Releases the lock.
    public func release() {
        file.unlock()
    }

    deinit { release() }
}
