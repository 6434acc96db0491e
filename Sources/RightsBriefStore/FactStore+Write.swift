import Crypto
import Foundation
import GRDB
import RightsBriefCore

extension FactStore {
    /// Adds a facility, or updates the one with the same id when `replacing` is true.
    ///
    /// - Throws: ``StoreError/invalid(_:)`` for a bad field, ``StoreError/duplicate(kind:id:)``
    ///   when the id exists and `replacing` is false.
    public func addFacility(_ facility: Facility, replacing: Bool = false) throws {
        try write { db in try Self.upsertFacility(facility, replacing: replacing, at: now, in: db) }
    }

    /// Adds a source. When it has text, the SHA-256 of the text is computed and stored.
    ///
    /// - Returns: the source as stored (with its hash).
    /// - Throws: ``StoreError/invalid(_:)``, ``StoreError/duplicate(kind:id:)``,
    ///   ``StoreError/unknownSource(id:)`` for a `cites` id that does not exist.
    @discardableResult
    public func addSource(_ source: Source, replacing: Bool = false) throws -> Source {
        try write { db in try Self.upsertSource(source, replacing: replacing, at: now, in: db) }
    }

    /// Adds a fact with its sources, in one transaction.
    ///
    /// - Returns: the new fact's id.
    /// - Throws: ``StoreError/invalid(_:)`` (bad value, no source), ``StoreError/unknownFacility(id:)``,
    ///   ``StoreError/unknownSource(id:)``, ``StoreError/unknownFact(id:)`` or
    ///   ``StoreError/supersedesOtherSubject(id:)`` for a bad `supersedes`.
    @discardableResult
    public func addFact(_ fact: Fact) throws -> Int64 {
        try write { db in try Self.insertFact(fact, at: now, in: db) }
    }

