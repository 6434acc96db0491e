import Foundation
import RightsBriefCore

/// Turns the rows of one table that `export csv` wrote into import items.
///
/// Every cell is unneutralised first (see ``CSVNeutralisation``), so text the export guarded
/// against formula injection comes back as it was. An empty cell means "no value". Each check
/// that fails adds a problem at the cell and the row is left out; reading goes on so that one
/// run reports every bad row.
struct CanonicalRowReader {
    let table: CanonicalTable
    let file: String
    let scope: Int
    private let index: [String: Int]

    init(table: CanonicalTable, header: [String], file: String, scope: Int) {
        self.table = table
        self.file = file
        self.scope = scope
        index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Cells

    func location(_ record: CSVRecord, _ column: String) -> ImportLocation {
        guard let position = index[column] else { return rowLocation(record) }
        return ImportLocation(file: file, line: record.fieldLine(position), column: record.fieldColumn(position))
    }

    func rowLocation(_ record: CSVRecord) -> ImportLocation {
        ImportLocation(file: file, line: record.line, column: 1)
    }

    /// The cell's text, unneutralised; `nil` when the column is absent or the cell empty.
    func text(_ record: CSVRecord, _ column: String) -> String? {
        guard let position = index[column], position < record.fields.count else { return nil }
        let raw = record.fields[position]
        return raw.isEmpty ? nil : CSVNeutralisation.unneutralise(raw)
    }

    /// A required cell; adds a problem when it is empty.
    func required(_ record: CSVRecord, _ column: String, _ problems: inout ProblemList) -> String? {
        guard let value = text(record, column) else {
            problems.add(location(record, column), "\(column) is empty; every \(table.singular) needs one")
            return nil
        }
        return value
    }

    /// Runs a domain check on a cell, turning a ``CoreError`` into a problem there.
    func check<T>(_ record: CSVRecord, _ column: String, _ problems: inout ProblemList, _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let error as CoreError {
            problems.add(location(record, column), ImportText.sentence(error))
        } catch {
            problems.add(location(record, column), "\(error)")
        }
        return nil
    }

    func number(_ record: CSVRecord, _ column: String, _ problems: inout ProblemList) -> Double?? {
        guard let text = text(record, column) else { return .some(nil) }
        guard let value = Validation.decimalNumber(text) else {
            problems.add(location(record, column), "'\(text)' is not a plain decimal number such as 13.5 or -88.9")
            return nil
        }
        return .some(value)
    }

    func day(_ record: CSVRecord, _ column: String, _ problems: inout ProblemList) -> Day?? {
        guard let text = text(record, column) else { return .some(nil) }
        return check(record, column, &problems) { try Day(text) }.map { .some($0) }
    }

    func list(_ record: CSVRecord, _ column: String, _ problems: inout ProblemList) -> [String]? {
        guard let text = text(record, column) else { return [] }
        let items = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for item in items where (try? Validation.identifier(item)) == nil {
            problems.add(location(record, column), ImportText.sentence(CoreError.invalidIdentifier(item)))
            return nil
        }
        return items
    }

    func timestamp(_ record: CSVRecord, _ column: String, _ problems: inout ProblemList) -> String?? {
        guard let text = text(record, column) else { return .some(nil) }
        guard ImportText.isStoredTimestamp(text) else {
            problems.add(location(record, column), ImportText.sentence(CoreError.invalidTimestamp(text)))
            return nil
        }
        return .some(text)
    }

    // MARK: Rows

    func facility(_ record: CSVRecord, _ problems: inout ProblemList) -> FacilityInput? {
        let before = problems.count
        let id = required(record, "id", &problems).flatMap { id in check(record, "id", &problems) { try Validation.identifier(id) } }
        let name = required(record, "name", &problems)
        if let name, name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.add(location(record, "name"), "the name is blank; a facility needs a name")
        }
        let country = required(record, "country", &problems).flatMap { code in
            check(record, "country", &problems) { try Validation.country(code) }
        }
        let kind = text(record, "kind").map { name in check(record, "kind", &problems) { try FacilityKind(name: name) } }
        let openedOn = day(record, "opened_on", &problems)
        let latitude = number(record, "latitude", &problems)
        let longitude = number(record, "longitude", &problems)
        guard problems.count == before, let id, let name, let country, let openedOn, let latitude, let longitude
        else { return nil }
        let facility = Facility(
            id: id, name: name, country: country, region: text(record, "region"), kind: (kind ?? .prison) ?? .prison,
            authority: text(record, "authority"), openedOn: openedOn, latitude: latitude, longitude: longitude)
        if let latitude, !(-90.0...90.0).contains(latitude) {
            problems.add(location(record, "latitude"), "latitude \(latitude) is out of range; use -90 to 90")
            return nil
        }
        if let longitude, !(-180.0...180.0).contains(longitude) {
            problems.add(location(record, "longitude"), "longitude \(longitude) is out of range; use -180 to 180")
            return nil
        }
        return FacilityInput(
            facility, at: rowLocation(record), nameAt: location(record, "name"), countryAt: location(record, "country"))
    }

