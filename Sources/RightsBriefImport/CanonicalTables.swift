/// The tables `export csv` writes, as the importer recognises them by their header row.
///
/// The column names must match `ExportTables` in the Reports module (a test checks that they
/// do). A header is recognised as a table when every column belongs to that table and the
/// table's required columns are all there, in any order; so a hand-made `facilities.csv` with
/// just `id,name,country` is read too. Columns the export derives (a fact's `facility_name`,
/// `country`, `source_title`, `source_url`, `standing`) are accepted and ignored.
public enum CanonicalTable: String, CaseIterable, Sendable {
    /// `facilities.csv`, `facts.csv`, `sources.csv`, `events.csv`, and the derived `summary.csv`
    /// and `overview.csv`.
    case facilities, facts, sources, events, summary, overview

    /// Whether the table is computed from the others (skipped by the importer).
    public var isDerived: Bool { self == .summary || self == .overview }

    /// Every column, in export order.
    public var columns: [String] {
        switch self {
        case .facilities:
            ["id", "name", "country", "region", "kind", "authority", "opened_on", "latitude", "longitude", "identifiers"]
        case .facts:
            [
                "fact_id", "facility_id", "facility_name", "country", "attribute", "value", "unit", "as_of", "status",
                "sensitivity", "source_ids", "source_title", "source_url", "quote", "supersedes", "standing",
                "retraction_reason", "retracted_at",
            ]
        case .sources:
            [
                "id", "url", "title", "publisher", "author", "published_on", "retrieved_at", "kind", "language",
                "sensitivity", "cites", "text_sha256", "text",
            ]
        case .events:
            ["id", "date", "title", "description", "sensitivity", "facility_ids", "source_ids"]
        case .summary:
            [
                "facility_id", "facility_name", "country", "region", "design_capacity", "population", "occupancy_percent",
                "sanitation", "potable_water", "temperature_control", "ventilation", "standards_falling_short",
                "disputed", "source_ids",
            ]
        case .overview:
            ["section", "item", "measure", "value", "source_ids"]
        }
    }

    /// The columns without which a row cannot be imported.
    public var requiredColumns: [String] {
        switch self {
        case .facilities: ["id", "name", "country"]
        case .facts: ["facility_id", "attribute", "value", "as_of", "source_ids"]
        case .sources: ["id", "title", "publisher"]
        case .events: ["id", "date", "title", "source_ids"]
        case .summary, .overview: columns
        }
    }

    /// The table whose columns a header row has, or `nil`.
    public static func recognise(_ header: [String]) -> CanonicalTable? {
        let names = Set(header)
        guard names.count == header.count else { return nil }
        return allCases.first { table in
            names.isSubset(of: Set(table.columns)) && Set(table.requiredColumns).isSubset(of: names)
        }
    }

    /// The table a header comes closest to, with what it lacks and what it has too many of,
    /// for the message about an unrecognised header.
    static func nearest(_ header: [String]) -> (table: CanonicalTable, missing: [String], unknown: [String])? {
        let names = Set(header)
        let scored = allCases.filter { !$0.isDerived }.map { table -> (CanonicalTable, Int) in
            (table, names.intersection(table.columns).count)
        }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 >= 2 else { return nil }
        let table = best.0
        return (
            table, table.requiredColumns.filter { !names.contains($0) },
            header.filter { !table.columns.contains($0) }
        )
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
