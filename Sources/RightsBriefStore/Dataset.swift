import Foundation
import GRDB
import RightsBriefCore

/// The JSON dataset document: facilities, sources, facts and events in one file.
///
/// This is the shape `import FILE.json` reads and the bundled sample uses. Every key is
/// documented in the README. Facts refer to facilities and sources by id; a fact's optional
/// `id` exists only so that `supersedes` can point at another fact of the same document.
public struct Dataset: Codable, Sendable {
    public var format: String?
    public var version: Int?
    public var facilities: [Facility]?
    public var sources: [Source]?
    public var facts: [DatasetFact]?
    public var events: [Event]?

    /// Decodes a document; problems name the JSON path.
    ///
    /// - Throws: ``StoreError/invalid(_:)`` describing where the document is wrong.
    public init(json data: Data) throws {
        do {
            self = try JSONDecoder().decode(Dataset.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw Self.problem(context, Self.describe(context))
        } catch let DecodingError.keyNotFound(key, context) {
            throw Self.problem(context, "the key '\(key.stringValue)' is missing")
        } catch let DecodingError.typeMismatch(type, context) {
            let expected = type == String.self ? "text" : (type == Double.self || type == Int64.self) ? "a number" : "another kind of value"
            throw Self.problem(context, "the value has the wrong type; expected \(expected)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw Self.problem(context, "the value is null where one is needed")
        } catch let error as CoreError {
            throw StoreError.invalid(error)
        } catch {
            throw StoreError.invalidDocument(location: "document", reason: error.localizedDescription)
        }
    }

    private static func problem(_ context: DecodingError.Context, _ reason: String) -> StoreError {
        let path = context.codingPath.map { key in
            key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
        }.joined()
        return .invalidDocument(location: path.isEmpty ? "the top level" : String(path.drop { $0 == "." }), reason: reason)
    }

    /// A readable reason for a corrupted value, without Swift type names.
    private static func describe(_ context: DecodingError.Context) -> String {
        if let core = context.underlyingError as? CoreError {
            return core.errorDescription ?? "the value is not valid"
        }
        if context.codingPath.isEmpty { return "it is not valid JSON" }
        let text = context.debugDescription
        if text.hasPrefix("Cannot initialize"), let value = text.split(separator: " ").last {
            return "'\(value)' is not one of the allowed values (see the README's dataset schema)"
        }
        return text.isEmpty ? "the value is not valid" : text
    }
}

/// A fact as written in a dataset document.
public struct DatasetFact: Codable, Sendable {
    public var id: Int64?
    public var facility: String
    public var attribute: Attribute
    public var value: FactValue
    public var unit: String?
    public var asOf: Day
    public var status: FactStatus?
    public var sensitivity: Sensitivity?
    public var quote: String?
    public var supersedes: Int64?
    public var sources: [String]
    public var retraction: Fact.Retraction?

    enum CodingKeys: String, CodingKey {
        case id, facility, attribute, value, unit, asOf, status, sensitivity, quote, supersedes, sources, retraction
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int64.self, forKey: .id)
        facility = try container.decode(String.self, forKey: .facility)
        attribute = try container.decode(Attribute.self, forKey: .attribute)
        do {
            if let number = try? container.decode(Double.self, forKey: .value) {
                value = .number(number)
                try value.validate(for: attribute)
            } else {
                value = try FactValue(parsing: try container.decode(String.self, forKey: .value), for: attribute)
            }
        } catch let error as CoreError {
            throw DecodingError.dataCorruptedError(
                forKey: .value, in: container, debugDescription: error.errorDescription ?? "\(error)")
        }
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        asOf = try container.decode(Day.self, forKey: .asOf)
        status = try container.decodeIfPresent(FactStatus.self, forKey: .status)
        sensitivity = try container.decodeIfPresent(Sensitivity.self, forKey: .sensitivity)
        quote = try container.decodeIfPresent(String.self, forKey: .quote)
        supersedes = try container.decodeIfPresent(Int64.self, forKey: .supersedes)
        sources = try container.decode([String].self, forKey: .sources)
        retraction = try container.decodeIfPresent(Fact.Retraction.self, forKey: .retraction)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(facility, forKey: .facility)
        try container.encode(attribute, forKey: .attribute)
        switch value {
        case .number(let number): try container.encode(number, forKey: .value)
        case .level(let level): try container.encode(level.rawValue, forKey: .value)
        }
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encode(asOf, forKey: .asOf)
        try container.encodeIfPresent(status, forKey: .status)
        try container.encodeIfPresent(sensitivity, forKey: .sensitivity)
        try container.encodeIfPresent(quote, forKey: .quote)
        try container.encodeIfPresent(supersedes, forKey: .supersedes)
        try container.encode(sources, forKey: .sources)
        try container.encodeIfPresent(retraction, forKey: .retraction)
    }

    /// Creates a document fact from a stored fact.
    public init(_ fact: Fact) {
        id = fact.id
        facility = fact.facilityId
        attribute = fact.attribute
        value = fact.value
        unit = fact.unit
        asOf = fact.asOf
        status = fact.status
        sensitivity = fact.sensitivity
        quote = fact.quote
        supersedes = fact.supersedes
        sources = fact.sourceIds
        retraction = fact.retraction
    }
}

/// How many records an import or sample load added, updated or left as they were.
public struct LoadSummary: Sendable, Equatable, CustomStringConvertible {
    public var added: [String: Int] = [:]
    public var updated: [String: Int] = [:]
    public var unchanged: [String: Int] = [:]

