import Foundation
import RightsBriefCore

/// Reads a JSON dataset document (the format of ``Dataset``) into import items, with every
/// problem at its line and column.
///
/// Each item is decoded on its own, so one bad facility does not hide a bad fact further down;
/// keys that the format does not have are problems too (a misspelt `"facilites"` would
/// otherwise import nothing without a word).
struct DatasetDocumentReader {
    let file: String
    let scope: Int

    static let topKeys = ["format", "version", "facilities", "sources", "facts", "events"]
    static let facilityKeys = [
        "id", "name", "country", "region", "kind", "authority", "openedOn", "latitude", "longitude", "identifiers",
    ]
    static let sourceKeys = [
        "id", "url", "title", "publisher", "author", "publishedOn", "retrievedAt", "kind", "language", "sensitivity",
        "text", "textSHA256", "cites", "recordedAt",
    ]
    static let factKeys = [
        "id", "facility", "attribute", "value", "unit", "asOf", "status", "sensitivity", "quote", "supersedes", "sources",
        "retraction",
    ]
    static let eventKeys = ["id", "date", "title", "description", "sensitivity", "facilities", "sources", "recordedAt"]

    /// Reads the document; returns the items and how many there were.
    func read(_ data: Data, _ problems: inout ProblemList) -> (batch: ImportBatch, items: Int) {
        var batch = ImportBatch()
        let bytes = [UInt8](data)
        let positions = TextPositions(bytes)
        func at(_ offset: Int) -> ImportLocation {
            let place = positions.lineColumn(offset)
            return ImportLocation(file: file, line: place.line, column: place.column)
        }
        // CSVReader's validator finds the first byte that is not UTF-8 (or is NUL), with its
        // line and column.
        do {
            _ = try CSVReader(data: data)
        } catch {
            let message =
                if case .nulCharacter = error {
                    "the document contains a NUL character (U+0000), which would cut the text short when stored; remove it"
                } else {
                    "the document is not UTF-8; re-save it as UTF-8"
                }
            problems.add(ImportLocation(file: file, line: error.line, column: error.column), message)
            return (batch, 0)
        }
        var parser = JSONOutlineParser(bytes)
        let root: JSONOutline
        do {
            root = try parser.parse()
        } catch {
            problems.add(at(error.offset), "the document is not valid JSON: \(error.message)")
            return (batch, 0)
        }
        guard let top = root.members else {
            problems.add(at(root.start), "a dataset document is one JSON object with the lists facilities, sources, facts and events")
            return (batch, 0)
        }
        checkKeys(top, Self.topKeys, "a dataset document", at, &problems)
        if let format = root.member("format"), format.value.string != "rightsbrief-dataset" {
            problems.add(at(format.value.start), "format must be \"rightsbrief-dataset\"")
        }
        if let version = root.member("version"), String(decoding: bytes[version.value.start..<version.value.end], as: UTF8.self) != "1" {
            problems.add(at(version.value.start), "version must be 1 (the only dataset version there is)")
        }
        var items = 0
        var seen: [String: [String: Int]] = [:]
        func list(_ key: String) -> [JSONOutline] {
            guard let member = root.member(key) else { return [] }
            guard let list = member.value.items else {
                problems.add(at(member.value.start), "\(key) must be a list ([ … ])")
                return []
            }
            items += list.count
            return list
        }
        func duplicate(_ kind: String, _ id: String, _ node: JSONOutline) -> Bool {
            let place = at(node.start)
            if let line = seen[kind]?[id] {
                problems.add(place, "the \(kind) '\(id)' appears twice in this document (first on line \(line)); keep one")
                return true
            }
            seen[kind, default: [:]][id] = place.line
            return false
        }

        for node in list("facilities") {
            guard checkObject(node, Self.facilityKeys, "a facility", at, &problems),
                let facility = decode(Facility.self, node, bytes, kind: "facility", at, &problems),
                validate(node, at, &problems, facility.validate),
                !duplicate("facility", facility.id, node)
            else { continue }
            batch.facilities.append(
                FacilityInput(
                    facility, at: at(node.start), nameAt: node.member("name").map { at($0.value.start) },
                    countryAt: node.member("country").map { at($0.value.start) },
                    regionAt: node.member("region").map { at($0.value.start) },
                    identifiersAt: node.member("identifiers").map { at($0.value.start) }))
        }
        for node in list("sources") {
            guard checkObject(node, Self.sourceKeys, "a source", at, &problems),
                let source = decode(Source.self, node, bytes, kind: "source", at, &problems),
                validate(node, at, &problems, source.validate),
                !duplicate("source", source.id, node)
            else { continue }
            if let retrieved = source.retrievedAt, !ImportText.isStoredTimestamp(retrieved) {
                problems.add(at(node.member("retrievedAt")?.value.start ?? node.start), ImportText.sentence(CoreError.invalidTimestamp(retrieved)))
                continue
            }
            var stored = source
            stored.textSHA256 = nil
            batch.sources.append(
                SourceInput(
                    source: stored, id: source.id, onlyIfAbsent: false, at: at(node.start),
                    citesAt: at(node.member("cites")?.value.start ?? node.start),
                    hashAt: at(node.member("textSHA256")?.value.start ?? node.start), claimedHash: source.textSHA256))
        }
        var factIds: [Int64: Int] = [:]
        for node in list("facts") {
            guard checkObject(node, Self.factKeys, "a fact", at, &problems),
                let item = decode(DatasetFact.self, node, bytes, kind: "fact", at, &problems)
            else { continue }
            let fact = Fact(
                facilityId: item.facility, attribute: item.attribute, value: item.value, unit: item.unit, asOf: item.asOf,
                status: item.status ?? .reported, sensitivity: item.sensitivity ?? .public, quote: item.quote,
                sourceIds: item.sources)
            guard validate(node, at, &problems, fact.validate) else { continue }
            if let id = item.id {
                if let line = factIds[id] {
                    problems.add(at(node.member("id")?.value.start ?? node.start), "fact id \(id) appears twice in this document (first on line \(line)); give each fact its own id")
                    continue
                }
                factIds[id] = at(node.start).line
            }
            if let retraction = item.retraction, !ImportText.isStoredTimestamp(retraction.retractedAt) {
                let place = node.member("retraction")?.value.member("retractedAt")?.value.start ?? node.start
                problems.add(at(place), ImportText.sentence(CoreError.invalidTimestamp(retraction.retractedAt)))
                continue
            }
            func place(_ key: String) -> ImportLocation { at(node.member(key)?.value.start ?? node.start) }
            batch.facts.append(
                FactInput(
                    fact: fact, localId: item.id, localSupersedes: item.supersedes, scope: scope, strictSupersedes: true,
                    retraction: item.retraction, at: at(node.start), facilityAt: place("facility"),
                    sourcesAt: place("sources"), supersedesAt: place("supersedes")))
        }
        for node in list("events") {
            guard checkObject(node, Self.eventKeys, "an event", at, &problems),
                let event = decode(Event.self, node, bytes, kind: "event", at, &problems),
                validate(node, at, &problems, event.validate),
                !duplicate("event", event.id, node)
            else { continue }
            var copy = event
            copy.recordedAt = nil
            batch.events.append(
                EventInput(
                    event: copy, at: at(node.start), facilitiesAt: at(node.member("facilities")?.value.start ?? node.start),
                    sourcesAt: at(node.member("sources")?.value.start ?? node.start)))
        }
        return (batch, items)
    }

