import Foundation
import Testing

import RightsBriefImport
import RightsBriefStore

/// Reads every record of a CSV text (UTF-8 unless told otherwise).
private func records(
    _ text: String, options: CSVReader.Options = CSVReader.Options()
) throws -> [CSVRecord] {
    var reader = try CSVReader(data: Data(text.utf8), options: options)
    return try reader.readAll()
}

/// The field arrays of every record of a CSV text.
private func rows(_ text: String) throws -> [[String]] {
    try records(text).map(\.fields)
}

/// The error that reading the whole of `data` throws, or nil.
private func readingError(_ data: Data, encoding: CSVReader.Encoding = .utf8) -> CSVError? {
    do {
        var reader = try CSVReader(data: data, encoding: encoding)
        _ = try reader.readAll()
        return nil
    } catch {
        return error
    }
}

/// The test target's Fixtures folder.
private func fixtures() throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
}

/// The csv-spectrum case names (file names without `.csv`).
private let spectrumCases = [
    "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines",
    "newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8",
]

@Suite("CSVReader")
struct CSVReaderTests {

    // MARK: csv-spectrum

    @Test("csv-spectrum case matches its JSON", arguments: spectrumCases)
    func spectrumCase(name: String) throws {
        // Given the case's CSV and the expected records (objects keyed by header)
        let folder = try fixtures().appendingPathComponent("csv-spectrum")
        let csv = try Data(contentsOf: folder.appendingPathComponent("csvs/\(name).csv"))
        let json = try Data(contentsOf: folder.appendingPathComponent("json/\(name).json"))
        let expected = try #require(
            try JSONSerialization.jsonObject(with: json) as? [[String: String]])

        // When the CSV is read
        var reader = try CSVReader(data: csv)
        let all = try reader.readAll()

