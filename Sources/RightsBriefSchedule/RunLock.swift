import Foundation

/// An exclusive lock on a file beside the database, so two runs cannot interleave.
///
/// Uses `flock(2)`: the lock goes away when the process ends, even if it crashes, so a stale
/// lock file never blocks later runs.
public final class RunLock {
    public let path: String
    private var descriptor: Int32

    /// Takes the lock, waiting up to `wait` seconds.
    ///
    /// - Throws: ``ScheduleError/locked(path:waited:)`` when another process still holds it;
    ///   ``ScheduleError/lockUnavailable(path:reason:)`` when the file cannot be opened.
    public init(path: String, wait: Int) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ScheduleError.lockUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
        let deadline = Date().addingTimeInterval(TimeInterval(max(0, wait)))
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(descriptor)
                descriptor = -1
                throw ScheduleError.locked(path: path, waited: max(0, wait))
            }
            usleep(100_000)
        }
    }

    /// Releases the lock.
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
