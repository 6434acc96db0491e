import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore

/// Writes imported facts fast and idempotently, inside the import's transaction.
///
/// A fact is "already stored" when a stored fact has the same facility, attribute, value and
/// as-of date and lists the new fact's first source (the identity every import
/// uses). Instead of one `SELECT` per row, the writer keeps a 32-bit hash of that identity for
/// every stored fact–source pair (4 bytes each, about 8 MiB for a million facts: no strings are
/// kept); only a hash hit is confirmed with an indexed query, so importing into an empty
/// database runs no per-row query at all, and a hash that collides costs one query, never a
/// fact. Statements are prepared once (the
/// store's cached statements; the SQL is in `FactStore+ImportWrites.swift`).
///
/// `supersedes` names a fact by its id *within the same file*; a row that comes before the fact
/// it supersedes waits until that fact is written.
struct FactWriter {
    private let db: Database
    private let now: String
    private var hashes: Set<UInt32> = []
    private var localIds: [Int: LocalIdMap] = [:]
    private var failedLocal: [Int: Set<Int64>] = [:]
    private var waiting: [Int: [Int64: [FactInput]]] = [:]
    private var retractions: [(factId: Int64, retraction: Fact.Retraction)] = []
    private var pending: [Pending] = []
    /// The id the next new fact gets: ids are assigned here so that a batch's facts and links
    /// can be written together (the table is AUTOINCREMENT, so ids are never reused).
    private var nextId: Int64

    init(db: Database, now: String) throws {
        self.db = db
        self.now = now
        let highest = try FactStore.highestFactId(in: db)
        nextId = highest + 1
        var hashes: Set<UInt32> = []
        try FactStore.forEachFactSource(in: db) { facility, attribute, asOf, number, level, source in
            hashes.insert(
                Self.identity(
                    facility: facility, attribute: attribute, asOf: Self.dayNumber(asOf ?? ""),
                    number: level == nil ? number : nil, level: level, source: source))
        }
        self.hashes = hashes
    }

    /// Writes one fact (or finds it stored), or records why it cannot be written.
    mutating func add(_ input: FactInput, _ session: inout ImportSession) throws {
        let fact = input.fact
        var ok = true
        if !session.facilityIds.contains(fact.facilityId) {
            if !session.failedFacilities.contains(fact.facilityId) {
                session.problems.add(
                    input.facilityAt,
                    "there is no facility '\(fact.facilityId)' in the database or in this import; import it too (a facilities table, or the facility section of the mapping) or fix the id")
            }
            ok = false
        }
        for id in fact.sourceIds where !session.sourceIds.contains(id) {
            if !session.failedSources.contains(id) {
                session.problems.add(
                    input.sourcesAt,
                    "there is no source '\(id)' in the database or in this import; import it too (a sources table) or fix the id")
            }
            ok = false
        }
        guard ok else { return markFailed(input) }
        var supersedesId: Int64?
        if let target = input.localSupersedes {
            if let stored = localIds[input.scope]?[target] {
                supersedesId = stored
            } else if failedLocal[input.scope]?.contains(target) == true {
                return markFailed(input)
            } else {
                waiting[input.scope, default: [:]][target, default: []].append(input)
                return
            }
        }
        try write(input, supersedes: supersedesId, &session)
        try drain(&session)
    }

