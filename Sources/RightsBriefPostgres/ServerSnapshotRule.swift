import PostgresNIO

/// The snapshot rule of `pull` (RightsBriefSync's `SnapshotFilter`, which also leaves out
/// events tied to no facility) as conditions the server applies while the rows stream to a
/// working copy (row-level security has already hidden what the login may not read): a fact
/// needs a visible source link and, when it corrects another, that fact kept; an event needs
/// a visible source link (links and retractions go with what they belong to; the working copy
/// follows the ids kept). Fixed SQL of this module, no values.
public enum ServerSnapshotRule {
    /// The facts kept: linked to a visible source, and each correction's fact kept.
    static let keptFacts = """
        WITH RECURSIVE kept(id) AS (
            SELECT f.id FROM fact f
            WHERE f.supersedesId IS NULL AND EXISTS (SELECT 1 FROM factSource s WHERE s.factId = f.id)
            UNION
            SELECT f.id FROM fact f JOIN kept k ON f.supersedesId = k.id
            WHERE EXISTS (SELECT 1 FROM factSource s WHERE s.factId = f.id)
        ) SELECT id FROM kept
        """
    /// The events kept: linked to a visible source.
    static let keptEvents = "SELECT e.id FROM event e WHERE EXISTS (SELECT 1 FROM eventSource s WHERE s.eventId = e.id)"

    /// The condition on `fact` that keeps the facts the rule keeps.
    public static let keptFactsCondition = "id IN (\(keptFacts))"
    /// The condition on `event` that keeps the events the rule keeps.
    public static let keptEventsCondition = "id IN (\(keptEvents))"

    /// What the rule leaves out of what the login may read.
    public struct Counts: Sendable, Equatable {
        /// Facts the login may read.
        public var facts: Int
        /// Of those, facts without a source link the login may read.
        public var factsWithoutSources: Int
        /// Events without a source link the login may read.
        public var eventsWithoutSources: Int
    }

    /// Counts, in the session's transaction, what the rule keeps and leaves out.
    ///
    /// - Throws: ``PostgresStoreError``.
    public static func counts(_ session: PostgresSession) async throws -> Counts {
        let text = try await session.values(PostgresQuery(unsafeSQL: countsQuery), as: String.self).first ?? ""
        let numbers = text.split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 3 else {
            throw PostgresStoreError.server(
                server: session.location.displayName, sqlState: "XX000", reason: "the snapshot counts could not be read")
        }
        return Counts(facts: numbers[0], factsWithoutSources: numbers[1], eventsWithoutSources: numbers[2])
    }

    /// One text value: visible facts, facts without a visible source, events without a
    /// visible source, separated by spaces.
    static let countsQuery = """
        SELECT concat_ws(' ',
            (SELECT count(*) FROM fact),
            (SELECT count(*) FROM fact f WHERE NOT EXISTS (SELECT 1 FROM factSource s WHERE s.factId = f.id)),
            (SELECT count(*) FROM event e WHERE NOT EXISTS (SELECT 1 FROM eventSource s WHERE s.eventId = e.id)))
        """
}
