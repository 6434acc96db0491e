/// The audience filter every report goes through before any format sees it.
///
/// A fact, source or event above the audience's ceiling is removed. A fact or event keeps only
/// the sources the audience may see, and is removed when none remain: a figure whose only
/// support is withheld cannot be shown without revealing that support exists. Source citations
/// to withheld sources are dropped too.
public enum Redaction {
    /// Returns the part of `evidence` that `audience` may see.
    ///
    /// An empty result is not an error.
    ///
    /// - Parameters:
    ///   - evidence: everything selected for the report.
    ///   - audience: who the report is for.
    /// - Returns: the evidence with withheld material removed.
    public static func filter(_ evidence: Evidence, for audience: Audience) -> Evidence {
        let (sources, visible) = visibleSources(evidence.sources, for: audience)
        return Evidence(
            facilities: evidence.facilities,
            facts: filterFacts(evidence.facts, visibleSources: visible, for: audience),
            sources: sources,
            events: filterEvents(evidence.events, visibleSources: visible, for: audience))
    }

    /// The part of `evidence` that `audience` may see, counting only facts as of `asOf` or
    /// earlier and events on or before it: the same as cutting `evidence` at `asOf` first and
    /// then calling ``filter(_:for:)``, without copying the facts twice.
    public static func filter(_ evidence: Evidence, for audience: Audience, upTo asOf: Day) -> Evidence {
        let (sources, visible) = visibleSources(evidence.sources, for: audience)
        return Evidence(
            facilities: evidence.facilities,
            facts: filterFacts(evidence.facts.lazy.filter { $0.asOf <= asOf }, visibleSources: visible, for: audience),
            sources: sources,
            events: filterEvents(evidence.events.filter { $0.date <= asOf }, visibleSources: visible, for: audience))
    }

    /// The sources `audience` may see, citing only visible sources, and their ids.
    private static func visibleSources(_ all: [Source], for audience: Audience) -> ([Source], Set<String>) {
        let sources = all.filter { audience.allows($0.sensitivity) }
        let visible = Set(sources.map(\.id))
        let kept = sources.map { source -> Source in
            var copy = source
            copy.cites = source.cites.filter { visible.contains($0) }
            return copy
        }
        return (kept, visible)
    }

    /// The facts `audience` may see, each keeping only its visible sources; a fact left with
    /// no source is withheld.
    ///
    /// - Parameters:
    ///   - facts: the facts.
    ///   - visibleSources: ids of the sources the audience may see.
    ///   - audience: who the report is for.
    public static func filterFacts(
        _ facts: some Sequence<Fact>, visibleSources visible: Set<String>, for audience: Audience
    ) -> [Fact] {
        var kept: [Fact] = []
        kept.reserveCapacity(facts.underestimatedCount)
        for fact in facts where audience.allows(fact.sensitivity) {
            // Most facts keep every source: then the fact is kept as it is, not copied.
            if fact.sourceIds.allSatisfy(visible.contains) {
                kept.append(fact)
                continue
            }
            let sources = fact.sourceIds.filter { visible.contains($0) }
            guard !sources.isEmpty else { continue }
            var copy = fact
            copy.sourceIds = sources
            kept.append(copy)
        }
        return kept
    }

    /// The events `audience` may see, each keeping only its visible sources; an event left
    /// with no source is withheld.
    public static func filterEvents(_ events: [Event], visibleSources visible: Set<String>, for audience: Audience) -> [Event] {
        events.compactMap { event -> Event? in
            guard audience.allows(event.sensitivity) else { return nil }
            let kept = event.sourceIds.filter { visible.contains($0) }
            guard !kept.isEmpty else { return nil }
            var copy = event
            copy.sourceIds = kept
            return copy
        }
    }
}