    /// Settles facts still waiting for the fact they supersede: in an exported table that fact
    /// was left out (withheld from the export's audience), so the fact is written without the
    /// link and a note says so; in a document the id is wrong, which is a problem.
    mutating func finish(_ session: inout ImportSession) throws {
        var progress = true
        while progress {
            progress = false
            for (scope, targets) in waiting {
                for (target, inputs) in targets {
                    let known = localIds[scope]?[target] != nil || failedLocal[scope]?.contains(target) == true
                    if known || isWaiting(scope: scope, localId: target) { continue }
                    waiting[scope]?[target] = nil
                    progress = true
                    var dangling: [FactInput] = []
                    for input in inputs {
                        if input.strictSupersedes {
                            session.problems.add(
                                input.supersedesAt,
                                "supersedes \(target), but no fact in this document has the id \(target); give the id of a fact in the same document")
                            markFailed(input)
                        } else {
                            dangling.append(input)
                        }
                    }
                    for input in dangling {
                        try write(input, supersedes: nil, &session)
                        try drain(&session)
                    }
                    if let first = dangling.first {
                        session.notes.append(
                            first.supersedesAt.problem(
                                "\(dangling.count) fact\(dangling.count == 1 ? " supersedes" : "s supersede") fact_id \(target), which is not in this file (an export leaves out what its audience may not see); imported without that link"))
                    }
                }
            }
        }
        for (_, targets) in waiting {
            for (target, inputs) in targets {
                for input in inputs {
                    session.problems.add(
                        input.supersedesAt,
                        "supersedes \(target), which in turn (directly or not) supersedes this fact; a chain of corrections cannot loop")
                }
            }
        }
        waiting = [:]
        try flush(&session)
        for item in retractions {
            if try FactStore.isRetracted(factId: item.factId, in: db) { continue }
            try FactStore.insertRetraction(
                factId: item.factId, reason: item.retraction.reason, retractedAt: item.retraction.retractedAt, in: db)
            session.summary.added["retraction", default: 0] += 1
        }
        retractions = []
    }

    // MARK: Writing

    /// Rows per multi-row `INSERT`. The schema's CHECK constraints use `IN (…)` lists, which
    /// SQLite sets up once per statement execution; one execution per row would spend more
    /// time on that than on the rows.
    static let batchSize = 256

    /// A fact waiting in the current batch, with the id it will get.
    private struct Pending {
        var id: Int64
        var day: String
        var supersedes: Int64?
        var sourceIds: [String]
        var input: FactInput

        /// Binds the row's twelve columns in ``FactStore/factInserter(rows:in:)`` order.
        func bind(_ binder: inout SQLiteBinder, now: String) {
            let fact = input.fact
            binder.bind(id)
            binder.bind(fact.facilityId)
            binder.bind(fact.attribute.rawValue)
            binder.bind(fact.value.number)
            binder.bind(fact.value.level?.rawValue)
            binder.bind(fact.unit)
            binder.bind(day)
            binder.bind(fact.status.rawValue)
            binder.bind(fact.sensitivity.rawValue)
            binder.bind(fact.quote)
            binder.bind(supersedes)
            binder.bind(now)
        }
    }

    private mutating func write(_ input: FactInput, supersedes: Int64?, _ session: inout ImportSession) throws {
        let fact = input.fact
        let number = fact.value.number
        let level = fact.value.level?.rawValue
        let asOf = Self.dayNumber(fact.asOf)
        let first = fact.sourceIds[0]
        let identity = Self.identity(
            facility: fact.facilityId, attribute: fact.attribute.rawValue, asOf: asOf, number: number, level: level,
            source: first)
        if hashes.contains(identity) {
            // Probably stored already: write the batch, then ask the database.
            try flush(&session)
            if let storedId = try FactStore.storedFactId(
                facilityId: fact.facilityId, attribute: fact.attribute.rawValue, asOf: Self.dayText(fact.asOf),
                sourceId: first, number: number, level: level, in: db)
            {
                // The same fact: links are only added, so sources it gains are linked to it.
                var unique: [String] = []
                for id in fact.sourceIds where !unique.contains(id) { unique.append(id) }
                if try FactStore.addMissingFactSources(factId: storedId, sourceIds: unique, in: db) > 0 {
                    session.summary.updated["fact", default: 0] += 1
                } else {
                    session.summary.unchanged["fact", default: 0] += 1
                }
                record(input, storedId: storedId)
                return
            }
        }
        var sourceIds: [String] = []
        sourceIds.reserveCapacity(fact.sourceIds.count)
        for id in fact.sourceIds where !sourceIds.contains(id) { sourceIds.append(id) }
        let id = nextId
        nextId += 1
        pending.append(
            Pending(id: id, day: Self.dayText(fact.asOf), supersedes: supersedes, sourceIds: sourceIds, input: input))
        hashes.insert(identity)
        for sourceId in sourceIds.dropFirst() {
            hashes.insert(
                Self.identity(
                    facility: fact.facilityId, attribute: fact.attribute.rawValue, asOf: asOf, number: number,
                    level: level, source: sourceId))
        }
        session.summary.added["fact", default: 0] += 1
        record(input, storedId: id)
        if pending.count >= Self.batchSize { try flush(&session) }
    }

