import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// A sheet whose columns are dated differently: population by a date column, capacity by the
/// year of a survey (a constant), deaths by their own date column that is sometimes empty.
private let datedCSV = """
    Name,Population,Counted,Capacity,Deaths,Deaths as of\r
    Izalco,900,3/1/25,1100,2,2024-12-31\r
    Mariona,3000,3/2/25,2500,1,\r

    """

private let datedMap = """
    source: {id: sheet, title: Sheet, publisher: P}
    facility: {id: {slug_of: Name}, name: Name, country: {value: SV}}
    as_of: {column: Counted, format: M/D/YY}
    facts:
      population: Population
      design_capacity: {column: Capacity, as_of: {value: 2019-06-30}}
      deaths_in_custody: {column: Deaths, as_of: {column: Deaths as of, if_missing: skip}}

    """

@Suite("Import mappings: per-attribute dates")
struct MappingDatesTests {

    @Test("each attribute takes its own as_of, falling back to the mapping's")
    func ownDates() throws {
        // Given a sheet with three differently dated columns
        let folder = try folder(["sheet.csv": datedCSV, "sheet.yml": datedMap])
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles(["sheet.csv"], from: folder, into: store, mapping: "sheet.yml")

        // Then each fact has its attribute's date, and the undated death count is left out with a note
        #expect(report.summary.added == ["facility": 2, "source": 1, "fact": 5])
        #expect(report.notes.map(\.description) == [
            "sheet.csv:3:28: 1 row has values but no as-of date; those values were not imported (if_missing: skip)"
        ])
        let facts = try store.evidence(Selection()).facts
        func asOf(_ facility: String, _ attribute: Attribute) -> String? {
            facts.first { $0.facilityId == facility && $0.attribute == attribute }?.asOf.description
        }
        #expect(asOf("izalco", .population) == "2025-03-01")
        #expect(asOf("mariona", .population) == "2025-03-02")
        #expect(asOf("izalco", .designCapacity) == "2019-06-30")
        #expect(asOf("mariona", .designCapacity) == "2019-06-30")
        #expect(asOf("izalco", .deathsInCustody) == "2024-12-31")
        #expect(asOf("mariona", .deathsInCustody) == nil)
    }

    @Test("a mapping needs no default as_of when every attribute has its own; re-importing adds nothing")
    func noDefault() throws {
        // Given a mapping whose only attributes are dated on their own
        let map = """
            source: {id: sheet, title: Sheet, publisher: P}
            facility: {id: {slug_of: Name}, name: Name, country: {value: SV}}
            facts:
              design_capacity: {column: Capacity, as_of: {value: 2019-06-30}}
              population: {column: Population, as_of: {column: Counted, format: M/D/YY}}

            """
        let folder = try folder(["sheet.csv": datedCSV, "sheet.yml": map])
        let store = try makeTestStore()

        // When it is imported twice
        let first = try importFiles(["sheet.csv"], from: folder, into: store, mapping: "sheet.yml")
        let before = try databaseDump(store)
        let again = try importFiles(["sheet.csv"], from: folder, into: store, mapping: "sheet.yml")

        // Then the first adds the facts and the second changes nothing
        #expect(first.summary.added == ["facility": 2, "source": 1, "fact": 4])
        #expect(again.summary.added.isEmpty && again.summary.updated.isEmpty)
        #expect(try databaseDump(store) == before)
    }

    @Test("an attribute without a date, when others have theirs and there is no default, is a mapping problem")
    func undatedAttribute() throws {
        // Given a mapping where capacity has its own date and population has none
        let map = """
            source: {id: sheet, title: Sheet, publisher: P}
            facility: {id: {slug_of: Name}, name: Name, country: {value: SV}}
            facts:
              design_capacity: {column: Capacity, as_of: {value: 2019-06-30}}
              population: Population
              deaths_in_custody: {column: Deaths, as_of: {column: Deaths as of, format: M/D}}

            """

        // When it is read
        let lines = try mappingLines(map)

        // Then the undated attribute and the bad format are named at their places
        #expect(lines == [
            "map.yml:5:15: population has no as-of date: give it its own 'as_of:' or add a default 'as_of:' for the whole mapping",
            "map.yml:6:77: the date format 'M/D' must name the year, the month and the day once each, for example M/D/YY or YYYY-MM-DD",
        ])
    }

    @Test("a bad or missing date in an attribute's own column is a problem at that cell, once per row")
    func badOwnDate() throws {
        // Given rows whose capacity date is impossible or empty, shared by two attributes
        let data = """
            Name,Capacity,Toilets,Surveyed,Population,Counted
            Izalco,1100,40,2019-02-30,900,2025-03-01
            Mariona,2500,80,,3000,2025-03-01

            """
        let map = """
            source: {id: sheet, title: Sheet, publisher: P}
            facility: {id: {slug_of: Name}, name: Name, country: {value: SV}}
            as_of: Counted
            facts:
              design_capacity: {column: Capacity, as_of: Surveyed}
              toilets: {column: Toilets, as_of: Surveyed}
              population: Population

            """
        let folder = try folder(["sheet.csv": data, "sheet.yml": map])
        let store = try makeTestStore()
        let before = try databaseDump(store)

        // When it is imported
        let lines = problems(["sheet.csv"], from: folder, into: store, mapping: "sheet.yml")

        // Then each date cell is named once, and nothing is written
        #expect(lines == [
            "sheet.csv:2:16: '2019-02-30' is not a date in the format YYYY-MM-DD (column Surveyed)",
            "sheet.csv:3:17: Surveyed is empty, so the values in this row have no as-of date; fill it in, or add if_missing: skip to as_of to leave such values out",
        ])
        #expect(try databaseDump(store) == before)
    }
}

/// The problems a mapping text has on its own (before any file is read).
func mappingLines(_ yaml: String) throws -> [String] {
    do {
        _ = try ImportMapping(yaml: yaml, file: "map.yml")
        return []
    } catch let error as ImportError {
        return error.problemLines(limit: 100)
    }
}
