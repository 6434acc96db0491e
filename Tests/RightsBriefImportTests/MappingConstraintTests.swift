import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// A mapping that says what its columns may hold.
private let checkedMap = """
    source: {id: s, title: S, publisher: P}
    facility:
      id: {slug_of: Facility, pattern: '[A-Za-z ]+'}
      name: Facility
      country: {value: US}
      region: {column: State, allowed: [ME, MA, NH]}
      authority: {column: Zone, allowed: [NE, SE]}
    as_of: Date
    facts:
      design_capacity: {column: Capacity, range: [0, 50000]}
      population: {column: Population, range: {min: 1}}
    thousands: ","

    """

@Suite("Import mappings: constraints")
struct MappingConstraintTests {

    @Test("rows that keep the constraints import as usual")
    func keptConstraints() throws {
        // Given rows whose cells are all allowed
        let data = "Facility,City,State,Zone,Capacity,Population,Date\nBolduc,Warren,ME,NE,\"1,000\",900,2025-01-01\n"
        let folder = try folder(["a.csv": data, "map.yml": checkedMap])
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles(["a.csv"], from: folder, into: store, mapping: "map.yml")

        // Then the facility and its facts are added
        #expect(report.summary.added == ["facility": 1, "source": 1, "fact": 2])
    }

    @Test("a shifted row, a number out of range and an id off its pattern are problems at their cells; nothing is written")
    func brokenConstraints() throws {
        // Given a row shifted by one column (the city in the state column, the state in the zone),
        // numbers out of their ranges, a word where a number belongs, and an id with a digit
        let data = """
            Facility,City,State,Zone,Capacity,Population,Date
            Bolduc,Warren,ME,NE,"1,000",900,2025-01-01
            Shifted,Portland,Portland,ME,500,400,2025-01-01
            Big,Boston,MA,NE,70000,0,2025-01-01
            Odd 9,Salem,MA,NE,many,10,2025-01-01

            """
        let folder = try folder(["a.csv": data, "map.yml": checkedMap])
        let store = try makeTestStore()
        let before = try databaseDump(store)

        // When it is imported
        let lines = problems(["a.csv"], from: folder, into: store, mapping: "map.yml")

        // Then each broken cell is named with its column and the mapping rule, and nothing is written
        #expect(lines == [
            "a.csv:3:18: 'Portland' in column State is not an allowed value; allowed: ME, MA, NH (map.yml:6:36)",
            "a.csv:3:27: 'ME' in column Zone is not an allowed value; allowed: NE, SE (map.yml:7:38)",
            "a.csv:4:18: '70000' in column Capacity is above the maximum 50000 (map.yml:10:46)",
            "a.csv:4:24: '0' in column Population is below the minimum 1 (map.yml:11:43)",
            "a.csv:5:1: 'Odd 9' in column Facility does not match the pattern [A-Za-z ]+ (map.yml:3:36)",
            "a.csv:5:19: 'many' in column Capacity is not a number, which the range 0 to 50000 needs (map.yml:10:46)",
        ])
        #expect(try databaseDump(store) == before)
    }

    @Test("missing cells are not checked, and allowed: compares the cell with its spaces collapsed")
    func missingAndSpaces() throws {
        // Given an empty and an NA state, and a zone written with extra spaces
        let map = checkedMap.replacingOccurrences(of: "[NE, SE]", with: "[New England, SE]")
            .replacingOccurrences(of: "thousands: \",\"", with: "thousands: \",\"\nmissing: [NA]")
        let data = "Facility,City,State,Zone,Capacity,Population,Date\nA,X,,\"New   England\",1,1,2025-01-01\nB,Y,NA,SE,1,1,2025-01-01\n"
        let folder = try folder(["a.csv": data, "map.yml": map])
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles(["a.csv"], from: folder, into: store, mapping: "map.yml")

        // Then both rows are imported
        #expect(report.summary.added["facility"] == 2)
        #expect(try store.facilities(Selection()).first { $0.id == "a" }?.authority == "New England")
    }

    @Test("invalid constraint declarations are mapping problems at their line")
    func badDeclarations() throws {
        // Given one bad declaration per line
        let yaml = """
            facility:
              id: {column: ID, pattern: '[a-z'}
              name: {column: Name, allowed: []}
              country: {value: US, allowed: [US]}
              region: {column: State, range: [5, 1]}
              authority: {column: Op, range: [1, 2, 3]}
              latitude: {column: Lat, range: {min: low}}
            source: {id: s, title: S, publisher: P}
            as_of: Date
            facts:
              sanitation: {column: San, range: [0, 3]}

            """

        // When it is read
        let lines = try mappingLines(yaml)

        // Then each is named at its place
        #expect(lines == [
            "map.yml:2:29: id: '[a-z' is not a valid regular expression; check its brackets, parentheses and backslashes (in YAML, quote it with single quotes)",
            "map.yml:3:33: name: allowed: needs at least one value, for example allowed: [ME, NH, VT]",
            "map.yml:4:24: country: allowed:, pattern: and range: check a column's cells; they do not apply to 'value:'",
            "map.yml:5:34: region: the range's minimum 5 is above its maximum 1",
            "map.yml:6:34: authority: range: needs two numbers, [MIN, MAX], or {min: N, max: N}",
            "map.yml:7:40: latitude: range bound 'low' is not a number",
            "map.yml:11:29: sanitation: range: checks numbers, and sanitation is a condition level; use allowed: to list the words a cell may hold",
        ])
    }
}
