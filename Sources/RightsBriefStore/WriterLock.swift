import Foundation
import GRDB

/// How a store waits for the database's write lock, and how it tells its caller it is waiting.
///
/// SQLite lets one connection write at a time. A rightsbrief that writes announces itself in
/// the writer lock beside the database (`DB.writer`, a ``FileLock``) for as long as it holds
/// SQLite's write lock; another rightsbrief that wants to write waits as long as that writer
/// is alive and writing (an import of a million facts takes tens of seconds), up to
/// ``writerLimit``. A lock held by some other program (the `sqlite3` shell) is waited for up
/// to ``busyTimeout`` only, since nothing says it will ever end.
public struct LockWaiting: Sendable {
    /// How long to wait for a write lock held by a program that is not rightsbrief.
    public var busyTimeout: TimeInterval
    /// How long to wait while another rightsbrief is writing. Longer than any import needs
    /// (a million facts take under a minute), short enough that a hung writer is noticed.
    public var writerLimit: TimeInterval
    /// How long to wait before calling ``onWait``.
    public var noticeAfter: TimeInterval
    /// Called once per store, after ``noticeAfter`` seconds of waiting, with the writer waited
    /// for (nil when it is not a rightsbrief). Called on the thread that waits.
    public var onWait: (@Sendable (FileLock.Holder?) -> Void)?

    /// The defaults: 10 s for other programs, 30 minutes for another rightsbrief, a notice
    /// after 3 s.
    public init(
        busyTimeout: TimeInterval = 10, writerLimit: TimeInterval = 30 * 60, noticeAfter: TimeInterval = 3,
        onWait: (@Sendable (FileLock.Holder?) -> Void)? = nil
    ) {
        self.busyTimeout = busyTimeout
        self.writerLimit = writerLimit
        self.noticeAfter = noticeAfter
        self.onWait = onWait
    }
}

extension FactStore {
    /// The writer lock beside the database at `path`.
    public static func writerLockPath(for path: String) -> String { path + ".writer" }
}

/// SQLite's busy handler for one store: keeps waiting while another rightsbrief holds the
/// writer lock, gives up after the busy timeout otherwise, and calls `onWait` once.
final class BusyWaiter: @unchecked Sendable {
    let policy: LockWaiting
    let writerLockPath: String
    private let guardian = NSLock()
    private var started = Date()
    private var lastSeen = Date()
    private var noticeGiven = false
    private var holder: FileLock.Holder?

    init(policy: LockWaiting, writerLockPath: String) {
        self.policy = policy
        self.writerLockPath = writerLockPath
    }

    /// The rightsbrief writer seen last while waiting, if any.
    var lastHolder: FileLock.Holder? { guardian.withLock { holder } }

    /// Whether SQLite should try again; `tries` is 0 at the start of each wait.
    func shouldRetry(_ tries: Int) -> Bool {
        let now = Date()
        let current = FileLock.holder(of: writerLockPath)
        let (retry, notice): (Bool, FileLock.Holder??) = guardian.withLock {
            if tries == 0 {
                started = now
                lastSeen = now
            }
            if let current {
                holder = current
                lastSeen = now
            }
            var notice: FileLock.Holder?? = nil
            if !noticeGiven, now.timeIntervalSince(started) >= policy.noticeAfter {
                noticeGiven = true
                notice = .some(current ?? holder)
            }
            let retry =
                current != nil
                ? now.timeIntervalSince(started) < policy.writerLimit
                : now.timeIntervalSince(lastSeen) < policy.busyTimeout
            return (retry, notice)
        }
        if let notice { policy.onWait?(notice) }
        if retry { usleep(25_000) }
        return retry
    }
}

/// Holds the writer lock while its connection holds SQLite's write lock: taken at the first
/// change of a transaction, released when the transaction ends.
final class WriterAnnouncer: TransactionObserver, @unchecked Sendable {
    let path: String
    let activity: String
    private var lock: FileLock?
    /// Whether this transaction already tried to announce itself.
    private var tried = false
    private var announced = false

    init(path: String, activity: String) {
        self.path = path
        self.activity = activity
    }

    // Once announced, later statements of the transaction are not observed, so a large import
    // pays for one call, not one per row.
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { !tried }

    func databaseDidChange(with event: DatabaseEvent) {
        stopObservingDatabaseChangesUntilNextTransaction()
        guard !tried else { return }
        tried = true
        // Best effort: a folder where the lock file cannot be made only loses the message.
        if lock == nil { lock = try? FileLock(path: path) }
        guard let lock, lock.lock(waitingUpTo: 0.5) else { return }
        lock.record(activity: activity)
        announced = true
    }

    func databaseDidCommit(_ db: Database) { withdraw() }

    func databaseDidRollback(_ db: Database) { withdraw() }

    private func withdraw() {
        tried = false
        guard announced else { return }
        lock?.unlock()
        announced = false
    }
}

/// Refuses every commit on the connection of a read-only store: whatever writes, the
/// transaction is rolled back with ``StoreError/readOnly(path:)``.
final class ReadOnlyGuard: TransactionObserver, @unchecked Sendable {
    let path: String

    init(path: String) { self.path = path }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }

    func databaseDidChange(with event: DatabaseEvent) {}

    func databaseWillCommit() throws { throw StoreError.readOnly(path: path) }

    func databaseDidCommit(_ db: Database) {}

    func databaseDidRollback(_ db: Database) {}
}
