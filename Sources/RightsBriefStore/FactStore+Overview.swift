import GRDB
import RightsBriefCore

extension FactStore {
    /// The evidence an overview of `selection` counts, already cut at `asOf` and filtered for
    /// `audience`: for each facility and attribute, only the standing facts of the newest date
    /// that has one — the facts ``FacilityFigures`` shows as the latest figure — with the
    /// events and the sources those cite.
    ///
    /// Built from the same rules as the full path (the cut at `asOf`,
    /// ``Redaction/filterFacts(_:visibleSources:for:)`` and ``Facts/current(_:)``), so a model
    /// built from this evidence has the same figures, standard checks and overview as one built
    /// from ``evidence(_:includingText:)``; it just leaves out the history an overview never
    /// shows. A country's overview then reads a fact or two per facility and attribute from
    /// the table instead of every fact it has.
    ///
    /// Dates are read newest first from the `(facilityId, attribute, asOf)` index alone; a date
    /// whose facts are all retracted, superseded by a correction the audience sees, or withheld
    /// gives way to the next older date.
    ///
    /// - Returns: `nil` when no fact stands at all (the caller reads the full evidence, which
    ///   tells "no evidence yet" from "only withdrawn facts").
    /// - Throws: ``StoreError/unknownFacility(id:)`` for a selected id that does not exist.
    public func overviewEvidence(_ selection: Selection, asOf: Day, audience: Audience) throws -> Evidence? {
        try read { db in
            let facilities = try Self.facilities(selection, in: db)
            let ids = facilities.map(\.id)
            guard !ids.isEmpty else { return nil }
            let groups = try Self.factDates(facilityIds: ids, upTo: asOf, in: db)

            var chosen: [Fact] = []
            var sensitivities: [String: Sensitivity] = [:]
            var position = [Int](repeating: 0, count: groups.count)
            var pending = Array(groups.indices)
            while !pending.isEmpty {
                let candidates = try Self.facts(ids: pending.flatMap { groups[$0][position[$0]].ids }, in: db)
                // A correction supersedes only within its own facility (FacilityFigures reads one
                // facility's facts), and only when dated up to the cut.
                let facilityOf = Dictionary(candidates.map { ($0.id ?? 0, $0.facilityId) }, uniquingKeysWith: { a, _ in a })
                let candidateIds = Set(facilityOf.keys)
                let corrections = try Self.facts(superseding: Array(candidateIds), in: db).filter { correction in
                    guard !candidateIds.contains(correction.id ?? 0), let target = correction.supersedes else { return false }
                    return correction.asOf <= asOf && facilityOf[target] == correction.facilityId
                }
                let unknown = Set((candidates + corrections).flatMap(\.sourceIds)).filter { sensitivities[$0] == nil }
                for (id, sensitivity) in try Self.sourceSensitivities(ids: Array(unknown), in: db) {
                    sensitivities[id] = sensitivity
                }
                let visible = Set(sensitivities.compactMap { audience.allows($0.value) ? $0.key : nil })
                let seen = Redaction.filterFacts(candidates + corrections, visibleSources: visible, for: audience)
                let standing = Dictionary(
                    Facts.current(seen).filter { candidateIds.contains($0.id ?? 0) }.map { ($0.id ?? 0, $0) },
                    uniquingKeysWith: { a, _ in a })

                var next: [Int] = []
                for group in pending {
                    let found = groups[group][position[group]].ids.compactMap { standing[$0] }
                    if !found.isEmpty {
                        chosen += found
                    } else if position[group] + 1 < groups[group].count {
                        position[group] += 1
                        next.append(group)
                    }
                }
                pending = next
            }
            guard !chosen.isEmpty else { return nil }

            let events = try Self.events(facilityIds: ids, in: db)
            let used = Set(chosen.flatMap(\.sourceIds) + events.flatMap(\.sourceIds))
            var sources = try Self.sources(ids: Array(used), includingText: false, in: db)
            let cited = Set(sources.flatMap(\.cites)).subtracting(used)
            if !cited.isEmpty {
                sources += try Self.sources(ids: Array(cited), includingText: false, in: db)
                sources.sort { $0.id < $1.id }
            }
            chosen.sort { ($0.facilityId, $0.attribute.rawValue, $0.asOf, $0.id ?? 0) < ($1.facilityId, $1.attribute.rawValue, $1.asOf, $1.id ?? 0) }
            return Evidence(facilities: facilities, facts: chosen, sources: sources, events: events)
        }
    }