    func source(_ record: CSVRecord, _ problems: inout ProblemList) -> SourceInput? {
        let before = problems.count
        let id = required(record, "id", &problems).flatMap { id in check(record, "id", &problems) { try Validation.identifier(id) } }
        let url = text(record, "url")
        if let url, !Validation.isWebURL(url) {
            problems.add(location(record, "url"), ImportText.sentence(CoreError.invalidURL(url)))
        }
        let title = required(record, "title", &problems)
        let publisher = required(record, "publisher", &problems)
        let publishedOn = day(record, "published_on", &problems)
        let retrievedAt = timestamp(record, "retrieved_at", &problems)
        let kind = text(record, "kind").map { name in check(record, "kind", &problems) { try SourceKind(name: name) } }
        let sensitivity = text(record, "sensitivity").map { name in
            check(record, "sensitivity", &problems) { try Sensitivity(name: name) }
        }
        let cites = list(record, "cites", &problems)
        let hash = text(record, "text_sha256")
        let body = text(record, "text")
        if let hash, body == nil {
            problems.add(location(record, "text_sha256"), "text_sha256 is '\(hash)' but the text is empty; give the text or leave the hash out")
        }
        guard problems.count == before, let id, let title, let publisher, let publishedOn, let retrievedAt, let cites
        else { return nil }
        if cites.contains(id) {
            problems.add(location(record, "cites"), "source '\(id)' cites itself; remove it from cites")
            return nil
        }
        let source = Source(
            id: id, url: url, title: title, publisher: publisher, author: text(record, "author"),
            publishedOn: publishedOn, retrievedAt: retrievedAt, kind: (kind ?? .news) ?? .news,
            language: text(record, "language"), sensitivity: (sensitivity ?? .public) ?? .public, text: body,
            cites: cites)
        return SourceInput(
            source: source, id: id, onlyIfAbsent: false, at: rowLocation(record), citesAt: location(record, "cites"),
            hashAt: location(record, "text_sha256"), claimedHash: hash)
    }

    func event(_ record: CSVRecord, _ problems: inout ProblemList) -> EventInput? {
        let before = problems.count
        let id = required(record, "id", &problems).flatMap { id in check(record, "id", &problems) { try Validation.identifier(id) } }
        let date = required(record, "date", &problems).flatMap { text in check(record, "date", &problems) { try Day(text) } }
        let title = required(record, "title", &problems)
        let sensitivity = text(record, "sensitivity").map { name in
            check(record, "sensitivity", &problems) { try Sensitivity(name: name) }
        }
        let facilities = list(record, "facility_ids", &problems)
        let sources = list(record, "source_ids", &problems)
        if let sources, sources.isEmpty {
            problems.add(location(record, "source_ids"), "source_ids is empty; an event needs at least one source")
        }
        guard problems.count == before, let id, let date, let title, let facilities, let sources else { return nil }
        let event = Event(
            id: id, date: date, title: title, description: text(record, "description"),
            sensitivity: (sensitivity ?? .public) ?? .public, facilityIds: facilities, sourceIds: sources)
        return EventInput(
            event: event, at: rowLocation(record), facilitiesAt: location(record, "facility_ids"),
            sourcesAt: location(record, "source_ids"))
    }
}

