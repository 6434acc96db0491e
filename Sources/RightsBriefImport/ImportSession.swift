import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore

/// The write side of one import, inside its single transaction.
///
/// Items are written in dependency order — facilities, sources (cited ones first), facts,
/// retractions, events — and every reference is checked against what is stored, so a problem
/// names the cell that holds the bad reference rather than surfacing as a foreign-key failure.
/// Problems are collected, not thrown: the caller rolls the transaction back if there are any.
struct ImportSession {
    let db: Database
    let now: String
    var problems: ProblemList
    var notes: [ImportProblem] = []
    var summary = LoadSummary()
    /// Ids stored now (before the import, plus what it has written).
    var facilityIds: Set<String>
    var sourceIds: Set<String>
    /// Ids the import holds but could not write (their problem is reported already), so
    /// references to them are not reported a second time.
    var failedFacilities: Set<String> = []
    var failedSources: Set<String> = []
    /// Whether a stored facility's country or region may change.
    let updateFacilities: Bool
    /// The stored facilities and sources changed so far, field by field.
    var changes: [ImportChange] = []

    init(db: Database, now: String, problems: ProblemList, updateFacilities: Bool = false) throws {
        self.db = db
        self.now = now
        self.problems = problems
        self.updateFacilities = updateFacilities
        facilityIds = Set(try FactStore.facilityIds(in: db))
        sourceIds = Set(try FactStore.sourceIds(in: db))
    }

    mutating func count(_ kind: String, existed: Bool) {
        if existed { summary.updated[kind, default: 0] += 1 } else { summary.added[kind, default: 0] += 1 }
    }

    // MARK: Facilities

    mutating func write(_ inputs: [FacilityInput]) throws {
        for input in inputs {
            let existed = facilityIds.contains(input.id)
            let existing = try existed ? FactStore.facility(id: input.id, in: db) : nil
            guard let facility = input.merged(with: existing) else {
                if input.name == nil {
                    problems.add(
                        input.nameAt,
                        "facility '\(input.id)' is not in the database and this row gives no name for it; fill in the name"
                            + (input.nameColumn.map { " (column \($0))" } ?? ""))
                } else {
                    problems.add(
                        input.countryAt,
                        "facility '\(input.id)' is not in the database and this row gives no country for it; fill in the country"
                            + (input.countryColumn.map { " (column \($0))" } ?? ""))
                }
                failedFacilities.insert(input.id)
                continue
            }
            do {
                try facility.validate()
            } catch let error as CoreError {
                let place: ImportLocation =
                    switch error {
                    case .invalidCountry: input.countryAt
                    case .invalidValue(let attribute, _, _) where attribute == "name": input.nameAt
                    default: input.at
                    }
                problems.add(place, ImportText.sentence(error))
                failedFacilities.insert(input.id)
                continue
            }
            if existing == facility {
                summary.unchanged["facility", default: 0] += 1
                continue
            }
            if let existing {
                guard placeKept(existing, facility, input) else {
                    failedFacilities.insert(input.id)
                    continue
                }
                changes.append(ImportChange(facility: existing, to: facility))
            }
            do {
                try FactStore.upsertFacility(facility, replacing: true, at: now, in: db)
            } catch StoreError.identifierTaken(let identifier, let owner) {
                var problem = input.identifiersAt.problem(
                    "the identifier \(identifier) belongs to facility '\(owner)', not '\(input.id)'; a scheme's identifier names one facility")
                problem.remedy = .mergeFacilities(keep: owner, drop: input.id)
                problems.add(problem)
                failedFacilities.insert(input.id)
                continue
            } catch StoreError.mergedFacility(let id, let kept) {
                problems.add(
                    input.at,
                    "facility '\(id)' was merged into '\(kept)' (facility merge), so its id is retired; write '\(kept)' instead, or leave the row out")
                failedFacilities.insert(input.id)
                continue
            } catch let error as StoreError {
                problems.add(input.at, "the database refused facility '\(input.id)' (\(error.localizedDescription))")
                failedFacilities.insert(input.id)
                continue
            } catch let error as DatabaseError {
                problems.add(input.at, "the database refused facility '\(input.id)' (\(FactStore.describe(error)))")
                failedFacilities.insert(input.id)
                continue
            }
            facilityIds.insert(input.id)
            count("facility", existed: existed)
        }
    }