    // MARK: Helpers

    private func checkKeys(
        _ members: [JSONOutline.Member], _ allowed: [String], _ what: String, _ at: (Int) -> ImportLocation,
        _ problems: inout ProblemList
    ) {
        for member in members where !allowed.contains(member.key) {
            problems.add(at(member.keyStart), "\"\(member.key)\" is not a key of \(what); use \(allowed.joined(separator: ", "))")
        }
    }

    private func checkObject(
        _ node: JSONOutline, _ allowed: [String], _ what: String, _ at: (Int) -> ImportLocation, _ problems: inout ProblemList
    ) -> Bool {
        guard let members = node.members else {
            problems.add(at(node.start), "\(what) must be an object ({ … })")
            return false
        }
        let before = problems.count
        checkKeys(members, allowed, what, at, &problems)
        return problems.count == before
    }

    private func decode<T: Decodable>(
        _ type: T.Type, _ node: JSONOutline, _ bytes: [UInt8], kind: String, _ at: (Int) -> ImportLocation,
        _ problems: inout ProblemList
    ) -> T? {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes[node.start..<node.end]))
        } catch let DecodingError.keyNotFound(key, context) {
            problems.add(at(node.find(context.codingPath).start), "the \(kind) lacks the key \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(expected, context) {
            let target = node.find(context.codingPath)
            problems.add(at(target.start), "\(Self.name(context.codingPath)) must be \(Self.describe(expected))")
        } catch let DecodingError.valueNotFound(expected, context) {
            let target = node.find(context.codingPath)
            problems.add(at(target.start), "\(Self.name(context.codingPath)) is null; it must be \(Self.describe(expected))")
        } catch let DecodingError.dataCorrupted(context) {
            let target = node.find(context.codingPath)
            let value = target.string ?? String(decoding: bytes[target.start..<target.end], as: UTF8.self)
            problems.add(
                at(target.start),
                Self.message(
                    key: context.codingPath.last?.stringValue, value: value, kind: kind,
                    detail: (context.underlyingError as? CoreError)?.errorDescription ?? context.debugDescription))
        } catch let error as CoreError {
            problems.add(at(locate(error, in: node).start), ImportText.sentence(error))
        } catch {
            problems.add(at(node.start), "the \(kind) cannot be read: \(error.localizedDescription)")
        }
        return nil
    }

    private func validate(
        _ node: JSONOutline, _ at: (Int) -> ImportLocation, _ problems: inout ProblemList, _ body: () throws -> Void
    ) -> Bool {
        do {
            try body()
            return true
        } catch let error as CoreError {
            problems.add(at(locate(error, in: node).start), ImportText.sentence(error))
        } catch {
            problems.add(at(node.start), "\(error)")
        }
        return false
    }

    /// Where in an item a domain error points: the key it is about, or the text it names.
    private func locate(_ error: CoreError, in node: JSONOutline) -> JSONOutline {
        func key(_ name: String) -> JSONOutline? { node.member(name)?.value }
        switch error {
        case .invalidCountry: return key("country") ?? node
        case .invalidURL: return key("url") ?? node
        case .noSource: return key("sources") ?? node
        case .retractedStatus: return key("status") ?? node
        case .invalidValue(let attribute, let value, _):
            return key(attribute) ?? node.findString(value) ?? key("value") ?? node
        case .invalidDate(let text), .invalidTimestamp(let text), .invalidIdentifier(let text), .unknownLevel(let text),
            .unknownAttribute(let text), .unknownStatus(let text), .unknownSensitivity(let text),
            .unknownFacilityKind(let text), .unknownSourceKind(let text):
            return node.findString(text) ?? key("value") ?? node
        default:
            return node
        }
    }

    /// The message for a value the decoder refused: the domain's own words for enumerations,
    /// the decoder's reason when it is one of ours (dates, fact values), or a plain one.
    private static func message(key: String?, value: String, kind: String, detail: String) -> String {
        let error: CoreError? =
            switch key {
            case "kind": kind == "facility" ? .unknownFacilityKind(value) : .unknownSourceKind(value)
            case "sensitivity": .unknownSensitivity(value)
            case "status": .unknownStatus(value)
            case "attribute": .unknownAttribute(value)
            default: nil
            }
        if let error { return ImportText.sentence(error) }
        if !detail.isEmpty, !detail.hasPrefix("Cannot initialize") { return ImportText.sentence(detail) }
        return "\(key.map { "\"\($0)\"" } ?? "the value") has a value that is not allowed: \(value)"
    }

    private static func name(_ path: [any CodingKey]) -> String {
        guard let last = path.last(where: { $0.intValue == nil }) else { return "the value" }
        return "\"\(last.stringValue)\""
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text in double quotes"
        case is Double.Type, is Int.Type, is Int64.Type: "a number"
        case is [String].Type, is [Any].Type: "a list"
        case is Bool.Type: "true or false"
        default: "another kind of value"
        }
    }
}