    /// How many rows the next statement writes when `remaining` are left: a full batch, or
    /// else the largest power of two that fits. Each distinct row count is another prepared
    /// statement held in the connection's cache (a 256-row fact statement is some hundreds of
    /// KiB), so row counts are kept to these nine sizes instead of any number up to 256.
    static func statementRows(_ remaining: Int) -> Int {
        if remaining >= batchSize { return batchSize }
        var rows = 1
        while rows * 2 <= remaining { rows *= 2 }
        return rows
    }

    /// Writes the batch: facts with one statement per full batch, then their source links.
    mutating func flush(_ session: inout ImportSession) throws {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
        }
        var written = 0
        var refused = false
        while written < pending.count {
            let rows = Self.statementRows(pending.count - written)
            do {
                var binder = try FactStore.factInserter(rows: rows, in: db)
                for item in pending[written..<(written + rows)] { item.bind(&binder, now: now) }
                try binder.execute(in: db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                // The statement wrote nothing; find the row the database refused below.
                refused = true
                break
            }
            written += rows
        }
        var remaining = pending[0..<written].reduce(0) { $0 + $1.sourceIds.count }
        var rows = 0
        var size = Self.statementRows(max(1, remaining))
        var binder = try FactStore.factSourceInserter(rows: size, in: db)
        for item in pending[0..<written] {
            for (position, sourceId) in item.sourceIds.enumerated() {
                binder.bind(item.id)
                binder.bind(sourceId)
                binder.bind(Int64(position))
                rows += 1
                remaining -= 1
                if rows == size {
                    try binder.execute(in: db)
                    rows = 0
                    if remaining > 0 {
                        size = Self.statementRows(remaining)
                        binder = try FactStore.factSourceInserter(rows: size, in: db)
                    }
                }
            }
        }
        if refused {
            // Write the rest one row at a time, to find the row the database refused.
            try writeOneByOne(from: written, &session)
        }
    }