    /// Whether a stored facility keeps its country and region (or may change them); each
    /// change refused is a problem at the cell that asks for it.
    mutating func placeKept(_ stored: Facility, _ facility: Facility, _ input: FacilityInput) -> Bool {
        guard !updateFacilities else { return true }
        var kept = true
        func refuse(_ field: String, _ old: String, _ new: String?, at location: ImportLocation) {
            let change = new.map { "change it to '\($0)'" } ?? "clear it"
            var problem = location.problem(
                "facility '\(stored.id)' is stored with \(field) '\(old)', and this row would \(change); an import does not move a stored facility unless asked (a row shifted by one column would do it silently), so check the row")
            problem.remedy = .updateFacilities
            problems.add(problem)
            kept = false
        }
        if stored.country != facility.country {
            refuse("country", stored.country, facility.country, at: input.countryAt)
        }
        if let region = stored.region, region != facility.region {
            refuse("region", region, facility.region, at: input.regionAt)
        }
        // A second identifier in a scheme the facility has one of is as suspicious as a move.
        for identifier in input.identifiers where !stored.identifiers.contains(identifier) {
            guard let old = stored.identifiers.first(where: { $0.scheme == identifier.scheme }) else { continue }
            var problem = input.identifiersAt.problem(
                "facility '\(stored.id)' is stored with the identifier \(old), and this row gives it \(identifier) too; check that the row is about this facility (the id rules may have matched the wrong one)")
            problem.remedy = .updateFacilities
            problems.add(problem)
            kept = false
        }
        return kept
    }

    // MARK: Sources

    /// Writes sources, cited ones first where the citations allow it. A source may cite one
    /// that comes later in the import, or two may cite each other (a report and its update):
    /// such a citation is linked once both are written, and is never reported missing.
    mutating func write(_ inputs: [SourceInput]) throws {
        let importing = Set(inputs.compactMap { $0.source == nil ? nil : $0.id })
        var deferred: [(sourceId: String, cited: String)] = []
        for index in Self.citationOrder(inputs) {
            let input = inputs[index]
            let existed = sourceIds.contains(input.id)
            if input.onlyIfAbsent, existed { continue }
            guard var source = input.source else {
                problems.add(
                    input.at,
                    "there is no source '\(input.id)' in the database; add title: and publisher: to the mapping's source: section to create it")
                failedSources.insert(input.id)
                continue
            }
            if let claimed = input.claimedHash, let text = source.text, claimed != FactStore.sha256Hex(text) {
                problems.add(
                    input.hashAt,
                    "the text_sha256 of source '\(input.id)' does not match its text; the text was changed after it was captured — restore it, or clear the hash")
                failedSources.insert(input.id)
                continue
            }
            var citesOK = true
            var later: Set<String> = []
            for cited in source.cites where !sourceIds.contains(cited) {
                if failedSources.contains(cited) {
                    citesOK = false
                } else if importing.contains(cited) {
                    later.insert(cited)
                } else {
                    problems.add(
                        input.citesAt,
                        "source '\(input.id)' cites '\(cited)', which is neither in the database nor in this import; import that source too, or remove it from cites")
                    citesOK = false
                }
            }
            guard citesOK else {
                failedSources.insert(input.id)
                continue
            }
            // Links are only ever added: an export leaves out citations of sources its audience
            // may not see, so a citation missing from the input is not a deletion.
            var stored = existed ? try FactStore.sources(ids: [input.id], in: db).first : nil
            stored?.recordedAt = nil
            source.recordedAt = nil
            source.cites = Array(Set(source.cites).union(stored?.cites ?? [])).sorted()
            source.textSHA256 = source.text.map { FactStore.sha256Hex($0) }
            if let stored, stored == source {
                summary.unchanged["source", default: 0] += 1
                continue
            }
            if let stored { changes.append(ImportChange(source: stored, to: source)) }
            do {
                try source.validate()
                var linkedNow = source
                linkedNow.cites.removeAll { later.contains($0) }
                _ = try FactStore.upsertSource(linkedNow, replacing: true, at: now, in: db)
            } catch let error as CoreError {
                problems.add(input.at, ImportText.sentence(error))
                failedSources.insert(input.id)
                continue
            } catch let error as DatabaseError {
                problems.add(input.at, "the database refused source '\(input.id)' (\(FactStore.describe(error)))")
                failedSources.insert(input.id)
                continue
            }
            sourceIds.insert(input.id)
            count("source", existed: existed)
            deferred += later.sorted().map { (input.id, $0) }
        }
        // A cited source that failed has its own problem, and the import is rolled back.
        for link in deferred where sourceIds.contains(link.cited) {
            try FactStore.linkCitation(sourceId: link.sourceId, citedSourceId: link.cited, in: db)
        }
    }

