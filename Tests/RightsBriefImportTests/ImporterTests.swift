import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// A small evidence set written as `export csv` would write it.
private let facilitiesCSV = csv(
    facilitiesHeader,
    "cecot,Terrorism Confinement Center (CECOT),SV,San Vicente,prison,Government of El Salvador,2023-01-31,13.5,-88.9",
    "izalco,\"Izalco Prison, Sonsonate\",SV,,prison,,,,")
private let sourcesCSV = csv(
    sourcesHeader,
    "pbs,https://www.pbs.org/newshour/example,Inside CECOT,PBS,,2025-02-10,2025-02-11T08:00:00Z,news,en,public,,,",
    "bnd,,\"El Salvador offers to jail \"\"violent\"\" US citizens\",Black News Daily,,,,news,en,restricted,pbs,,")
private let factsCSV = csv(
    factsHeader,
    "1,cecot,CECOT,SV,design_capacity,40000,persons,2025-02-03,reported,public,bnd,t,,,,yes,,",
    "2,cecot,CECOT,SV,population,12000,persons,2025-02-03,reported,public,pbs,t,,,,no,,",
    "3,cecot,CECOT,SV,sanitation,absent,level,2025-02-03,reported,public,pbs;bnd,t,,\"'=HYPERLINK(\"\"http://x\"\")\",,yes,,",
    "4,cecot,CECOT,SV,population,15000,persons,2025-02-10,verified,restricted,pbs,t,,'-x,2,yes,,",
    "5,izalco,Izalco,SV,population,100,persons,2025-01-01,reported,public,pbs,t,,,,no,typo in the source,2025-02-12T09:30:00.250Z")
private let eventsCSV = csv(
    eventsHeader,
    "us-sv-deal,2025-02-03,Agreement announced,\"Announced by Rubio, after a meeting\",public,cecot,bnd;pbs")

private let tables = [
    "facilities.csv": facilitiesCSV, "sources.csv": sourcesCSV, "facts.csv": factsCSV, "events.csv": eventsCSV,
]
private let tableNames = ["facts.csv", "events.csv", "sources.csv", "facilities.csv"]

@Suite("Importer")
struct ImporterTests {

    // MARK: - Exported tables

