import Foundation
import RightsBriefCore

/// How to read a foreign spreadsheet: which columns give a facility's id, name and place, which
/// give dated facts, and how its numbers, dates and gaps are written.
///
/// A mapping is a YAML file (see `docs/import.md` for the format and a complete example). It is
/// checked in two steps, both before any data row is read: ``load(contentsOf:named:)`` checks
/// the YAML itself (keys, attribute names, date formats, units, the source); then
/// ``resolve(header:file:)`` checks every column it names against a file's header row. Problems
/// point at the mapping file, `MAP.yml:LINE:COLUMN: …`.
///
/// ```swift
/// let mapping = try ImportMapping.load(contentsOf: URL(fileURLWithPath: "ice.yml"), named: "ice.yml")
/// ```
public struct ImportMapping: Sendable {
    /// The mapping file as the user named it, for messages.
    public let file: String
    let source: SourceRule?
    let facility: FacilityRule
    let asOf: AsOfRule?
    let facts: [AttributeRule]
    /// Cell texts (after trimming) that mean "no value"; the empty cell always does.
    let missing: Set<String>
    let numbers: ImportNumberFormat
    let skipRows: [SkipRule]

    /// The id of the source every imported fact cites, if the mapping imports facts.
    public var sourceId: String? { source?.id }
    /// The attributes the mapping imports.
    public var attributes: [Attribute] { facts.map(\.attribute) }
}

// MARK: - The parts of a mapping

/// A column the mapping names, with where the mapping names it.
struct MappingColumn: Sendable, Hashable {
    var name: String
    var location: ImportLocation
    /// What the column's cells must look like (`allowed:`, `pattern:`, `range:`), if anything.
    var constraint: CellConstraint?

    init(name: String, location: ImportLocation, constraint: CellConstraint? = nil) {
        self.name = name
        self.location = location
        self.constraint = constraint
    }

    static func == (left: MappingColumn, right: MappingColumn) -> Bool {
        left.name == right.name && left.location == right.location
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(location)
    }
}

/// A facility field: taken from a column (optionally translated through `values`) or the same
/// constant for every row.
enum MappingValue: Sendable {
    case column(MappingColumn, values: [String: String])
    case constant(String, ImportLocation)

    var location: ImportLocation {
        switch self {
        case .column(let column, _): column.location
        case .constant(_, let location): location
        }
    }
}

/// How a row's facility id is made.
struct IdentifierRule: Sendable {
    enum Origin: Sendable {
        /// The column holds ids already (checked as slugs; the prefix is added).
        case column(MappingColumn)
        /// The id is the slug of these columns' texts, joined by hyphens.
        case slug([MappingColumn])
    }

    var origin: Origin
    var prefix: String
    /// When rows that give the same id disagree about the facility, each such row's id gets
    /// the slug of this column's text appended.
    var disambiguateBy: MappingColumn?
    var location: ImportLocation
}

/// An identifier another register gives the facility, read from a column
/// (`identifiers: {hifld: HIFLD ID}`).
struct ExternalIdentifierRule: Sendable {
    var scheme: String
    var column: MappingColumn
}

struct FacilityRule: Sendable {
    /// The id rules in order: a row takes its id from the first whose cells are present.
    var ids: [IdentifierRule]
    /// The first id rule (for messages and constraints).
    var id: IdentifierRule { ids[0] }
    /// Identifiers from other registers, recorded on the row's facility.
    var identifiers: [ExternalIdentifierRule] = []
    /// `match: {identifier: SCHEME}`: a row whose identifier in this scheme is stored belongs
    /// to that facility, whatever its id rules make.
    var matchScheme: String?
    /// `stored: fill`: a stored facility keeps the fields it has; the mapping only fills those
    /// it lacks (and adds identifiers). The default, `stored: update`, changes them.
    var fillOnly = false
    var name: MappingValue?
    var country: MappingValue?
    var region: MappingValue?
    var kind: MappingValue?
    var authority: MappingValue?
    var latitude: MappingValue?
    var longitude: MappingValue?
    var location: ImportLocation
}

enum AsOfRule: Sendable {
    case constant(Day, ImportLocation)
    case column(MappingColumn, ImportDateFormat, skipWhenMissing: Bool)
}