        // Then the header names the fields and each record matches the expected object
        let header = try #require(all.first).fields
        let got = all.dropFirst().map { record in
            Dictionary(uniqueKeysWithValues: zip(header, record.fields))
        }
        #expect(got == expected)
        #expect(all.dropFirst().allSatisfy { $0.fields.count == header.count })
    }

    @Test("csv-spectrum location_coordinates: the upstream JSON is inconsistent, and the CSV is refused at its bare quote")
    func spectrumLocationCoordinates() throws {
        // Given the upstream pair. Its JSON is wrong in two ways, so we do not compare with it:
        //  1. it is a single object, not an array of objects like every other case;
        //  2. its phone number is "1234567890" while the CSV holds "2095257564".
        // The CSV itself is mojibake: the degree signs were replaced by U+FFFD (bytes EF BF BD)
        // before upstream committed it, and its coordinates hold `"` inside an unquoted field
        // (37.8"N), which RFC 4180 does not allow.
        let folder = try fixtures().appendingPathComponent("csv-spectrum")
        let csv = try Data(
            contentsOf: folder.appendingPathComponent("csvs/location_coordinates.csv"))
        let json = try Data(
            contentsOf: folder.appendingPathComponent("json/location_coordinates.json"))
        let upstream = try JSONSerialization.jsonObject(with: json)
        #expect(upstream is [String: String])
        #expect(!(upstream is [[String: String]]))
        let upstreamObject = try #require(upstream as? [String: String])
        #expect(upstreamObject["Contact Phone Number"] == "1234567890")

        // When the CSV is read
        var reader = try CSVReader(data: csv)
        let header = try reader.next()

        // Then the header comes, and the record is refused at the first bare quote: line 2,
        // column 22 (counting the U+FFFD as one character), after `37\u{FFFD}36'37.8`
        #expect(header?.fields == ["Contact Phone Number", "Location Coordinates", "Cities", "Counties"])
        #expect(throws: CSVError.quoteInUnquotedField(line: 2, column: 22)) {
            _ = try reader.next()
        }
        #expect(try reader.next() == nil)
    }

    // MARK: Line ends, BOM, whitespace

    @Test("a UTF-8 byte order mark at the start is skipped")
    func byteOrderMark() throws {
        // Given a file that starts with EF BB BF
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("id,name\n1,a\n".utf8)

        // When it is read
        var reader = try CSVReader(data: data)
        let all = try reader.readAll()

        // Then the first header is "id", starting at column 1
        #expect(all.map(\.fields) == [["id", "name"], ["1", "a"]])
        #expect(all[0].fieldColumns == [1, 4])
    }

    @Test("a byte order mark is only skipped at the very start")
    func byteOrderMarkInsideIsKept() throws {
        // Given a BOM inside a field
        let text = "a\n\u{FEFF}x\n"

        // When it is read
        let got = try rows(text)

        // Then it is kept as a character
        #expect(got == [["a"], ["\u{FEFF}x"]])
    }

    @Test("CRLF and LF files give the same records")
    func crlfAndLF() throws {
        // Given the same table with LF and with CRLF line ends (no multi-line fields)
        let lf = "a,b,c\n1,\"x, y\",3\n4,\"say \"\"hi\"\"\",6\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")

        // When both are read
        let fromLF = try records(lf)
        let fromCRLF = try records(crlf)

        // Then fields, lines and columns are identical
        #expect(fromLF == fromCRLF)
        #expect(fromLF.map(\.line) == [1, 2, 3])
        #expect(fromLF[2].fields == ["4", "say \"hi\"", "6"])
    }

    @Test("a lone CR inside quotes is kept; outside quotes it ends the record")
    func loneCarriageReturn() throws {
        // Given a quoted field holding a lone CR, and records ended by a lone CR
        let text = "a,b\r1,\"x\ry\"\r2,z"

        // When it is read
        let all = try records(text)

        // Then the CR inside quotes is in the value and each CR outside ends a line
        #expect(all.map(\.fields) == [["a", "b"], ["1", "x\ry"], ["2", "z"]])
        #expect(all.map(\.line) == [1, 2, 4])
    }

    @Test("a no-break space and ordinary spaces are kept; fields are not trimmed")
    func noBreakSpaceKept() throws {
        // Given fields with leading and trailing no-break spaces and spaces
        let text = "name,region\n\u{00A0}Mariona\u{00A0}, San Salvador \n"

        // When it is read
        let got = try rows(text)

        // Then they are unchanged
        #expect(got[1] == ["\u{00A0}Mariona\u{00A0}", " San Salvador "])
        #expect(got[1][0].unicodeScalars.first == "\u{00A0}")
    }

    @Test("the final line break is optional and blank lines are skipped")
    func finalLineBreakAndBlankLines() throws {
        // Given the same table without a final line break, with blank lines at the end,
        // and with a blank line in the middle
        let plain = "a,b\n1,2\n3,4"
        let trailing = "a,b\n1,2\n3,4\r\n\r\n\n"
        let middle = "a,b\n1,2\n\n3,4\n"

        // When each is read
        // Then the records are the same, and line numbers still count the blank line
        #expect(try rows(plain) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(try rows(trailing) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(try rows(middle) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(try records(middle).map(\.line) == [1, 2, 4])
    }

    @Test("empty input has no records; empty fields and a trailing comma are kept")
    func emptyThings() throws {
        // Given an empty file, and a table with empty fields
        let text = "a,b,c\n,,\n\"\",x,\n"

        // When they are read
        // Then the empty file gives nothing and empty fields are empty strings
        #expect(try rows("").isEmpty)
        #expect(try rows("\n\r\n").isEmpty)
        #expect(try rows(text) == [["a", "b", "c"], ["", "", ""], ["", "x", ""]])
    }

    @Test("a quote inside an unquoted field is refused at that quote (RFC 4180)")
    func bareQuoteIsRefused() throws {
        // Given the example from issue 11: quotes inside the middle field, which is not quoted
        let text = "x,y,z\na,This \"quotes\" must be escaped,c\n"

        // When it is read
        let error = readingError(Data(text.utf8))

        // Then the error points at the first quote: line 2, column 8, and says what to do
        #expect(error == .quoteInUnquotedField(line: 2, column: 8))
        #expect(error?.errorDescription
            == "has a quote inside a field that is not quoted; quote the whole field and double each quote inside it (\"\")")
        #expect(error?.description.hasPrefix("line 2, column 8: has a quote inside a field") == true)
    }

    @Test("a bare quote is placed by character, on a later line, after a multi-line field")
    func bareQuoteColumnAfterMultiLineField() throws {
        // Given a record whose first field spans two lines, then an inch mark after "né"
        let text = "who,height\n\"Ana\nMaría\",né 5'10\"\n"

        // When it is read
        // Then the quote is reported on line 3 at its character column (é counts as one)
        #expect(readingError(Data(text.utf8)) == .quoteInUnquotedField(line: 3, column: 15))
    }

    @Test("the same field quoted, with its quotes doubled, is read")
    func bareQuoteFixedIsRead() throws {
        // Given the refused example written as RFC 4180 asks
        let text = "x,y,z\na,\"This \"\"quotes\"\" must be escaped\",c\n"

        // When it is read
        // Then the field holds the quotes
        #expect(try rows(text)[1] == ["a", "This \"quotes\" must be escaped", "c"])
    }

    // MARK: Errors

    @Test("a ragged row is reported with its line, after a multi-line field")
    func raggedRow() throws {
        // Given a header of 3 fields, a record with a two-line field, then a 4-field record
        let text = "a,b,c\n1,\"two\nlines\",3\n4,5,6,7\n"

        // When it is read
        let error = readingError(Data(text.utf8))

        // Then the error names line 4 (the physical line) and both counts
        #expect(error == .raggedRow(line: 4, expected: 3, found: 4))
        #expect(error?.errorDescription
            == "has 4 fields where the header has 3; check for an unquoted comma")
    }

    @Test("a short row is reported too, and reading can go on after a ragged row")
    func shortRowAndRecovery() throws {
        // Given a record with too few fields followed by a good one
        var reader = try CSVReader(data: Data("a,b,c\n1,2\n3,4,5\n".utf8))
        #expect(try reader.next()?.fields == ["a", "b", "c"])

        // When the short record is read
        #expect(throws: CSVError.raggedRow(line: 2, expected: 3, found: 2)) {
            _ = try reader.next()
        }

        // Then the next record still comes
        #expect(try reader.next()?.fields == ["3", "4", "5"])
        #expect(try reader.next() == nil)
        let message = CSVError.raggedRow(line: 2, expected: 3, found: 2).errorDescription
        #expect(message?.hasPrefix("has 2 fields where the header has 3") == true)
    }

    @Test("ragged rows are accepted when allowed")
    func raggedRowsAllowed() throws {
        // Given ragged records and the option that allows them
        let text = "a,b,c\n1,2\n3,4,5,6\n"

        // When it is read
        let got = try records(text, options: CSVReader.Options(allowRaggedRows: true))

        // Then they come as they are
        #expect(got.map(\.fields.count) == [3, 2, 4])
    }

    @Test("an unterminated quote is reported at its opening quote")
    func unterminatedQuote() throws {
        // Given a quoted field opened on line 3 at column 3 that is never closed
        let text = "a,b\n1,2\n3,\"never closed\n4,5\n"

        // When it is read
        let error = readingError(Data(text.utf8))

        // Then the error points at the opening quote
        #expect(error == .unterminatedQuote(line: 3, column: 3))
        #expect(error?.errorDescription?.hasPrefix("has a quoted field that is never closed")
            == true)
    }

    @Test("text after a closing quote is reported where it starts")
    func textAfterClosingQuote() throws {
        // Given "ab"c on line 2, after a multi-line field on the same record
        let text = "a,b,c\n\"x\ny\",\"ab\"c,3\n"

        // When it is read
        let error = readingError(Data(text.utf8))

        // Then the error names line 3, column 8 (the `c`)
        #expect(error == .unexpectedQuote(line: 3, column: 8))
        #expect(error?.errorDescription?.hasPrefix("has text after a closing quote") == true)
    }

    @Test("a space after a closing quote is an error too")
    func spaceAfterClosingQuote() throws {
        // Given "ab" followed by a space before the comma
        let text = "a,b\n\"ab\" ,1\n"

        // When it is read
        // Then it is refused at the space
        #expect(readingError(Data(text.utf8)) == .unexpectedQuote(line: 2, column: 5))
    }

    @Test("invalid UTF-8 is refused with its line and column")
    func invalidUTF8() throws {
        // Given a Latin-1 "é" (0xE9) on line 3, after a multi-line field, at column 7
        var data = Data("a,b\n\"x\ny\",caf".utf8)
        data.append(0xE9)
        data.append(contentsOf: Array("\n".utf8))

        // When it is read as UTF-8
        let error = readingError(data)

        // Then the error names the line and column and says what to do
        #expect(error == .notUTF8(line: 3, column: 7))
        #expect(error?.errorDescription
            == "is not UTF-8; re-save it as UTF-8 or read it as Latin-1 or Windows-1252")
    }

    @Test("overlong forms, surrogates and truncated sequences are not UTF-8")
    func strictUTF8() throws {
        // Given byte sequences that lenient decoders accept
        let bad: [[UInt8]] = [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0, 0]]

        for bytes in bad {
            // When each is read
            let error = readingError(Data([0x61, 0x0A] + bytes))

            // Then it is refused on line 2, column 1
            #expect(error == .notUTF8(line: 2, column: 1), "bytes \(bytes)")
        }
    }

    @Test("Latin-1 and Windows-1252 files are decoded when asked")
    func singleByteEncodings() throws {
        // Given "café","Ñuñoa" in Latin-1, a doubled quote, and a Windows-1252 curly quote
        var data = Data("name,note,mark\ncaf".utf8)
        data.append(0xE9)
        data.append(contentsOf: Array(",\"".utf8))
        data.append(0xD1)
        data.append(contentsOf: Array("u\"\"".utf8))
        data.append(0xF1)
        data.append(contentsOf: Array("oa\",".utf8))
        data.append(0x93)
        data.append(contentsOf: Array("\n".utf8))

        // When it is read as UTF-8, as Latin-1 and as Windows-1252
        let utf8Error = readingError(data)
        let asLatin1 = try records(data, encoding: .latin1)
        let asWindows = try records(data, encoding: .windows1252)

        // Then UTF-8 is refused and the others decode each byte as one character
        #expect(utf8Error == .notUTF8(line: 2, column: 4))
        #expect(asLatin1.count == 2)
        #expect(asLatin1[1].fields == ["café", "Ñu\"ñoa", "\u{93}"])
        #expect(asWindows[1].fields == ["café", "Ñu\"ñoa", "\u{201C}"])
        #expect(asLatin1[1].fieldColumns == [1, 6, 16])
    }

    @Test("encoding names are understood as users type them")
    func encodingNames() {
        // Given names from the command line
        // When they are parsed
        // Then they map to the encodings
        #expect(CSVReader.Encoding(name: "UTF-8") == .utf8)
        #expect(CSVReader.Encoding(name: "latin1") == .latin1)
        #expect(CSVReader.Encoding(name: "ISO-8859-1") == .latin1)
        #expect(CSVReader.Encoding(name: "cp1252") == .windows1252)
        #expect(CSVReader.Encoding(name: "ebcdic") == nil)
    }

    // MARK: Positions

    @Test("records after multi-line fields have their physical line numbers")
    func lineNumbersAfterMultilineFields() throws {
        // Given records with fields spanning 2 and 3 lines, in CRLF
        let text = "a,b\r\n1,\"x\r\ny\"\r\n2,\"p\nq\nr\"\r\n3,z\r\n"

        // When it is read
        let all = try records(text)

        // Then each record starts on its own physical line
        #expect(all.map(\.line) == [1, 2, 4, 7])
        #expect(all[1].fields == ["1", "x\r\ny"])
        #expect(all[2].fields == ["2", "p\nq\nr"])
    }

    @Test("fields after a multi-line field know their own line and column")
    func fieldPositions() throws {
        // Given a record whose second field spans two lines
        let text = "a,b,c\n1,\"x\nyy\",zz\n"

        // When it is read
        let record = try #require(try records(text).last)

        // Then the third field starts on line 3, column 5
        #expect(record.line == 2)
        #expect(record.fieldColumns == [1, 3, 5])
        #expect((0..<3).map(record.fieldLine) == [2, 2, 3])
        #expect(try records(text)[0].fieldLines.isEmpty)
    }

    @Test("columns count characters, not bytes")
    func columnsCountCharacters() throws {
        // Given non-ASCII text before the later fields
        let text = "país,año,漢字\nSão Tomé,2025,x\n"

        // When it is read
        let all = try records(text)

        // Then columns are character positions
        #expect(all[0].fieldColumns == [1, 6, 10])
        #expect(all[1].fieldColumns == [1, 10, 15])
    }

    @Test("read(into:) gives the same records as next()")
    func readIntoReusesStorage() throws {
        // Given a small table
        let text = "a,b\n1,\"x\ny\"\n2,3\n"
        var reader = try CSVReader(data: Data(text.utf8))
        var record = CSVRecord(fields: [], line: 0)
        var viaReadInto: [CSVRecord] = []

        // When it is read record by record into one value
        while try reader.read(into: &record) {
            viaReadInto.append(record)
        }

        // Then the records equal those of readAll, and the header count is known
        #expect(viaReadInto == (try records(text)))
        #expect(reader.expectedFieldCount == 2)
    }

    // MARK: A real file

    @Test("the ICE detention file: multi-line header, TOTAL row, 105 facilities")
    func iceDetentionFile() throws {
        // Given the UCLA COVID Behind Bars ICE file (CRLF, multi-line quoted header cells)
        let url = try fixtures().appendingPathComponent(
            "ice-detention-2020/COVID-19_Immigration_Detention_Facilities.csv")
        let data = try Data(contentsOf: url)

        // When it is read
        var reader = try CSVReader(data: data)
        let all = try reader.readAll()

        // Then there is a 19-column header, a TOTAL row and 105 facility records
        let header = all[0].fields
        #expect(header.count == 19)
        #expect(all.allSatisfy { $0.fields.count == 19 })
        #expect(header[8] == "Confirmed Cases\nOUTSIDE SOURCES (Detainees)")
        #expect(header[9] == "ACTIVE Confirmed Cases - ICE DATA\n(Detainees)")
        #expect(header[11] == "TOTAL Confirmed Cases - ICE DATA (Detainees)")
        #expect(all.count == 1 + 1 + 105)
        let total = all[1]
        #expect(total.fields[0] == "TOTAL")
        #expect(total.line == 4)
        #expect(total.fields[9] == "660")
        #expect(total.fields[11] == "5,772")
        #expect(total.fieldColumns[11] == 22)
        let facilities = all.dropFirst(2)
        #expect(facilities.count == 105)
        #expect(!facilities.contains { $0.fields[0] == "TOTAL" })
        let stewart = try #require(facilities.first { $0.fields[0] == "Stewart Detention Center" })
        #expect(stewart.fields[1] == "146 CCA Road Lumpkin, GA, 31815")
        #expect(stewart.fields[11] == "327")
        #expect(stewart.fields[17] == "9/9/20")
        let last = try #require(all.last)
        #expect(last.fields[0] == "Laredo Processing Center")
        // 117 physical lines: the last record is on the last one (the file has no final CRLF)
        let physicalLines = data.filter { $0 == 0x0A }.count + 1
        #expect(last.line == physicalLines)
        #expect(all.contains { $0.fields.contains { $0.contains("\n") } && $0.line > 1 })
    }
}

/// Reads all records of bytes in a given encoding.
private func records(_ data: Data, encoding: CSVReader.Encoding) throws -> [CSVRecord] {
    var reader = try CSVReader(data: data, encoding: encoding)
    return try reader.readAll()
}