    @Test("exported tables load into an empty store, whatever order the files are named in", arguments: StoreBackend.testable)
    func tablesLoad(_ backend: StoreBackend) async throws { try await backend.withStore { store in
        // Given the four tables of an export and an empty store
        let folder = try folder(tables)

        // When they are imported, facts first
        let report = try await importFiles(tableNames, from: folder, into: store)

        // Then everything is there, with the formula guard removed and the links restored
        #expect(report.summary.added == ["facility": 2, "source": 2, "fact": 5, "event": 1, "retraction": 1])
        #expect(report.files.map(\.kind) == ["facts table", "events table", "sources table", "facilities table"])
        let evidence = try await store.read { try $0.evidence(Selection()) }
        let cecot = try #require(evidence.facilities.first { $0.id == "cecot" })
        #expect(cecot == Facility(
            id: "cecot", name: "Terrorism Confinement Center (CECOT)", country: "SV", region: "San Vicente",
            kind: .prison, authority: "Government of El Salvador", openedOn: day("2023-01-31"), latitude: 13.5,
            longitude: -88.9))
        #expect(evidence.facilities.first { $0.id == "izalco" }?.name == "Izalco Prison, Sonsonate")
        let bnd = try #require(evidence.sources.first { $0.id == "bnd" })
        #expect(bnd.title == "El Salvador offers to jail \"violent\" US citizens")
        #expect(bnd.cites == ["pbs"])
        #expect(bnd.sensitivity == .restricted)
        let facts = evidence.facts
        let sanitation = try #require(facts.first { $0.attribute == .sanitation })
        #expect(sanitation.quote == "=HYPERLINK(\"http://x\")")
        #expect(sanitation.sourceIds == ["pbs", "bnd"])
        let correction = try #require(facts.first { $0.value == .number(15000) })
        let original = try #require(facts.first { $0.value == .number(12000) })
        #expect(correction.supersedes == original.id)
        #expect(correction.quote == "-x")
        #expect(correction.status == .verified)
        let retracted = try #require(facts.first { $0.facilityId == "izalco" })
        #expect(retracted.retraction == Fact.Retraction(reason: "typo in the source", retractedAt: "2025-02-12T09:30:00.250Z"))
        let event = try #require(evidence.events.first)
        #expect(event.description == "Announced by Rubio, after a meeting")
        #expect(event.sourceIds == ["bnd", "pbs"])
    } }

    @Test("importing the same files again changes nothing", arguments: StoreBackend.testable)
    func idempotent(_ backend: StoreBackend) async throws { try await backend.withStore { store in
        // Given a store that has imported the tables once
        let folder = try folder(tables)
        try await importFiles(tableNames, from: folder, into: store)
        let before = try await store.dump()

        // When they are imported again
        let again = try await importFiles(tableNames, from: folder, into: store)

        // Then nothing is added or updated, and the database is the same
        #expect(again.summary.added.isEmpty)
        #expect(again.summary.updated.isEmpty)
        #expect(again.summary.unchanged == ["facility": 2, "source": 2, "fact": 5, "event": 1])
        let after = try await store.dump()
        #expect(after == before)
    } }

    @Test("a changed facility row updates the facility with that id (a new region only when asked)")
    func updatesById() throws {
        // Given a store with the tables imported
        let store = try makeTestStore()
        try importFiles(tableNames, from: try folder(tables), into: store)

        // When a facilities table with a new region for cecot is imported
        let changed = try folder([
            "facilities.csv": csv(facilitiesHeader, "cecot,Terrorism Confinement Center (CECOT),SV,Tecoluca,prison,,,,")
        ])
        let refused = problems(["facilities.csv"], from: changed, into: store)
        let report = try importFiles(["facilities.csv"], from: changed, into: store, updateFacilities: true)

        // Then the region change is refused unless asked for; then cecot is updated (an empty
        // cell clears the field), not duplicated, and the changed fields are listed
        #expect(refused == [
            "facilities.csv:2:47: facility 'cecot' is stored with region 'San Vicente', and this row would change it to 'Tecoluca'; an import does not move a stored facility unless asked (a row shifted by one column would do it silently), so check the row"
        ])
        #expect(report.summary.updated == ["facility": 1])
        #expect(report.changes.map(\.description) == [
            "cecot: region San Vicente → Tecoluca; authority Government of El Salvador → (none); opened_on 2023-01-31 → (none); latitude 13.5 → (none); longitude -88.9 → (none)"
        ])
        let facilities = try store.facilities(Selection())
        #expect(facilities.count == 2)
        #expect(facilities.first { $0.id == "cecot" }?.region == "Tecoluca")
        #expect(facilities.first { $0.id == "cecot" }?.authority == nil)
    }

    @Test("a summary or overview table is skipped with a note, not an error")
    func summarySkipped() throws {
        // Given the summary table of an export
        let header =
            "facility_id,facility_name,country,region,design_capacity,population,occupancy_percent,sanitation,potable_water,temperature_control,ventilation,standards_falling_short,disputed,source_ids"
        let folder = try folder([
            "summary.csv": csv(header, "cecot,CECOT,SV,,40000,,,absent,,,,,,bnd"),
            "overview.csv": csv("section,item,measure,value,source_ids", "facilities,all,facilities,1,"),
        ])
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles(["summary.csv", "overview.csv"], from: folder, into: store)

        // Then nothing is imported and a note says why, for the overview table too
        #expect(report.summary == LoadSummary())
        #expect(report.notes.map(\.description) == [
            "summary.csv:1:1: skipped: a summary table is computed from the facts, so there is nothing in it to import",
            "overview.csv:1:1: skipped: an overview table is computed from the facts, so there is nothing in it to import",
        ])
    }

    @Test("a fact that supersedes one the export left out is imported without the link, with a note")
    func danglingSupersedes() throws {
        // Given a facts table whose fact 9 supersedes fact 7, which is not in the file
        let folder = try folder([
            "facilities.csv": facilitiesCSV, "sources.csv": sourcesCSV,
            "facts.csv": csv(factsHeader, "9,cecot,CECOT,SV,population,15000,persons,2025-02-10,reported,public,pbs,t,,,7,yes,,"),
        ])
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles(["facilities.csv", "sources.csv", "facts.csv"], from: folder, into: store)

        // Then the fact is there without a supersedes link, and a note names the cell
        let fact = try #require(try store.evidence(Selection()).facts.first)
        #expect(fact.supersedes == nil)
        #expect(report.notes.map(\.description) == [
            "facts.csv:2:78: 1 fact supersedes fact_id 7, which is not in this file (an export leaves out what its audience may not see); imported without that link"
        ])
    }

    @Test("a correction may come before the fact it corrects", arguments: StoreBackend.testable)
    func supersedesForward(_ backend: StoreBackend) async throws { try await backend.withStore { store in
        // Given a facts table in which fact 2 (listed first) supersedes fact 1
        let folder = try folder([
            "facilities.csv": facilitiesCSV, "sources.csv": sourcesCSV,
            "facts.csv": csv(
                factsHeader,
                "2,cecot,CECOT,SV,population,15000,persons,2025-02-10,reported,public,pbs,t,,,1,yes,,",
                "1,cecot,CECOT,SV,population,12000,persons,2025-02-03,reported,public,pbs,t,,,,no,,"),
        ])

        // When it is imported
        try await importFiles(["facilities.csv", "sources.csv", "facts.csv"], from: folder, into: store)

        // Then the correction points at the original
        let facts = try await store.read { try $0.evidence(Selection()).facts }
        let original = try #require(facts.first { $0.value == .number(12000) })
        #expect(facts.first { $0.value == .number(15000) }?.supersedes == original.id)
    } }

    // MARK: - All or nothing

    @Test("an error on the last row of the last file leaves the database exactly as it was", arguments: StoreBackend.testable)
    func allOrNothing(_ backend: StoreBackend) async throws { try await backend.withStore { store in
        // Given a store with evidence, and 40 good fact rows followed by one bad one
        try await importFiles(tableNames, from: try folder(tables), into: store)
        let before = try await store.dump()
        var rows = [factsHeader]
        for index in 0..<40 {
            rows.append("\(100 + index),izalco,Izalco,SV,population,\(200 + index),persons,2025-03-01,reported,public,pbs,t,,,,yes,,")
        }
        rows.append("200,izalco,Izalco,SV,population,12.5,persons,2025-03-01,reported,public,pbs,t,,,,yes,,")
        let folder = try folder([
            "more-facilities.csv": csv(facilitiesHeader, "mariona,La Esperanza (Mariona),SV,,prison,,,,"),
            "more-facts.csv": rows.map { $0 + "\r\n" }.joined(),
        ])

        // When they are imported together
        let lines = await problems(["more-facilities.csv", "more-facts.csv"], from: folder, into: store)

        // Then the one problem is reported, and nothing at all was written
        #expect(lines == [
            "more-facts.csv:42:33: '12.5' is not a valid value for population: a count must be a whole number"
        ])
        let after = try await store.dump()
        #expect(after == before)
    } }

    @Test("a dry run reports the problems or the changes, and writes nothing", arguments: StoreBackend.testable)
    func dryRun(_ backend: StoreBackend) async throws { try await backend.withStore { store in
        // Given an empty store and the tables
        let before = try await store.dump()
        let folder = try folder(tables)

        // When they are imported as a dry run
        let report = try await importFiles(tableNames, from: folder, into: store, dryRun: true)

        // Then the report says what would be added, and the store is untouched
        #expect(report.dryRun)
        #expect(report.summary.added == ["facility": 2, "source": 2, "fact": 5, "event": 1, "retraction": 1])
        let after = try await store.dump()
        #expect(after == before)
    } }

    @Test("problems are listed as FILE:LINE:COLUMN, the first 20 and then a count")
    func problemLimit() throws {
        // Given a facts table with 25 rows naming an unknown attribute
        var rows = [factsHeader]
        for index in 0..<25 {
            rows.append("\(index),cecot,,,capacity,1,,2025-01-01,,,pbs,,,,,,,")
        }
        let folder = try folder(["facts.csv": rows.map { $0 + "\n" }.joined()])
        let store = try makeTestStore()

        // When it is imported
        do {
            try importFiles(["facts.csv"], from: folder, into: store)
            Issue.record("expected problems")
        } catch let error as ImportError {
            // Then 20 lines and a count are printed
            let lines = error.problemLines()
            #expect(lines.count == 21)
            #expect(lines[0].hasPrefix("facts.csv:2:11: 'capacity' is not a known attribute; use one of: design_capacity"))
            #expect(lines[19].hasPrefix("facts.csv:21:12: "))
            #expect(lines[20] == "… and 5 more problems")
            #expect(error.errorDescription == "The import found 25 problems and imported nothing; fix them and run it again.")
        }
    }

    // MARK: - Bad input, one class at a time

    @Test("a file that is not UTF-8 is refused with a hint, and read as Latin-1 when asked")
    func notUTF8() throws {
        // Given a facilities table saved as Latin-1 ("Café" with byte E9)
        let url = try makeTemporaryFolder("rightsbrief-import")
        let bytes = Data((facilitiesHeader + "\r\ncafe,Caf").utf8) + Data([0xE9]) + Data(",SV,,,,,,\r\n".utf8)
        try bytes.write(to: url.appendingPathComponent("facilities.csv"))
        let store = try makeTestStore()

        // When it is imported as UTF-8, then as Latin-1
        let lines = problems(["facilities.csv"], from: url, into: store)
        try importFiles(["facilities.csv"], from: url, into: store, encoding: .latin1)

        // Then UTF-8 is refused at the byte, and Latin-1 gives the right name
        #expect(lines == [
            "facilities.csv:2:9: the file is not UTF-8; re-save it as UTF-8"
        ])
        // (the remedy, naming the encoding, is the caller's to word: the CLI says --encoding)
        #expect(try store.facilities(Selection()).first?.name == "Café")
    }

    @Test("malformed CSV is reported where it goes wrong")
    func malformedCSV() throws {
        // Given a table with a ragged row, and another with a quote that is never closed
        let folder = try folder([
            "ragged.csv": csv("id,name,country", "cecot,CECOT,SV", "izalco,Izalco,SV,extra"),
            "open.csv": csv("id,name,country", "cecot,\"CECOT,SV"),
        ])
        let store = try makeTestStore()

        // When each is imported
        let ragged = problems(["ragged.csv"], from: folder, into: store)
        let open = problems(["open.csv"], from: folder, into: store)

        // Then each problem names its line and column
        #expect(ragged == ["ragged.csv:3:1: this record has 4 fields where the header has 3; check for an unquoted comma"])
        #expect(open == [
            "open.csv:2:7: this record has a quoted field that is never closed; add the closing quote (\") or double each quote inside the field (\"\")"
        ])
    }

    @Test("a CSV file with another header needs a mapping, and the message says what is close")
    func unrecognisedHeader() throws {
        // Given a foreign spreadsheet and a facilities table with one unknown column
        let folder = try folder([
            "prisons.csv": csv("Prison,Capacity", "Mariona,2000"),
            "facilities.csv": csv("id,name,country,colour", "cecot,CECOT,SV,grey"),
            "empty.csv": "",
        ])
        let store = try makeTestStore()

        // When they are imported without a mapping
        let lines = problems(["prisons.csv", "facilities.csv", "empty.csv"], from: folder, into: store)

        // Then each is refused before any row is read
        #expect(lines == [
            "prisons.csv:1:1: the header is not one that 'export csv' writes (facilities, facts, sources or events); to import another spreadsheet, describe it in a mapping file (see docs/import.md)",
            "facilities.csv:1:1: the header is not one that 'export csv' writes (facilities, facts, sources or events); as a facilities table it has unknown columns colour; to import another spreadsheet, describe it in a mapping file (see docs/import.md)",
            "empty.csv:1:1: the file is empty; a CSV file needs a header row",
        ])
    }

    @Test("a CSV file of blank lines has no header row; a file with nothing in it is empty")
    func blankLinesHaveNoHeader() throws {
        // Given a file of blank lines (LF, CRLF and a lone CR) and a file with no bytes at all
        let folder = try folder(["blank.csv": "\n\r\n\r", "empty.csv": ""])
        let store = try makeTestStore()

        // When they are imported
        let lines = problems(["blank.csv", "empty.csv"], from: folder, into: store)

        // Then each gets its own message, and nothing is written
        #expect(lines == [
            "blank.csv:1:1: the file has no header row, only blank lines; put the column names on its first line",
            "empty.csv:1:1: the file is empty; a CSV file needs a header row",
        ])
        #expect(try store.facilities(Selection()).isEmpty)
    }

    @Test("a missing file stops the import before anything is read", arguments: StoreBackend.testable)
    func missingFile(_ backend: StoreBackend) async throws { try await backend.withStore { store in
        // Given a folder with one table
        let folder = try folder(["facilities.csv": facilitiesCSV])

        // When a second, missing file is named
        // Then the error names it
        await #expect(throws: ImportError.missingFile(path: "nope.csv")) {
            try await importFiles(["facilities.csv", "nope.csv"], from: folder, into: store)
        }
        let read1 = try await store.read { try $0.facilities(Selection()) }
        #expect(read1.isEmpty)
    } }

    @Test("bad cells in an exported table are each reported at their cell, and nothing is written", arguments: StoreBackend.testable)
    func badCells(_ backend: StoreBackend) async throws { try await backend.withStore { store in
        // Given a store with the evidence, and a facts table with one mistake per row
        try await importFiles(tableNames, from: try folder(tables), into: store)
        let before = try await store.dump()
        let folder = try folder([
            "facts.csv": csv(
                factsHeader,
                "10,cecot,,,population,-5,,2025-01-01,,,pbs,,,,,,,",
                "11,cecot,,,population,5,,2025-02-30,,,pbs,,,,,,,",
                "12,nowhere,,,population,5,,2025-01-01,,,pbs,,,,,,,",
                "13,cecot,,,population,5,,2025-01-01,,,pbs;ghost,,,,,,,",
                "14,cecot,,,sanitation,poor,,2025-01-01,,,pbs,,,,,,,",
                "15,cecot,,,population,5,,2025-01-01,,secret,pbs,,,,,,,",
                "16,cecot,,,population,5,,2025-01-01,,,,,,,,,,",
                "17,cecot,,,population,5,,2025-01-01,,,pbs,,,,,,gone,",
                "18,Cecot,,,population,5,,2025-01-01,,,pbs,,,,,,,"),
            "facilities.csv": csv(facilitiesHeader, "ok,Fine,SV,,,,,,", "ok,Again,SV,,,,,,", "bad id,Bad,sv,,jail,,,,"),
        ])

        // When they are imported
        let lines = await problems(["facts.csv", "facilities.csv"], from: folder, into: store)

        // Then every mistake is named, in file and line order
        #expect(lines == [
            "facts.csv:2:23: '-5' is not a valid value for population: it must not be negative",
            "facts.csv:3:26: '2025-02-30' is not a date; write it as YYYY-MM-DD, for example 2025-02-03",
            "facts.csv:4:4: there is no facility 'nowhere' in the database or in this import; import it too (a facilities table, or the facility section of the mapping) or fix the id",
            "facts.csv:5:39: there is no source 'ghost' in the database or in this import; import it too (a sources table) or fix the id",
            "facts.csv:6:23: 'poor' is not a condition level; use one of: adequate, inadequate, absent, unknown",
            "facts.csv:7:38: 'secret' is not a sensitivity; use one of: public, restricted, confidential",
            "facts.csv:8:39: source_ids is empty; every fact needs at least one source",
            "facts.csv:9:53: retracted_at is empty but retraction_reason is set; give both or neither",
            "facts.csv:10:4: 'Cecot' is not a valid id; use 1 to 64 lowercase letters, digits and hyphens, starting with a letter or digit, for example 'cecot'",
            "facilities.csv:3:1: the facility 'ok' appears twice in this file (first on line 2); keep one row",
            "facilities.csv:4:1: 'bad id' is not a valid id; use 1 to 64 lowercase letters, digits and hyphens, starting with a letter or digit, for example 'cecot'",
            "facilities.csv:4:12: 'sv' is not an ISO 3166-1 alpha-2 country code; use two capital letters, for example SV",
            "facilities.csv:4:16: 'jail' is not a facility kind; use one of: prison, immigration-detention, police-cell, juvenile, other",
        ])
        let after = try await store.dump()
        #expect(after == before)
    } }

    @Test("broken references between sources, events and facilities are reported at the cell", arguments: StoreBackend.testable)
    func badReferences(_ backend: StoreBackend) async throws { try await backend.withStore { store in
        // Given sources whose hash does not match and that cite a missing source, and an
        // event naming a missing facility
        let folder = try folder([
            "sources.csv": csv(
                sourcesHeader,
                "a,,A,P,,,,,,,,0000000000000000000000000000000000000000000000000000000000000000,some text",
                "b,,B,P,,,,,,,missing,,"),
            "events.csv": csv(eventsHeader, "e,2025-01-01,E,,,nowhere,a"),
        ])
        let before = try await store.dump()

        // When they are imported
        let lines = await problems(["sources.csv", "events.csv"], from: folder, into: store)

        // Then each broken reference is named (the event's source 'a' is not reported again:
        // its own problem is above)
        #expect(lines == [
            "sources.csv:2:15: the text_sha256 of source 'a' does not match its text; the text was changed after it was captured — restore it, or clear the hash",
            "sources.csv:3:14: source 'b' cites 'missing', which is neither in the database nor in this import; import that source too, or remove it from cites",
            "events.csv:2:18: event 'e' names facility 'nowhere', which is neither in the database nor in this import; import that facility too, or remove it from the event",
        ])
        let after = try await store.dump()
        #expect(after == before)
    } }

    // MARK: - JSON dataset documents

    @Test("the bundled sample imports whole, and again changes nothing", arguments: StoreBackend.testable)
    func bundledSample(_ backend: StoreBackend) async throws { try await backend.withStore { imported in
        // Given the bundled CECOT document
        let sample = repositoryRoot.appendingPathComponent("data/sample")

        // When it is imported, twice
        let first = try await importFiles(["cecot.json"], from: sample, into: imported)
        let afterFirst = try await imported.read { try $0.evidence(Selection()) }
        let second = try await importFiles(["cecot.json"], from: sample, into: imported)

        // Then the store holds the document's records, and the second import changes nothing
        #expect(first.summary.added == ["facility": 1, "source": 4, "fact": 4, "event": 1])
        #expect(second.summary.added.isEmpty && second.summary.updated.isEmpty)
        let read2 = try await imported.read { try $0.evidence(Selection()) }
        #expect(read2 == afterFirst)
        #expect(afterFirst.facts.first { $0.attribute == .designCapacity }?.value == .number(40000))
    } }

    @Test("problems in a JSON document point at the line and column")
    func jsonProblems() throws {
        // Given a document with a misspelt section and bad values, and one that is not JSON
        let document = """
            {
              "format": "rightsbrief-dataset",
              "facilites": [],
              "facilities": [
                {"id": "cecot", "name": "CECOT", "country": "sv"},
                {"id": "izalco", "name": "Izalco", "country": "SV", "kind": "jail"},
                {"id": "mariona", "country": "SV"},
                {"id": "ok", "name": "OK", "country": "SV"}
              ],
              "sources": [{"id": "x", "title": "X", "publisher": "P"}],
              "facts": [
                {"id": 1, "facility": "ok", "attribute": "population", "value": 1.5, "asOf": "2025-01-01", "sources": ["x"]},
                {"facility": "ok", "attribute": "population", "value": 1, "asOf": "2025-01-01", "sources": ["x"], "supersedes": 9},
                {"facility": "ok", "attribute": "population", "value": 3, "asOf": "2025-02-30", "sources": ["x"]}
              ]
            }
            """
        let folder = try folder(["doc.json": document, "broken.json": "{\n  \"facilities\": [ {\"id\": \"x\",, } ]\n}\n"])
        let store = try makeTestStore()

        // When each is imported
        let lines = problems(["doc.json"], from: folder, into: store)
        let broken = problems(["broken.json"], from: folder, into: store)

        // Then each problem is at its place
        #expect(lines == [
            "doc.json:3:3: \"facilites\" is not a key of a dataset document; use format, version, facilities, sources, facts, events",
            "doc.json:5:49: 'sv' is not an ISO 3166-1 alpha-2 country code; use two capital letters, for example SV",
            "doc.json:6:65: 'jail' is not a facility kind; use one of: prison, immigration-detention, police-cell, juvenile, other",
            "doc.json:7:5: the facility lacks the key \"name\"",
            "doc.json:12:69: '1.5' is not a valid value for population: a count must be a whole number",
            "doc.json:13:117: supersedes 9, but no fact in this document has the id 9; give the id of a fact in the same document",
            "doc.json:14:71: '2025-02-30' is not a date; write it as YYYY-MM-DD, for example 2025-02-03",
        ])
        #expect(broken == ["broken.json:2:30: the document is not valid JSON: expected a key in double quotes"])
    }
}
