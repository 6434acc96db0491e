import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

private let prisonsMap = """
    source: {id: researcher-sheet, title: Prison figures, publisher: Example NGO}
    facility:
      id: {slug_of: Prison}
      name: Prison
      country: Country
      region: State
      authority: Operator
    as_of: {column: Date, format: M/D/YY}
    facts:
      design_capacity: Capacity
      population: Population
      floor_area_m2: {column: Floor area (sq ft), unit: ft2}
      potable_water: {column: Water, values: {Yes: adequate, No: absent}}
    missing: [NA]
    thousands: ","

    """

@Suite("Import mappings: complete problem reports")
struct MappingProblemReportTests {

    @Test("every cell of a row is checked even when its facility cells have problems")
    func everyCell() throws {
        // Given a row with no name, a bad country, and a bad value or date in every other cell
        let data = """
            Prison,Country,State,Operator,Capacity,Population,Floor area (sq ft),Water,Date
            ,Salvador,,,"40,00",1.5,NA,Some,2/30/25

            """
        let folder = try folder(["bad.csv": data, "map.yml": prisonsMap])
        let store = try makeTestStore()
        let before = try databaseDump(store)

        // When it is imported
        let lines = problems(["bad.csv"], from: folder, into: store, mapping: "map.yml")

        // Then every bad cell is reported with its column, and nothing is written
        #expect(lines == [
            "bad.csv:2:1: the row has no Prison to make a facility id from; fill it in or skip the row (skip_rows)",
            "bad.csv:2:2: 'Salvador' is not an ISO 3166-1 alpha-2 country code; use two capital letters, for example SV (column Country)",
            "bad.csv:2:13: '40,00' is not a valid value for design_capacity: expected a number (thousands separator ',', decimal mark '.') (column Capacity)",
            "bad.csv:2:21: '1.5' is not a valid value for population: a count must be a whole number (column Population)",
            "bad.csv:2:28: 'Some' is not a valid value for potable_water: expected one of adequate, inadequate, absent, unknown (translate other words with values: in the mapping) (column Water)",
            "bad.csv:2:33: '2/30/25' is not a date in the format M/D/YY (column Date)",
        ])
        #expect(try databaseDump(store) == before)
    }

    @Test("problems with coordinates, kinds and ids name their column")
    func coordinatesNameTheirColumn() throws {
        // Given coordinates that are not numbers or out of range, an unknown kind and a bad id
        let map = "facility: {id: ID, name: Name, country: {value: SV}, kind: Type, latitude: Lat, longitude: Lon}\n"
        let data = "ID,Name,Type,Lat,Lon\na,A,prison,north,-89\nb,B,jail,13.5,200\nC!,C,prison,1,1\n"
        let folder = try folder(["c.csv": data, "map.yml": map])
        let store = try makeTestStore()

        // When it is imported
        let lines = problems(["c.csv"], from: folder, into: store, mapping: "map.yml")

        // Then each message names the column
        #expect(lines == [
            "c.csv:2:12: 'north' is not a number (column Lat)",
            "c.csv:3:5: 'jail' is not a facility kind; use one of: prison, immigration-detention, police-cell, juvenile, other, or translate it with values: in the mapping (column Type)",
            "c.csv:3:15: longitude 200 is out of range; use -180 to 180 (column Lon)",
            "c.csv:4:1: 'C!' is not a valid id; use 1 to 64 lowercase letters, digits and hyphens, starting with a letter or digit, for example 'cecot' (column ID)",
        ])
    }

    @Test("a new facility whose name or country cell is empty is a problem at that cell, naming the column")
    func emptyNameOrCountry() throws {
        // Given rows for new facilities with no name, and with no country
        let map = "facility: {id: ID, name: Name, country: Country}\n"
        let data = "ID,Name,Country\na,,SV\nb,B,\n"
        let folder = try folder(["n.csv": data, "map.yml": map])
        let store = try makeTestStore()

        // When it is imported
        let lines = problems(["n.csv"], from: folder, into: store, mapping: "map.yml")

        // Then each empty cell is named
        #expect(lines == [
            "n.csv:2:3: facility 'a' is not in the database and this row gives no name for it; fill in the name (column Name)",
            "n.csv:3:5: facility 'b' is not in the database and this row gives no country for it; fill in the country (column Country)",
        ])
    }

    @Test("every problem is counted, and as many are listed as the request asks for, beyond a thousand")
    func maxProblems() throws {
        // Given 1,200 rows with a bad population each
        let rows = (1...1_200).map { "P\($0),SV,,,1,many,NA,No,2/3/25" }
        let data = (["Prison,Country,State,Operator,Capacity,Population,Floor area (sq ft),Water,Date"] + rows)
            .joined(separator: "\n") + "\n"
        let folder = try folder(["many.csv": data, "map.yml": prisonsMap])
        let store = try makeTestStore()

        // When it is imported asking for 1,500 problems, and then for 5
        func attempt(_ limit: Int) -> ImportError? {
            do {
                try store.importEvidence(
                    ImportRequest(files: ["many.csv"], mapping: "map.yml", directory: folder, maxProblems: limit))
                return nil
            } catch {
                return error as? ImportError
            }
        }
        let all = try #require(attempt(1_500))
        let few = try #require(attempt(5))

        // Then all 1,200 are listed in the first case, and five and a count in the second
        guard case .problems(let listed, let total) = all else { Issue.record("not problems"); return }
        #expect(listed.count == 1_200 && total == 1_200)
        #expect(all.problemLines(limit: 1_500).count == 1_200)
        #expect(listed.last?.description.hasPrefix("many.csv:1201:") == true)
        let lines = few.problemLines(limit: 5)
        #expect(lines.count == 6)
        #expect(lines.last == "… and 1195 more problems")
    }

    @Test("values: keys are matched with spaces collapsed, as the messages show the cell")
    func valuesKeysCollapsed() throws {
        // Given translations whose keys have runs of spaces, and cells with other runs
        let map = """
            source: {id: s, title: S, publisher: P}
            facility:
              id: {slug_of: Name}
              name: Name
              country: {value: SV}
              kind: {column: Type, values: {"State  prison": prison, " Immigration   centre ": immigration-detention}}
            as_of: {value: 2025-01-01}
            facts:
              potable_water: {column: Water, values: {"Not  safe": absent, "Safe": adequate}}

            """
        let data = "Name,Type,Water\nA,State prison,\"Not\n  safe\"\nB,Immigration  centre,Safe\nC,State prison,Very   bad\n"
        let folder = try folder(["v.csv": data, "map.yml": map])
        let store = try makeTestStore()

        // When it is imported
        let lines = problems(["v.csv"], from: folder, into: store, mapping: "map.yml")

        // Then the spaced keys match, and the one untranslated cell is shown as matched
        #expect(lines == [
            "v.csv:5:16: 'Very bad' is not a valid value for potable_water: expected one of adequate, inadequate, absent, unknown (translate other words with values: in the mapping) (column Water)"
        ])
        let fixed = data.replacingOccurrences(of: "Very   bad", with: "Safe")
        try Data(fixed.utf8).write(to: folder.appendingPathComponent("v.csv"))
        try importFiles(["v.csv"], from: folder, into: store, mapping: "map.yml")
        let facilities = try store.facilities(Selection())
        #expect(facilities.map(\.kind) == [.prison, .immigrationDetention, .prison])
        let water = try store.evidence(Selection()).facts.sorted { $0.facilityId < $1.facilityId }.map(\.value)
        #expect(water == [.level(.absent), .level(.adequate), .level(.adequate)])
    }
}
