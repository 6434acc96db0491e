import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// Every row of a table, as cells.
func exportRows(_ table: ExportTable) throws -> [[ExportCell]] {
    var out: [[ExportCell]] = []
    try table.forEachRow { out.append($0) }
    return out
}

/// The cell in `column` of `row`.
func exportCell(_ table: ExportTable, _ row: [ExportCell], _ column: String) -> ExportCell? {
    table.columns.firstIndex { $0.name == column }.map { row[$0] }
}

@Suite("Export tables: headers, one row per fact with source ids, summary")
struct ExportTablesTests {

    @Test("each table has its documented header, in order")
    func headers() throws {
        // Given any model
        let tables = ExportTables(try BriefingFixtures.model(try BriefingFixtures.richStore()))

        // When the headers are read
        func names(_ table: ExportTable) -> [String] { table.columns.map(\.name) }

        // Then they are the documented column names
        #expect(
            tables.all.map(\.name) == ["overview", "summary", "facilities", "facts", "sources", "events"])
        #expect(names(tables.overview) == ["section", "item", "measure", "value", "source_ids"])
        #expect(tables.all.map(\.name) == ExportTables.names)
        #expect(
            names(tables.facts) == [
                "fact_id", "facility_id", "facility_name", "country", "attribute", "value", "unit",
                "as_of", "status",
                "sensitivity", "source_ids", "source_title", "source_url", "quote", "supersedes",
                "standing",
                "retraction_reason", "retracted_at",
            ])
        #expect(
            names(tables.facilities) == [
                "id", "name", "country", "region", "kind", "authority", "opened_on", "latitude",
                "longitude", "identifiers",
            ])
        #expect(
            names(tables.sources) == [
                "id", "url", "title", "publisher", "author", "published_on", "retrieved_at", "kind",
                "language",
                "sensitivity", "cites", "text_sha256", "text",
            ])
        #expect(
            names(tables.events) == [
                "id", "date", "title", "description", "sensitivity", "facility_ids", "source_ids",
            ])
        #expect(
            names(tables.summary) == [
                "facility_id", "facility_name", "country", "region", "design_capacity", "population",
                "occupancy_percent",
                "sanitation", "potable_water", "temperature_control", "ventilation",
                "standards_falling_short",
                "disputed", "source_ids",
            ])
        // And every row has exactly one cell per column
        for table in tables.all {
            for row in try exportRows(table) {
                #expect(row.count == table.columns.count, "\(table.name)")
            }
        }
        #expect(tables.table(named: "facts")?.name == "facts")
        #expect(tables.table(named: "nope") == nil)
    }

    @Test("one row per fact up to the as-of date, history included, each with its source ids")
    func factRows() throws {
        // Given the two-facility fixture
        let store = try makeTestStore()
        let ids = try BriefingFixtures.loadRich(into: store)
        let model = try BriefingFixtures.model(store)
        let table = ExportTables(model).facts

        // When the facts table is read
        let all = try exportRows(table)

        // Then there is one row per fact dated up to 1 March, in id order
        let stored = try store.facts(FactQuery(history: true)).filter {
            $0.asOf <= BriefingFixtures.asOf
        }
        #expect(all.count == stored.count)
        #expect(all.count == 16)
        let factIds = all.compactMap { exportCell(table, $0, "fact_id") }
        #expect(factIds == stored.sorted { $0.id! < $1.id! }.map { .number(Double($0.id!)) })
        // And each row carries its fact's source ids, in the fact's order
        for (row, fact) in zip(all, stored.sorted { $0.id! < $1.id! }) {
            #expect(
                exportCell(table, row, "source_ids") == .text(fact.sourceIds.joined(separator: ";"))
            )
            #expect(exportCell(table, row, "facility_id") == .text(fact.facilityId))
            #expect(exportCell(table, row, "attribute") == .text(fact.attribute.rawValue))
            #expect(exportCell(table, row, "as_of") == .date(fact.asOf))
        }
        // And the retracted and superseded facts are rows that say they no longer stand
        func row(_ id: Int64) throws -> [ExportCell] {
            try #require(all.first { exportCell(table, $0, "fact_id") == .number(Double(id)) })
        }
        let retracted = try row(ids.retractedCapacity)
        #expect(exportCell(table, retracted, "standing") == .boolean(false))
        #expect(
            exportCell(table, retracted, "retraction_reason") == .text("misread the census table"))
        let retraction = try #require(try store.fact(id: ids.retractedCapacity)?.retraction)
        #expect(exportCell(table, retracted, "retracted_at") == .text(retraction.retractedAt))
        #expect(retraction.retractedAt.hasPrefix("2025-03-01T12:00:00"))
        #expect(exportCell(table, try row(ids.supersededPopulation), "standing") == .boolean(false))
        let corrected = try row(ids.correctedPopulation)
        #expect(exportCell(table, corrected, "standing") == .boolean(true))
        #expect(
            exportCell(table, corrected, "supersedes") == .number(Double(ids.supersededPopulation)))
        #expect(exportCell(table, corrected, "value") == .number(50_000))
        #expect(exportCell(table, corrected, "source_ids") == .text("mid-news;alpha-ngo"))
        #expect(
            exportCell(table, corrected, "source_title")
                == .text("Overcrowding at the northern prison"))
        #expect(
            exportCell(table, corrected, "source_url")
                == .url("https://news.example.com/2025/02/overcrowding?id=7&lang=en"))
        #expect(
            exportCell(table, corrected, "quote")
                == .text("The prison now holds some 50,000 people."))
        #expect(exportCell(table, corrected, "facility_name") == .text("Northern Regional Prison"))
        #expect(exportCell(table, corrected, "unit") == .text("persons"))
        // And the late fact is not there
        #expect(
            !all.contains {
                exportCell(table, $0, "fact_id") == .number(Double(ids.latePopulation))
            })
    }

    @Test("the summary has one row per facility with latest figures, shortfalls and disputes")
    func summary() throws {
        // Given the two-facility fixture
        let table = ExportTables(try BriefingFixtures.model(try BriefingFixtures.richStore()))
            .summary

        // When the summary is read
        let all = try exportRows(table)

        // Then north is overcrowded at 125 % and falls short of five standards
        #expect(all.count == 2)
        let north = all[0]
        #expect(exportCell(table, north, "facility_id") == .text("north"))
        #expect(exportCell(table, north, "design_capacity") == .number(40_000))
        #expect(exportCell(table, north, "population") == .number(50_000))
        #expect(exportCell(table, north, "occupancy_percent") == .number(125))
        #expect(exportCell(table, north, "sanitation") == .text("absent"))
        #expect(exportCell(table, north, "potable_water") == .text("adequate"))
        #expect(exportCell(table, north, "ventilation") == .empty)
        #expect(
            exportCell(table, north, "standards_falling_short")
                == .text(
                    "occupancy;cpt-space-multiple;icrc-toilets;"
                        + "mandela-13-temperature;mandela-15-sanitation"
                ))
        #expect(exportCell(table, north, "disputed") == .text(""))
        #expect(exportCell(table, north, "source_ids") == .text("zeta-census;mid-news;alpha-ngo"))
        // And south's population is disputed, so occupancy is left empty
        let south = all[1]
        #expect(exportCell(table, south, "population") == .text("disputed"))
        #expect(exportCell(table, south, "occupancy_percent") == .empty)
        #expect(exportCell(table, south, "disputed") == .text("population"))
        #expect(exportCell(table, south, "source_ids") == .text("zeta-census;south-a;south-b"))
    }

    @Test(
        "events up to the as-of date, oldest first; sources by id; facilities"
    )
    func otherTables() throws {
        // Given the two-facility fixture
        let tables = ExportTables(try BriefingFixtures.model(try BriefingFixtures.richStore()))

        // When the other tables are read
        let events = try exportRows(tables.events)
        let sources = try exportRows(tables.sources)
        let facilities = try exportRows(tables.facilities)

        // Then the events are in date order, without the one after 1 March
        #expect(events.map { $0[0] } == [.text("joint-statement"), .text("transfer-north")])
        #expect(events[0][1] == .date(day("2025-02-03")))
        #expect(exportCell(tables.events, events[0], "facility_ids") == .text("north;south"))
        #expect(exportCell(tables.events, events[0], "source_ids") == .text("agreement-doc"))
        // And the sources are sorted by id, with links, hashes and citations
        #expect(
            sources.map { $0[0] }
                == [
                    "agreement-doc", "alpha-ngo", "mid-news", "south-a", "south-b", "zeta-census",
                ].map { ExportCell.text($0) })
        let alpha = sources[1]
        #expect(
            exportCell(tables.sources, alpha, "url")
                == .url("https://example.org/reports/north_(2025)"))
        #expect(exportCell(tables.sources, alpha, "cites") == .text("zeta-census"))
        #expect(exportCell(tables.sources, alpha, "published_on") == .date(day("2025-02-12")))
        #expect(
            exportCell(tables.sources, alpha, "text_sha256")
                == .text(FactStore.sha256Hex("Blocks 3 to 6 have no running water for toilets.")))
        #expect(exportCell(tables.sources, sources[4], "url") == .empty)
        // And the facilities are both there
        #expect(facilities.map { $0[0] } == [.text("north"), .text("south")])
        #expect(
            exportCell(tables.facilities, facilities[0], "authority")
                == .text("Dirección General de Centros Penales"))
        #expect(exportCell(tables.facilities, facilities[1], "region") == .empty)
    }
}
