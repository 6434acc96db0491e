import Foundation

/// An advisory `flock(2)` lock on a small file beside the database, naming who holds it.
///
/// The lock goes away when its process ends, even if it crashes, so a stale file never blocks
/// anyone. The holder writes `PID ACTIVITY` into the file (`4242 import`); others read it to
/// say who they are waiting for. Two uses: the run lock (`DB.lock`, one scheduled run at a
/// time) and the writer lock (`DB.writer`, held while a store holds SQLite's write lock).
///
/// ```swift
/// let lock = try FileLock(path: store.path + ".lock")
/// guard lock.lock(waitingUpTo: 0) else { … }   // someone else holds it
/// lock.record(activity: "run")
/// defer { lock.unlock() }
/// ```
public final class FileLock: @unchecked Sendable {
    /// Who holds a lock: a process id and what it is doing (`import`, `fact add`, `run`).
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        public var pid: Int32
        public var activity: String

        public init(pid: Int32, activity: String) {
            self.pid = pid
            self.activity = activity
        }

        /// `import, pid 4242` (just the activity when the pid is not known).
        public var description: String { pid > 0 ? "\(activity), pid \(pid)" : activity }
    }

    /// The lock file.
    public let path: String
    private let guardian = NSLock()
    private var descriptor: Int32
    private var held = false

    /// Opens the lock file, creating it readable by its owner only; does not lock it.
    ///
    /// - Throws: ``StoreError/cannotCreate(path:reason:)`` when the file cannot be opened or
    ///   created (a read-only folder).
    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Takes the lock exclusively, trying every 50 ms for up to `seconds`.
    ///
    /// - Returns: false when another process still holds it after that time.
    public func lock(waitingUpTo seconds: TimeInterval) -> Bool {
        guardian.withLock {
            if held { return true }
            let deadline = Date().addingTimeInterval(max(0, seconds))
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else { return false }
                usleep(50_000)
            }
            held = true
            return true
        }
    }

    /// Writes this process's id and `activity` into the file, for those who wait.
    public func record(activity: String) {
        guardian.withLock {
            guard held else { return }
            let text = Data("\(getpid()) \(Self.oneWord(activity))\n".utf8)
            _ = ftruncate(descriptor, 0)
            _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
    }

    /// Releases the lock (the file stays, for the next holder).
    public func unlock() {
        guardian.withLock {
            guard held else { return }
            flock(descriptor, LOCK_UN)
            held = false
        }
    }

    deinit {
        if held { flock(descriptor, LOCK_UN) }
        close(descriptor)
    }

    /// Who holds the lock at `path` now, or nil when nobody does (or the file is missing).
    ///
    /// Creates nothing. A holder that has not yet written its name is reported as pid 0,
    /// activity `rightsbrief`.
    public static func holder(of path: String) -> Holder? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        guard errno == EWOULDBLOCK else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let text = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, let pid = Int32(words[0]) else {
            return Holder(pid: 0, activity: "rightsbrief")
        }
        return Holder(pid: pid, activity: words.dropFirst().joined(separator: " "))
    }

    /// The activity as one safe line of at most 60 characters.
    private static func oneWord(_ text: String) -> String {
        let cleaned = String(
            text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        return String(cleaned.prefix(60))
    }
}
