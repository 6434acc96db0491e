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
        let sources = evidence.sources.filter { audience.allows($0.sensitivity) }
        let visible = Set(sources.map(\.id))
        let keptSources = sources.map { source -> Source in
            var copy = source
            copy.cites = source.cites.filter { visible.contains($0) }
            return copy
        }
        return Evidence(
            facilities: evidence.facilities,
            facts: filterFacts(evidence.facts, visibleSources: visible, for: audience),
            sources: keptSources,
            events: filterEvents(evidence.events, visibleSources: visible, for: audience))
    }

    /// The facts `audience` may see, each keeping only its visible sources; a fact left with
    /// no source is withheld.
    ///
    /// - Parameters:
    ///   - facts: the facts.
    ///   - visibleSources: ids of the sources the audience may see.
    ///   - audience: who the report is for.
    public static func filterFacts(_ facts: [Fact], visibleSources visible: Set<String>, for audience: Audience) -> [Fact] {
        facts.compactMap { fact -> Fact? in
            guard audience.allows(fact.sensitivity) else { return nil }
            let kept = fact.sourceIds.filter { visible.contains($0) }
            guard !kept.isEmpty else { return nil }
            var copy = fact
            copy.sourceIds = kept
            return copy
        }
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
