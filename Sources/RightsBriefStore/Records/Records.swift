import Foundation
import GRDB
import RightsBriefCore

// Decoding domain values from rows. Enum columns are guarded by CHECK constraints, so an
// unknown value can only come from a newer schema; it falls back rather than crashing.

extension Facility {
    init(row: Row) {
        self.init(
            id: row["id"], name: row["name"], country: row["country"], region: row["region"],
            kind: FacilityKind(rawValue: row["kind"] ?? "") ?? .other, authority: row["authority"],
            openedOn: (row["openedOn"] as String?).flatMap { try? Day($0) },
            latitude: row["latitude"], longitude: row["longitude"])
    }
}

extension Source {
    /// The columns ``init(selected:cites:)`` decodes, in its order; without the text, `NULL`
    /// stands in its place.
    static func selectedColumns(includingText: Bool) -> String {
        """
        id, url, title, publisher, author, publishedOn, retrievedAt, kind, language, sensitivity,
        \(includingText ? "text" : "NULL"), textSHA256, createdAt
        """
    }

    /// Decodes a row of ``selectedColumns(includingText:)`` by position.
    init(selected row: Row, cites: [String]) {
        self.init(
            id: row[0], url: row[1], title: row[2], publisher: row[3],
            author: row[4], publishedOn: (row[5] as String?).flatMap { try? Day($0) },
            retrievedAt: row[6], kind: SourceKind(rawValue: row[7] ?? "") ?? .news,
            language: row[8],
            sensitivity: Sensitivity(rawValue: row[9] ?? "") ?? .confidential,
            text: row[10], textSHA256: row[11], cites: cites, recordedAt: row[12])
    }

    init(row: Row, cites: [String]) {
        self.init(
            id: row["id"], url: row["url"], title: row["title"], publisher: row["publisher"],
            author: row["author"], publishedOn: (row["publishedOn"] as String?).flatMap { try? Day($0) },
            retrievedAt: row["retrievedAt"], kind: SourceKind(rawValue: row["kind"] ?? "") ?? .news,
            language: row["language"],
            sensitivity: Sensitivity(rawValue: row["sensitivity"] ?? "") ?? .confidential,
            text: row["text"], textSHA256: row["textSHA256"], cites: cites, recordedAt: row["createdAt"])
    }
}

extension Fact {
    /// The columns ``init(selected:sourceIds:)`` decodes, in its order, from `fact f` left-joined
    /// with `factRetraction r`.
    static let selectedColumns = """
        f.id, f.facilityId, f.attribute, f.valueNumber, f.valueLevel, f.unit, f.asOf, f.status,
        f.sensitivity, f.quote, f.supersedesId, f.recordedAt, r.reason, r.retractedAt
        """

    /// Decodes a row of ``selectedColumns`` by position: a country's facts are tens of thousands
    /// of rows, and finding each column by name costs more than the rest of the decoding.
    init(selected row: Row, sourceIds: [String]) {
        let attribute = Attribute(rawValue: row[2] ?? "") ?? .population
        let value: FactValue =
            if let level: String = row[4] {
                .level(ConditionLevel(rawValue: level) ?? .unknown)
            } else {
                .number(row[3] ?? 0)
            }
        let reason: String? = row[12]
        self.init(
            id: row[0], facilityId: row[1], attribute: attribute, value: value,
            unit: row[5], asOf: (try? Day(row[6] ?? "")) ?? Day(Date(timeIntervalSince1970: 0)),
            status: FactStatus(rawValue: row[7] ?? "") ?? .reported,
            sensitivity: Sensitivity(rawValue: row[8] ?? "") ?? .confidential,
            quote: row[9], supersedes: row[10], sourceIds: sourceIds,
            retraction: reason.map { Fact.Retraction(reason: $0, retractedAt: row[13] ?? "") },
            recordedAt: row[11])
    }

    /// Decodes a row of `fact` joined with `factRetraction` (columns `reason`, `retractedAt`).
    init(row: Row, sourceIds: [String]) {
        let attribute = Attribute(rawValue: row["attribute"] ?? "") ?? .population
        let value: FactValue =
            if let level: String = row["valueLevel"] {
                .level(ConditionLevel(rawValue: level) ?? .unknown)
            } else {
                .number(row["valueNumber"] ?? 0)
            }
        let reason: String? = row["reason"]
        self.init(
            id: row["id"], facilityId: row["facilityId"], attribute: attribute, value: value,
            unit: row["unit"], asOf: (try? Day(row["asOf"] ?? "")) ?? Day(Date(timeIntervalSince1970: 0)),
            status: FactStatus(rawValue: row["status"] ?? "") ?? .reported,
            sensitivity: Sensitivity(rawValue: row["sensitivity"] ?? "") ?? .confidential,
            quote: row["quote"], supersedes: row["supersedesId"], sourceIds: sourceIds,
            retraction: reason.map { Fact.Retraction(reason: $0, retractedAt: row["retractedAt"] ?? "") },
            recordedAt: row["recordedAt"])
    }
}

extension Event {
    init(row: Row, facilityIds: [String], sourceIds: [String]) {
        self.init(
            id: row["id"], date: (try? Day(row["date"] ?? "")) ?? Day(Date(timeIntervalSince1970: 0)),
            title: row["title"], description: row["description"],
            sensitivity: Sensitivity(rawValue: row["sensitivity"] ?? "") ?? .confidential,
            facilityIds: facilityIds, sourceIds: sourceIds, recordedAt: row["recordedAt"])
    }
}

