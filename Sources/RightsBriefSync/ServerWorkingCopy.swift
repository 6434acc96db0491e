import Foundation
import RightsBriefCore
import RightsBriefPostgres
import RightsBriefStore

/// How every command except `server init`, `push`, `pull` and `verify` works on the shared
/// server: on a SQLite working copy of what the login may read, made for the command and
/// removed after it, so the commands, their outputs and exit codes are the file's own.
///
/// - Reading (``reading(_:options:)``): one `REPEATABLE READ READ ONLY` snapshot of the rows
///   row-level security lets the login read, under the same rule as `pull` (a fact whose
///   sources are all hidden, or that corrects a hidden fact, is left out and counted).
/// - Writing (``writing(_:options:)``): editors only. In one transaction under `push`'s
///   advisory lock, so writers on several machines take turns: every row is copied, the
///   command changes the copy (with the file's own checks), and ``commit()`` inserts the rows
///   it added — new facts numbered by the server — and commits. A command that would change
///   or remove a row the server holds is refused and nothing is written: on the server
///   evidence is only added.
/// - Runs (``Options/runLockWait``): `run` also takes the server's run lock (the file's lock
///   beside the database, for a server) before copying, copies the run records, and
///   ``commit()`` saves the runs it recorded.
///
/// The copy lives in a private folder (0700) in the temporary folder; ``close()`` removes it.
/// A command opens one, works on ``store`` from one thread, then commits or closes.
public final class ServerWorkingCopy: @unchecked Sendable {
    /// How the copy is made.
    public struct Options: Sendable {
        /// The server's password, or `nil` for `$PGPASSWORD` and `~/.pgpass`.
        public var password: String?
        /// Where the private folder is made (the system's temporary folder by default).
        public var temporaryBase: URL?
        /// For `run`: wait up to this many seconds for the server's run lock, and carry the
        /// run records.
        public var runLockWait: Int?

        public init(password: String? = nil, temporaryBase: URL? = nil, runLockWait: Int? = nil) {
            self.password = password
            self.temporaryBase = temporaryBase
            self.runLockWait = runLockWait
        }
    }

    /// What ``commit()`` wrote on the server.
    public struct Commit: Sendable, Equatable {
        /// Rows inserted, by table; tables with none are absent.
        public var added: [String: Int] = [:]
        /// The server's number of each fact the command added, by its number in the copy.
        public var factIds: [Int64: Int64] = [:]
        /// Runs recorded or finished (``Options/runLockWait``).
        public var runs = 0

        /// The server's number of the fact numbered `local` in the copy.
        public func serverFactId(_ local: Int64) -> Int64 { factIds[local] ?? local }
    }

    /// The working copy: a SQLite store made by the normal migrations.
    public let store: FactStore
    /// The server.
    public let location: PostgresLocation
    /// The login's access level: 3 editor (or the schema's owner), 2 internal, 1 public.
    public let level: Int
    /// What the copy left out because the login cannot see what it depends on.
    public let leftOut: LeftOut

    private let folder: URL
    private var session: PostgresSession?
    /// The evidence as copied, when writing.
    private let copied: EvidenceRows?
    /// The run records as copied, for `run`.
    private let copiedRuns: [EvidenceRow]?

    private init(
        store: FactStore, location: PostgresLocation, level: Int, leftOut: LeftOut, folder: URL,
        session: PostgresSession?, copied: EvidenceRows?, copiedRuns: [EvidenceRow]?
    ) {
        self.store = store
        self.location = location
        self.level = level
        self.leftOut = leftOut
        self.folder = folder
        self.session = session
        self.copied = copied
        self.copiedRuns = copiedRuns
    }

    deinit { removeFolder() }

    // MARK: opening

