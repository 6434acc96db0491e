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
        let identifiers = text(record, "identifiers").map { list in
            check(record, "identifiers", &problems) { try FacilityIdentifier.list(list) }
        }
        guard problems.count == before, let id, let name, let country, let openedOn, let latitude, let longitude
        else { return nil }
        let facility = Facility(
            id: id, name: name, country: country, region: text(record, "region"), kind: (kind ?? .prison) ?? .prison,
            authority: text(record, "authority"), openedOn: openedOn, latitude: latitude, longitude: longitude,
            identifiers: (identifiers ?? []) ?? [])
        if let latitude, !(-90.0...90.0).contains(latitude) {
            problems.add(location(record, "latitude"), "latitude \(latitude) is out of range; use -90 to 90")
            return nil
        }
        if let longitude, !(-180.0...180.0).contains(longitude) {
            problems.add(location(record, "longitude"), "longitude \(longitude) is out of range; use -180 to 180")
            return nil
        }
        return FacilityInput(
            facility, at: rowLocation(record), nameAt: location(record, "name"), countryAt: location(record, "country"),
            regionAt: location(record, "region"), identifiersAt: location(record, "identifiers"))
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