    public init() {}

    public var description: String {
        let kinds = ["facility", "source", "fact", "event", "retraction"]
        func part(_ counts: [String: Int], _ verb: String) -> String? {
            let items = kinds.compactMap { kind in
                counts[kind].map { "\($0) \($0 == 1 ? kind : kind == "facility" ? "facilities" : kind + "s")" }
            }
            return items.isEmpty ? nil : "\(verb) " + items.joined(separator: ", ")
        }
        let parts = [part(added, "added"), part(updated, "updated"), part(unchanged, "unchanged")].compactMap { $0 }
        return parts.isEmpty ? "nothing to import" : parts.joined(separator: "; ")
    }
}

extension FactStore {
    /// Loads a dataset document in one transaction: all of it lands or none of it does.
    ///
    /// Re-loading is idempotent: facilities, sources and events with an existing id are updated;
    /// a fact with the same facility, attribute, value, as-of date and first source is not added
    /// again. Sources are loaded in an order that puts cited sources first.
    ///
    /// - Parameters:
    ///   - dataset: the document.
    ///   - dryRun: check everything and count, then roll back.
    /// - Returns: what was (or would be) added and updated.
    /// - Throws: ``StoreError`` for the first problem; nothing is written.
    @discardableResult
    public func load(_ dataset: Dataset, dryRun: Bool = false) throws -> LoadSummary {
        let stamp = now
        return try write(rollback: dryRun) { db in try Self.load(dataset, at: stamp, in: db) }
    }

    /// Thrown inside a transaction to roll a dry run back.
    struct DryRunRollback: Error {}

