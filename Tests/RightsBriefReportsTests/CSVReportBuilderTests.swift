import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefImport
import RightsBriefStore
import TestSupport
import Testing

/// Awkward values for every text column: non-ASCII, commas, quotes, newlines, and every
/// formula trigger.
private enum Awkward {
    static let facilityName = "Centro Penal de Máxima Seguridad, \"Zacatraz\"\nBloque 漢字"
    static let region = "=HYPERLINK(\"http://evil.example\",\"click\")"
    static let authority = "@SUM(A1:A9)"
    static let sourceTitle = "+1 and a, comma"
    static let publisher = "-1+2"
    static let author = "\tTabbed author"
    static let text = "Línea 1\r\nLínea 2, \"quoted\"; semi"
    static let otherTitle = "\rCarriage-return title"
    static let otherPublisher = "Éditions ; point-virgule"
    static let hyperlinkQuote = "=HYPERLINK(\"http://evil.example\",\"click\")"
    static let multilineQuote = "Multi\nline, with \"quotes\"\r\nand CRLF"
    static let crQuote = "\r=1+1"
    static let eventTitle = "@SUM(1+1) «transfer»"
    static let eventDescription = "line 1\nline 2, \"two\""
    static let longitude = -89.2182
    static let latitude = 13.6929
}

/// A store whose every exported text column holds something awkward.
private func awkwardStore() throws -> FactStore {
    let store = try makeTestStore()
    try store.addFacility(
        Facility(
            id: "sv-max", name: Awkward.facilityName, country: "SV", region: Awkward.region,
            kind: .prison,
            authority: Awkward.authority, openedOn: day("2023-01-31"), latitude: Awkward.latitude,
            longitude: Awkward.longitude))
    try store.addSource(
        Source(
            id: "s-1", url: "https://example.org/a?b=1,2", title: Awkward.sourceTitle,
            publisher: Awkward.publisher,
            author: Awkward.author, publishedOn: day("2025-02-01"),
            retrievedAt: "2025-02-02T10:00:00Z",
            kind: .news, language: "es", text: Awkward.text))
    try store.addSource(
        Source(
            id: "s-2", url: nil, title: Awkward.otherTitle, publisher: Awkward.otherPublisher,
            kind: .ngoReport,
            cites: ["s-1"]))
    try store.addFact(
        Fact(
            facilityId: "sv-max", attribute: .population, value: .number(1_234),
            asOf: day("2025-02-01"),
            quote: Awkward.hyperlinkQuote, sourceIds: ["s-1", "s-2"]))
    try store.addFact(
        Fact(
            facilityId: "sv-max", attribute: .floorAreaM2, value: .number(12.5),
            asOf: day("2025-02-01"),
            quote: Awkward.multilineQuote, sourceIds: ["s-2"]))
    let wrong = try store.addFact(
        Fact(
            facilityId: "sv-max", attribute: .sanitation, value: .level(.inadequate),
            asOf: day("2025-02-01"),
            quote: Awkward.crQuote, sourceIds: ["s-1"]))
    try store.retractFact(id: wrong, reason: "-wrong facility, see \"s-2\"")
    try store.addEvent(
        Event(
            id: "ev-1", date: day("2025-02-03"), title: Awkward.eventTitle,
            description: Awkward.eventDescription,
            facilityIds: ["sv-max"], sourceIds: ["s-2", "s-1"]))
    return store
}

private func awkwardTables() throws -> ExportTables {
    ExportTables(try BriefingFixtures.model(try awkwardStore()))
}

/// What a CSV reader must give back for a cell (the text as exported, before any `'`).
private func plain(_ cell: ExportCell) -> String {
    switch cell {
    case .text(let text), .url(let text): text
    case .boolean(let value): value ? "yes" : "no"
    case .number(let number): CSVEncoding.numberField(number)
    case .date(let day): day.description
    case .empty: ""
    }
}

/// The raw CSV field a cell becomes (with the neutralising `'`, unquoted).
private func raw(_ cell: ExportCell) -> String {
    switch cell {
    case .text(let text), .url(let text): CSVEncoding.neutralise(text)
    default: plain(cell)
    }
}

/// Reads CSV text with the project's reader.
private func readCSV(_ text: String) throws -> [[String]] {
    var reader = try CSVReader(data: Data(text.utf8))
    return try reader.readAll().map(\.fields)
}