    /// Records that `sourceId` (a mapping's dataset) cites each of `cited` (the sources its rows
    /// name). Links are only added; a dataset stored before the import that gains links counts
    /// as updated, and its new links are listed as a change.
    mutating func cite(_ cited: [String], by sourceId: String, existed: Bool) throws {
        guard sourceIds.contains(sourceId) else { return }  // its problem is reported already
        let stored = try FactStore.sources(ids: [sourceId], in: db).first
        let before = stored?.cites ?? []
        let added = cited.filter { sourceIds.contains($0) && !before.contains($0) }
        guard !added.isEmpty else { return }
        for id in added {
            try FactStore.linkCitation(sourceId: sourceId, citedSourceId: id, in: db)
        }
        if existed, let stored {
            var after = stored
            after.cites = Array(Set(before).union(added)).sorted()
            changes.append(ImportChange(source: stored, to: after))
            count("source", existed: true)
        }
    }

    /// Input positions ordered so that a cited source comes before the sources citing it, as
    /// far as the citations allow: in a loop, the source that closes it comes first.
    static func citationOrder(_ inputs: [SourceInput]) -> [Int] {
        var positions: [String: [Int]] = [:]
        for (index, input) in inputs.enumerated() { positions[input.id, default: []].append(index) }
        var state = [UInt8](repeating: 0, count: inputs.count)  // 0 new, 1 visiting, 2 done
        var order: [Int] = []
        order.reserveCapacity(inputs.count)
        for root in inputs.indices where state[root] == 0 {
            // Iterative depth-first search, so a long chain of citations cannot overflow the stack.
            var stack: [(index: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                let cites = inputs[top.index].source?.cites ?? []
                if top.next < cites.count {
                    stack[stack.count - 1].next += 1
                    for target in positions[cites[top.next]] ?? [] where target != top.index {
                        if state[target] == 0 {
                            state[target] = 1
                            stack.append((target, 0))
                        }
                    }
                } else {
                    state[top.index] = 2
                    order.append(top.index)
                    stack.removeLast()
                }
            }
        }
        return order
    }

    // MARK: Events

    mutating func write(_ inputs: [EventInput]) throws {
        for input in inputs {
            var event = input.event
            var ok = true
            for id in event.facilityIds where !facilityIds.contains(id) {
                if !failedFacilities.contains(id) {
                    problems.add(
                        input.facilitiesAt,
                        "event '\(event.id)' names facility '\(id)', which is neither in the database nor in this import; import that facility too, or remove it from the event")
                }
                ok = false
            }
            for id in event.sourceIds where !sourceIds.contains(id) {
                if !failedSources.contains(id) {
                    problems.add(
                        input.sourcesAt,
                        "event '\(event.id)' cites source '\(id)', which is neither in the database nor in this import; import that source too, or remove it from the event")
                }
                ok = false
            }
            guard ok else { continue }
            // As for sources, links are only added (an export leaves out withheld sources).
            let existing = try FactStore.events(ids: [event.id], in: db).first
            event.facilityIds = Array(Set(event.facilityIds).union(existing?.facilityIds ?? [])).sorted()
            event.sourceIds = Array(Set(event.sourceIds).union(existing?.sourceIds ?? [])).sorted()
            var comparable = existing
            comparable?.recordedAt = nil
            if let comparable, comparable == event {
                summary.unchanged["event", default: 0] += 1
                continue
            }
            do {
                try FactStore.upsertEvent(event, replacing: true, at: now, in: db)
            } catch let error as CoreError {
                problems.add(input.at, ImportText.sentence(error))
                continue
            } catch let error as DatabaseError {
                problems.add(input.at, "the database refused event '\(event.id)' (\(FactStore.describe(error)))")
                continue
            }
            count("event", existed: existing != nil)
        }
    }
}
