import Foundation
import RightsBriefCore

/// A mapping checked against one file's header: every column it names found, by position.
///
/// Headers are matched ignoring case and treating every run of spaces and line breaks as one
/// space, so a quoted two-line header cell such as `"ACTIVE Confirmed Cases - ICE DATA⏎(Detainees)"`
/// is named in the mapping on one line.
struct ResolvedMapping {
    enum Value {
        case column(Int, values: [String: String])
        case constant(String)
    }

    enum AsOf: Equatable {
        case constant(Day)
        case column(Int, ImportDateFormat, skipWhenMissing: Bool, name: String)
    }

    struct Fact {
        var rule: AttributeRule
        var column: Int
        var header: String
        /// Which of ``dates`` gives this attribute's as-of date.
        var date: Int
        /// The column naming each row's source of this attribute, and its header.
        var source: (column: Int, header: String)?
    }

    /// One id rule, its columns found.
    struct IdRule {
        var columns: [Int]
        var isSlug: Bool
        var prefix: String
        var disambiguator: Int?
    }

    let mapping: ImportMapping
    let file: String
    /// The id rules in order (the first whose cells are present gives a row's id).
    let idRules: [IdRule]
    /// Identifiers from other registers: scheme and column.
    let identifiers: [(scheme: String, column: Int)]
    /// The header cells as shown in messages (runs of spaces and line breaks made one space).
    let headers: [String]
    /// The first id rule's columns and disambiguator (where messages point).
    let idColumns: [Int]
    let disambiguator: Int?
    let name: Value?
    let country: Value?
    let region: Value?
    let kind: Value?
    let authority: Value?
    let latitude: Value?
    let longitude: Value?
    /// The distinct as-of rules: the mapping's default (if any) and each attribute's own.
    let dates: [AsOf]
    let facts: [Fact]
    let skips: [(column: Int, equals: Set<String>, name: String)]
    /// The columns that give the facility (id, disambiguator and fields), whose broken cells
    /// keep the row's facility out.
    let facilityColumns: Set<Int>
    /// The constraints on columns (`allowed:`, `pattern:`, `range:`), by position.
    let constraints: [(column: Int, header: String, constraint: CellConstraint)]

    /// Finds every column the mapping names in `header`; each one missing is a problem at the
    /// mapping (`MAP.yml:LINE:COLUMN: names the column …`).
    init?(_ mapping: ImportMapping, header: [String], file: String, problems: inout ProblemList) {
        let before = problems.count
        var positions: [String: [Int]] = [:]
        for (position, cell) in header.enumerated() {
            positions[Self.key(cell), default: []].append(position)
        }
        let display = header.map { ImportText.collapsed($0) }
        var constraints: [(column: Int, header: String, constraint: CellConstraint)] = []
        func find(_ column: MappingColumn) -> Int? {
            let position = locate(column)
            if let position, let constraint = column.constraint {
                constraints.append((position, display[position], constraint))
            }
            return position
        }
        func locate(_ column: MappingColumn) -> Int? {
            guard let found = positions[Self.key(column.name)], let first = found.first else {
                let known = display.map { "'\($0)'" }.joined(separator: ", ")
                problems.add(
                    column.location,
                    "names the column '\(column.name)', which \(file) does not have; its columns are \(known)"
                        + " (to give every row the same value, write {value: \(column.name)})")
                return nil
            }
            if found.count > 1 {
                problems.add(
                    column.location,
                    "\(file) has \(found.count) columns named '\(column.name)' (columns \(found.map { String($0 + 1) }.joined(separator: ", "))); rename one in the file")
                return nil
            }
            return first
        }
        func value(_ rule: MappingValue?) -> Value? {
            switch rule {
            case nil: return nil
            case .constant(let text, _): return .constant(text)
            case .column(let column, let values): return find(column).map { .column($0, values: values) }
            }
        }
        self.mapping = mapping
        self.file = file
        headers = display
        let facility = mapping.facility
        var idRules: [IdRule] = []
        for rule in facility.ids {
            let columns: [Int]
            let isSlug: Bool
            switch rule.origin {
            case .column(let column):
                columns = find(column).map { [$0] } ?? []
                isSlug = false
            case .slug(let names):
                columns = names.compactMap(find)
                isSlug = true
            }
            idRules.append(
                IdRule(columns: columns, isSlug: isSlug, prefix: rule.prefix, disambiguator: rule.disambiguateBy.flatMap(find)))
        }
        self.idRules = idRules
        idColumns = idRules[0].columns
        disambiguator = idRules[0].disambiguator
        identifiers = facility.identifiers.compactMap { rule in find(rule.column).map { (rule.scheme, $0) } }
        name = value(facility.name)
        country = value(facility.country)
        region = value(facility.region)
        kind = value(facility.kind)
        authority = value(facility.authority)
        latitude = value(facility.latitude)
        longitude = value(facility.longitude)
        func date(_ rule: AsOfRule?) -> AsOf? {
            switch rule {
            case nil: return nil
            case .constant(let day, _): return .constant(day)
            case .column(let column, let format, let skip):
                return find(column).map { .column($0, format, skipWhenMissing: skip, name: display[$0]) }
            }
        }
        var dates: [AsOf] = []
        func dateIndex(_ date: AsOf) -> Int {
            if let index = dates.firstIndex(of: date) { return index }
            dates.append(date)
            return dates.count - 1
        }
        let fallback = date(mapping.asOf)
        if let fallback { _ = dateIndex(fallback) }
        var facts: [Fact] = []
        for rule in mapping.facts {
            let own = rule.asOf == nil ? fallback : date(rule.asOf)
            let found = find(rule.column)
            var source: (column: Int, header: String)?
            if let rowSource = rule.rowSource {
                guard let position = find(rowSource.column) else { continue }
                source = (position, display[position])
            }
            guard let position = found, let own else { continue }
            facts.append(
                Fact(rule: rule, column: position, header: display[position], date: dateIndex(own), source: source))
        }
        self.facts = facts
        self.dates = dates
        self.constraints = constraints
        var columns = Set(idRules.flatMap(\.columns))
        for rule in idRules { if let position = rule.disambiguator { columns.insert(position) } }
        for identifier in identifiers { columns.insert(identifier.column) }
        for value in [name, country, region, kind, authority, latitude, longitude] {
            if case .column(let position, _)? = value { columns.insert(position) }
        }
        facilityColumns = columns
        skips = mapping.skipRows.compactMap { rule in
            find(rule.column).map { (column: $0, equals: rule.equals, name: display[$0]) }
        }
        guard problems.count == before else { return nil }
    }

    static func key(_ header: String) -> String {
        ImportText.collapsed(header).lowercased()
    }
}