@Suite("CSVReportBuilder: RFC 4180, CRLF, BOM, formula neutralising, round trips")
struct CSVReportBuilderTests {

    @Test(
        "every column round-trips through CSVReader: non-ASCII, commas, quotes, newlines"
    )
    func roundTripThroughCSVReader() throws {
        // Given tables full of awkward text
        let tables = try awkwardTables()

        for table in tables.all {
            // When each is written as CSV and read back with the importer's reader
            let records = try readCSV(CSVReportBuilder().string(table))

            // Then the header and every cell come back, once the ' is taken off text cells
            #expect(records.first == table.columns.map(\.name))
            let expected = try exportRows(table)
            #expect(records.count == expected.count + 1, "\(table.name)")
            for (record, row) in zip(records.dropFirst(), expected) {
                #expect(record == row.map(raw), "\(table.name)")
                #expect(record.map(CSVEncoding.unneutralise) == row.map(plain), "\(table.name)")
            }
        }
    }

    @Test("the values read back are the ones the store holds")
    func roundTripAgainstStore() throws {
        // Given the awkward store
        let store = try awkwardStore()
        let tables = ExportTables(try BriefingFixtures.model(store))

        // When the facilities, sources, facts and events tables are read back
        func read(_ table: ExportTable) throws -> [[String: String]] {
            let records = try readCSV(CSVReportBuilder().string(table))
            let header = records[0]
            return records.dropFirst().map { record in
                Dictionary(uniqueKeysWithValues: zip(header, record.map(CSVEncoding.unneutralise)))
            }
        }
        let facility = try #require(try read(tables.facilities).first)
        let sources = try read(tables.sources)
        let facts = try read(tables.facts)
        let event = try #require(try read(tables.events).first)
        let stored = try #require(try store.facility(id: "sv-max"))
        let s1 = try #require(try store.source(id: "s-1"))

        // Then every field equals the stored value
        #expect(facility["name"] == stored.name)
        #expect(facility["region"] == stored.region)
        #expect(facility["authority"] == stored.authority)
        #expect(facility["opened_on"] == "2023-01-31")
        #expect(facility["latitude"].flatMap(Double.init) == stored.latitude)
        #expect(facility["longitude"].flatMap(Double.init) == stored.longitude)
        #expect(sources.map { $0["id"] } == ["s-1", "s-2"])
        #expect(sources[0]["url"] == s1.url)
        #expect(sources[0]["title"] == s1.title)
        #expect(sources[0]["publisher"] == s1.publisher)
        #expect(sources[0]["author"] == s1.author)
        #expect(sources[0]["text"] == s1.text)
        #expect(sources[0]["text_sha256"] == s1.textSHA256)
        #expect(sources[0]["retrieved_at"] == "2025-02-02T10:00:00Z")
        #expect(sources[1]["title"] == Awkward.otherTitle)
        #expect(sources[1]["publisher"] == Awkward.otherPublisher)
        #expect(sources[1]["cites"] == "s-1")
        let storedFacts = try store.facts(FactQuery(history: true)).sorted { $0.id! < $1.id! }
        #expect(facts.count == storedFacts.count)
        for (row, fact) in zip(facts, storedFacts) {
            #expect(row["fact_id"] == String(fact.id!))
            #expect(row["facility_name"] == stored.name)
            #expect(row["value"] == fact.value.description)
            #expect(row["quote"] == fact.quote)
            #expect(row["source_ids"] == fact.sourceIds.joined(separator: ";"))
        }
        #expect(facts[2]["retraction_reason"] == "-wrong facility, see \"s-2\"")
        #expect(facts[2]["standing"] == "no")
        #expect(event["title"] == Awkward.eventTitle)
        #expect(event["description"] == Awkward.eventDescription)
        #expect(event["source_ids"] == "s-1;s-2")
    }

