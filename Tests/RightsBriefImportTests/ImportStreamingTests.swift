import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// A CSV file is read in chunks, never whole: records, quoted line breaks, doubled quotes and
/// multi-byte characters that cross a chunk's end read exactly as from bytes in memory, and an
/// import read in many small chunks stores the same, reports every problem at its exact place,
/// writes nothing when the last row is bad, and is idempotent. (Memory itself is measured in
/// `bench/run`, not here.)
@Suite("Streaming import")
struct ImportStreamingTests {
    /// A deterministic CSV text with every kind of cell that could be cut at a chunk's end.
    private func awkwardCSV(rows: Int) -> String {
        var text = "\u{FEFF}id,name,note\r\n"
        let breaks = ["\n", "\r\n", "\r"]
        for row in 0..<rows {
            switch row % 7 {
            case 0: text += "\(row),plain \(row),x\r\n"
            case 1: text += "\(row),\"quoted, with comma\",\"two\(breaks[row % 3])lines\"\n"
            case 2: text += "\(row),\"say \"\"hi\"\"\",Grüße aus Köln €\r"
            case 3: text += "\r\n\(row),\"\",\"ends with line break\(breaks[row % 3])\"\r\n"
            case 4: text += "\(row),𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \(row),\"\"\"\"\n"
            case 5: text += "\(row),\"multi\r\nline\nthree\",\n\n"
            default: text += "\(row),tail,é\r\n"
            }
        }
        return text + "last,no final break,z"
    }

