import Foundation
import GRDB
import RightsBriefStore
import TestSupport
import Testing

/// Long writes do not starve others: while an import holds the database for longer than the
/// busy timeout, `fact add` and a scheduled `run` wait for it (saying so once) and succeed;
/// a lock held by another program ends in exit 75 with a line about the lock, not the disk.
///
/// `RIGHTSBRIEF_BUSY_TIMEOUT=1` shortens the busy timeout so the tests hold locks for seconds,
/// not minutes.
@Suite("Concurrent writers through the binary")
struct ConcurrentWriteTests {
    static let source = "bnd-el-salvador-offer"
    static let environment = ["RIGHTSBRIEF_BUSY_TIMEOUT": "1"]

    /// The result of a command started with ``launch(_:)``, once it has finished.
    final class Launched: @unchecked Sendable {
        let group = DispatchGroup()
        var result: Result<CommandResult, any Error> = .failure(CLITestError.setupFailed("not run"))

        /// Waits for the command and returns what it did.
        func value() throws -> CommandResult {
            group.wait()
            return try result.get()
        }
    }

    /// Runs the built binary on a thread of its own (not the test's cooperative pool, which
    /// other tests may keep busy), so that it starts at once.
    func launch(_ arguments: [String]) -> Launched {
        let launched = Launched()
        launched.group.enter()
        Thread.detachNewThread {
            launched.result = Result { try runRightsbrief(arguments, environment: Self.environment) }
            launched.group.leave()
        }
        return launched
    }

    /// Holds the write lock (see TestSupport's ``holdWriteLock(_:facility:region:seconds:)``).
    func holdWriteLock(_ store: FactStore, seconds: TimeInterval) -> DispatchGroup {
        TestSupport.holdWriteLock(store, facility: "cecot", region: "import", seconds: seconds)
    }

    @Test("fact add and run --due wait for an import that writes longer than the busy timeout, say so once, and succeed")
    func waitForImport() throws {
        // Given a workspace with the weekly report due, and an import (this process) that
        // holds the database's write lock for 5 s, four times the busy timeout,
        let workspace = try ScheduleWorkspace.make()
        let database = workspace.database.path
        let importer = try FactStore.open(path: database, create: false, activity: "import")
        let held = holdWriteLock(importer, seconds: 5)

        // When a fact is added and the scheduled run starts meanwhile,
        let add = launch([
            "fact", "add", "cecot", "population", "41234", "--as-of", "2025-03-05",
            "--source", Self.source, "--db", database,
        ])
        let run = launch([
            "run", "--due", "--now", "2025-03-10T07:00:00Z", "--db", database,
            "--reports-dir", workspace.reports.path,
        ])
        let added = try add.value()
        let ran = try run.value()
        held.wait()

        // Then both succeed, each having said once, on stderr, whom it waited for,
        let waiting = "Waiting for another rightsbrief writing to '\(database)' (import, pid \(getpid()))."
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderrLines.filter { $0 == waiting }.count == 1, "\(added.stderr)")
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stderrLines == [waiting], "\(ran.stderr)")
        // and the data is right: the import's change, the new fact, and the report and its record.
        let store = try FactStore.open(path: database, create: false, readOnly: true)
        #expect(try store.facility(id: "cecot")?.region == "import")
        #expect(try store.facts().contains { $0.attribute == .population && $0.value == .number(41234) })
        #expect(workspace.runFolders("sv-weekly-public") == ["2025-03-10T0700Z"])
        #expect(try store.runs(name: "sv-weekly-public").map(\.status) == ["succeeded"])
    }

    @Test("a write lock held by another program past the busy timeout: exit 75, one line about the lock, not the disk")
    func otherProgramHoldsLock() throws {
        // Given a plain SQLite connection (not rightsbrief) holding the write lock for 4 s,
        let folder = try makeSampleFolder("rightsbrief-busy")
        let path = database(in: folder).path
        let group = try holdForeignWriteLock(path: path, seconds: 4)
        defer { group.wait() }

        // When a fact is added with a busy timeout of 1 s,
        let result = try runRightsbrief(
            ["fact", "add", "cecot", "population", "5", "--as-of", "2025-03-05", "--source", Self.source],
            in: folder, environment: Self.environment)

        // Then it exits 75 with one line saying the database is locked by another program.
        #expect(result.status == 75, "\(result.stderr)")
        #expect(
            result.stderrLines == [
                "Error: The database 'rightsbrief.sqlite' is locked by another program; try again when it has finished."
            ], "\(result.stderr)")
    }
}
