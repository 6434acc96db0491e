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