    private mutating func writeOneByOne(from start: Int, _ session: inout ImportSession) throws {
        for item in pending[start...] {
            do {
                var binder = try FactStore.factInserter(rows: 1, in: db)
                item.bind(&binder, now: now)
                try binder.execute(in: db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                let message = error.message ?? "constraint failed"
                if message.contains("correction") {
                    session.problems.add(
                        item.input.supersedesAt,
                        ImportText.sentence(message) + "; supersede a fact about the same facility and attribute")
                } else {
                    session.problems.add(item.input.at, "the database refused this fact (\(message))")
                }
                session.summary.added["fact", default: 0] -= 1
                markFailed(item.input)
                continue
            }
            for (position, sourceId) in item.sourceIds.enumerated() {
                try FactStore.linkFactSource(factId: item.id, sourceId: sourceId, position: position, in: db)
            }
        }
    }

    /// Remembers the stored id of a fact, queues its retraction and writes the facts waiting for it.
    private mutating func record(_ input: FactInput, storedId: Int64) {
        if let retraction = input.retraction {
            retractions.append((storedId, retraction))
        }
        guard let localId = input.localId else { return }
        localIds[input.scope, default: LocalIdMap()].set(localId, storedId)
        if let waiters = waiting[input.scope]?.removeValue(forKey: localId) {
            pendingRelease.append(contentsOf: waiters.map { ($0, storedId) })
        }
    }

    /// Facts released by `record`, written by `drain` (kept out of `record` so that a long
    /// chain of corrections does not recurse).
    private var pendingRelease: [(FactInput, Int64)] = []

    mutating func drain(_ session: inout ImportSession) throws {
        while let (input, supersedes) = pendingRelease.popLast() {
            try write(input, supersedes: supersedes, &session)
        }
    }

    private mutating func markFailed(_ input: FactInput) {
        guard let localId = input.localId else { return }
        failedLocal[input.scope, default: []].insert(localId)
        if let waiters = waiting[input.scope]?.removeValue(forKey: localId) {
            for waiter in waiters { markFailed(waiter) }
        }
    }

    private func isWaiting(scope: Int, localId: Int64) -> Bool {
        guard let targets = waiting[scope] else { return false }
        return targets.values.contains { inputs in inputs.contains { $0.localId == localId } }
    }

    // MARK: Identity

    private static func identity(
        facility: String, attribute: String, asOf: Int, number: Double?, level: String?, source: String
    ) -> UInt32 {
        var hasher = Hasher()
        hasher.combine(facility)
        hasher.combine(attribute)
        hasher.combine(asOf)
        if let level {
            hasher.combine(level)
        } else {
            hasher.combine(number ?? 0)
        }
        hasher.combine(source)
        return UInt32(truncatingIfNeeded: hasher.finalize())
    }

    private static func dayNumber(_ day: Day) -> Int {
        day.year * 10_000 + day.month * 100 + day.day
    }

    /// `YYYYMMDD` as a number from stored `YYYY-MM-DD` text.
    private static func dayNumber(_ text: String) -> Int {
        var value = 0
        for byte in text.utf8 where byte != UInt8(ascii: "-") {
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }

    /// `YYYY-MM-DD` without `String(format:)`, which is slow enough to matter per row.
    static func dayText(_ day: Day) -> String {
        var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: 10)
        var year = day.year
        for index in stride(from: 3, through: 0, by: -1) {
            bytes[index] = UInt8(ascii: "0") + UInt8(year % 10)
            year /= 10
        }
        bytes[4] = UInt8(ascii: "-")
        bytes[5] = UInt8(ascii: "0") + UInt8(day.month / 10)
        bytes[6] = UInt8(ascii: "0") + UInt8(day.month % 10)
        bytes[7] = UInt8(ascii: "-")
        bytes[8] = UInt8(ascii: "0") + UInt8(day.day / 10)
        bytes[9] = UInt8(ascii: "0") + UInt8(day.day % 10)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The stored id of each fact an input names by its own id (`fact_id` in an exported table, `id`
/// in a document), for `supersedes`. Kept as runs of consecutive ids: an export numbers its facts
/// in order and new facts get consecutive ids, so a million facts take a handful of runs rather
/// than a million dictionary entries; ids given out of order go to a dictionary.
struct LocalIdMap {
    /// For each run: its first local id, the stored id of that entry, and its length.
    private var starts: [Int64] = []
    private var stored: [Int64] = []
    private var counts: [Int64] = []
    /// Entries that did not continue the runs (later than, and so overriding, any run).
    private var others: [Int64: Int64] = [:]

    subscript(local: Int64) -> Int64? {
        if let found = others[local] { return found }
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= local { low = middle + 1 } else { high = middle }
        }
        let run = low - 1
        guard run >= 0, local - starts[run] < counts[run] else { return nil }
        return stored[run] + (local - starts[run])
    }

    mutating func set(_ local: Int64, _ storedId: Int64) {
        guard let last = starts.indices.last else {
            starts.append(local)
            stored.append(storedId)
            counts.append(1)
            return
        }
        let end = starts[last] + counts[last]
        if local == end, storedId == stored[last] + counts[last] {
            counts[last] += 1
        } else if local >= end {
            starts.append(local)
            stored.append(storedId)
            counts.append(1)
        } else {
            others[local] = storedId
        }
    }
}
