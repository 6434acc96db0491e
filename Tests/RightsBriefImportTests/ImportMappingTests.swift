import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// A foreign spreadsheet in the shape researchers send: a title-case header, a TOTAL row,
/// thousands separators, M/D/YY dates, NA and -999 for gaps, areas in square feet.
private let prisonsCSV = """
    Prison,Country,State,Operator,Capacity,Population,Floor area (sq ft),Water,Date\r
    Centro Penal de Máxima Seguridad,SV,Tecoluca,Ministerio,"40,000","12,500",NA,No,2/3/25\r
    Izalco Prison,SV,Sonsonate,,"1,100",-999,"10,000",Yes,2/3/25\r
    TOTAL,,,,"41,100","12,500",,,\r

    """

private let prisonsMap = """
    source:
      id: researcher-sheet
      title: Prison figures collected by our researchers
      publisher: Example NGO
      kind: ngo-report
    facility:
      id: {slug_of: Prison}
      name: Prison
      country: Country
      region: State
      kind: {value: prison}
      authority: Operator
    as_of: {column: Date, format: M/D/YY}
    facts:
      design_capacity: Capacity
      population: {column: Population, quote: "{header} = {value}"}
      floor_area_m2: {column: Floor area (sq ft), unit: ft2}
      potable_water: {column: Water, values: {Yes: adequate, No: absent}}
    missing: [NA, "-999"]
    thousands: ","
    skip_rows:
      - {column: Prison, equals: TOTAL}

    """

/// The problems a mapping text has on its own (before any file is read).
private func mappingProblems(_ yaml: String) -> [String] {
    do {
        _ = try ImportMapping(yaml: yaml, file: "map.yml")
        return []
    } catch let error as ImportError {
        return error.problemLines(limit: 100)
    } catch {
        return ["unexpected: \(error)"]
    }
}

@Suite("Import mappings")
struct ImportMappingTests {

    // MARK: - Reading a foreign spreadsheet

