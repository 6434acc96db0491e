import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

/// Two writers on one database file: a writer waits for another rightsbrief as long as it
/// writes (and is told whom it waits for), waits for another program only up to the busy
/// timeout, and reports the lock, never the disk, when it gives up.
@Suite("Writer lock and waiting")
struct WriterLockTests {
    /// Records what `onWait` was told.
    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [FileLock.Holder?] = []
        func add(_ holder: FileLock.Holder?) { lock.withLock { seen.append(holder) } }
        var all: [FileLock.Holder?] { lock.withLock { seen } }
    }

    /// A database file with the sample facilities and sources.
    func makeDatabase() throws -> String {
        let path = try makeTemporaryFolder("rightsbrief-writer").appendingPathComponent("evidence.sqlite").path
        try Samples.load(into: FactStore.open(path: path, create: true))
        return path
    }

    /// Holds the write lock (see TestSupport's ``holdWriteLock(_:facility:region:seconds:)``).
    func holdWriteLock(_ store: FactStore, seconds: TimeInterval) -> DispatchGroup {
        TestSupport.holdWriteLock(store, facility: "izalco", region: "held", seconds: seconds)
    }

    @Test("a writer waits past the busy timeout while another rightsbrief writes, and is told once whom it waits for")
    func waitsForRightsbriefWriter() throws {
        // Given an "import" that holds the write lock for 2 s, and a second store whose busy
        // timeout is 0.3 s and which is told after 0.2 s,
        let path = try makeDatabase()
        let importer = try FactStore.open(path: path, create: false, activity: "import")
        let notices = Notices()
        let waiting = LockWaiting(busyTimeout: 0.3, noticeAfter: 0.2, onWait: { notices.add($0) })
        let other = try FactStore.open(path: path, create: false, activity: "fact add", waiting: waiting)
        let held = holdWriteLock(importer, seconds: 2)

        // Then the writer lock beside the database names the import while it writes,
        #expect(FileLock.holder(of: FactStore.writerLockPath(for: path)) == .init(pid: getpid(), activity: "import"))

        // When the second store writes,
        try other.addFacility(Facility(id: "mariona", name: "La Esperanza (Mariona)", country: "SV"))
        held.wait()

        // Then it waited for the import instead of failing, was told once who held the lock,
        // and both writes are there; the writer lock is free again.
        #expect(notices.all == [.init(pid: getpid(), activity: "import")])
        #expect(try other.facility(id: "mariona") != nil)
        #expect(try other.facility(id: "izalco")?.region == "held")
        #expect(FileLock.holder(of: FactStore.writerLockPath(for: path)) == nil)
    }

    @Test("past the writer limit, the error names the other rightsbrief and is about the lock, not the disk")
    func writerLimit() throws {
        // Given an "import" that holds the write lock for 2 s and a store that waits 0.5 s at most,
        let path = try makeDatabase()
        let importer = try FactStore.open(path: path, create: false, activity: "import")
        let other = try FactStore.open(
            path: path, create: false, waiting: LockWaiting(busyTimeout: 0.2, writerLimit: 0.5))
        let held = holdWriteLock(importer, seconds: 2)
        defer { held.wait() }

        // When the second store writes, then it gives up naming the import.
        let error = #expect(throws: StoreError.self) {
            try other.addFacility(Facility(id: "mariona", name: "Mariona", country: "SV"))
        }
        #expect(error == .busy(path: path, holder: .init(pid: getpid(), activity: "import")))
        let message = error?.errorDescription ?? ""
        #expect(message.contains("Another rightsbrief (import, pid \(getpid())) is still writing"), "\(message)")
        #expect(!message.contains("disk"))
    }

    @Test("a lock held by another program is waited for up to the busy timeout, then reported as busy")
    func otherProgram() throws {
        // Given a plain SQLite connection (not rightsbrief) that holds the write lock for 2 s,
        let path = try makeDatabase()
        let group = try holdForeignWriteLock(path: path, seconds: 2)
        defer { group.wait() }
        let store = try FactStore.open(path: path, create: false, waiting: LockWaiting(busyTimeout: 0.3))

        // When the store writes, then it gives up with a busy error that names no holder.
        let error = #expect(throws: StoreError.self) {
            try store.addFacility(Facility(id: "mariona", name: "Mariona", country: "SV"))
        }
        #expect(error == .busy(path: path, holder: nil))
        #expect(error?.errorDescription?.contains("locked by another program") == true)
    }
}
