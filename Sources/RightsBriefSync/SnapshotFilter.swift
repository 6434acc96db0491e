import RightsBriefCore

/// What a snapshot leaves out because the login cannot see what it depends on, counted so a
/// report never hides it: a reader gets only what it may see, and nothing false.
public struct LeftOut: Sendable, Equatable {
    /// Facts whose every source link is hidden from the login.
    public var factsWithoutSources = 0
    /// Corrections whose superseded fact is hidden or left out (never shown as standalone facts).
    public var corrections = 0
    /// Events whose every source link is hidden from the login.
    public var eventsWithoutSources = 0
    /// Events tied to no facility the login sees: the export tables list an event under its
    /// facilities, so they cannot carry it.
    public var eventsWithoutFacility = 0

    /// Sources, facts and events above the audience (push: they stay on the laptop).
    public var aboveAudience = 0

    public init() {}

    /// Whether nothing was left out.
    public var isEmpty: Bool { aboveAudience == 0 && factsWithoutSources == 0 && corrections == 0 && eventsWithoutSources == 0 && eventsWithoutFacility == 0 }
}

extension LeftOut: CustomStringConvertible {
    /// The counts that are not zero, in words ("nothing" when all are).
    public var description: String {
        func plural(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
        var parts: [String] = []
        if aboveAudience > 0 {
            parts.append(plural(aboveAudience, "source, fact or event", "sources, facts and events") + " above the audience")
        }
        if factsWithoutSources > 0 {
            parts.append(plural(factsWithoutSources, "fact whose", "facts whose") + " sources are all hidden")
        }
        if corrections > 0 { parts.append(plural(corrections, "correction", "corrections") + " of a hidden fact") }
        if eventsWithoutSources > 0 {
            parts.append(plural(eventsWithoutSources, "event whose", "events whose") + " sources are all hidden")
        }
        if eventsWithoutFacility > 0 {
            parts.append(plural(eventsWithoutFacility, "event", "events") + " tied to no facility")
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}

/// The rule for what a snapshot of the server keeps.
enum SnapshotFilter {
    /// The rows `audience` may see, as the server's row-level security would send them to a
    /// login of that level: sources, facts and events above it go, and so do links with an
    /// end gone and retractions of facts gone. ``apply(_:)`` then applies the snapshot rule.
    static func restrict(_ rows: EvidenceRows, to audience: Audience) -> (EvidenceRows, Int) {
        var kept = rows
        var above = 0
        func visible(_ table: EvidenceTable) -> Set<EvidenceValue> {
            let level = table.index("sensitivity")
            var ids = Set<EvidenceValue>()
            var list: [EvidenceRow] = []
            for row in rows[table] {
                let allowed = row[level].text.flatMap(Sensitivity.init(rawValue:)).map(audience.allows) ?? false
                if allowed {
                    ids.insert(row[0])
                    list.append(row)
                } else {
                    above += 1
                }
            }
            kept[table] = list
            return ids
        }
        let sources = visible(.source), facts = visible(.fact), events = visible(.event)
        func links(_ table: EvidenceTable, _ ends: [(String, Set<EvidenceValue>)]) {
            let columns = ends.map { (table.index($0.0), $0.1) }
            kept[table] = rows[table].filter { row in columns.allSatisfy { $0.1.contains(row[$0.0]) } }
        }
        links(.sourceCitation, [("sourceId", sources), ("citedSourceId", sources)])
        links(.factSource, [("factId", facts), ("sourceId", sources)])
        links(.factRetraction, [("factId", facts)])
        links(.eventSource, [("eventId", events), ("sourceId", sources)])
        links(.eventFacility, [("eventId", events)])
        return (kept, above)
    }

    /// Keeps the rows whose referenced rows are in the snapshot: a fact needs a visible source
    /// link and, when it corrects another, that fact; an event needs a visible source link.
    /// Links and retractions of a left-out fact or event go with it.
    static func apply(_ rows: EvidenceRows) -> (EvidenceRows, LeftOut) {
        var kept = rows
        var leftOut = LeftOut()
        let fact = EvidenceTable.fact, factSource = EvidenceTable.factSource
        let linked = Set(rows[factSource].compactMap { $0[factSource.index("factId")].integer })
        let supersedes = fact.index("supersedesId")
        var keptFacts = Set<Int64>()
        var facts: [EvidenceRow] = []
        let ordered = rows[fact].sorted { ($0[0].integer ?? 0) < ($1[0].integer ?? 0) }
        for row in ordered {
            guard let id = row[0].integer else { continue }
            if !linked.contains(id) {
                leftOut.factsWithoutSources += 1
                continue
            }
            if let corrected = row[supersedes].integer, !keptFacts.contains(corrected) {
                leftOut.corrections += 1
                continue
            }
            keptFacts.insert(id)
            facts.append(row)
        }
        kept[fact] = facts
        for table in [EvidenceTable.factSource, .factRetraction] {
            kept[table] = rows[table].filter { $0[table.index("factId")].integer.map(keptFacts.contains) ?? false }
        }

        let event = EvidenceTable.event, eventSource = EvidenceTable.eventSource
        let linkedEvents = Set(rows[eventSource].compactMap { $0[eventSource.index("eventId")].text })
        let placedEvents = Set(rows[EvidenceTable.eventFacility].compactMap { $0[0].text })
        var keptEvents = Set<String>()
        kept[event] = rows[event].filter { row in
            guard let id = row[0].text, linkedEvents.contains(id) else {
                leftOut.eventsWithoutSources += 1
                return false
            }
            guard placedEvents.contains(id) else {
                leftOut.eventsWithoutFacility += 1
                return false
            }
            keptEvents.insert(id)
            return true
        }
        for table in [EvidenceTable.eventSource, .eventFacility] {
            kept[table] = rows[table].filter { $0[table.index("eventId")].text.map(keptEvents.contains) ?? false }
        }
        return (kept, leftOut)
    }
}
