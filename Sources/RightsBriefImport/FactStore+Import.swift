import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore

/// What to import and how.
public struct ImportRequest: Sendable {
    /// The files, as the user named them (messages use these names).
    public var files: [String]
    /// A mapping for CSV files that are not tables `export csv` wrote.
    public var mapping: String?
    /// How CSV files are encoded (JSON and mappings are always UTF-8).
    public var encoding: CSVReader.Encoding
    /// Check everything and count, then write nothing.
    public var dryRun: Bool
    /// Called now and then while a large file is read; the caller decides whether to show it.
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// Folder that relative paths are resolved against (the current directory by default).
    public var directory: URL?
    /// How many problems an ``ImportError/problems(_:total:)`` error lists in full at least
    /// (it keeps 1,000 when this is smaller). All of them are counted in its `total`.
    public var maxProblems: Int
    /// Whether a mapped row or an exported table may change the country or region of a stored
    /// facility. Without it, such a change is a problem (a row shifted by one column would
    /// otherwise move a facility silently).
    public var updateFacilities: Bool
    /// How many bytes of a CSV file are read at a time (1 MiB): a CSV file is never read whole,
    /// so memory does not grow with it. Smaller values are for tests of records crossing reads.
    public var chunkSize: Int = 1 << 20

    /// Describes an import; only `files` is required.
    public init(
        files: [String], mapping: String? = nil, encoding: CSVReader.Encoding = .utf8, dryRun: Bool = false,
        progress: (@Sendable (ImportProgress) -> Void)? = nil, directory: URL? = nil, maxProblems: Int = 1_000,
        updateFacilities: Bool = false
    ) {
        self.maxProblems = max(1, maxProblems)
        self.updateFacilities = updateFacilities
        self.files = files
        self.mapping = mapping
        self.encoding = encoding
        self.dryRun = dryRun
        self.progress = progress
        self.directory = directory
    }

    func url(_ path: String) -> URL {
        guard let directory, !path.hasPrefix("/") else { return URL(fileURLWithPath: path) }
        return directory.appendingPathComponent(path)
    }
}

extension FactStore {
    /// Imports exported CSV tables, JSON dataset documents and (with a mapping) foreign CSV
    /// files, all in one transaction: all of it lands or none of it does.
    ///
    /// Each CSV file is recognised by its header row: `facilities`, `facts`, `sources` and
    /// `events` tables as `export csv` writes them (a `summary` table is derived, so it is
    /// skipped with a note); any other CSV is read through the mapping. Cells the export
    /// neutralised against formula injection come back as their original text.
    ///
    /// Re-importing is idempotent: a facility, source or event with a stored id is updated (or
    /// left alone when nothing changed); a fact with the same facility, attribute, value, as-of
    /// date and first source as a stored one is not added again.
    ///
    /// Not an error: an empty table, a skipped summary table, mapped rows skipped by the mapping.
    /// These appear in the report's notes.
    ///
    /// - Parameter request: the files, mapping, encoding and whether this is a dry run.
    /// - Returns: what was (or, for a dry run, would be) added, updated and left unchanged.
    /// - Throws: ``ImportError/missingFile(path:)``, ``ImportError/notRegularFile(path:kind:)`` or
    ///   ``ImportError/unreadableFile(path:reason:)`` before anything is read;
    ///   ``ImportError/problems(_:total:)`` listing every problem as `FILE:LINE:COLUMN: …` (the database is left exactly as it was); ``StoreError`` when the
    ///   database itself fails.
    @discardableResult
    public func importEvidence(_ request: ImportRequest) throws -> ImportReport {
        let mapping = try request.mapping.map { try ImportMapping.load(contentsOf: request.url($0), named: $0) }
        var fileOrder = request.mapping.map { [$0] } ?? []
        fileOrder += request.files
        var plan = try ImportPlan(request: request, mapping: mapping)
        let stamp = now
        var report = ImportReport(dryRun: request.dryRun)
        do {
            try writer.writeWithoutTransaction { db in
                // Connection settings for a large import, set outside the transaction and put
                // back afterwards (see FactStore.withBulkImportSettings). Neither changes what is written.
                try FactStore.withBulkImportSettings(in: db) {
                    try db.inTransaction(.immediate) {
                        var session = try ImportSession(
                            db: db, now: stamp, problems: plan.problems, updateFacilities: request.updateFacilities)
                        try plan.run(&session, progress: request.progress)
                        report.summary = session.summary
                        report.files = plan.files
                        report.notes = plan.notes + session.notes
                        report.changes = session.changes
                        if !session.problems.isEmpty {
                            throw ImportError.problems(
                                session.problems.sorted(fileOrder: fileOrder), total: session.problems.count)
                        }
                        if request.dryRun { throw DryRunRollback() }
                        return .commit
                    }
                }
            }
        } catch is DryRunRollback {
            return report
        } catch let error as ImportError {
            throw error
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw mapped(error)
        } catch {
            throw StoreError.io(path: path, reason: Self.describe(error))
        }
        return report
    }
}

