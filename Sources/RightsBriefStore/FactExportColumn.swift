/// One column of the exported facts table: its header, how its cell is typed, its width in a
/// spreadsheet, and the SQL that computes it — defined once, here, and read by the streaming
/// query (``FactStore/streamExportFacts(_:_:)``), the CSV and XLSX writers, and the table built
/// from a report model.
///
/// The SQL expressions refer to the aliases of the export query: `f` (the fact), `sel` (its
/// facility), `first` (its first visible source), `r` (its retraction) and `allowed` (the
/// sensitivities the audience may see).
public struct FactExportColumn: Sendable, Equatable {
    /// The columns' identities, in export order.
    public enum ID: String, Sendable, CaseIterable {
        case factId = "fact_id", facilityId = "facility_id", facilityName = "facility_name", country
        case attribute, value, unit, asOf = "as_of", status, sensitivity
        case sourceIds = "source_ids", sourceTitle = "source_title", sourceURL = "source_url", quote
        case supersedes, standing
        case retractionReason = "retraction_reason", retractedAt = "retracted_at"
    }

    /// How a column's cell is typed.
    public enum Kind: Sendable, Equatable {
        /// A whole number; NULL is an empty cell.
        case integer
        /// Text; NULL is an empty cell.
        case text
        /// A `YYYY-MM-DD` day (a date cell in XLSX).
        case date
        /// A fact value: the number when there is one, else the condition level as text
        /// (two SQL columns).
        case value
        /// 1 → yes, anything else → no (a boolean cell in XLSX).
        case yesNo
    }

    public let id: ID
    public let kind: Kind
    /// The width hint for spreadsheets, in characters.
    public let width: Double
    /// The SQL expressions that compute the column (two for ``Kind/value``).
    let sql: [String]

    /// The header, as it appears in CSV and XLSX.
    public var name: String { id.rawValue }

    /// The facts table's columns, in order.
    public static let all: [FactExportColumn] = [
        .init(id: .factId, kind: .integer, width: 8, sql: ["f.id"]),
        .init(id: .facilityId, kind: .text, width: 16, sql: ["f.facilityId"]),
        .init(id: .facilityName, kind: .text, width: 32, sql: ["sel.name"]),
        .init(id: .country, kind: .text, width: 8, sql: ["sel.country"]),
        .init(id: .attribute, kind: .text, width: 22, sql: ["f.attribute"]),
        .init(id: .value, kind: .value, width: 12, sql: ["f.valueNumber", "f.valueLevel"]),
        .init(id: .unit, kind: .text, width: 12, sql: ["f.unit"]),
        .init(id: .asOf, kind: .date, width: 12, sql: ["f.asOf"]),
        .init(id: .status, kind: .text, width: 10, sql: ["f.status"]),
        .init(id: .sensitivity, kind: .text, width: 12, sql: ["f.sensitivity"]),
        .init(
            id: .sourceIds, kind: .text, width: 28,
            sql: [
                """
                (SELECT group_concat(sourceId, ';') FROM (
                        SELECT fs.sourceId FROM factSource fs JOIN source s ON s.id = fs.sourceId
                        WHERE fs.factId = f.id AND s.sensitivity IN allowed ORDER BY fs.position))
                """
            ]),
        .init(id: .sourceTitle, kind: .text, width: 40, sql: ["first.title"]),
        .init(id: .sourceURL, kind: .text, width: 40, sql: ["first.url"]),
        .init(id: .quote, kind: .text, width: 50, sql: ["f.quote"]),
        .init(id: .supersedes, kind: .integer, width: 10, sql: ["f.supersedesId"]),
        .init(
            id: .standing, kind: .yesNo, width: 9,
            sql: [
                // Neither retracted nor superseded by a visible, standing correction.
                """
                CASE WHEN r.factId IS NOT NULL OR f.status = 'retracted' THEN 0
                         WHEN EXISTS (
                            SELECT 1 FROM fact g LEFT JOIN factRetraction gr ON gr.factId = g.id
                            WHERE g.supersedesId = f.id AND gr.factId IS NULL AND g.status <> 'retracted'
                            AND g.sensitivity IN allowed AND g.asOf <= ?5
                            AND EXISTS (SELECT 1 FROM factSource gs JOIN source s ON s.id = gs.sourceId
                                        WHERE gs.factId = g.id AND s.sensitivity IN allowed)) THEN 0
                         ELSE 1 END
                """
            ]),
        .init(id: .retractionReason, kind: .text, width: 30, sql: ["r.reason"]),
        .init(id: .retractedAt, kind: .text, width: 21, sql: ["r.retractedAt"]),
    ]

    /// For each column, the index of its first SQL column in the export query's result.
    public static let resultIndexes: [Int32] = {
        var next: Int32 = 0
        return all.map { column in
            defer { next += Int32(column.sql.count) }
            return next
        }
    }()

    /// The export query's select list.
    static let selectList: String = all.flatMap(\.sql).joined(separator: ",\n    ")
}
