import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// Input that is well-formed enough to read but must not be stored as it stands: NUL
/// characters, numbers Swift would read but a person did not mean, values beyond any facility,
/// the status `retracted` without a retraction, and paths that are not regular files; and
/// citations between sources of one import, which must not be reported missing.
@Suite("Import of odd input")
struct ImportOddInputTests {
    /// A store with the facility `cecot` and the source `pbs`.
    private func storeWithCECOT() throws -> FactStore {
        let store = try makeTestStore()
        try store.addFacility(Facility(id: "cecot", name: "CECOT", country: "SV"))
        try store.addSource(Source(id: "pbs", url: nil, title: "Inside CECOT", publisher: "PBS"))
        return store
    }

    @Test("a NUL in a CSV cell is refused at its line and column, and nothing is written")
    func nulInCSV() throws {
        // Given a facilities table whose second row has a NUL inside a quoted name
        let folder = try folder([
            "facilities.csv": csv(facilitiesHeader, "ok,Fine,SV,,,,,,", "bad,\"Bad\u{0}name\",SV,,,,,,")
        ])
        let store = try storeWithCECOT()

        // When it is imported
        let lines = problems(["facilities.csv"], from: folder, into: store)

        // Then the NUL is named where it is, and not even the good row was written
        #expect(lines == [
            "facilities.csv:3:9: this record contains a NUL character (U+0000), which would cut the text short when stored; remove it (a file full of them is probably UTF-16: re-save it as UTF-8)"
        ])
        #expect(try store.facilities(Selection()).map(\.id) == ["cecot"])
    }

    @Test("a \\u0000 in any JSON string is refused at its line and column")
    func nulInJSON() throws {
        // Given a dataset document whose source text holds an escaped NUL on line 3
        let document = """
            {"format": "rightsbrief-dataset", "version": 1,
             "sources": [{"id": "x", "title": "X", "publisher": "P",
                          "text": "visible\\u0000hidden"}]}
            """
        let folder = try folder(["nul.json": document])
        let store = try storeWithCECOT()

        // When it is imported
        let lines = problems(["nul.json"], from: folder, into: store)

        // Then the escape is named at its place
        #expect(lines == [
            "nul.json:3:31: the document is not valid JSON: a string contains \\u0000, a NUL character, which would cut the text short when stored; remove it"
        ])
        #expect(try store.source(id: "x") == nil)
    }

    @Test("the CSV reader refuses a NUL byte at its line and column, whatever the encoding")
    func readerRefusesNUL() throws {
        // Given a UTF-16-like line "a" NUL "b" on line 2
        let data = Data([0x69, 0x64, 0x0A, 0x61, 0x00, 0x62, 0x0A])

        // When it is read as UTF-8 and as Latin-1
        // Then both refuse it at line 2, column 2
        for encoding in [CSVReader.Encoding.utf8, .latin1] {
            #expect(throws: CSVError.nulCharacter(line: 2, column: 2)) {
                _ = try CSVReader(data: data, encoding: encoding)
            }
        }
    }

    @Test(
        "values Swift would read as numbers but a person did not write as one are refused",
        arguments: ["0x10", "1e3", "+5", "nan", "inf"])
    func strictNumbersInTables(_ value: String) throws {
        // Given a facts table with the value, and a facilities table with it as latitude
        let folder = try folder([
            "facts.csv": csv(factsHeader, "1,cecot,,,population,\(value),,2025-01-01,,,pbs,,,,,,,"),
            "facilities.csv": csv(facilitiesHeader, "new,New,SV,,,,,\(value),"),
        ])
        let store = try storeWithCECOT()

        // When they are imported
        let lines = problems(["facts.csv", "facilities.csv"], from: folder, into: store)

        // Then each cell is refused as not a plain decimal number
        #expect(lines == [
            "facts.csv:2:22: '\(value)' is not a valid value for population: expected a plain decimal number such as 40000 or 12.5",
            "facilities.csv:2:16: '\(value)' is not a plain decimal number such as 13.5 or -88.9",
        ])
    }

    @Test("a leading plus is not read as a number in a mapped spreadsheet either")
    func plusInMappedNumbers() {
        // Given the default number format and one with thousands separators
        for format in [ImportNumberFormat(), ImportNumberFormat(thousands: UInt8(ascii: ","))] {
            // When '+5' and '+1,000' are read
            // Then neither is a number, while '5' is
            #expect(format.number(from: "+5") == nil)
            #expect(format.number(from: "+1,000") == nil)
            #expect(format.number(from: "5") == 5)
        }
    }

    @Test("values above the attribute's bound are refused in CSV tables and JSON documents")
    func bounds() throws {
        // Given a floor area of 100 km² in a table and of 1e308 m² in a document
        let folder = try folder([
            "facts.csv": csv(factsHeader, "1,cecot,,,floor_area_m2,100000000,,2025-01-01,,,pbs,,,,,,,"),
            "facts.json": """
                {"facts": [{"facility": "cecot", "attribute": "floor_area_m2", "value": 1e308,
                            "asOf": "2025-01-01", "sources": ["pbs"]}]}
                """,
        ])
        let store = try storeWithCECOT()

        // When they are imported
        let lines = problems(["facts.csv", "facts.json"], from: folder, into: store)

        // Then both are refused, naming the attribute and the bound
        #expect(lines == [
            "facts.csv:2:25: '100000000' is not a valid value for floor_area_m2: it is above 10,000,000 m2, more than any one facility plausibly has; check the figure and its unit",
            "facts.json:1:73: '1e+308' is not a valid value for floor_area_m2: it is above 10,000,000 m2, more than any one facility plausibly has; check the figure and its unit",
        ])
        #expect(try store.facts(FactQuery(history: true)).isEmpty)
    }

    @Test("the status retracted is refused on import; a retraction with its reason is not")
    func retractedStatus() throws {
        // Given a facts table with a bare status 'retracted', one with a retraction as export
        //   writes it, and a document with the status retracted
        let input = try folder([
            "facts.csv": csv(
                factsHeader,
                "1,cecot,,,population,5,,2025-01-01,retracted,,pbs,,,,,,,",
                "2,cecot,,,population,6,,2025-01-01,verified,,pbs,,,,,,misread,2025-02-01T00:00:00Z"),
            "facts.json": """
                {"facts": [{"facility": "cecot", "attribute": "population", "value": 7,
                            "asOf": "2025-01-01", "status": "retracted", "sources": ["pbs"]}]}
                """,
        ])
        let store = try storeWithCECOT()

        // When they are imported together, and the exported form alone
        let lines = problems(["facts.csv", "facts.json"], from: input, into: store)

        // Then the bare status is refused with what to do, at the status cell and key
        #expect(lines == [
            "facts.csv:2:36: status 'retracted' is not imported: a retraction needs its reason and time; give the status the fact had (reported, verified or disputed) and fill retraction_reason and retracted_at",
            "facts.json:2:45: A new fact cannot have the status retracted; give reported, verified or disputed, and record the retraction with its reason separately",
        ])
        let exported = try folder(["facts.csv": csv(
            factsHeader,
            "2,cecot,,,population,6,,2025-01-01,verified,,pbs,,,,,,misread,2025-02-01T00:00:00Z")])
        try importFiles(["facts.csv"], from: exported, into: store)
        let fact = try #require(try store.facts(FactQuery(history: true)).first)
        #expect(fact.status == .verified)
        #expect(fact.retraction == Fact.Retraction(reason: "misread", retractedAt: "2025-02-01T00:00:00Z"))
    }

    @Test("sources that cite each other, or one further down, in one import are linked, not missing")
    func citationsWithinOneImport() throws {
        // Given a sources table where a cites b and b cites a (a report and its update), and
        //   c cites d, which comes later; and a document whose source cites one in the table
        let folder = try folder([
            "sources.csv": csv(
                sourcesHeader,
                "a,,A,P,,,,,,,b,,",
                "b,,B,P,,,,,,,a,,",
                "c,,C,P,,,,,,,d;pbs,,",
                "d,,D,P,,,,,,,,,"),
            "more.json": """
                {"sources": [{"id": "e", "title": "E", "publisher": "P", "cites": ["a", "c"]}]}
                """,
        ])
        let store = try storeWithCECOT()

        // When they are imported, and then again
        let report = try importFiles(["more.json", "sources.csv"], from: folder, into: store)
        let again = try importFiles(["more.json", "sources.csv"], from: folder, into: store)

        // Then every citation is stored both ways, and the second import changes nothing
        #expect(report.summary.added == ["source": 5])
        #expect(try store.source(id: "a")?.cites == ["b"])
        #expect(try store.source(id: "b")?.cites == ["a"])
        #expect(try store.source(id: "c")?.cites == ["d", "pbs"])
        #expect(try store.source(id: "e")?.cites == ["a", "c"])
        #expect(again.summary.added.isEmpty && again.summary.updated.isEmpty)
        #expect(again.summary.unchanged == ["source": 5])
    }

    @Test("a citation of a source that is nowhere is still reported, once")
    func missingCitationStillReported() throws {
        // Given a and b citing each other, and b also citing a source that does not exist
        let folder = try folder([
            "sources.csv": csv(sourcesHeader, "a,,A,P,,,,,,,b,,", "b,,B,P,,,,,,,a;ghost,,")
        ])
        let store = try storeWithCECOT()

        // When they are imported
        let lines = problems(["sources.csv"], from: folder, into: store)

        // Then only the missing source is reported, and nothing is written
        #expect(lines == [
            "sources.csv:3:14: source 'b' cites 'ghost', which is neither in the database nor in this import; import that source too, or remove it from cites"
        ])
        #expect(try store.source(id: "a") == nil)
    }

    @Test("a device, a named pipe or a folder is not a file to import, and says so")
    func notRegularFiles() throws {
        // Given a folder holding a named pipe and an empty JSON file
        let folder = try folder(["empty.json": ""])
        let pipe = folder.appendingPathComponent("pipe.csv")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        let store = try storeWithCECOT()

        // When /dev/null, the pipe, the folder and the empty file are imported
        // Then each says what it is, without blaming permissions (and the pipe is not read,
        //   which would block)
        #expect(throws: ImportError.notRegularFile(path: "/dev/null", kind: .device)) {
            try importFiles(["/dev/null"], from: folder, into: store)
        }
        #expect(throws: ImportError.notRegularFile(path: "pipe.csv", kind: .pipe)) {
            try importFiles(["pipe.csv"], from: folder, into: store)
        }
        #expect(throws: ImportError.notRegularFile(path: folder.path, kind: .folder)) {
            try importFiles([folder.path], from: folder, into: store)
        }
        #expect(problems(["empty.json"], from: folder, into: store) == [
            "empty.json:1:1: the file is empty; a dataset document is one JSON object"
        ])
        let message = ImportError.notRegularFile(path: "/dev/null", kind: .device).errorDescription ?? ""
        #expect(message == "'/dev/null' is a device, not a regular file; name a CSV or JSON file (save piped data to a file first).")
        #expect(!message.contains("permission"))
    }
}
