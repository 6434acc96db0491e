import Foundation
import Testing

@testable import RightsBriefReports
import TestSupport

/// Two commands writing outputs into one folder at once: one's clean-up of stale temporary
/// items (``TemporaryOutput/removeStale(in:)``) must never remove the other's new item in the
/// moment between creating and locking it.
@Suite("temporary outputs beside a clean-up")
struct TemporaryOutputRaceTests {
    /// A clean-up running in a loop on its own thread until stopped.
    final class Cleaner: @unchecked Sendable {
        private let lock = NSLock()
        private var running = true
        let done = DispatchSemaphore(value: 0)

        func start(in folder: URL) {
            Thread.detachNewThread {
                while self.isRunning { TemporaryOutput.removeStale(in: folder) }
                self.done.signal()
            }
        }

        var isRunning: Bool {
            lock.lock()
            defer { lock.unlock() }
            return running
        }

        func stop() {
            lock.lock()
            running = false
            lock.unlock()
            done.wait()
        }
    }

    @Test("every temporary file and folder made while another process cleans up is there, and locked, once made", arguments: [false, true])
    func madeWhileCleaning(folder isFolder: Bool) throws {
        // Given a folder where two clean-ups run without pause
        let folder = try makeTemporaryFolder("rightsbrief-temporary-race")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cleaners = [Cleaner(), Cleaner()]
        for cleaner in cleaners { cleaner.start(in: folder) }
        defer { for cleaner in cleaners { cleaner.stop() } }

        // When temporary items are made there, one after another
        var missing = 0
        for index in 0..<2_000 {
            let item = try TemporaryOutput(beside: folder.appendingPathComponent("out-\(index)"), folder: isFolder)
            // Then each exists when made, and the clean-ups leave it alone while it is held
            if !FileManager.default.fileExists(atPath: item.url.path) { missing += 1 }
            #expect(!TemporaryOutput.stale(in: folder).contains(item.url.lastPathComponent))
            item.discard()
        }
        #expect(missing == 0)
    }
}