    private func write(_ text: String, _ name: String = "data.csv") throws -> URL {
        let url = try makeTemporaryFolder("rightsbrief-stream").appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("records read in chunks of any size equal the whole-file read", arguments: [4, 5, 7, 13, 64, 1000])
    func chunksEqualWhole(_ chunkSize: Int) throws {
        // Given a file with quoted line breaks, doubled quotes and multi-byte characters
        let text = awkwardCSV(rows: 400)
        let url = try write(text)
        var whole = try CSVReader(data: Data(text.utf8))
        let expected = try whole.readAll()

        // When it is read from the file in chunks much smaller than it
        var chunked = try CSVReader(contentsOf: url, chunkSize: chunkSize)
        let records = try chunked.readAll()

        // Then every record, line and column is the same
        #expect(records.count == expected.count)
        #expect(records == expected)
        #expect(chunked.contentByteCount == Data(text.utf8).count - 3)
    }

    @Test("errors found in chunks name the same line and column as in memory", arguments: [4, 9, 4096])
    func chunkedErrors(_ chunkSize: Int) throws {
        let body = awkwardCSV(rows: 60)
        let cases: [(String, Data)] = [
            ("bad UTF-8 late", Data(body.utf8) + Data([0x0A, 0x61, 0x2C, 0xC3, 0x28, 0x2C, 0x62])),
            ("cut sequence at the end", Data(body.utf8) + Data([0x0D, 0x61, 0x2C, 0xF0, 0x9F])),
            ("NUL after a CR", Data(body.utf8) + Data([0x0D, 0x00])),
            ("open quote", Data(body.utf8) + Data("\r\nx,\"never closed\nstill,open".utf8)),
            ("quote in a field", Data(body.utf8) + Data("\nx,ab\"c,d".utf8)),
        ]
        for (name, data) in cases {
            let url = try write("", "\(name).csv")
            try data.write(to: url)
            let expected = readAllError { () throws(CSVError) in var reader = try CSVReader(data: data); _ = try reader.readAll() }
            let found = readAllError { () throws(CSVError) in
                var reader = try CSVReader(contentsOf: url, chunkSize: chunkSize)
                _ = try reader.readAll()
            }
            #expect(expected != nil, "\(name)")
            #expect(found == expected, "\(name)")
        }
    }

    private func readAllError(_ body: () throws(CSVError) -> Void) -> CSVError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: Importing

    /// A store with `facilities` facilities `f0`… and the source `src`.
    private func store(facilities: Int) throws -> FactStore {
        let store = try makeTestStore()
        for index in 0..<facilities {
            try store.addFacility(Facility(id: "f\(index)", name: "Facility \(index)", country: "MX"))
        }
        try store.addSource(Source(id: "src", url: nil, title: "Register", publisher: "Office"))
        return store
    }

    /// An exported facts table of `rows` facts, every seventh with a quote holding line breaks.
    private func factsTable(rows: Int, lastValue: String? = nil) -> String {
        var lines = [factsHeader]
        for row in 0..<rows {
            let day = 1 + row % 28
            let month = 1 + (row / 28) % 12
            let year = 2000 + row / 336
            let value = row == rows - 1 ? (lastValue ?? "\(row)") : "\(row)"
            let quote = row % 7 == 0 ? "\"Line one\r\nline \"\"two\"\" \(row)\nthree\"" : ""
            lines.append(
                "\(row + 1),f\(row % 50),,,population,\(value),,"
                    + String(format: "%04d-%02d-%02d", year, month, day) + ",,,src,,,\(quote),,,,")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private func importFacts(
        _ name: String, from folder: URL, into store: FactStore, mapping: String? = nil, chunkSize: Int = 4096
    ) throws -> ImportReport {
        var request = ImportRequest(files: [name], mapping: mapping, directory: folder)
        request.chunkSize = chunkSize
        return try store.importEvidence(request)
    }

    @Test("a large facts table read in small chunks is stored whole, and again is all unchanged")
    func largeFactsTable() throws {
        // Given 20,000 facts (about 2 MB), read 4 KiB at a time
        let rows = 20_000
        let folder = try folder(["facts.csv": factsTable(rows: rows)])
        let store = try store(facilities: 50)

        // When it is imported, and imported again
        let first = try importFacts("facts.csv", from: folder, into: store)
        let second = try importFacts("facts.csv", from: folder, into: store)

        // Then every fact is stored once, quotes with line breaks intact, and the re-import adds nothing
        #expect(first.summary.added["fact"] == rows)
        #expect(second.summary.added["fact", default: 0] == 0)
        #expect(second.summary.unchanged["fact"] == rows)
        let evidence = try store.evidence(Selection())
        #expect(evidence.facts.count == rows)
        #expect(evidence.facts.contains { $0.quote == "Line one\r\nline \"two\" 7\nthree" })
    }

    @Test("a bad value in the last row of a large table is reported at its place and nothing is written")
    func lastRowFails() throws {
        // Given 20,000 facts whose last value is not a number
        let rows = 20_000
        let folder = try folder(["facts.csv": factsTable(rows: rows, lastValue: "many")])
        let store = try store(facilities: 50)

        // When it is imported in small chunks
        var lines: [String] = []
        do {
            _ = try importFacts("facts.csv", from: folder, into: store, chunkSize: 1000)
        } catch let error as ImportError {
            lines = error.problemLines(limit: 10)
        }

        // Then the one problem names its line and column (line breaks in quotes count), and no fact was stored
        let expectedLine = 1 + rows + 2 * ((rows - 1 + 6) / 7)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("facts.csv:\(expectedLine):") == true)
        #expect(try store.evidence(Selection()).facts.isEmpty)
    }

    // MARK: Mapped files

    private let longMap = """
        source:
          id: register
          title: Register
          publisher: Office
        facility:
          id: Code
          name: Name
          country: Country
        as_of: {column: Date, format: YYYY-MM-DD}
        facts:
          population: Population

        """

    /// A long-format file: one row per facility per date, facilities interleaved.
    private func longFile(rows: Int, facilities: Int, last: String? = nil) -> String {
        var lines = ["Code,Name,Country,Date,Population"]
        for row in 0..<rows {
            let facility = row % facilities
            let date = String(format: "%04d-%02d-%02d", 2000 + row / (facilities * 12), 1 + (row / facilities) % 12, 1)
            let name = facility % 5 == 0 ? "\"Centro \(facility),\nAnexo\"" : "Centro \(facility)"
            lines.append("c\(facility),\(name),MX,\(date),\(row == rows - 1 ? (last ?? "\(row)") : "\(row)")")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test("a large mapped file read in small chunks settles its facilities and stores every row's fact")
    func largeMappedFile() throws {
        // Given 12,000 rows about 40 facilities (names with line breaks), read 2 KiB at a time
        let rows = 12_000
        let folder = try folder(["long.csv": longFile(rows: rows, facilities: 40), "map.yml": longMap])
        let store = try makeTestStore()

        // When it is imported, and again
        let first = try importFacts("long.csv", from: folder, into: store, mapping: "map.yml", chunkSize: 2048)
        let second = try importFacts("long.csv", from: folder, into: store, mapping: "map.yml", chunkSize: 2048)

        // Then 40 facilities and 12,000 facts, each at its facility; the second import adds nothing
        #expect(first.summary.added["facility"] == 40)
        #expect(first.summary.added["fact"] == rows)
        #expect(second.summary.added["fact", default: 0] == 0)
        #expect(second.summary.unchanged["fact"] == rows)
        let evidence = try store.evidence(Selection())
        #expect(evidence.facilities.first { $0.id == "c5" }?.name == "Centro 5, Anexo")
        let c7 = evidence.facts.filter { $0.facilityId == "c7" }
        #expect(c7.count == rows / 40)
        #expect(c7.allSatisfy { Int($0.value.number ?? -1) % 40 == 7 })
    }

    @Test("a mapped file's problems are all reported at their cells after streaming, and nothing is written")
    func mappedProblems() throws {
        // Given a long file whose last row has a bad number, and one row far before that disagrees on a name
        let rows = 6_000
        var text = longFile(rows: rows, facilities: 30, last: "lots")
        text = text.replacingOccurrences(of: "c3,Centro 3,MX,2001-02-01", with: "c3,Centro Tres,MX,2001-02-01")
        let folder = try folder(["long.csv": text, "map.yml": longMap])
        let store = try makeTestStore()

        // When it is imported in small chunks
        var lines: [String] = []
        do {
            _ = try importFacts("long.csv", from: folder, into: store, mapping: "map.yml", chunkSize: 512)
        } catch let error as ImportError {
            lines = error.problemLines(limit: 10)
        }

        // Then both problems are listed at their line and column, and nothing is stored
        let lineOfLast = 2 + rows + rows / 30 * 6 - 1
        #expect(lines.count == 2)
        #expect(lines.first?.contains("makes the same facility id 'c3' with name 'Centro 3', this row says 'Centro Tres' (column Name)") == true)
        #expect(lines.last?.hasPrefix("long.csv:\(lineOfLast):") == true)
        #expect(lines.last?.contains("'lots'") == true)
        #expect(try store.evidence(Selection()).facilities.isEmpty)
    }

    @Test("a mapped file that changes between its two readings is a problem, and nothing is written")
    func mappedFileChanges() throws {
        // Given a long file of 9,000 rows (so that progress is reported while it is first read)
        let folder = try folder(["long.csv": longFile(rows: 9_000, facilities: 30), "map.yml": longMap])
        let store = try makeTestStore()
        let url = folder.appendingPathComponent("long.csv")

        // When a row is appended to it while the importer reads it the first time
        var request = ImportRequest(files: ["long.csv"], mapping: "map.yml", directory: folder)
        request.progress = { progress in
            guard progress.stage == "reading", let handle = try? FileHandle(forWritingTo: url) else { return }
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data("c1,Centro 1,MX,1990-01-01,1\r\n".utf8))
            try? handle.close()
        }
        var lines: [String] = []
        do {
            _ = try store.importEvidence(request)
        } catch let error as ImportError {
            lines = error.problemLines(limit: 10)
        }

        // Then the import stops with that problem instead of writing facts from a different file
        #expect(lines == ["long.csv:1:1: the file changed while it was being imported; import it again when nothing is writing to it"])
        #expect(try store.evidence(Selection()).facilities.isEmpty)
    }
}