    static func load(_ dataset: Dataset, at now: String, in db: Database) throws -> LoadSummary {
        var summary = LoadSummary()
        func count(_ kind: String, existed: Bool) {
            if existed { summary.updated[kind, default: 0] += 1 } else { summary.added[kind, default: 0] += 1 }
        }
        for facility in dataset.facilities ?? [] {
            let existing = try Row.fetchOne(db, sql: "SELECT * FROM facility WHERE id = ?", arguments: [facility.id])
                .map(Facility.init(row:))
            if existing == facility {
                summary.unchanged["facility", default: 0] += 1
                continue
            }
            try upsertFacility(facility, replacing: true, at: now, in: db)
            count("facility", existed: existing != nil)
        }
        var pending = dataset.sources ?? []
        var loaded = Set(try String.fetchAll(db, sql: "SELECT id FROM source"))
        let inDocument = Set(pending.map(\.id))
        while !pending.isEmpty {
            let ready = pending.filter { source in source.cites.allSatisfy { loaded.contains($0) || !inDocument.contains($0) } }
            let next = ready.first ?? pending[0]
            pending.removeAll { $0.id == next.id }
            let existed = loaded.contains(next.id)
            if let given = next.textSHA256, let text = next.text, given != sha256Hex(text) {
                throw StoreError.invalid(
                    .invalidValue(attribute: "textSHA256", value: given, reason: "it does not match the text of source '\(next.id)'"))
            }
            var candidate = next
            candidate.textSHA256 = next.text.map { sha256Hex($0) }
            candidate.cites = Array(Set(next.cites)).sorted()
            var stored = try sources(ids: [next.id], in: db).first
            stored?.recordedAt = candidate.recordedAt
            if existed, stored == candidate {
                summary.unchanged["source", default: 0] += 1
                continue
            }
            _ = try upsertSource(next, replacing: true, at: now, in: db)
            loaded.insert(next.id)
            count("source", existed: existed)
        }
        var idMap: [Int64: Int64] = [:]
        for item in dataset.facts ?? [] {
            let supersedes = try item.supersedes.map { old -> Int64 in
                guard let mapped = idMap[old] else {
                    throw StoreError.invalid(
                        .invalidValue(
                            attribute: "supersedes", value: "\(old)",
                            reason: "it must name the id of a fact earlier in the same document"))
                }
                return mapped
            }
            let fact = Fact(
                facilityId: item.facility, attribute: item.attribute, value: item.value, unit: item.unit,
                asOf: item.asOf, status: item.status ?? .reported, sensitivity: item.sensitivity ?? .public,
                quote: item.quote, supersedes: supersedes, sourceIds: item.sources)
            let id: Int64
            if let existing = try existingFact(fact, in: db) {
                id = existing
                summary.unchanged["fact", default: 0] += 1
            } else {
                id = try insertFact(fact, at: now, in: db)
                summary.added["fact", default: 0] += 1
            }
            if let given = item.id { idMap[given] = id }
            if let retraction = item.retraction,
                try Int.fetchOne(db, sql: "SELECT 1 FROM factRetraction WHERE factId = ?", arguments: [id]) == nil
            {
                try db.execute(
                    sql: "INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (?, ?, ?)",
                    arguments: [id, retraction.reason, retraction.retractedAt])
                summary.added["retraction", default: 0] += 1
            }
        }
        for event in dataset.events ?? [] {
            let existing = try events(ids: [event.id], in: db).first
            var comparable = existing
            comparable?.recordedAt = event.recordedAt
            var normalized = event
            normalized.facilityIds = Array(Set(event.facilityIds)).sorted()
            normalized.sourceIds = Array(Set(event.sourceIds)).sorted()
            if let comparable, comparable == normalized {
                summary.unchanged["event", default: 0] += 1
                continue
            }
            let existed = existing != nil
            try upsertEvent(event, replacing: true, at: now, in: db)
            count("event", existed: existed)
        }
        return summary
    }

    /// The id of a stored fact with the same facility, attribute, value, as-of date and first
    /// source (the identity an import uses to stay idempotent).
    static func existingFact(_ fact: Fact, in db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT f.id FROM fact f JOIN factSource fs ON fs.factId = f.id
                WHERE f.facilityId = ? AND f.attribute = ? AND f.asOf = ? AND fs.sourceId = ?
                AND (f.valueNumber = ? OR f.valueLevel = ?) ORDER BY f.id LIMIT 1
                """,
            arguments: [
                fact.facilityId, fact.attribute.rawValue, fact.asOf.description, fact.sourceIds.first,
                fact.value.number, fact.value.level?.rawValue,
            ])
    }
}