    /// For each (facility, attribute) with facts dated up to `asOf`: its dates newest first,
    /// each with its fact ids in id order — read from the index, no table page.
    ///
    /// Read in the index's own order (oldest date first, which needs no sort in SQLite) and
    /// reversed here.
    static func factDates(facilityIds: [String], upTo asOf: Day, in db: Database) throws -> [[(day: String, ids: [Int64])]] {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT facilityId, attribute, asOf, id FROM fact
                WHERE facilityId IN (SELECT value FROM json_each(?)) AND asOf <= ?
                ORDER BY facilityId, attribute, asOf, id
                """, arguments: [databaseArray(facilityIds), asOf.description])
        var groups: [[(day: String, ids: [Int64])]] = []
        var current: (facility: String, attribute: String)?
        while let row = try rows.next() {
            let facility: String = row[0]
            let attribute: String = row[1]
            let day: String = row[2]
            let id: Int64 = row[3]
            if current?.facility != facility || current?.attribute != attribute {
                groups.append([])
                current = (facility, attribute)
            }
            if groups[groups.count - 1].last?.day == day {
                groups[groups.count - 1][groups[groups.count - 1].count - 1].ids.append(id)
            } else {
                groups[groups.count - 1].append((day, [id]))
            }
        }
        for index in groups.indices { groups[index].reverse() }
        return groups
    }

    /// The facts with these ids, with their sources, in id order.
    static func facts(ids: [Int64], in db: Database) throws -> [Fact] {
        // The links by fact id straight from factSource's key, without a lookup in fact.
        try facts(where: "f.id IN (SELECT value FROM json_each(?))", links: "SELECT value FROM json_each(?)", ids: ids, in: db)
    }

    /// The facts that supersede any of `ids` (corrections), with their sources, in id order.
    static func facts(superseding ids: [Int64], in db: Database) throws -> [Fact] {
        let condition = "f.supersedesId IN (SELECT value FROM json_each(?))"
        return try facts(where: condition, links: "SELECT f.id FROM fact f WHERE \(condition)", ids: ids, in: db)
    }

    /// The facts matching `condition`, with the sources of the facts `linked` selects (the
    /// same facts; both read the one bound list of ids).
    private static func facts(where condition: String, links linked: String, ids: [Int64], in db: Database) throws -> [Fact] {
        guard !ids.isEmpty else { return [] }
        // A JSON array of numbers (not strings), so `json_each` yields integers that compare
        // equal to the integer ids.
        let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
        var sources: [Int64: [String]] = [:]
        let links = try Row.fetchCursor(
            db,
            sql: """
                SELECT factId, sourceId FROM factSource
                WHERE factId IN (\(linked)) ORDER BY factId, position
                """, arguments: [list])
        while let row = try links.next() { sources[row[0], default: []].append(row[1]) }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(Fact.selectedColumns) FROM fact f LEFT JOIN factRetraction r ON r.factId = f.id
                WHERE \(condition) ORDER BY f.id
                """, arguments: [list])
        var facts: [Fact] = []
        while let row = try rows.next() {
            let id: Int64 = row[0]
            facts.append(Fact(selected: row, sourceIds: sources[id] ?? []))
        }
        return facts
    }

    /// The sensitivity of each of these sources (unknown ids are left out).
    static func sourceSensitivities(ids: [String], in db: Database) throws -> [(String, Sensitivity)] {
        guard !ids.isEmpty else { return [] }
        var result: [(String, Sensitivity)] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, sensitivity FROM source WHERE id IN (SELECT value FROM json_each(?))",
            arguments: [databaseArray(ids)])
        while let row = try rows.next() {
            result.append((row[0], Sensitivity(rawValue: row[1] ?? "") ?? .confidential))
        }
        return result
    }
}
