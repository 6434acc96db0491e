import Foundation
import RightsBriefCore
import RightsBriefPostgres
import RightsBriefStore

/// How every command except `server init`, `push`, `pull` and `verify` works on the shared
/// server: on a SQLite working copy of what the login may read, made for the command and
/// removed after it, so the commands, their outputs and exit codes are the file's own.
///
/// - Reading (``reading(_:options:)``): one `REPEATABLE READ READ ONLY` snapshot of the rows
///   row-level security lets the login read, streamed into the copy; a reader's copy follows
///   `pull`'s rule (a fact whose sources are all hidden, or that corrects a hidden fact, is
///   left out and counted); an editor's holds every row.
/// - Writing (``writing(_:options:)``): editors only. In one transaction under `push`'s
///   advisory lock, so writers on several machines take turns: every row is copied, the
///   command changes the copy (with the file's own checks), and ``commit()`` does on the
///   server what it did — rows added (new facts numbered by the server), facility records
///   corrected, a merge's moves and removals — and commits. A command that would change or
///   remove any other row is refused and nothing is written: evidence stays as recorded.
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
        /// Rows changed, by table (a facility's record; what a merge moves).
        public var changed: [String: Int] = [:]
        /// Rows removed, by table (what a merge removes).
        public var removed: [String: Int] = [:]
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
    /// The most sensitive material the login may read.
    public var ceiling: Sensitivity {
        switch level {
        case 3...: .confidential
        case 2: .restricted
        default: .public
        }
    }
    /// What the copy left out because the login cannot see what it depends on.
    public let leftOut: LeftOut

    /// The private folder the copy lives in (removed with it).
    let folder: URL
    private var session: PostgresSession?
    /// A copy of the store as copied from the server, when writing.
    private let base: String?
    /// Whether the store carries the run records, for `run`.
    private let carriesRuns: Bool

    private init(
        store: FactStore, location: PostgresLocation, level: Int, leftOut: LeftOut, folder: URL,
        session: PostgresSession?, base: String?, carriesRuns: Bool
    ) {
        self.store = store
        self.location = location
        self.level = level
        self.leftOut = leftOut
        self.folder = folder
        self.session = session
        self.base = base
        self.carriesRuns = carriesRuns
    }

    deinit {
        removeFolder()
        // A copy dropped without commit() or close() (a path that forgot one) must not end
        // the process: postgres-nio traps when an open connection is released. The task keeps
        // the connection until it is closed; the server rolls back what was not committed.
        if let session { Task { await session.close() } }
    }

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
            let folder = try SnapshotFolder.make(in: options.temporaryBase, prefix: "rightsbrief-server-")
            do {
                let store = try EvidenceSync.makeSnapshot(EvidenceRows(), in: folder)
                try await ServerEvidence.beginSnapshot(session)
                let leftOut: LeftOut
                do {
                    // An editor sees every row, as a writer's copy holds every row; a reader's
                    // copy follows pull's rule.
                    leftOut = level >= 3 ? LeftOut() : try await copyReadable(session, into: store)
                    if level >= 3 { try await copyRows(session, into: store) }
                    if options.runLockWait != nil { try await copyRows(session, of: .reportRun, into: store) }
                    try await session.execute("COMMIT")
                } catch {
                    try? await session.execute("ROLLBACK")
                    throw error
                }
                let keepSession = options.runLockWait != nil
                if !keepSession { await session.close() }
                return ServerWorkingCopy(
                    store: store, location: location, level: level, leftOut: leftOut, folder: folder,
                    session: keepSession ? session : nil, base: nil, carriesRuns: keepSession)
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
                let folder = try SnapshotFolder.make(in: options.temporaryBase, prefix: "rightsbrief-server-")
                do {
                    let store = try EvidenceSync.makeSnapshot(EvidenceRows(), in: folder)
                    try await copyRows(session, into: store)
                    // What the command adds is found against this copy of the copy.
                    let base = folder.appendingPathComponent("base.sqlite").path
                    try store.saveCopy(to: base)
                    return ServerWorkingCopy(
                        store: store, location: location, level: 3, leftOut: LeftOut(), folder: folder,
                        session: session, base: base, carriesRuns: false)
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

    /// Writes what the command did to the copy on the server and commits (writing), or saves
    /// the runs recorded (`run`); then ends the session and removes the copy. For a read-only
    /// copy it only removes the copy.
    ///
    /// Rows the command added are inserted (parents first). Of the rows it changed or
    /// removed, only what evidence allows is carried, as the file's own triggers allow it:
    /// a facility's record may change (`--update-facilities`, the fields a merge fills) and a
    /// merge moves facts and identifiers to the kept facility, moves event links, and removes
    /// the dropped record. Anything else — a source's text, a fact's value — is refused.
    ///
    /// - Throws: ``SyncError/serverWouldChange(server:change:)`` when the command changed or
    ///   removed a row the server keeps as it is; ``PostgresStoreError`` when the server
    ///   refuses a row. Nothing is written then.
    @discardableResult
    public func commit() async throws -> Commit {
        try await commit(parameterLimit: ServerEvidence.parameterLimit)
    }

    /// The rows ``commit()`` would insert, change and remove, by table; tables with none are
    /// absent.
    ///
    /// - Throws: ``SyncError/serverWouldChange(server:change:)`` as ``commit()``; ``StoreError``.
    public func pendingAdditions() throws -> [String: Int] {
        guard let base else { return [:] }
        let changes = try checkedChanges(since: base)
        var counts: [String: Int] = [:]
        for table in EvidenceTable.all where !changes.added[table].isEmpty {
            counts[table.name] = changes.added[table].count
        }
        return counts
    }

    /// The columns of each table a command may change on the server (a key never changes).
    static let changeable: [String: Set<String>] = [
        "facility": ["name", "country", "region", "kind", "authority", "openedOn", "latitude", "longitude", "updatedAt"],
        "fact": ["facilityId"],
        "facilityIdentifier": ["facilityId"],
    ]
    /// The tables whose rows a command may remove on the server: what a merge removes.
    static let removable: Set<String> = ["facility", "eventFacility"]

    private func checkedChanges(since base: String) throws -> EvidenceChanges {
        let changes = try store.changes(since: base)
        func refuse(_ table: EvidenceTable, _ row: EvidenceRow, removed: Bool) -> SyncError {
            let key = table.key(of: row).map { $0.text ?? $0.integer.map(String.init) ?? "?" }.joined(separator: " ")
            return SyncError.serverWouldChange(
                server: location.displayName, change: (removed ? "remove " : "change ") + "\(table.name) \(key)")
        }
        for table in EvidenceTable.all {
            if let row = changes.removed[table].first, !Self.removable.contains(table.name) {
                throw refuse(table, row, removed: true)
            }
            let allowed = Self.changeable[table.name] ?? []
            for change in changes.changed[table.name] ?? [] {
                let columns = table.columns.indices.filter { change.old[$0] != change.new[$0] }
                if columns.contains(where: { !allowed.contains(table.columns[$0].name) }) {
                    throw refuse(table, change.new, removed: false)
                }
            }
        }
        return changes
    }

    /// ``commit()`` with at most `parameterLimit` values per INSERT (smaller in tests).
    @discardableResult
    func commit(parameterLimit: Int) async throws -> Commit {
        defer { removeFolder() }
        guard let session else { return Commit() }
        self.session = nil
        do {
            var result = Commit()
            if let base {
                let changes = try checkedChanges(since: base)
                // Inserts first (a merge's record comes before the facts it moves), then the
                // changes, then the removals, children before parents.
                let inserted = try await EvidenceSync.insert(
                    changes.added, session: session, parameterLimit: parameterLimit)
                result.added = inserted.added
                result.factIds = inserted.factIds
                for table in EvidenceTable.all {
                    for change in changes.changed[table.name] ?? [] {
                        let columns = table.columns.indices.filter { change.old[$0] != change.new[$0] }
                        try await ServerEvidence.update(session, in: table, rows: [change.new], columns: columns)
                    }
                    if let count = changes.changed[table.name]?.count { result.changed[table.name] = count }
                }
                for table in EvidenceTable.all.reversed() where !changes.removed[table].isEmpty {
                    try await ServerEvidence.delete(session, from: table, rows: changes.removed[table])
                    result.removed[table.name] = changes.removed[table].count
                }
                try await session.execute("COMMIT")
            }
            if carriesRuns {
                result.runs = try await saveRuns(session: session)
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
            if base != nil { try? await session.execute("ROLLBACK") }
            await session.close()
        }
        removeFolder()
    }

    private func removeFolder() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Inserts the runs the copy recorded and updates those it finished or marked interrupted.
    private func saveRuns(session: PostgresSession) async throws -> Int {
        let table = EvidenceTable.reportRun
        var old: [[EvidenceValue]: EvidenceRow] = [:]
        try await ServerEvidence.forEachRow(session, of: table) { old[table.key(of: $0)] = $0 }
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

    // MARK: copying

    /// Copies every evidence table the session may read into `store`, streaming, a batch of
    /// rows per SQLite transaction.
    static func copyRows(_ session: PostgresSession, into store: FactStore) async throws {
        for table in EvidenceTable.all { try await copyRows(session, of: table, into: store) }
    }

    /// Copies what a reader may read under pull's rule (``ServerSnapshotRule``): the server
    /// picks the facts and events kept; their links and retractions follow them here, by the
    /// ids kept (a set of numbers, not rows). Returns what was left out.
    static func copyReadable(_ session: PostgresSession, into store: FactStore) async throws -> LeftOut {
        var facts = Set<Int64>()
        var events = Set<String>()
        for table in EvidenceTable.all {
            switch table {
            case .fact:
                try await copyRows(session, of: table, into: store, where: ServerSnapshotRule.keptFactsCondition) {
                    if let id = $0[0].integer { facts.insert(id) }
                    return true
                }
            case .event:
                try await copyRows(session, of: table, into: store, where: ServerSnapshotRule.keptEventsCondition) {
                    if let id = $0[0].text { events.insert(id) }
                    return true
                }
            case .factSource, .factRetraction:
                let column = table.index("factId")
                try await copyRows(session, of: table, into: store) { $0[column].integer.map(facts.contains) ?? false }
            case .eventSource, .eventFacility:
                let column = table.index("eventId")
                try await copyRows(session, of: table, into: store) { $0[column].text.map(events.contains) ?? false }
            default:
                try await copyRows(session, of: table, into: store)
            }
        }
        let counts = try await ServerSnapshotRule.counts(session)
        var leftOut = LeftOut()
        leftOut.factsWithoutSources = counts.factsWithoutSources
        leftOut.corrections = max(0, counts.facts - counts.factsWithoutSources - facts.count)
        leftOut.eventsWithoutSources = counts.eventsWithoutSources
        return leftOut
    }

    /// Copies the rows of `table` the session may read (meeting `condition`, and those
    /// `keep` answers true for) into `store`.
    static func copyRows(
        _ session: PostgresSession, of table: EvidenceTable, into store: FactStore, where condition: String? = nil,
        keep: (EvidenceRow) -> Bool = { _ in true }
    ) async throws {
        var batch: [EvidenceRow] = []
        batch.reserveCapacity(batchSize)
        try await ServerEvidence.forEachRow(session, of: table, where: condition) { row in
            guard keep(row) else { return }
            batch.append(row)
            if batch.count == batchSize {
                try store.insertRows(batch, into: table)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.insertRows(batch, into: table)
    }

    /// Rows per SQLite transaction while copying.
    static let batchSize = 5_000
}
