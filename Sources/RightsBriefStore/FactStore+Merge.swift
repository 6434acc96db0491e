import Foundation
import GRDB
import RightsBriefCore

/// What `facility merge` did.
public struct FacilityMergeReport: Sendable, Equatable {
    public var keptId: String
    public var droppedId: String
    /// Facts moved to the kept facility.
    public var facts: Int
    /// Events that named the dropped facility (they name the kept one now).
    public var events: Int
    /// Identifiers moved to the kept facility.
    public var identifiers: Int
    /// Fields the kept facility lacked and took from the dropped one (`region`, `authority`, …).
    public var filled: [String]

    public init(keptId: String, droppedId: String, facts: Int, events: Int, identifiers: Int, filled: [String]) {
        self.keptId = keptId
        self.droppedId = droppedId
        self.facts = facts
        self.events = events
        self.identifiers = identifiers
        self.filled = filled
    }
}

/// A record of one merge: the dropped facility as it was, and when it was merged.
public struct FacilityMerge: Sendable, Equatable {
    public var dropped: Facility
    public var keptId: String
    public var facts: Int
    public var mergedAt: String
}

extension FactStore {
    /// Joins two records of one place: the facts, event links and identifiers of `drop` move
    /// to `keep`, fields `keep` lacks are filled from `drop`, and `drop` is removed — all in one
    /// transaction.
    ///
    /// History is kept: the dropped record, as it was, is written to `facilityMerge` first
    /// (that row can be neither changed nor deleted), and the facts keep their ids, values,
    /// dates, sources, corrections and retractions. Facts are append-only; the schema allows
    /// exactly one update of a fact — its facility, from a dropped facility to the one a
    /// recorded merge names — so a merge can move them and nothing else can. The dropped id
    /// stays retired: it cannot be added again, and mapped imports that make it use `keep`.
    ///
    /// - Returns: what moved.
    /// - Throws: ``StoreError/unknownFacility(id:)`` for an id that is not stored (or
    ///   ``StoreError/mergedFacility(id:keptId:)`` when it was merged away already);
    ///   ``StoreError/mergeRefused(reason:)`` when the two are one id, ``StoreError/mergeAcrossCountries(keep:keepCountry:drop:dropCountry:)`` when they disagree on the
    ///   country. Nothing is written then.
    @discardableResult
    public func mergeFacility(keep: String, drop: String) throws -> FacilityMergeReport {
        let stamp = now
        return try write { db in
            let merged = try Self.mergedFacilityIds(in: db)
            for id in [keep, drop] where try Self.facility(id: id, in: db) == nil {
                if let kept = merged[id] { throw StoreError.mergedFacility(id: id, keptId: kept) }
                throw StoreError.unknownFacility(id: id)
            }
            guard keep != drop else {
                throw StoreError.mergeRefused(reason: "'\(keep)' is named twice; name the facility to keep and the one to merge into it")
            }
            guard var kept = try Self.facility(id: keep, in: db), let dropped = try Self.facility(id: drop, in: db) else {
                throw StoreError.unknownFacility(id: keep)
            }
            guard kept.country == dropped.country else {
                throw StoreError.mergeAcrossCountries(
                    keep: keep, keepCountry: kept.country, drop: drop, dropCountry: dropped.country)
            }
            let facts = try Int.fetchOne(db, sql: "SELECT count(*) FROM fact WHERE facilityId = ?", arguments: [drop]) ?? 0
            let createdAt = try String.fetchOne(db, sql: "SELECT createdAt FROM facility WHERE id = ?", arguments: [drop]) ?? stamp
            try db.execute(
                sql: """
                    INSERT INTO facilityMerge (droppedId, keptId, name, country, region, kind, authority, openedOn,
                    latitude, longitude, createdAt, facts, mergedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    drop, keep, dropped.name, dropped.country, dropped.region, dropped.kind.rawValue, dropped.authority,
                    dropped.openedOn?.description, dropped.latitude, dropped.longitude, createdAt, facts, stamp,
                ])
            try db.execute(sql: "UPDATE fact SET facilityId = ? WHERE facilityId = ?", arguments: [keep, drop])
            let events = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM eventFacility WHERE facilityId = ?", arguments: [drop]) ?? 0
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO eventFacility (eventId, facilityId)
                    SELECT eventId, ? FROM eventFacility WHERE facilityId = ?
                    """, arguments: [keep, drop])
            try db.execute(sql: "DELETE FROM eventFacility WHERE facilityId = ?", arguments: [drop])
            try db.execute(
                sql: "UPDATE facilityIdentifier SET facilityId = ? WHERE facilityId = ?", arguments: [keep, drop])
            var filled: [String] = []
            if kept.region == nil, let region = dropped.region { kept.region = region; filled.append("region") }
            if kept.authority == nil, let authority = dropped.authority { kept.authority = authority; filled.append("authority") }
            if kept.openedOn == nil, let openedOn = dropped.openedOn { kept.openedOn = openedOn; filled.append("opened_on") }
            if kept.latitude == nil, kept.longitude == nil, let latitude = dropped.latitude, let longitude = dropped.longitude {
                kept.latitude = latitude
                kept.longitude = longitude
                filled.append("coordinates")
            }
            try db.execute(sql: "DELETE FROM facility WHERE id = ?", arguments: [drop])
            if !filled.isEmpty {
                kept.identifiers = []  // moved above already
                try Self.upsertFacility(kept, replacing: true, at: stamp, in: db)
            }
            return FacilityMergeReport(
                keptId: keep, droppedId: drop, facts: facts, events: events, identifiers: dropped.identifiers.count,
                filled: filled)
        }
    }

    /// The facility a merged-away id was merged into (following later merges), or `nil`.
    public func mergedInto(_ id: String) throws -> String? {
        try read { db in try Self.mergedFacilityIds(in: db)[id] }
    }

    /// The records merged into `keptId`, oldest first.
    public func merges(into keptId: String) throws -> [FacilityMerge] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM facilityMerge WHERE keptId = ? ORDER BY mergedAt, droppedId", arguments: [keptId]
            ).map { row in
                let dropped = Facility(
                    id: row["droppedId"], name: row["name"], country: row["country"], region: row["region"],
                    kind: FacilityKind(rawValue: row["kind"] ?? "") ?? .other, authority: row["authority"],
                    openedOn: (row["openedOn"] as String?).flatMap { try? Day($0) }, latitude: row["latitude"],
                    longitude: row["longitude"])
                return FacilityMerge(dropped: dropped, keptId: row["keptId"], facts: row["facts"], mergedAt: row["mergedAt"])
            }
        }
    }
}
