import Foundation
import GRDB
import RightsBriefCore

/// Options for listing facts.
public struct FactQuery: Sendable {
    public var facilityIds: [String]
    public var attribute: Attribute?
    /// Include retracted and superseded facts (the full history).
    public var history: Bool

    public init(facilityIds: [String] = [], attribute: Attribute? = nil, history: Bool = false) {
        self.facilityIds = facilityIds
        self.attribute = attribute
        self.history = history
    }
}

/// One match of a full-text search over captured sources.
public struct SearchHit: Sendable, Equatable {
    public var sourceId: String
    public var title: String
    public var sensitivity: Sensitivity
    /// A fragment of the text around the match; matched words are wrapped in `[` and `]`.
    public var snippet: String
}

extension FactStore {
    /// Facilities in the selection, sorted by id.
    ///
    /// - Throws: ``StoreError/unknownFacility(id:)`` when a selected id does not exist.
    public func facilities(_ selection: Selection = Selection()) throws -> [Facility] {
        try read { db in try Self.facilities(selection, in: db) }
    }

    static func facilities(_ selection: Selection, in db: Database) throws -> [Facility] {
        for id in selection.facilityIds {
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM facility WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError.unknownFacility(id: id)
            }
        }
        var facilities: [Facility]
        if selection.isEverything {
            facilities = try Row.fetchAll(db, sql: "SELECT * FROM facility ORDER BY id").map(Facility.init(row:))
        } else {
            let ids = databaseArray(selection.facilityIds)
            let countries = databaseArray(selection.countries)
            facilities = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM facility
                    WHERE id IN (SELECT value FROM json_each(?)) OR country IN (SELECT value FROM json_each(?))
                    ORDER BY id
                    """, arguments: [ids, countries]
            ).map(Facility.init(row:))
        }
        let identifiers = try Self.identifiers(in: db)
        for index in facilities.indices {
            facilities[index].identifiers = identifiers[facilities[index].id] ?? []
        }
        return facilities
    }

    /// Every stored facility identifier, by facility id, each list sorted.
    package static func identifiers(in db: Database) throws -> [String: [FacilityIdentifier]] {
        var result: [String: [FacilityIdentifier]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT facilityId, scheme, value FROM facilityIdentifier ORDER BY facilityId, scheme, value")
        {
            result[row[0], default: []].append(FacilityIdentifier(scheme: row[1], value: row[2]))
        }
        return result
    }

    /// The identifiers of one facility, sorted.
    package static func identifiers(facilityId: String, in db: Database) throws -> [FacilityIdentifier] {
        try Row.fetchAll(
            db, sql: "SELECT scheme, value FROM facilityIdentifier WHERE facilityId = ? ORDER BY scheme, value",
            arguments: [facilityId]
        ).map { FacilityIdentifier(scheme: $0[0], value: $0[1]) }
    }

    /// The facility each identifier of `scheme` names, by value.
    package static func facilities(byIdentifier scheme: String, in db: Database) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT value, facilityId FROM facilityIdentifier WHERE scheme = ?", arguments: [scheme])
        {
            result[row[0]] = row[1]
        }
        return result
    }

    /// The facility each merged-away id now is (following merges of merges), by dropped id.
    package static func mergedFacilityIds(in db: Database) throws -> [String: String] {
        var direct: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT droppedId, keptId FROM facilityMerge") {
            direct[row[0]] = row[1]
        }
        var result: [String: String] = [:]
        for dropped in direct.keys {
            var kept = dropped
            var steps = 0
            while let next = direct[kept], steps <= direct.count {
                kept = next
                steps += 1
            }
            result[dropped] = kept
        }
        return result
    }

    /// The facility with this id, or `nil`.
    public func facility(id: String) throws -> Facility? {
        try read { db in try Self.facility(id: id, in: db) }
    }

    /// The facility with this id, or `nil`, inside a transaction.
    package static func facility(id: String, in db: Database) throws -> Facility? {
        guard var facility = try Row.fetchOne(db, sql: "SELECT * FROM facility WHERE id = ?", arguments: [id])
            .map(Facility.init(row:))
        else { return nil }
        facility.identifiers = try identifiers(facilityId: id, in: db)
        return facility
    }

    /// Whether any facility has this country code.
    public func hasCountry(_ code: String) throws -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM facility WHERE country = ? LIMIT 1", arguments: [code]) != nil
        }
    }

    /// Every source, sorted by id, with its citations.
    public func sources() throws -> [Source] {
        try read { db in try Self.sources(ids: nil, in: db) }
    }

    /// The source with this id, or `nil`.
    public func source(id: String) throws -> Source? {
        try read { db in try Self.sources(ids: [id], in: db).first }
    }

    /// Sources with these ids (every source for `nil`), sorted by id, with their citations.
    ///
    /// - Parameter includingText: whether to read the captured text (megabytes for a country's
    ///   sources, and no report prints it).
    package static func sources(ids: [String]?, includingText: Bool = true, in db: Database) throws -> [Source] {
        let columns = Source.selectedColumns(includingText: includingText)
        let list = ids.map(databaseArray)
        var cites: [String: [String]] = [:]
        let citations =
            list == nil
            ? try Row.fetchCursor(
                db, sql: "SELECT sourceId, citedSourceId FROM sourceCitation ORDER BY sourceId, citedSourceId")
            : try Row.fetchCursor(
                db,
                sql: """
                    SELECT sourceId, citedSourceId FROM sourceCitation
                    WHERE sourceId IN (SELECT value FROM json_each(?)) ORDER BY sourceId, citedSourceId
                    """, arguments: [list])
        while let row = try citations.next() { cites[row[0], default: []].append(row[1]) }
        let rows =
            list == nil
            ? try Row.fetchCursor(db, sql: "SELECT \(columns) FROM source ORDER BY id")
            : try Row.fetchCursor(
                db, sql: "SELECT \(columns) FROM source WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                arguments: [list])
        var sources: [Source] = []
        while let row = try rows.next() {
            let id: String = row[0]
            sources.append(Source(selected: row, cites: cites[id] ?? []))
        }
        return sources
    }

    /// Facts matching the query, sorted by facility, attribute, as-of date and id.
    ///
    /// Without `history`, retracted and superseded facts are left out.
    public func facts(_ query: FactQuery = FactQuery()) throws -> [Fact] {
        try read { db in
            var facts = try Self.facts(facilityIds: query.facilityIds.isEmpty ? nil : query.facilityIds, in: db)
            if let attribute = query.attribute { facts = facts.filter { $0.attribute == attribute } }
            return query.history ? facts : Facts.current(facts)
        }
    }

    static func facts(facilityIds: [String]?, in db: Database) throws -> [Fact] {
        // Rows are read in id order and sorted here. A country's facts are scattered through
        // the table; read in (facility, attribute, date) order each is a random page read,
        // read in id order each page is read once, which halves the time at 1M facts. Rows
        // are decoded by position straight from the cursor: finding each column by name, or
        // copying each row, cost more than the rest of the decoding.
        let list = facilityIds.map(databaseArray)
        let selected = "SELECT id FROM fact WHERE facilityId IN (SELECT value FROM json_each(?))"
        var sources: [Int64: [String]] = [:]
        let links =
            list == nil
            ? try Row.fetchCursor(db, sql: "SELECT factId, sourceId FROM factSource ORDER BY factId, position")
            : try Row.fetchCursor(
                db,
                sql: "SELECT factId, sourceId FROM factSource WHERE factId IN (\(selected)) ORDER BY factId, position",
                arguments: [list])
        while let row = try links.next() { sources[row[0], default: []].append(row[1]) }
        let select = "SELECT \(Fact.selectedColumns) FROM fact f LEFT JOIN factRetraction r ON r.factId = f.id"
        let rows =
            list == nil
            ? try Row.fetchCursor(db, sql: "\(select) ORDER BY f.id")
            : try Row.fetchCursor(db, sql: "\(select) WHERE f.id IN (\(selected)) ORDER BY f.id", arguments: [list])
        var facts: [Fact] = []
        while let row = try rows.next() {
            let id: Int64 = row[0]
            facts.append(Fact(selected: row, sourceIds: sources[id] ?? []))
        }
        // The order callers rely on comes from the index alone (no table page is read): each
        // fact's rank, then the facts placed by rank.
        let ranked =
            list == nil
            ? try Int64.fetchCursor(db, sql: "SELECT id FROM fact ORDER BY facilityId, attribute, asOf, id")
            : try Int64.fetchCursor(
                db,
                sql: """
                    SELECT id FROM fact WHERE facilityId IN (SELECT value FROM json_each(?))
                    ORDER BY facilityId, attribute, asOf, id
                    """, arguments: [list])
        var rank: [Int64: Int] = [:]
        rank.reserveCapacity(facts.count)
        while let id = try ranked.next() { rank[id] = rank.count }
        var slot = [Int](repeating: -1, count: facts.count)
        for (index, fact) in facts.enumerated() {
            guard let id = fact.id, let position = rank[id], position < slot.count else { break }
            slot[position] = index
        }
        // Both reads are one snapshot, so every fact has one rank; should that ever not hold,
        // sort instead of guessing.
        guard rank.count == facts.count, !slot.contains(-1) else {
            return facts.sorted {
                ($0.facilityId, $0.attribute.rawValue, $0.asOf, $0.id ?? 0)
                    < ($1.facilityId, $1.attribute.rawValue, $1.asOf, $1.id ?? 0)
            }
        }
        return slot.map { facts[$0] }
    }

    /// The fact with this id (retracted or not), or `nil`.
    public func fact(id: Int64) throws -> Fact? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT f.*, r.reason, r.retractedAt FROM fact f
                        LEFT JOIN factRetraction r ON r.factId = f.id WHERE f.id = ?
                        """, arguments: [id])
            else { return nil }
            let sources = try String.fetchAll(
                db, sql: "SELECT sourceId FROM factSource WHERE factId = ? ORDER BY position", arguments: [id])
            return Fact(row: row, sourceIds: sources)
        }
    }

    /// Events, sorted by date and id; with facility ids, only events linked to one of them.
    public func events(facilityIds: [String] = []) throws -> [Event] {
        try read { db in try Self.events(facilityIds: facilityIds.isEmpty ? nil : facilityIds, in: db) }
    }

    package static func events(facilityIds: [String]? = nil, ids: [String]? = nil, in db: Database) throws -> [Event] {
        let rows: [Row]
        if let ids {
            rows = try Row.fetchAll(
                db, sql: "SELECT * FROM event WHERE id IN (SELECT value FROM json_each(?)) ORDER BY date, id",
                arguments: [databaseArray(ids)])
        } else if let facilityIds {
            rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM event WHERE id IN (SELECT eventId FROM eventFacility
                    WHERE facilityId IN (SELECT value FROM json_each(?))) ORDER BY date, id
                    """, arguments: [databaseArray(facilityIds)])
        } else {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY date, id")
        }
        // Links only for the events found, not for every event in the store.
        let found = databaseArray(rows.map { $0["id"] as String })
        var facilities: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT eventId, facilityId FROM eventFacility WHERE eventId IN (SELECT value FROM json_each(?))
                ORDER BY eventId, facilityId
                """, arguments: [found])
        {
            facilities[row["eventId"], default: []].append(row["facilityId"])
        }
        var sources: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT eventId, sourceId FROM eventSource WHERE eventId IN (SELECT value FROM json_each(?))
                ORDER BY eventId, sourceId
                """, arguments: [found])
        {
            sources[row["eventId"], default: []].append(row["sourceId"])
        }
        return rows.map { row in
            let id: String = row["id"]
            return Event(row: row, facilityIds: facilities[id] ?? [], sourceIds: sources[id] ?? [])
        }
    }

    /// Everything a report about `selection` needs: the facilities, all their facts (with
    /// history), the events linked to them, and every source those cite, with the sources
    /// those sources cite.
    ///
    /// Nothing is redacted here; reports pass the result through ``Redaction/filter(_:for:)``.
    /// An empty selection is not an error.
    ///
    /// - Parameters:
    ///   - selection: the facilities and countries.
    ///   - includingText: whether sources carry their captured text (reports do not print it;
    ///     leaving it out keeps a country's briefing from reading megabytes it never shows).
    /// - Throws: ``StoreError/unknownFacility(id:)`` for a selected id that does not exist.
    public func evidence(_ selection: Selection, includingText: Bool = true) throws -> Evidence {
        try read { db in
            let facilities = try Self.facilities(selection, in: db)
            let ids = facilities.map(\.id)
            let facts = ids.isEmpty ? [] : try Self.facts(facilityIds: ids, in: db)
            let events = ids.isEmpty ? [] : try Self.events(facilityIds: ids, in: db)
            let sourceIds = Set(facts.flatMap(\.sourceIds) + events.flatMap(\.sourceIds))
            var sources = try Self.sources(ids: Array(sourceIds), includingText: includingText, in: db)
            // The sources those cite, read once each: only the ones not read already.
            let cited = Set(sources.flatMap(\.cites)).subtracting(sourceIds)
            if !cited.isEmpty {
                sources += try Self.sources(ids: Array(cited), includingText: includingText, in: db)
                sources.sort { $0.id < $1.id }
            }
            return Evidence(facilities: facilities, facts: facts, sources: sources, events: events)
        }
    }

    /// Full-text search over source titles and captured text, best match first.
    ///
    /// The query uses FTS5 syntax; plain words match all of them. No match is not an error.
    ///
    /// - Throws: ``StoreError/invalid(_:)`` when the query is not valid FTS5 syntax.
    public func search(_ query: String, limit: Int = 20) throws -> [SearchHit] {
        do {
            return try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.id, s.title, s.sensitivity,
                               snippet(sourceSearch, 2, '[', ']', '…', 12) AS textSnippet,
                               snippet(sourceSearch, 1, '[', ']', '…', 12) AS titleSnippet
                        FROM sourceSearch JOIN source s ON s.id = sourceSearch.sourceId
                        WHERE sourceSearch MATCH ? ORDER BY bm25(sourceSearch, 0.0, 5.0, 1.0), s.id LIMIT ?
                        """, arguments: [query, limit]
                ).map { row in
                    let text: String? = row["textSnippet"]
                    let title: String = row["titleSnippet"] ?? ""
                    let snippet = (text?.contains("[") ?? false) ? text ?? "" : title
                    return SearchHit(
                        sourceId: row["id"], title: row["title"],
                        sensitivity: Sensitivity(rawValue: row["sensitivity"] ?? "") ?? .confidential,
                        snippet: snippet.replacingOccurrences(of: "\n", with: " "))
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
            throw StoreError.invalid(
                .invalidValue(
                    attribute: "query", value: query,
                    reason: "it is not a valid search (quote phrases with \"…\"; \(error.message ?? "syntax error"))"))
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }

    /// Numbers of facilities, sources, facts and events in the store.
    public func counts() throws -> (facilities: Int, sources: Int, facts: Int, events: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM facility") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM source") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM fact") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? 0
            )
        }
    }

    /// A JSON array literal of `values`, to bind as one parameter and expand with `json_each`.
    static func databaseArray(_ values: [String]) -> String {
        let data = (try? JSONEncoder().encode(values)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