    @Test("text that starts a formula gets a leading ' while a negative number stays a number")
    func formulaNeutralising() throws {
        // Given the awkward tables
        let tables = try awkwardTables()

        // When they are written and read back without removing anything
        let facility = try readCSV(CSVReportBuilder().string(tables.facilities))[1]
        let source = try readCSV(CSVReportBuilder().string(tables.sources))[1]
        let otherSource = try readCSV(CSVReportBuilder().string(tables.sources))[2]
        let facts = try readCSV(CSVReportBuilder().string(tables.facts))
        let event = try readCSV(CSVReportBuilder().string(tables.events))[1]
        let factsCSV = CSVReportBuilder().string(tables.facts)

        // Then each trigger (=, +, -, @, tab, CR) is neutralised with '
        #expect(facility[3] == "'" + Awkward.region)
        #expect(facility[5] == "'" + Awkward.authority)
        #expect(source[2] == "'" + Awkward.sourceTitle)
        #expect(source[3] == "'" + Awkward.publisher)
        #expect(source[4] == "'" + Awkward.author)
        #expect(otherSource[2] == "'" + Awkward.otherTitle)
        #expect(facts[1][13] == "'" + Awkward.hyperlinkQuote)
        #expect(facts[3][13] == "'" + Awkward.crQuote)
        #expect(facts[3][16] == "'-wrong facility, see \"s-2\"")
        #expect(event[2] == "'" + Awkward.eventTitle)
        // And the raw CSV writes the HYPERLINK quote as one quoted, neutralised field
        #expect(factsCSV.contains(#","'=HYPERLINK(""http://evil.example"",""click"")","#))
        // And the negative longitude is a plain number
        #expect(facility[8] == "-89.2182")
        #expect(facility[7] == "13.6929")
        // And text that does not start a formula is untouched
        #expect(facts[2][13] == Awkward.multilineQuote)
        #expect(facts[1][5] == "1234")
        #expect(facts[2][5] == "12.5")
    }