    /// A copy of what the login may read, from one snapshot. With ``Options/runLockWait``
    /// the run lock is taken first and held until ``commit()`` or ``close()``.
    ///
    /// - Throws: ``SyncError/schemaMissing(server:version:needed:)``,
    ///   ``SyncError/runLocked(server:waited:)``, ``SyncError/temporaryFolder(path:reason:)``;
    ///   ``PostgresStoreError`` (unreachable, refused login, a login that may not read the run
    ///   records); ``StoreError``.
    public static func reading(_ location: PostgresLocation, options: Options = Options()) async throws
        -> ServerWorkingCopy
    {
        let session = try await PostgresSession.connect(to: location, password: options.password)
        do {
            try await EvidenceSync.checkSchema(session)
            let level = try await ServerEvidence.sessionLevel(session)
            if let wait = options.runLockWait, try await !ServerEvidence.lockRuns(session, wait: wait) {
                throw SyncError.runLocked(server: location.displayName, waited: max(0, wait))
            }
            try await ServerEvidence.beginSnapshot(session)
            let rows: EvidenceRows
            var runs: [EvidenceRow]? = nil
            do {
                rows = try await copyRows(session)
                if options.runLockWait != nil { runs = try await ServerEvidence.rows(session, of: .reportRun) }
                try await session.execute("COMMIT")
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
            let (kept, leftOut) = SnapshotFilter.apply(rows, keepingUnplacedEvents: true)
            let folder = try makeFolder(in: options.temporaryBase)
            do {
                let store = try EvidenceSync.makeSnapshot(kept, in: folder)
                if let runs { try store.insertRows(runs, into: .reportRun) }
                let keepSession = options.runLockWait != nil
                if !keepSession { await session.close() }
                return ServerWorkingCopy(
                    store: store, location: location, level: level, leftOut: leftOut, folder: folder,
                    session: keepSession ? session : nil, copied: nil, copiedRuns: runs)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
        } catch {
            await session.close()
            throw error
        }
    }

    /// A copy of every row, for a command that adds evidence: an open transaction under the
    /// writers' advisory lock until ``commit()`` or ``close()``.
    ///
    /// - Throws: ``SyncError/notEditor(server:)`` for a login that is not an editor;
    ///   otherwise as ``reading(_:options:)``.
    public static func writing(_ location: PostgresLocation, options: Options = Options()) async throws
        -> ServerWorkingCopy
    {
        let session = try await PostgresSession.connect(to: location, password: options.password)
        do {
            try await EvidenceSync.checkSchema(session)
            guard try await ServerEvidence.sessionLevel(session) >= 3 else {
                throw SyncError.notEditor(server: location.displayName)
            }
            // READ COMMITTED under the lock: each read sees what the writer before committed.
            try await session.execute("BEGIN")
            do {
                try await ServerEvidence.lockForPush(session)
                let rows = try await copyRows(session)
                let folder = try makeFolder(in: options.temporaryBase)
                do {
                    let store = try EvidenceSync.makeSnapshot(rows, in: folder)
                    return ServerWorkingCopy(
                        store: store, location: location, level: 3, leftOut: LeftOut(), folder: folder,
                        session: session, copied: rows, copiedRuns: nil)
                } catch {
                    try? FileManager.default.removeItem(at: folder)
                    throw error
                }
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        } catch {
            await session.close()
            throw error
        }
    }

    // MARK: finishing

    /// Writes what the command added to the copy on the server and commits (writing), or
    /// saves the runs recorded (`run`); then ends the session and removes the copy. For a
    /// read-only copy it only removes the copy.
    ///
    /// - Throws: ``SyncError/serverWouldChange(server:change:)`` when the command changed or
    ///   removed a row the server holds; ``PostgresStoreError`` when the server refuses a
    ///   row. Nothing is written then.
    @discardableResult
    public func commit() async throws -> Commit {
        defer { removeFolder() }
        guard let session else { return Commit() }
        self.session = nil
        do {
            var result = Commit()
            if let copied {
                let after = try store.evidenceRows()
                let inserted = try await EvidenceSync.insertNew(
                    before: copied, after: after, session: session, server: location.displayName,
                    refusingRemovals: true)
                result.added = inserted.added
                result.factIds = inserted.factIds
                try await session.execute("COMMIT")
            }
            if let copiedRuns {
                result.runs = try await saveRuns(copiedRuns, session: session)
                await ServerEvidence.unlockRuns(session)
            }
            await session.close()
            return result
        } catch {
            try? await session.execute("ROLLBACK")
            await session.close()
            throw error
        }
    }

    /// Ends the session without writing anything (a writer's transaction is rolled back, the
    /// run lock released) and removes the copy. Closing twice does nothing.
    public func close() async {
        if let session {
            self.session = nil
            if copied != nil { try? await session.execute("ROLLBACK") }
            await session.close()
        }
        removeFolder()
    }

    private func removeFolder() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Inserts the runs the copy recorded and updates those it finished or marked interrupted.
    private func saveRuns(_ before: [EvidenceRow], session: PostgresSession) async throws -> Int {
        let table = EvidenceTable.reportRun
        var old: [[EvidenceValue]: EvidenceRow] = [:]
        for row in before { old[table.key(of: row)] = row }
        var new: [EvidenceRow] = []
        var changed: [EvidenceRow] = []
        for row in try store.rows(of: table) {
            if let stored = old[table.key(of: row)] {
                if stored != row { changed.append(row) }
            } else {
                new.append(row)
            }
        }
        try await session.execute("BEGIN")
        try await ServerEvidence.insert(session, into: table, rows: new)
        try await ServerEvidence.update(session, in: table, rows: changed)
        try await session.execute("COMMIT")
        return new.count + changed.count
    }

    // MARK: shared

    /// Every evidence row the session may read, table by table.
    static func copyRows(_ session: PostgresSession) async throws -> EvidenceRows {
        var rows = EvidenceRows()
        for table in EvidenceTable.all { rows[table] = try await ServerEvidence.rows(session, of: table) }
        return rows
    }

    static func makeFolder(in base: URL?) throws -> URL {
        let parent = base ?? FileManager.default.temporaryDirectory
        let folder = parent.appendingPathComponent("rightsbrief-server-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SyncError.temporaryFolder(path: folder.path, reason: error.localizedDescription)
        }
        return folder
    }
}