/// One attribute the mapping imports: from which column, converted how.
struct AttributeRule: Sendable {
    var attribute: Attribute
    var column: MappingColumn
    /// Multiplies each number (unit conversion and `scale` combined).
    var factor: Double
    /// Cell text → level, for condition attributes (empty: the cell must be a level name).
    var levels: [String: ConditionLevel]
    /// A quote template with `{header}` and `{value}`, or `nil` for no quote.
    var quote: String?
    var status: FactStatus
    var sensitivity: Sensitivity
    /// This attribute's own as-of date, or `nil` for the mapping's default `as_of`.
    var asOf: AsOfRule?
    /// Where each row names the source of this attribute's value, if it does.
    var rowSource: RowSourceRule?
    var location: ImportLocation
}

/// A column naming, row by row, the source of an attribute's values ("public records", "audit
/// report 2019"). Each distinct cell is a source — found by id, or created from the templates —
/// that the mapping's own source cites; the fact cites it first and the dataset second.
struct RowSourceRule: Sendable {
    var column: MappingColumn
    /// Put before the slug of the cell to make the source's id; `nil`: the dataset's id and `-`.
    var prefix: String?
    /// Templates with `{value}` (the cell) and `{header}` (the column's header).
    var title: String
    var publisher: String
    var kind: SourceKind
    var location: ImportLocation

    /// The source's id for a cell, or `nil` when the cell has no letters or digits.
    func id(for cell: String, dataset: String) -> String? {
        let slug = ImportSlug.make(cell)
        guard !slug.isEmpty else { return nil }
        return ImportSlug.truncated((prefix ?? dataset + "-") + slug, to: 64)
    }

    func fill(_ template: String, cell: String, header: String) -> String {
        template.replacingOccurrences(of: "{header}", with: header).replacingOccurrences(of: "{value}", with: cell)
    }
}

/// The source every imported fact cites; created when absent.
struct SourceRule: Sendable {
    var id: String
    var title: String?
    var publisher: String?
    var url: String?
    var author: String?
    var publishedOn: Day?
    var retrievedAt: String?
    var kind: SourceKind
    var language: String?
    var sensitivity: Sensitivity
    var location: ImportLocation

    /// The source to create, or `nil` when the mapping lacks a title or publisher.
    var source: Source? {
        guard let title, let publisher else { return nil }
        return Source(
            id: id, url: url, title: title, publisher: publisher, author: author, publishedOn: publishedOn,
            retrievedAt: retrievedAt, kind: kind, language: language, sensitivity: sensitivity)
    }
}

/// Rows to leave out: those whose `column` holds one of `equals` (after trimming).
struct SkipRule: Sendable {
    var column: MappingColumn
    var equals: Set<String>
}

// MARK: - Units

/// The units a mapping may name for each attribute, as factors to the attribute's own unit.
enum MappingUnits {
    static func factors(for attribute: Attribute) -> [(names: [String], factor: Double)] {
        switch attribute {
        case .floorAreaM2:
            [(["m2", "m²", "sqm", "square_metres", "square_meters"], 1),
             (["ft2", "ft²", "sqft", "square_feet"], 0.092_903_04)]
        case .waterLitresPerPersonDay:
            [(["litres", "liters", "l", "litres/person/day"], 1),
             (["us_gallons", "gallons", "gal"], 3.785_411_784),
             (["imperial_gallons"], 4.546_09)]
        case .designCapacity, .population, .deathsInCustody:
            [(["persons", "people"], 1)]
        case .toilets:
            [(["toilets"], 1)]
        case .sanitation, .potableWater, .temperatureControl, .ventilation:
            [(["level"], 1)]
        }
    }

    /// The factor for a unit name, or `nil` when the attribute has no such unit.
    static func factor(_ name: String, for attribute: Attribute) -> Double? {
        let key = name.lowercased()
        return factors(for: attribute).first { $0.names.contains(key) }?.factor
    }

    /// The unit names an attribute accepts, for messages.
    static func names(for attribute: Attribute) -> String {
        factors(for: attribute).map { $0.names[0] }.joined(separator: ", ")
    }
}