/// The inputs of one import, opened and classified, ready to run inside the transaction.
struct ImportPlan {
    enum Kind {
        case table(CanonicalTable)
        case skipped
        case dataset
        case mapped(ResolvedMapping)
    }

    struct Input {
        var file: String
        var scope: Int
        /// The whole document, for a JSON dataset document (a CSV file is read by `reader`).
        var data: Data
        /// Where the file is, and its size and modification time when its header was read (a
        /// mapped file is read twice, and must not change in between).
        var url: URL
        var signature: [Int]
        var kind: Kind
        var reader: CSVReader?
        var header: [String]
    }

    var inputs: [Input] = []
    var problems: ProblemList
    var notes: [ImportProblem] = []
    /// What each file was read as, with its position on the command line.
    private var reports: [(scope: Int, report: ImportReport.FileReport)] = []
    let mapping: ImportMapping?

    /// What each file was read as, in the order the files were given.
    var files: [ImportReport.FileReport] {
        reports.sorted { $0.scope < $1.scope }.map(\.report)
    }

    /// Reads every file and checks every header (and the mapping against it) before any data
    /// row is read.
    ///
    /// - Throws: ``ImportError`` for a missing file, or for header and mapping problems.
    init(request: ImportRequest, mapping: ImportMapping?) throws {
        self.mapping = mapping
        // At least the default number is kept, so that problems found late (while writing) that
        // sort before earlier ones still make the first N listed.
        problems = ProblemList(kept: max(request.maxProblems, ProblemList.defaultKept))
        // Every file is checked (and its first bytes read) before any is read further. A JSON
        // document is read whole; a CSV file is read in chunks, so memory does not grow with it.
        var loaded: [(String, Data)] = []
        for name in request.files {
            loaded.append((name, try ImportFiles.head(request.url(name), named: name)))
        }
        for (scope, (file, head)) in loaded.enumerated() {
            if ImportFiles.isJSON(head, named: file) {
                let data = try ImportFiles.read(request.url(file), named: file)
                if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                    problems.add(ImportProblem(file: file, line: 1, column: 1, message: "the file is empty; a dataset document is one JSON object"))
                    continue
                }
                inputs.append(Input(file: file, scope: scope, data: data, url: request.url(file), signature: [], kind: .dataset, reader: nil, header: []))
                continue
            }
            var reader: CSVReader
            var signature: [Int] = []
            let headerRecord: CSVRecord?
            do {
                signature = ImportFiles.signature(request.url(file))
                reader = try CSVReader(contentsOf: request.url(file), encoding: request.encoding, chunkSize: request.chunkSize)
                headerRecord = try reader.next()
            } catch {
                problems.add(ImportFiles.problem(error, file: file))
                continue
            }
            guard let headerRecord else {
                problems.add(ImportFiles.noHeader(hasLines: reader.contentByteCount > 0, file: file))
                continue
            }
            let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if let table = CanonicalTable.recognise(header) {
                if table.isDerived {
                    notes.append(
                        ImportProblem(
                            file: file, line: 1, column: 1,
                            message: "skipped: \(table == .summary ? "a summary" : "an overview") table is computed from the facts, so there is nothing in it to import"))
                    reports.append((scope, .init(file: file, kind: "\(table.rawValue) table (skipped)", records: 0)))
                    continue
                }
                inputs.append(Input(file: file, scope: scope, data: Data(), url: request.url(file), signature: signature, kind: .table(table), reader: reader, header: header))
            } else if let mapping {
                guard let resolved = ResolvedMapping(mapping, header: headerRecord.fields, file: file, problems: &problems)
                else { continue }
                inputs.append(Input(file: file, scope: scope, data: Data(), url: request.url(file), signature: signature, kind: .mapped(resolved), reader: reader, header: header))
            } else {
                problems.add(ImportProblem(file: file, line: headerRecord.line, column: 1, message: Self.unrecognised(header), remedy: .mapping))
            }
        }
        if !problems.isEmpty {
            var order = request.mapping.map { [$0] } ?? []
            order += request.files
            throw ImportError.problems(problems.sorted(fileOrder: order), total: problems.count)
        }
    }

    static func unrecognised(_ header: [String]) -> String {
        var message = "the header is not one that 'export csv' writes (facilities, facts, sources or events)"
        if let near = CanonicalTable.nearest(header) {
            var parts: [String] = []
            if !near.missing.isEmpty { parts.append("lacks \(near.missing.joined(separator: ", "))") }
            if !near.unknown.isEmpty { parts.append("has unknown columns \(near.unknown.joined(separator: ", "))") }
            if !parts.isEmpty { message += "; as a \(near.table.rawValue) table it \(parts.joined(separator: " and "))" }
        }
        return message + "; to import another spreadsheet, describe it in a mapping file (see docs/import.md)"
    }

    /// Reads the inputs and writes them in dependency order.
    /// Reads every record of a CSV file: a reader error becomes a problem (a ragged row is
    /// skipped, anything else ends the file), and progress is reported every 8,192 rows.
    ///
    /// - Returns: the number of records read.
    static func forEachRecord(
        of reader: inout CSVReader, file: String, stage: String, session: inout ImportSession,
        progress: (@Sendable (ImportProgress) -> Void)?, _ body: (CSVRecord, inout ImportSession) throws -> Void
    ) throws -> Int {
        var count = 0
        var record = CSVRecord(fields: [], line: 0)
        while true {
            do {
                guard try reader.read(into: &record) else { break }
            } catch {
                session.problems.add(ImportFiles.problem(error, file: file))
                if case .raggedRow = error { continue }
                break
            }
            count += 1
            if count % 8192 == 0 { progress?(ImportProgress(file: file, rows: count, stage: stage)) }
            try body(record, &session)
        }
        return count
    }

    mutating func run(_ session: inout ImportSession, progress: (@Sendable (ImportProgress) -> Void)?) throws {
        var batch = ImportBatch()
        var factTables: [Int] = []
        var mappingSourceNeeded = false
        var rowSources: [SourceInput] = []
        // Mapped files are read twice: once to check every row and settle the facilities, then
        // again (after those are written) for their facts, so that no row is kept in memory.
        var mappedFacts: [(position: Int, reader: MappedTableReader, plan: MappedTableReader.Plan)] = []
        for position in inputs.indices {
            let input = inputs[position]
            switch input.kind {
            case .table(.facts):
                factTables.append(position)
            case .table(let table):
                guard var reader = input.reader else { continue }
                let rows = CanonicalRowReader(table: table, header: input.header, file: input.file, scope: input.scope)
                var seen: [String: Int] = [:]
                let count = try Self.forEachRecord(
                    of: &reader, file: input.file, stage: "reading", session: &session, progress: progress
                ) { record, session in
                    let id: String?
                    switch table {
                    case .facilities:
                        guard let item = rows.facility(record, &session.problems) else { return }
                        batch.facilities.append(item)
                        id = item.id
                    case .sources:
                        guard let item = rows.source(record, &session.problems) else { return }
                        batch.sources.append(item)
                        id = item.id
                    case .events:
                        guard let item = rows.event(record, &session.problems) else { return }
                        batch.events.append(item)
                        id = item.event.id
                    case .facts, .summary, .overview:
                        id = nil
                    }
                    if let id {
                        if let line = seen[id] {
                            session.problems.add(
                                rows.location(record, "id"),
                                "the \(table.singular) '\(id)' appears twice in this file (first on line \(line)); keep one row")
                        } else {
                            seen[id] = record.line
                        }
                    }
                }
                reports.append((input.scope, .init(file: input.file, kind: "\(table.rawValue) table", records: count)))
            case .dataset:
                let reader = DatasetDocumentReader(file: input.file, scope: input.scope)
                let (items, count) = reader.read(input.data, &session.problems)
                batch.facilities += items.facilities
                batch.sources += items.sources
                batch.facts += items.facts
                batch.events += items.events
                reports.append((input.scope, .init(file: input.file, kind: "dataset document", records: count)))
            case .mapped(let resolved):
                guard var reader = input.reader else { continue }
                var mapped = MappedTableReader(resolved: resolved, file: input.file, scope: input.scope)
                if let scheme = resolved.mapping.facility.matchScheme {
                    mapped.storedIdentifiers = try FactStore.facilities(byIdentifier: scheme, in: session.db)
                }
                mapped.merged = try FactStore.mergedFacilityIds(in: session.db)
                let file = input.file
                let (result, plan) = mapped.read(&reader, &session.problems) { rows in
                    progress?(ImportProgress(file: file, rows: rows, stage: "reading"))
                }
                mappedFacts.append((position, mapped, plan))
                batch.facilities += result.facilities
                rowSources += result.rowSources
                notes += result.notes
                mappingSourceNeeded = mappingSourceNeeded || !resolved.facts.isEmpty
                reports.append((input.scope, .init(file: input.file, kind: "mapped by \(resolved.mapping.file)", records: result.rows)))
            case .skipped:
                break
            }
        }
        if mappingSourceNeeded, let rule = mapping?.source {
            batch.sources.insert(
                SourceInput(
                    source: rule.source, id: rule.id, onlyIfAbsent: true, at: rule.location, citesAt: rule.location,
                    hashAt: rule.location, claimedHash: nil),
                at: 0)
        }
        // Sources named by rows: found by id, or created; the mapping's source cites each.
        var rowSourceIds: Set<String> = []
        for source in rowSources where rowSourceIds.insert(source.id).inserted {
            batch.sources.append(source)
        }
        let datasetStored = mapping?.sourceId.map { session.sourceIds.contains($0) } ?? false

        try session.write(batch.facilities)
        try session.write(batch.sources)
        if let dataset = mapping?.sourceId, !rowSourceIds.isEmpty {
            try session.cite(rowSourceIds.sorted(), by: dataset, existed: datasetStored)
        }
        var facts = try FactWriter(db: session.db, now: session.now)
        for input in batch.facts {
            try facts.add(input, &session)
        }
        for (position, mapped, plan) in mappedFacts {
            let input = inputs[position]
            guard var reader = input.reader else { continue }
            if ImportFiles.signature(input.url) != input.signature {
                session.problems.add(
                    ImportProblem(
                        file: input.file, line: 1, column: 1,
                        message: "the file changed while it was being imported; import it again when nothing is writing to it"))
                continue
            }
            let file = input.file
            try mapped.readFacts(&reader, plan: plan) { rows in
                progress?(ImportProgress(file: file, rows: rows, stage: "writing"))
            } _: { output in
                switch output {
                case .fact(let fact): try facts.add(fact, &session)
                case .problem(let problem): session.problems.add(problem)
                }
            }
        }
        for position in factTables {
            let input = inputs[position]
            guard var reader = input.reader, let columns = FactColumns(header: input.header) else { continue }
            let parser = FactRowParser(columns: columns, file: input.file, scope: input.scope)
            let count = try Self.forEachRecord(
                of: &reader, file: input.file, stage: "writing", session: &session, progress: progress
            ) { record, session in
                guard let fact = parser.fact(record, &session.problems) else { return }
                try facts.add(fact, &session)
            }
            reports.append((input.scope, .init(file: input.file, kind: "facts table", records: count)))
        }
        try facts.finish(&session)
        try session.write(batch.events)
    }
}