/// The column positions of a facts table, looked up once so that a million rows cost no
/// dictionary lookups.
struct FactColumns: Sendable {
    let factId: Int?
    let facilityId: Int
    let attribute: Int
    let value: Int
    let unit: Int?
    let asOf: Int
    let status: Int?
    let sensitivity: Int?
    let sourceIds: Int
    let quote: Int?
    let supersedes: Int?
    let retractionReason: Int?
    let retractedAt: Int?

    init?(header: [String]) {
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        guard let facilityId = index["facility_id"], let attribute = index["attribute"], let value = index["value"],
            let asOf = index["as_of"], let sourceIds = index["source_ids"]
        else { return nil }
        self.factId = index["fact_id"]
        self.facilityId = facilityId
        self.attribute = attribute
        self.value = value
        self.unit = index["unit"]
        self.asOf = asOf
        self.status = index["status"]
        self.sensitivity = index["sensitivity"]
        self.sourceIds = sourceIds
        self.quote = index["quote"]
        self.supersedes = index["supersedes"]
        self.retractionReason = index["retraction_reason"]
        self.retractedAt = index["retracted_at"]
    }
}

/// Reads fact rows of an exported facts table, one at a time, with few allocations.
struct FactRowParser {
    let columns: FactColumns
    let file: String
    let scope: Int
    private static let attributes = Dictionary(uniqueKeysWithValues: Attribute.allCases.map { ($0.rawValue, $0) })
    private static let statuses = Dictionary(uniqueKeysWithValues: FactStatus.allCases.map { ($0.rawValue, $0) })
    private static let sensitivities = Dictionary(uniqueKeysWithValues: Sensitivity.allCases.map { ($0.rawValue, $0) })
    /// Why a row with the status `retracted` is refused. Such rows are not what `export csv`
    /// writes for a retraction (it keeps the fact's status and fills the two retraction
    /// columns); they come from databases where the status was set by hand, without a reason.
    static let retractedStatus =
        "status 'retracted' is not imported: a retraction needs its reason and time; give the status the fact had (reported, verified or disputed) and fill retraction_reason and retracted_at"

    private func at(_ record: CSVRecord, _ position: Int?) -> ImportLocation {
        guard let position else { return ImportLocation(file: file, line: record.line, column: 1) }
        return ImportLocation(file: file, line: record.fieldLine(position), column: record.fieldColumn(position))
    }

    @inline(__always)
    private func cell(_ record: CSVRecord, _ position: Int?) -> String? {
        guard let position, position < record.fields.count else { return nil }
        let raw = record.fields[position]
        return raw.isEmpty ? nil : CSVNeutralisation.unneutralise(raw)
    }