    @Test("lines end with CRLF, and a BOM is written only when asked for")
    func lineEndsAndBOM() throws {
        // Given the rich fixture's facts table, which has no line breaks inside values
        let table = ExportTables(try BriefingFixtures.model(try BriefingFixtures.richStore())).facts

        // When it is written with and without a BOM
        let plainBytes = Array(CSVReportBuilder().string(table).utf8)
        var bomBytes: [UInt8] = []
        try CSVReportBuilder(byteOrderMark: true).write(table) { bomBytes.append(contentsOf: $0) }

        // Then every line ends in CRLF: as many CRLFs as LFs, one per row plus the header
        let lf = plainBytes.filter { $0 == 0x0A }.count
        let crlf = zip(plainBytes, plainBytes.dropFirst()).filter { $0 == 0x0D && $1 == 0x0A }.count
        #expect(lf == table.rowCount + 1)
        #expect(crlf == lf)
        #expect(plainBytes.suffix(2) == [0x0D, 0x0A])
        // And only the BOM version starts with EF BB BF, followed by the same bytes
        #expect(plainBytes.prefix(3) != [0xEF, 0xBB, 0xBF])
        #expect(bomBytes.prefix(3) == [0xEF, 0xBB, 0xBF])
        #expect(Array(bomBytes.dropFirst(3)) == plainBytes)
        #expect(
            String(decoding: plainBytes, as: UTF8.self).hasPrefix(
                "fact_id,facility_id,facility_name,country,"))
    }

    @Test("writeFolder writes the five tables; Python's csv module reads back exactly the values")
    func pythonReadsFolder() throws {
        // Given the awkward tables, written as a folder with a BOM
        let tables = try awkwardTables()
        let parent = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("csv")
        try CSVReportBuilder(byteOrderMark: true).writeFolder(tables, to: folder)

        // When Python's csv module reads every file (utf-8-sig drops the BOM)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .filter { $0 != OutputManifest.fileName }
        #expect(
            files == ["events.csv", "facilities.csv", "facts.csv", "overview.csv", "sources.csv", "summary.csv"])
        for file in files {
            #expect(
                fileBytes(folder.appendingPathComponent(file)).prefix(3)
                    == Data([0xEF, 0xBB, 0xBF]), "\(file)")
        }
        let script = """
            import csv, json, os, sys
            out = {}
            for name in sys.argv[2:]:
                path = os.path.join(sys.argv[1], name + ".csv")
                with open(path, newline="", encoding="utf-8-sig") as f:
                    out[name] = list(csv.reader(f))
            sys.stdout.write(json.dumps(out))
            """
        let result = try runProcess(
            "/usr/bin/env", ["python3", "-c", script, folder.path] + ExportTables.names)
        try #require(result.status == 0, "python3 failed: \(result.stderr)")
        let parsed = try JSONDecoder().decode(
            [String: [[String]]].self, from: Data(result.stdout.utf8))

        // Then every table, header and cell is what the store holds (plus the ' on formulas)
        for table in tables.all {
            let got = try #require(parsed[table.name])
            #expect(got.first == table.columns.map(\.name), "\(table.name)")
            let want = try exportRows(table).map { $0.map(raw) }
            #expect(Array(got.dropFirst()) == want, "\(table.name)")
        }
        let facility = try #require(parsed["facilities"]?[1])
        #expect(facility[1] == Awkward.facilityName)
        #expect(facility[3] == "'" + Awkward.region)
        #expect(facility[8] == "-89.2182")
        let quotes = try #require(parsed["facts"]).dropFirst().map { $0[13] }
        #expect(
            quotes == ["'" + Awkward.hyperlinkQuote, Awkward.multilineQuote, "'" + Awkward.crQuote])
    }

    @Test("writeFolder replaces a folder it wrote whole and leaves nothing beside it")
    func writeFolderReplaces() throws {
        // Given an output folder written by an earlier export, holding an old table
        let parent = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("out")
        try AtomicFolder.write(to: folder) { try Data("old".utf8).write(to: $0.appendingPathComponent("stale.csv")) }

        // When the tables are written over it
        let tables = ExportTables(try BriefingFixtures.model(try BriefingFixtures.richStore()))
        try CSVReportBuilder().writeFolder(tables, to: folder)

        // Then the folder holds exactly the five new files and their list, and the parent
        // nothing else
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            files == [
                ".rightsbrief-output", "events.csv", "facilities.csv", "facts.csv", "overview.csv", "sources.csv", "summary.csv",
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["out"])
        #expect(
            String(decoding: fileBytes(folder.appendingPathComponent("facts.csv")), as: UTF8.self)
                == CSVReportBuilder().string(tables.facts))
    }

    @Test("writeFolder refuses a folder it did not write and leaves it as it was")
    func writeFolderRefusesForeign() throws {
        // Given someone's folder with a file in it
        let parent = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.csv"))

        // When the tables are written there
        let tables = ExportTables(try BriefingFixtures.model(try BriefingFixtures.richStore()))
        #expect(throws: ReportError.self) { try CSVReportBuilder().writeFolder(tables, to: folder) }

        // Then the folder is untouched and nothing is left beside it
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.csv"])
        #expect(fileBytes(folder.appendingPathComponent("notes.csv")) == Data("mine".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["out"])
    }

    @Test("writeFolder into a missing parent folder fails naming the path and creates nothing")
    func writeFolderMissingParent() throws {
        // Given a parent folder that does not exist
        let parent = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("missing/out")

        // When the tables are written there
        let tables = ExportTables(try BriefingFixtures.model(try BriefingFixtures.richStore()))
        let error = #expect(throws: ReportError.self) {
            try CSVReportBuilder().writeFolder(tables, to: target)
        }

        // Then the error names the target, and nothing was created
        guard case .outputNotWritable(let path, _) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(path == target.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test("a large table is written in chunks of about 1 MiB that add up to the whole")
    func chunkedWrite() throws {
        // Given a 40,000-row table of about 4 MB
        let text = String(repeating: "x", count: 90)
        let table = ExportTable(
            name: "big", sheetName: "Big", columns: [ExportColumn("n"), ExportColumn("text")],
            rowCount: 40_000
        ) { index in [.number(Double(index)), .text(text)] }

        // When it is written to a sink
        var chunks: [Data] = []
        try CSVReportBuilder().write(table) { chunks.append($0) }

        // Then it arrives in several chunks, none much over 1 MiB, in order
        #expect(chunks.count >= 3)
        #expect(chunks.allSatisfy { $0.count <= (1 << 20) + 200 })
        let whole = chunks.reduce(into: Data()) { $0.append($1) }
        #expect(whole == Data(CSVReportBuilder().string(table).utf8))
        #expect(
            whole.count == "n,text\r\n".utf8.count
                + (0..<40_000).reduce(0) { $0 + String($1).utf8.count + 93 })
    }

    @Test("a sink that fails stops the write and its error comes out")
    func sinkFailure() throws {
        // Given a table and a sink that refuses its first chunk
        struct Full: Error {}
        let table = ExportTables(try BriefingFixtures.model(try BriefingFixtures.richStore())).facts

        // When it is written
        // Then the sink's error is thrown
        #expect(throws: Full.self) { try CSVReportBuilder().write(table) { _ in throw Full() } }
    }
}
