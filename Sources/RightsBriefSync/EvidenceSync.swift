import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefPostgres
import RightsBriefReports
import RightsBriefStore

/// Copies evidence between a local SQLite file and the shared server through the importer's
/// identity rules: the server's rows become a temporary SQLite store with the same ids (a
/// snapshot), and evidence moves between stores as the CSV tables `export csv` writes and
/// `import` reads, so nothing is duplicated, links are only added, and retractions and
/// corrections are carried.
///
/// - ``pull(from:into:options:)``: snapshot → its export tables → `importEvidence` into the file.
/// - ``push(from:to:options:)``: under an advisory lock in one read-write transaction,
///   snapshot → import the file's export tables into it → insert the rows that import added
///   into the server, with new fact ids from the server's identity sequence; commit, or roll
///   back on any error (or a dry run).
public enum EvidenceSync {
    /// How a pull or push runs.
    public struct Options: Sendable {
        /// Check and count everything, then write nothing.
        public var dryRun: Bool
        /// Allow the import to change a stored facility's country or region (pull only).
        public var updateFacilities: Bool
        /// How many problems the importer lists in full.
        public var maxProblems: Int
        /// What leaves the file on push: `internal` by default, `editor` with confidential rows.
        public var audience: Audience
        /// Where the private temporary folder is made (the system's by default).
        public var temporaryBase: URL?
        /// The server's password, or `nil` for `$PGPASSWORD` and `~/.pgpass`.
        public var password: String?
        /// How many values one INSERT of push carries (smaller in tests, to cross batches).
        var parameterLimit = ServerEvidence.parameterLimit

        public init(
            dryRun: Bool = false, updateFacilities: Bool = false, maxProblems: Int = 1_000,
            audience: Audience = .internal, temporaryBase: URL? = nil, password: String? = nil
        ) {
            self.dryRun = dryRun
            self.updateFacilities = updateFacilities
            self.maxProblems = maxProblems
            self.audience = audience
            self.temporaryBase = temporaryBase
            self.password = password
        }
    }

    /// What a pull did.
    public struct PullReport: Sendable, Equatable {
        /// The importer's report on the local file.
        public var imported: ImportReport
        /// What the snapshot left out because the login cannot see what it depends on.
        public var leftOut: LeftOut
    }

    /// What a push did (or, for a dry run, would do).
    public struct PushReport: Sendable, Equatable {
        /// The importer's report on the snapshot: what is new, updated and unchanged.
        public var imported: ImportReport
        /// Rows inserted into the server, by table (`fact`, `factSource`, …); tables with none are absent.
        public var added: [String: Int]
        /// What the snapshot left out (nothing for an editor, who sees every row).
        public var leftOut: LeftOut
        /// What stayed on the laptop: rows above the audience, and what depends on them (a
        /// fact whose sources are all withheld, a correction of a withheld fact).
        public var keptLocal: LeftOut
        public var dryRun: Bool
    }

    static let tableFiles = ["facilities.csv", "sources.csv", "facts.csv", "events.csv"]

    // MARK: pull

    /// Copies what the login may read on the server into the local file.
    ///
    /// - Throws: ``SyncError/schemaMissing(server:version:needed:)``; ``PostgresStoreError``
    ///   (unreachable, refused login); ``ImportError`` (a conflict with the file, nothing
    ///   written); ``StoreError``.
    public static func pull(from location: PostgresLocation, into store: FactStore, options: Options) async throws
        -> PullReport
    {
        try await pull(from: location, options: options) { store }
    }