    func fact(_ record: CSVRecord, _ problems: inout ProblemList) -> FactInput? {
        let before = problems.count
        func bad(_ position: Int?, _ message: String) { problems.add(at(record, position), message) }

        var localId: Int64?
        if let text = cell(record, columns.factId) {
            localId = Int64(text)
            if localId == nil { bad(columns.factId, "fact_id '\(text)' is not a whole number") }
        }
        let facilityId = cell(record, columns.facilityId)
        if let facilityId {
            if (try? Validation.identifier(facilityId)) == nil {
                bad(columns.facilityId, ImportText.sentence(CoreError.invalidIdentifier(facilityId)))
            }
        } else {
            bad(columns.facilityId, "facility_id is empty; every fact needs one")
        }
        var attribute: Attribute?
        if let text = cell(record, columns.attribute) {
            attribute = Self.attributes[text]
            if attribute == nil { bad(columns.attribute, ImportText.sentence(CoreError.unknownAttribute(text))) }
        } else {
            bad(columns.attribute, "attribute is empty; every fact needs one")
        }
        var value: FactValue?
        if let text = cell(record, columns.value) {
            if let attribute {
                do {
                    value = try FactValue(parsing: text, for: attribute)
                } catch let error as CoreError {
                    bad(columns.value, ImportText.sentence(error))
                } catch {
                    bad(columns.value, "\(error)")
                }
            }
        } else {
            bad(columns.value, "value is empty; every fact needs one")
        }
        var asOf: Day?
        if let text = cell(record, columns.asOf) {
            asOf = try? Day(text)
            if asOf == nil { bad(columns.asOf, ImportText.sentence(CoreError.invalidDate(text))) }
        } else {
            bad(columns.asOf, "as_of is empty; every fact needs a date")
        }
        var status = FactStatus.reported
        if let text = cell(record, columns.status) {
            if let known = Self.statuses[text] { status = known } else {
                bad(columns.status, ImportText.sentence(CoreError.unknownStatus(text)))
            }
            if status == .retracted {
                bad(columns.status, Self.retractedStatus)
            }
        }
        var sensitivity = Sensitivity.public
        if let text = cell(record, columns.sensitivity) {
            if let known = Self.sensitivities[text] { sensitivity = known } else {
                bad(columns.sensitivity, ImportText.sentence(CoreError.unknownSensitivity(text)))
            }
        }
        var sourceIds: [String] = []
        var badSource = false
        if let text = cell(record, columns.sourceIds) {
            for part in text.split(separator: ";") {
                let id = part.contains(" ") ? part.trimmingCharacters(in: .whitespaces) : String(part)
                if id.isEmpty { continue }
                if (try? Validation.identifier(id)) == nil {
                    bad(columns.sourceIds, ImportText.sentence(CoreError.invalidIdentifier(id)))
                    badSource = true
                    break
                }
                sourceIds.append(id)
            }
        }
        if sourceIds.isEmpty, !badSource {
            bad(columns.sourceIds, "source_ids is empty; every fact needs at least one source")
        }
        var localSupersedes: Int64?
        if let text = cell(record, columns.supersedes) {
            localSupersedes = Int64(text)
            if localSupersedes == nil { bad(columns.supersedes, "supersedes '\(text)' is not a whole number") }
        }
        var retraction: Fact.Retraction?
        let reason = cell(record, columns.retractionReason)
        let retractedAt = cell(record, columns.retractedAt)
        switch (reason, retractedAt) {
        case (let reason?, let time?):
            if ImportText.isStoredTimestamp(time) {
                retraction = Fact.Retraction(reason: reason, retractedAt: time)
            } else {
                bad(columns.retractedAt, ImportText.sentence(CoreError.invalidTimestamp(time)))
            }
        case (nil, nil):
            break
        case (nil, _):
            bad(columns.retractionReason, "retraction_reason is empty but retracted_at is set; give both or neither")
        case (_, nil):
            bad(columns.retractedAt, "retracted_at is empty but retraction_reason is set; give both or neither")
        }
        guard problems.count == before, let facilityId, let attribute, let value, let asOf else { return nil }
        let unit = cell(record, columns.unit)
        let fact = Fact(
            facilityId: facilityId, attribute: attribute, value: value, unit: unit, asOf: asOf, status: status,
            sensitivity: sensitivity, quote: cell(record, columns.quote), sourceIds: sourceIds)
        return FactInput(
            fact: fact, localId: localId, localSupersedes: localSupersedes, scope: scope, strictSupersedes: false,
            retraction: retraction, at: at(record, nil), facilityAt: at(record, columns.facilityId),
            sourcesAt: at(record, columns.sourceIds), supersedesAt: at(record, columns.supersedes))
    }
}

extension CanonicalTable {
    /// "facility", "fact", … for messages.
    var singular: String {
        switch self {
        case .facilities: "facility"
        case .facts: "fact"
        case .sources: "source"
        case .events: "event"
        case .summary: "summary row"
        case .overview: "overview row"
        }
    }
}

/// Small text helpers shared by the import readers.
enum ImportText {
    /// A domain error's message without its final period, to follow `FILE:LINE:COLUMN: `.
    static func sentence(_ error: CoreError) -> String {
        sentence(error.errorDescription ?? "\(error)")
    }

    static func sentence(_ text: String) -> String {
        text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    /// Whether `text` is a timestamp in a form the store keeps: `YYYY-MM-DDTHH:MM:SSZ` or
    /// `YYYY-MM-DDTHH:MM:SS.sssZ` (the schema refuses other forms).
    static func isStoredTimestamp(_ text: String) -> Bool {
        let count = text.utf8.count
        guard count == 20 || count == 24, text.hasSuffix("Z") else { return false }
        return (try? Timestamp.parse(text)) != nil
    }

    /// Trims spaces, tabs, no-break spaces and line breaks at both ends, and turns every run of
    /// them inside into one space (for names and places from foreign spreadsheets).
    static func collapsed(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