    @Test("a mapped spreadsheet becomes facilities and dated, sourced facts")
    func mappedImport() throws {
        // Given the spreadsheet and its mapping
        let folder = try folder(["prisons.csv": prisonsCSV, "prisons.yml": prisonsMap])
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles(["prisons.csv"], from: folder, into: store, mapping: "prisons.yml")

        // Then the facilities, the source and the converted facts are stored
        #expect(report.summary.added == ["facility": 2, "source": 1, "fact": 6])
        #expect(report.notes.map(\.description) == ["prisons.csv:4:1: skipped 1 row where Prison = TOTAL (skip_rows)"])
        let evidence = try store.evidence(Selection())
        let cecot = try #require(evidence.facilities.first { $0.id == "centro-penal-de-maxima-seguridad" })
        #expect(cecot == Facility(
            id: "centro-penal-de-maxima-seguridad", name: "Centro Penal de Máxima Seguridad", country: "SV",
            region: "Tecoluca", kind: .prison, authority: "Ministerio"))
        #expect(evidence.facilities.first { $0.id == "izalco-prison" }?.authority == nil)
        let source = try #require(evidence.sources.first)
        #expect(source.id == "researcher-sheet" && source.kind == .ngoReport)
        func value(_ facility: String, _ attribute: Attribute) -> FactValue? {
            evidence.facts.first { $0.facilityId == facility && $0.attribute == attribute }?.value
        }
        #expect(value("centro-penal-de-maxima-seguridad", .designCapacity) == .number(40_000))
        #expect(value("centro-penal-de-maxima-seguridad", .population) == .number(12_500))
        #expect(value("centro-penal-de-maxima-seguridad", .potableWater) == .level(.absent))
        #expect(value("centro-penal-de-maxima-seguridad", .floorAreaM2) == nil)
        #expect(value("izalco-prison", .population) == nil)
        #expect(value("izalco-prison", .floorAreaM2) == .number(10_000 * 0.092_903_04))
        #expect(value("izalco-prison", .potableWater) == .level(.adequate))
        let population = try #require(evidence.facts.first { $0.attribute == .population })
        #expect(population.quote == "Population = 12,500")
        #expect(population.asOf == day("2025-02-03"))
        #expect(population.sourceIds == ["researcher-sheet"])
    }

    @Test("re-importing a mapped spreadsheet adds nothing; an existing source is cited as it is")
    func mappedIdempotent() throws {
        // Given a store that already holds the source (with another title) and one import
        let folder = try folder(["prisons.csv": prisonsCSV, "prisons.yml": prisonsMap])
        let store = try makeTestStore()
        try store.addSource(Source(id: "researcher-sheet", url: nil, title: "Our sheet", publisher: "Us"))
        try importFiles(["prisons.csv"], from: folder, into: store, mapping: "prisons.yml")
        let before = try databaseDump(store)

        // When it is imported again
        let again = try importFiles(["prisons.csv"], from: folder, into: store, mapping: "prisons.yml")

        // Then nothing changes, and the stored source keeps its title
        #expect(again.summary.added.isEmpty && again.summary.updated.isEmpty)
        #expect(again.summary.unchanged == ["facility": 2, "fact": 6])
        #expect(try databaseDump(store) == before)
        #expect(try store.evidence(Selection()).sources.first?.title == "Our sheet")
    }

    @Test("a mapped row updates only the fields the mapping gives")
    func mappedMerge() throws {
        // Given a stored facility with coordinates and an authority
        let store = try makeTestStore()
        try store.addFacility(
            Facility(id: "izalco-prison", name: "Izalco", country: "SV", authority: "DGCP", latitude: 13.7, longitude: -89.7))
        let folder = try folder(["prisons.csv": prisonsCSV, "prisons.yml": prisonsMap])

        // When the spreadsheet (whose Izalco row has no operator) is imported
        let report = try importFiles(["prisons.csv"], from: folder, into: store, mapping: "prisons.yml")

        // Then the name and region change, and the authority and coordinates stay
        #expect(report.summary.updated == ["facility": 1])
        let izalco = try #require(try store.facilities(Selection()).first { $0.id == "izalco-prison" })
        #expect(izalco.name == "Izalco Prison")
        #expect(izalco.region == "Sonsonate")
        #expect(izalco.authority == "DGCP")
        #expect(izalco.latitude == 13.7)
    }

    @Test("rows of a long-format file that name the same facility add facts to one facility")
    func longFormat() throws {
        // Given one row per facility per date
        let folder = try folder([
            "series.csv": "Name,Date,Population\nIzalco,2025-01-01,900\nIzalco,2025-02-01,950\nMariona,2025-01-01,3000\n",
            "series.yml": """
                source: {id: series, title: Series, publisher: P}
                facility: {id: {slug_of: Name}, name: Name, country: {value: SV}}
                as_of: Date
                facts: {population: Population}

                """,
        ])
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles(["series.csv"], from: folder, into: store, mapping: "series.yml")

        // Then there are two facilities and three facts
        #expect(report.summary.added == ["facility": 2, "source": 1, "fact": 3])
    }

    // MARK: - Facility ids

    @Test("rows that make the same id for different facilities are a problem, or told apart by disambiguate_by")
    func duplicateIds() throws {
        // Given two different facilities with the same name
        let data = "Name,State\nCounty Jail,Ohio\nCounty Jail,Iowa\n"
        let plain = "facility: {id: {slug_of: Name, prefix: us-}, name: Name, country: {value: US}, region: State}\n"
        let told = "facility: {id: {slug_of: Name, prefix: us-, disambiguate_by: State}, name: Name, country: {value: US}, region: State}\n"
        let folder = try folder(["jails.csv": data, "plain.yml": plain, "told.yml": told])
        let store = try makeTestStore()

        // When the file is imported with each mapping
        let lines = problems(["jails.csv"], from: folder, into: store, mapping: "plain.yml")
        try importFiles(["jails.csv"], from: folder, into: store, mapping: "told.yml")

        // Then the first is refused at the second row, and the second gives two ids
        #expect(lines == [
            "jails.csv:3:13: line 2 makes the same facility id 'us-county-jail' with region 'Ohio', this row says 'Iowa' (column State); make the ids unique (add disambiguate_by: COLUMN to the id rule, or slug_of: [NAME, COLUMN]) or skip one of the rows"
        ])
        #expect(try store.facilities(Selection()).map(\.id).sorted() == ["us-county-jail-iowa", "us-county-jail-ohio"])
    }

    @Test("slugs fold accents, and long ones are cut at a hyphen to 64 characters")
    func slugs() throws {
        // Given a name with accents and one that is too long for an id
        let long = "Aurora Contract Detention Facility (Denver Contract Detention Facility) Annex"
        let folder = try folder([
            "names.csv": "Name\nCárcel de Mujeres Ilopango\n\"\(long)\"\n",
            "names.yml": "facility: {id: {slug_of: Name, prefix: sv-}, name: Name, country: {value: SV}}\n",
        ])
        let store = try makeTestStore()

        // When it is imported
        try importFiles(["names.csv"], from: folder, into: store, mapping: "names.yml")

        // Then the ids are slugs of at most 64 characters
        let ids = try store.facilities(Selection()).map(\.id).sorted()
        #expect(ids == ["sv-aurora-contract-detention-facility-denver-contract-detention", "sv-carcel-de-mujeres-ilopango"])
        #expect(ids.allSatisfy { $0.count <= 64 })
    }

    @Test("an apostrophe inside a name does not split the word in its id")
    func slugApostrophes() throws {
        // Given names with a straight, a curly and a modifier-letter apostrophe
        let folder = try folder([
            "names.csv": "Name\nCalifornia's Men's Colony\nSaint Mary\u{2019}s Jail\nO\u{02BC}Hare Holding\n",
            "names.yml": "facility: {id: {slug_of: Name, prefix: us-}, name: Name, country: {value: US}}\n",
        ])
        let store = try makeTestStore()

        // When it is imported
        try importFiles(["names.csv"], from: folder, into: store, mapping: "names.yml")

        // Then each word stays whole
        let ids = try store.facilities(Selection()).map(\.id).sorted()
        #expect(ids == ["us-californias-mens-colony", "us-ohare-holding", "us-saint-marys-jail"])
    }

    // MARK: - Bad rows

    @Test("bad cells in a mapped spreadsheet are reported at the cell, and nothing is written")
    func badMappedCells() throws {
        // Given rows with a misplaced separator, an impossible date, a fraction of a person,
        // a condition word the mapping does not translate and no name
        let data = """
            Prison,Country,State,Operator,Capacity,Population,Floor area (sq ft),Water,Date
            A,SV,,,"40,00",1,NA,No,2/3/25
            B,SV,,,1,1,NA,No,2/30/25
            C,SV,,,1,1.5,NA,No,2/3/25
            D,SV,,,1,1,NA,Some,2/3/25
            ,SV,,,1,1,NA,No,2/3/25
            E,Salvador,,,1,1,NA,No,2/3/25
            F,SV,,,1,1,NA,No,

            """
        let folder = try folder(["bad.csv": data, "prisons.yml": prisonsMap])
        let store = try makeTestStore()
        let before = try databaseDump(store)

        // When it is imported
        let lines = problems(["bad.csv"], from: folder, into: store, mapping: "prisons.yml")

        // Then every bad cell is named and the store is untouched
        #expect(lines == [
            "bad.csv:2:8: '40,00' is not a valid value for design_capacity: expected a number (thousands separator ',', decimal mark '.') (column Capacity)",
            "bad.csv:3:18: '2/30/25' is not a date in the format M/D/YY (column Date)",
            "bad.csv:4:10: '1.5' is not a valid value for population: a count must be a whole number (column Population)",
            "bad.csv:5:15: 'Some' is not a valid value for potable_water: expected one of adequate, inadequate, absent, unknown (translate other words with values: in the mapping) (column Water)",
            "bad.csv:6:1: the row has no Prison to make a facility id from; fill it in or skip the row (skip_rows)",
            "bad.csv:7:3: 'Salvador' is not an ISO 3166-1 alpha-2 country code; use two capital letters, for example SV (column Country)",
            "bad.csv:8:18: Date is empty, so the values in this row have no as-of date; fill it in, or add if_missing: skip to as_of to leave such values out",
        ])
        #expect(try databaseDump(store) == before)
    }

    @Test("a quote inside an unquoted cell of a mapped spreadsheet is refused at its place; nothing is written")
    func bareQuoteInMappedFile() throws {
        // Given the spreadsheet with a quoted word inside the unquoted Operator cell of line 3
        let data = prisonsCSV.replacingOccurrences(
            of: "Izalco Prison,SV,Sonsonate,,", with: "Izalco Prison,SV,Sonsonate,Direccion \"General\" de Centros,")
        let folder = try folder(["prisons.csv": data, "prisons.yml": prisonsMap])
        let store = try makeTestStore()
        let before = try databaseDump(store)

        // When it is imported
        let lines = problems(["prisons.csv"], from: folder, into: store, mapping: "prisons.yml")

        // Then the quote is named at line 3, column 38, and the good line 2 is not imported
        #expect(lines == [
            "prisons.csv:3:38: this record has a quote inside a field that is not quoted; quote the whole field and double each quote inside it (\"\")",
        ])
        #expect(try databaseDump(store) == before)
    }

    @Test("a mapping that names a missing column fails before any row is read")
    func missingColumn() throws {
        // Given a mapping whose attribute column is misspelt, and a file whose rows are all bad
        let map = prisonsMap.replacingOccurrences(of: "design_capacity: Capacity", with: "design_capacity: Capacty")
        let folder = try folder(["prisons.csv": csv("Prison,Country,State,Operator,Capacity,Population,Floor area (sq ft),Water,Date", "x,y,z"), "map.yml": map])
        let store = try makeTestStore()

        // When it is imported
        let lines = problems(["prisons.csv"], from: folder, into: store, mapping: "map.yml")

        // Then only the mapping problem is reported (the ragged row was never read)
        #expect(lines == [
            "map.yml:15:20: names the column 'Capacty', which prisons.csv does not have; its columns are 'Prison', 'Country', 'State', 'Operator', 'Capacity', 'Population', 'Floor area (sq ft)', 'Water', 'Date' (to give every row the same value, write {value: Capacty})"
        ])
    }

    // MARK: - The mapping itself

    @Test("unknown attributes, impossible date formats, bad units and unknown keys are found in the mapping")
    func mappingProblemsFound() {
        // Given a mapping with one mistake per line
        let yaml = """
            source: {id: s, title: T}
            facility:
              id: {slug_of: Name}
              name: Name
              country: {value: Salvador}
              kind: {value: jail}
              regoin: State
            as_of: {column: Date, format: M/D}
            facts:
              capacity: Cap
              floor_area_m2: {column: Area, unit: acres}
              population: {column: Pop, scale: -1}
            thousands: "#"

            """

        // When it is read
        let lines = mappingProblems(yaml)

        // Then each mistake is named at its place
        #expect(lines == [
            "map.yml:1:9: source needs both 'title:' and 'publisher:' to create the source (or neither, to cite an existing one)",
            "map.yml:5:20: 'Salvador' is not an ISO 3166-1 alpha-2 country code; use two capital letters, for example SV",
            "map.yml:6:17: 'jail' is not a facility kind; use one of: prison, immigration-detention, police-cell, juvenile, other",
            "map.yml:7:3: 'regoin' is not a key of facility (did you mean 'region'?); use one of: id, name, country, region, kind, authority, latitude, longitude, identifiers, match, stored",
            "map.yml:8:31: the date format 'M/D' must name the year, the month and the day once each, for example M/D/YY or YYYY-MM-DD",
            "map.yml:10:3: 'capacity' is not a known attribute; use one of: design_capacity, population, floor_area_m2, toilets, water_litres_per_person_day, sanitation, potable_water, temperature_control, ventilation, deaths_in_custody",
            "map.yml:11:39: 'acres' is not a unit for floor_area_m2; use one of: m2, ft2",
            "map.yml:12:36: scale must be a positive number, not '-1'",
            "map.yml:13:12: thousands must be one of \",\" \".\" \" \" \"'\" \"_\" or none, not '#'",
        ])
    }

    @Test("YAML syntax errors and missing sections are reported with their place")
    func mappingSyntax() {
        // Given a mapping that is not YAML, and one without a facility section
        // When each is read
        // Then the place of the problem is given
        #expect(mappingProblems("facility:\n  id: [unclosed\n") == [
            "map.yml:3:1: the mapping is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
        ])
        #expect(mappingProblems("facts:\n  population: Pop\n") == [
            "map.yml:1:1: the mapping needs a 'facility:' section saying which columns give the facility's id, name and country",
            "map.yml:1:1: facts need a source: add a 'source:' section with the id (and, to create it, the title and publisher) every imported fact cites",
            "map.yml:1:1: facts need an as-of date: add 'as_of: {column: NAME, format: M/D/YY}' or 'as_of: {value: YYYY-MM-DD}'",
        ])
        #expect(mappingProblems("") == ["map.yml:1:1: the mapping is empty; see docs/import.md for the format"])
    }

    // MARK: - Dates and numbers

    @Test("date formats read the days they describe", arguments: [
        ("M/D/YY", "8/31/20", "2020-08-31"), ("M/D/YY", "12/1/99", "1999-12-01"), ("M/D/YY", "1/1/68", "2068-01-01"),
        ("DD.MM.YYYY", "03.02.2025", "2025-02-03"), ("YYYY-MM-DD", "2025-02-03", "2025-02-03"),
        ("D/M/YYYY", "3/2/2025", "2025-02-03"), ("YYYYMMDD", "20250203", "2025-02-03"),
    ])
    func dateFormats(pattern: String, text: String, expected: String) throws {
        // Given a pattern
        let format = try ImportDateFormat(pattern)

        // When a cell is read
        // Then the day is the one written
        #expect(format.day(from: text)?.description == expected)
    }

    @Test("cells that do not fit the date format, or name no real day, are refused")
    func badDates() throws {
        // Given M/D/YY
        let format = try ImportDateFormat("M/D/YY")

        // When impossible or malformed cells are read
        // Then there is no day
        for text in ["2/30/20", "13/1/20", "8/31/2020", "8-31-20", "8/31/20 ", "", "a/b/cc"] {
            #expect(format.day(from: text) == nil, "\(text)")
        }
        #expect(throws: DateFormatError.self) { try ImportDateFormat("MD/YY") }
        #expect(throws: DateFormatError.self) { try ImportDateFormat("YYY-MM-DD") }
        #expect(throws: DateFormatError.self) { try ImportDateFormat("Q/D/YY") }
    }

    @Test("numbers with thousands separators are read; misplaced separators are not")
    func numbers() {
        // Given comma thousands, and then European style
        let english = ImportNumberFormat(thousands: UInt8(ascii: ","))
        let european = ImportNumberFormat(thousands: UInt8(ascii: "."), decimal: UInt8(ascii: ","))

        // When cells are read
        // Then well-formed ones give their value and the rest nothing
        #expect(english.number(from: "5,772") == 5772)
        #expect(english.number(from: "1,234,567.5") == 1_234_567.5)
        #expect(english.number(from: "5772") == 5772)
        #expect(english.number(from: "-3") == -3)
        for text in ["57,72", "5,7722", ",5", "5,", "1.2.3", "12a", "", "1e5"] {
            #expect(english.number(from: text) == nil, "\(text)")
        }
        #expect(european.number(from: "1.234,5") == 1234.5)
        #expect(european.number(from: "1,234.5") == nil)
    }
}