    /// Copies what the login may read on the server into the store `open` returns, which is
    /// called only once the server's snapshot is read: a server that cannot be reached leaves
    /// no new file behind.
    ///
    /// - Throws: As ``pull(from:into:options:)``, and what `open` throws.
    public static func pull(
        from location: PostgresLocation, options: Options, openingStore open: () throws -> FactStore
    ) async throws -> PullReport {
        let rows = try await PostgresSession.with(location, password: options.password) { session in
            try await checkSchema(session)
            try await ServerEvidence.beginSnapshot(session)
            do {
                var rows = EvidenceRows()
                for table in EvidenceTable.all { rows[table] = try await ServerEvidence.rows(session, of: table) }
                try await session.execute("COMMIT")
                return rows
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
        let (kept, leftOut) = SnapshotFilter.apply(rows)
        let store = try open()
        let imported = try await SnapshotFolder.with(in: options.temporaryBase) { folder in
            let snapshot = try makeSnapshot(kept, in: folder)
            let tables = try writeTables(of: snapshot, audience: .editor, into: folder)
            return try store.importEvidence(
                ImportRequest(
                    files: tableFiles, dryRun: options.dryRun, directory: tables, maxProblems: options.maxProblems,
                    updateFacilities: options.updateFacilities))
        }
        return PullReport(imported: imported, leftOut: leftOut)
    }

    // MARK: push

    /// Adds what the local file holds for `options.audience` and the server lacks, all or nothing.
    ///
    /// - Throws: ``SyncError/notEditor(server:)``, ``SyncError/schemaMissing(server:version:needed:)``,
    ///   ``SyncError/wouldChange(server:change:)``; ``ImportError`` (a source whose text differs
    ///   from the server's, a facility moved to another country or region); ``PostgresStoreError``;
    ///   ``StoreError``. Nothing is written on the server when any is thrown.
    public static func push(from store: FactStore, to location: PostgresLocation, options: Options) async throws
        -> PushReport
    {
        // The server's working copy for a writer: every row, under the writers' lock, in
        // one transaction; the file's tables are imported into it, and what that import
        // added is inserted.
        let copy = try await ServerWorkingCopy.writing(
            location, options: ServerWorkingCopy.Options(password: options.password, temporaryBase: options.temporaryBase))
        do {
            let (outgoing, keptLocal) = try outgoingStore(store, audience: options.audience, in: copy.folder)
            let tables = try writeTables(of: outgoing, audience: .editor, into: copy.folder)
            let imported = try copy.store.importEvidence(
                ImportRequest(
                    files: tableFiles, directory: tables, maxProblems: options.maxProblems, updateFacilities: false))
            // Push adds evidence and changes none: a stored record the file would change (the
            // importer lists it, a source's captured text included) is refused.
            if let change = imported.changes.first {
                throw SyncError.wouldChange(server: location.displayName, change: change.description)
            }
            let added: [String: Int]
            if options.dryRun {
                added = try copy.pendingAdditions()
                await copy.close()
            } else {
                added = try await copy.commit(parameterLimit: options.parameterLimit).added
            }
            return PushReport(
                imported: imported, added: added, leftOut: copy.leftOut, keptLocal: keptLocal, dryRun: options.dryRun)
        } catch {
            await copy.close()
            throw error
        }
    }

    /// Inserts `rows`, rows the server lacks, table by table, parents first: new facts are
    /// numbered by the server and the rows that name them follow the new numbers.
    ///
    /// - Returns: the rows inserted by table, and the server's number of each new fact by
    ///   its number in `rows`.
    static func insert(
        _ rows: EvidenceRows, session: PostgresSession, parameterLimit: Int = ServerEvidence.parameterLimit
    ) async throws -> (added: [String: Int], factIds: [Int64: Int64]) {
        var added: [String: Int] = [:]
        var factIds: [Int64: Int64] = [:]
        let fact = EvidenceTable.fact
        for table in EvidenceTable.all {
            var new = rows[table]
            if table == fact {
                // New facts are numbered by the server, in local order, from ids reserved in
                // one call; corrections and links follow the new numbers.
                new.sort { ($0[0].integer ?? 0) < ($1[0].integer ?? 0) }
                let ids = try await ServerEvidence.reserveFactIds(session, count: new.count)
                for (row, id) in zip(new, ids) {
                    if let local = row[0].integer { factIds[local] = id }
                }
            }
            for index in new.indices {
                for column in ["id", "factId", "supersedesId"] where table.columns.contains(where: { $0.name == column }) {
                    if column == "id" && table != fact { continue }
                    let position = table.index(column)
                    if let local = new[index][position].integer, let mapped = factIds[local] {
                        new[index][position] = .integer(mapped)
                    }
                }
            }
            if table == fact {
                // A correction of a fact added by this push goes in a later statement than
                // that fact: the supersedes trigger looks the fact up, and PostgreSQL does not
                // promise the order in which one statement's rows reach a trigger.
                let supersedes = fact.index("supersedesId")
                let rowsPerBatch = max(1, parameterLimit / fact.columns.count)
                var batch = Set<Int64>()
                try await ServerEvidence.insert(session, into: fact, rows: new, parameterLimit: parameterLimit) { row in
                    let starts = row[supersedes].integer.map(batch.contains) ?? false
                    if starts || batch.count == rowsPerBatch { batch.removeAll() }
                    if let id = row[0].integer { batch.insert(id) }
                    return starts
                }
            } else {
                try await ServerEvidence.insert(session, into: table, rows: new, parameterLimit: parameterLimit)
            }
            if !new.isEmpty { added[table.name] = new.count }
        }
        return (added, factIds)
    }

    // MARK: shared

    static func checkSchema(_ session: PostgresSession) async throws {
        let version = try await PostgresMigrator.appliedVersions(session).max() ?? 0
        if version > PostgresSchema.currentVersion {
            throw PostgresStoreError.schemaTooNew(
                server: session.location.displayName, version: version, known: PostgresSchema.currentVersion)
        }
        if version < PostgresSchema.currentVersion {
            throw SyncError.schemaMissing(
                server: session.location.displayName, version: version, needed: PostgresSchema.currentVersion)
        }
    }

    /// What leaves the laptop: a copy of `store` in `folder` holding what `audience` may see,
    /// under the same rule as a reader's snapshot of the server (so a correction of a withheld
    /// fact stays behind rather than arriving as a standalone fact), and what stayed behind.
    static func outgoingStore(_ store: FactStore, audience: Audience, in folder: URL) throws -> (FactStore, LeftOut) {
        let (visible, above) = SnapshotFilter.restrict(try store.evidenceRows(), to: audience)
        var (kept, keptLocal) = SnapshotFilter.apply(visible)
        keptLocal.aboveAudience = above
        return (try makeSnapshot(kept, in: folder, named: "outgoing.sqlite"), keptLocal)
    }

    /// A new SQLite store in `folder`, made by the normal migrations, holding `rows` with their ids.
    static func makeSnapshot(_ rows: EvidenceRows, in folder: URL, named name: String = "snapshot.sqlite") throws
        -> FactStore
    {
        let store = try FactStore.open(path: folder.appendingPathComponent(name).path, create: true, scratch: true)
        try store.insertEvidenceRows(rows)
        return store
    }

    /// Writes `store`'s facilities, sources, facts and events tables for `audience` into a new
    /// folder inside `folder`; returns it.
    static func writeTables(of store: FactStore, audience: Audience, into folder: URL) throws -> URL {
        let tablesFolder = folder.appendingPathComponent("tables-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tablesFolder, withIntermediateDirectories: false)
        let standards = try Standards(json: Data(#"{"documents":[],"standards":[]}"#.utf8))
        let request = ReportRequest(audience: audience, asOf: lastDay)
        let tables = try ExportTables(store: store, request: request, standards: standards, today: lastDay)
        let builder = CSVReportBuilder()
        for table in [tables.facilities, tables.sources, tables.facts, tables.events] {
            try builder.writeFile(table, to: tablesFolder.appendingPathComponent("\(table.name).csv"))
        }
        return tablesFolder
    }

    /// The latest day an export cuts at: everything in a store is moved, whatever its date.
    static var lastDay: Day {
        (try? Day(year: 9999, month: 12, day: 31)) ?? Day(Date.distantFuture)
    }
}