    /// Records that a fact is withdrawn. The fact itself is kept, so history stays auditable.
    ///
    /// - Throws: ``StoreError/unknownFact(id:)``, ``StoreError/alreadyRetracted(id:)``, or
    ///   ``StoreError/invalid(_:)`` for an empty reason or one holding a NUL character.
    public func retractFact(id: Int64, reason: String) throws {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw StoreError.invalid(.invalidValue(attribute: "reason", value: reason, reason: "say why the fact is retracted"))
        }
        try write { db in
            try Validation.text(trimmed, field: "reason")
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM fact WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError.unknownFact(id: id)
            }
            guard try !Self.isRetracted(factId: id, in: db) else { throw StoreError.alreadyRetracted(id: id) }
            try Self.insertRetraction(factId: id, reason: trimmed, retractedAt: now, in: db)
        }
    }

    /// Adds an event with its facility and source links.
    ///
    /// - Throws: ``StoreError/invalid(_:)``, ``StoreError/duplicate(kind:id:)``,
    ///   ``StoreError/unknownFacility(id:)``, ``StoreError/unknownSource(id:)``.
    public func addEvent(_ event: Event, replacing: Bool = false) throws {
        try write { db in try Self.upsertEvent(event, replacing: replacing, at: now, in: db) }
    }

    // MARK: - Building blocks shared with the importers (called inside a transaction)

    /// Whether the fact with this id has a retraction.
    package static func isRetracted(factId: Int64, in db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT 1 FROM factRetraction WHERE factId = ?", arguments: [factId]) != nil
    }

    /// Records a retraction of a fact that has none (the caller checks, see ``isRetracted(factId:in:)``).
    package static func insertRetraction(factId: Int64, reason: String, retractedAt: String, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (?, ?, ?)",
            arguments: [factId, reason, retractedAt])
    }

    package static func upsertFacility(_ facility: Facility, replacing: Bool, at now: String, in db: Database) throws {
        try facility.validate()
        let exists = try Int.fetchOne(db, sql: "SELECT 1 FROM facility WHERE id = ?", arguments: [facility.id]) != nil
        if exists && !replacing { throw StoreError.duplicate(kind: "facility", id: facility.id) }
        if !exists, let kept = try mergedFacilityIds(in: db)[facility.id] {
            // A merged-away id stays retired, so the merge's history keeps one meaning.
            throw StoreError.mergedFacility(id: facility.id, keptId: kept)
        }
        let arguments: StatementArguments = [
            facility.name, facility.country, facility.region, facility.kind.rawValue, facility.authority,
            facility.openedOn?.description, facility.latitude, facility.longitude, now, facility.id,
        ]
        if exists {
            try db.execute(
                sql: """
                    UPDATE facility SET name = ?, country = ?, region = ?, kind = ?, authority = ?,
                    openedOn = ?, latitude = ?, longitude = ?, updatedAt = ? WHERE id = ?
                    """, arguments: arguments)
        } else {
            try db.execute(
                sql: """
                    INSERT INTO facility (name, country, region, kind, authority, openedOn, latitude,
                    longitude, updatedAt, id, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: arguments + [now])
        }
        try addIdentifiers(facility.identifiers, to: facility.id, in: db)
    }

    /// Adds identifiers to a facility; those it has already are left alone, and none is ever
    /// removed.
    ///
    /// - Throws: ``StoreError/identifierTaken(identifier:facilityId:)`` when one names another
    ///   facility.
    package static func addIdentifiers(_ identifiers: [FacilityIdentifier], to facilityId: String, in db: Database) throws {
        for identifier in identifiers {
            let owner = try String.fetchOne(
                db, sql: "SELECT facilityId FROM facilityIdentifier WHERE scheme = ? AND value = ?",
                arguments: [identifier.scheme, identifier.value])
            if let owner {
                guard owner == facilityId else {
                    throw StoreError.identifierTaken(identifier: identifier.description, facilityId: owner)
                }
                continue
            }
            try db.execute(
                sql: "INSERT INTO facilityIdentifier (facilityId, scheme, value) VALUES (?, ?, ?)",
                arguments: [facilityId, identifier.scheme, identifier.value])
        }
    }

    package static func upsertSource(_ source: Source, replacing: Bool, at now: String, in db: Database) throws -> Source {
        try source.validate()
        var stored = source
        stored.textSHA256 = source.text.map { sha256Hex($0) }
        let exists = try Int.fetchOne(db, sql: "SELECT 1 FROM source WHERE id = ?", arguments: [source.id]) != nil
        if exists && !replacing { throw StoreError.duplicate(kind: "source", id: source.id) }
        for cited in source.cites {
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM source WHERE id = ?", arguments: [cited]) != nil else {
                throw StoreError.unknownSource(id: cited)
            }
        }
        let arguments: StatementArguments = [
            stored.url, stored.title, stored.publisher, stored.author, stored.publishedOn?.description,
            stored.retrievedAt, stored.kind.rawValue, stored.language, stored.sensitivity.rawValue,
            stored.text, stored.textSHA256, stored.id,
        ]
        if exists {
            try db.execute(
                sql: """
                    UPDATE source SET url = ?, title = ?, publisher = ?, author = ?, publishedOn = ?,
                    retrievedAt = ?, kind = ?, language = ?, sensitivity = ?, text = ?, textSHA256 = ?
                    WHERE id = ?
                    """, arguments: arguments)
            try db.execute(sql: "DELETE FROM sourceCitation WHERE sourceId = ?", arguments: [stored.id])
        } else {
            try db.execute(
                sql: """
                    INSERT INTO source (url, title, publisher, author, publishedOn, retrievedAt, kind,
                    language, sensitivity, text, textSHA256, id, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: arguments + [now])
        }
        for cited in Set(stored.cites).sorted() {
            try db.execute(
                sql: "INSERT INTO sourceCitation (sourceId, citedSourceId) VALUES (?, ?)",
                arguments: [stored.id, cited])
        }
        return stored
    }

    static func insertFact(_ fact: Fact, at now: String, in db: Database) throws -> Int64 {
        try fact.validate()
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM facility WHERE id = ?", arguments: [fact.facilityId]) != nil
        else { throw StoreError.unknownFacility(id: fact.facilityId) }
        var seen = Set<String>()
        let sourceIds = fact.sourceIds.filter { seen.insert($0).inserted }
        for id in sourceIds {
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM source WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError.unknownSource(id: id)
            }
        }
        if let old = fact.supersedes {
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT f.facilityId, f.attribute, r.factId AS retracted FROM fact f
                        LEFT JOIN factRetraction r ON r.factId = f.id WHERE f.id = ?
                        """, arguments: [old])
            else { throw StoreError.unknownFact(id: old) }
            guard row["facilityId"] == fact.facilityId, row["attribute"] == fact.attribute.rawValue else {
                throw StoreError.supersedesOtherSubject(id: old)
            }
            if (row["retracted"] as Int64?) != nil { throw StoreError.supersedesRetracted(id: old) }
        }
        try db.execute(
            sql: """
                INSERT INTO fact (facilityId, attribute, valueNumber, valueLevel, unit, asOf, status,
                sensitivity, quote, supersedesId, recordedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                fact.facilityId, fact.attribute.rawValue, fact.value.number, fact.value.level?.rawValue,
                fact.unit, fact.asOf.description, fact.status.rawValue, fact.sensitivity.rawValue,
                fact.quote, fact.supersedes, now,
            ])
        let id = db.lastInsertedRowID
        for (position, sourceId) in sourceIds.enumerated() {
            try db.execute(
                sql: "INSERT INTO factSource (factId, sourceId, position) VALUES (?, ?, ?)",
                arguments: [id, sourceId, position])
        }
        return id
    }

    package static func upsertEvent(_ event: Event, replacing: Bool, at now: String, in db: Database) throws {
        try event.validate()
        let exists = try Int.fetchOne(db, sql: "SELECT 1 FROM event WHERE id = ?", arguments: [event.id]) != nil
        if exists && !replacing { throw StoreError.duplicate(kind: "event", id: event.id) }
        for id in event.facilityIds {
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM facility WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError.unknownFacility(id: id)
            }
        }
        for id in event.sourceIds {
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM source WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError.unknownSource(id: id)
            }
        }
        if exists {
            try db.execute(
                sql: "UPDATE event SET date = ?, title = ?, description = ?, sensitivity = ? WHERE id = ?",
                arguments: [event.date.description, event.title, event.description, event.sensitivity.rawValue, event.id])
            try db.execute(sql: "DELETE FROM eventFacility WHERE eventId = ?", arguments: [event.id])
            try db.execute(sql: "DELETE FROM eventSource WHERE eventId = ?", arguments: [event.id])
        } else {
            try db.execute(
                sql: "INSERT INTO event (id, date, title, description, sensitivity, recordedAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [event.id, event.date.description, event.title, event.description, event.sensitivity.rawValue, now])
        }
        for id in Set(event.facilityIds).sorted() {
            try db.execute(sql: "INSERT INTO eventFacility (eventId, facilityId) VALUES (?, ?)", arguments: [event.id, id])
        }
        for id in Set(event.sourceIds).sorted() {
            try db.execute(sql: "INSERT INTO eventSource (eventId, sourceId) VALUES (?, ?)", arguments: [event.id, id])
        }
    }

    /// Lowercase hex SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
