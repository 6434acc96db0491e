import Crypto
import Foundation
import GRDB
import RightsBriefCore

/// A digest of the evidence a report read, for a signed bundle's manifest.
///
/// Covers exactly what the audience may see (the same rules as exports and briefings): the
/// visible facts with their visible source links, the visible events with their facility and
/// visible source links. Withheld facts, events, sources and links do not enter it at all, so
/// a recipient of a public bundle learns nothing about them from it.
public struct EvidenceFingerprint: Sendable, Equatable {
    /// Lowercase hex SHA-256 over the canonical lines (see ``FactStore/evidenceFingerprint(_:)``).
    public var sha256: String
    /// How many visible facts it covers.
    public var facts: Int
    /// How many visible events it covers.
    public var events: Int
    /// How many links (fact–source, event–source, event–facility) it covers.
    public var links: Int
    /// The SHA-256 of the captured text of every visible source the report cites, by source
    /// id (sources without captured text are not listed).
    public var sourceTextHashes: [String: String]
}

extension FactStore {
    /// The latest migration applied to the database, such as `v2-create-report-run`.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func schemaVersion() throws -> String {
        try read { db in try Migrations.migrator.appliedIdentifiers(db).sorted().last ?? "none" }
    }

    /// The fingerprint of the evidence an export or briefing with `filter` reads.
    ///
    /// The canonical serialization is one line per record, each a JSON array written by
    /// SQLite's `json_array` and ended by a line feed, in this order:
    /// `["fact", id, facilityId, attribute, valueNumber, valueLevel, unit, asOf, status,
    /// sensitivity, supersedesId, quote, retractedAt, retractionReason]` by fact id;
    /// `["fact-source", factId, sourceId, position]` by fact id and position;
    /// `["event", id, date, title, sensitivity]` by event id;
    /// `["event-facility", eventId, facilityId]` and `["event-source", eventId, sourceId]` by
    /// event id and linked id. The SHA-256 is taken over the UTF-8 bytes of all lines.
    ///
    /// An empty selection is not an error; its fingerprint is the SHA-256 of nothing.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func evidenceFingerprint(_ filter: ExportFilter) throws -> EvidenceFingerprint {
        let arguments: StatementArguments = [
            filter.selection.isEverything, Self.databaseArray(filter.selection.facilityIds),
            Self.databaseArray(filter.selection.countries), filter.allowed, filter.asOf.description,
        ]
        return try read { db in
            var hasher = SHA256()
            var counts = [String: Int]()
            let rows = try Row.fetchCursor(db, sql: Self.fingerprintSQL, arguments: arguments)
            while let row = try rows.next() {
                let kind: String = row[0]
                let line: String = row[1]
                counts[kind, default: 0] += 1
                hasher.update(data: Data((line + "\n").utf8))
            }
            var hashes: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: Self.citedSourceHashesSQL, arguments: arguments) {
                hashes[row[0]] = row[1]
            }
            return EvidenceFingerprint(
                sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined(),
                facts: counts["fact", default: 0], events: counts["event", default: 0],
                links: counts["fact-source", default: 0] + counts["event-facility", default: 0]
                    + counts["event-source", default: 0],
                sourceTextHashes: hashes)
        }
    }

    /// The visible facts, events and links of a filter (?1 everything, ?2 facility ids,
    /// ?3 countries, ?4 allowed sensitivities, ?5 as-of), shared by the queries below.
    private static let visibleEvidenceCTE = """
        WITH sel AS (
            SELECT id FROM facility
            WHERE ?1 OR id IN (SELECT value FROM json_each(?2)) OR country IN (SELECT value FROM json_each(?3))
        ),
        allowed AS (SELECT value AS level FROM json_each(?4)),
        visibleSource AS (SELECT id FROM source WHERE sensitivity IN allowed),
        visibleFactSource AS (
            SELECT fs.factId, fs.sourceId, fs.position FROM factSource fs
            JOIN fact f ON f.id = fs.factId JOIN sel ON sel.id = f.facilityId
            WHERE f.sensitivity IN allowed AND f.asOf <= ?5 AND fs.sourceId IN visibleSource
        ),
        visibleFact AS (SELECT DISTINCT factId AS id FROM visibleFactSource),
        visibleEventSource AS (
            SELECT es.eventId, es.sourceId FROM eventSource es JOIN event e ON e.id = es.eventId
            WHERE e.sensitivity IN allowed AND e.date <= ?5 AND es.sourceId IN visibleSource
                AND EXISTS (SELECT 1 FROM eventFacility ef JOIN sel ON sel.id = ef.facilityId WHERE ef.eventId = e.id)
        ),
        visibleEvent AS (SELECT DISTINCT eventId AS id FROM visibleEventSource)
        """

    static let fingerprintSQL = """
        \(visibleEvidenceCTE)
        SELECT 'fact', json_array('fact', f.id, f.facilityId, f.attribute, f.valueNumber, f.valueLevel, f.unit,
            f.asOf, f.status, f.sensitivity, f.supersedesId, f.quote, r.retractedAt, r.reason), 1, f.id, '', 0
        FROM fact f JOIN visibleFact v ON v.id = f.id LEFT JOIN factRetraction r ON r.factId = f.id
        UNION ALL
        SELECT 'fact-source', json_array('fact-source', factId, sourceId, position), 2, factId, sourceId, position
        FROM visibleFactSource
        UNION ALL
        SELECT 'event', json_array('event', e.id, e.date, e.title, e.sensitivity), 3, 0, e.id, 0
        FROM event e JOIN visibleEvent v ON v.id = e.id
        UNION ALL
        SELECT 'event-facility', json_array('event-facility', ef.eventId, ef.facilityId), 4, 0, ef.eventId || ' ' || ef.facilityId, 0
        FROM eventFacility ef JOIN visibleEvent v ON v.id = ef.eventId JOIN sel ON sel.id = ef.facilityId
        UNION ALL
        SELECT 'event-source', json_array('event-source', eventId, sourceId), 5, 0, eventId || ' ' || sourceId, 0
        FROM visibleEventSource
        ORDER BY 3, 4, 6, 5
        """

    /// The visible sources the visible facts and events cite, and the visible sources those
    /// cite (as the export's sources table), that have captured text: id and text SHA-256.
    static let citedSourceHashesSQL = """
        \(visibleEvidenceCTE),
        used AS (
            SELECT sourceId AS id FROM visibleFactSource UNION SELECT sourceId FROM visibleEventSource
        ),
        cited AS (
            SELECT id FROM used
            UNION SELECT c.citedSourceId FROM sourceCitation c JOIN used u ON u.id = c.sourceId
        )
        SELECT s.id, s.textSHA256 FROM source s
        WHERE s.id IN cited AND s.id IN visibleSource AND s.textSHA256 IS NOT NULL ORDER BY s.id
        """
}
