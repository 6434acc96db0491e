import Foundation
import RightsBriefReports
import RightsBriefImport
import RightsBriefStore
import TestSupport
import Testing

/// The characters that make CSV and formula handling hard, plus ordinary ones.
private let awkward: [String] = [
    ",", "\"", "\n", "\r", "\r\n", "=", "+", "-", "@", "\t", "'", "é", "漢", ";", " ",
    "\u{00A0}", "a", "b", "Z", "1",
]

/// A random string of 0 to 12 awkward pieces.
private func randomText(_ generator: inout SplitMix64) -> String {
    let length = Int.random(in: 0...12, using: &generator)
    var text = ""
    for _ in 0..<length {
        text += awkward[Int.random(in: 0..<awkward.count, using: &generator)]
    }
    return text
}

@Suite("CSVEncoding")
struct CSVEncodingTests {

    // MARK: Quoting

    @Test("plain text is written as it is")
    func plainText() {
        // Given ordinary texts, including non-ASCII
        // When they are encoded
        // Then nothing is added
        #expect(CSVEncoding.field("CECOT") == "CECOT")
        #expect(CSVEncoding.field("São Tomé 漢字") == "São Tomé 漢字")
        #expect(CSVEncoding.field("") == "")
        #expect(CSVEncoding.field("it's") == "it's")
        #expect(CSVEncoding.field("a-b=c") == "a-b=c")
    }

    @Test("ESC, BEL and other C0 controls become visible symbols in a quoted cell; tab, CR, LF stay")
    func controlCharacters() {
        // Given text carrying a terminal escape sequence, a bell, a NUL, DEL and tab/LF
        let hostile = "Title\u{1B}[2J\u{1B}]0;pwned\u{07} end\u{00}\u{7F}\tnext\nline"

        // When it is encoded, directly and through the byte path the exports use
        let field = CSVEncoding.field(hostile)
        var bytes: [UInt8] = []
        CSVEncoding.appendTextRow([hostile], to: &bytes)

        // Then no C0 control but tab/CR/LF is left, each shows as its Control Picture, and the
        // cell is quoted
        #expect(field == "\"Title\u{241B}[2J\u{241B}]0;pwned\u{2407} end\u{2400}\u{2421}\tnext\nline\"")
        #expect(!bytes.contains { ($0 < 0x20 && ![0x09, 0x0A, 0x0D].contains($0)) || $0 == 0x7F })
        #expect(String(decoding: bytes, as: UTF8.self) == field + "\r\n")
        // And a control after a formula trigger keeps the neutralising quote
        #expect(CSVEncoding.field("=cmd\u{1B}") == "\"'=cmd\u{241B}\"")
    }

    @Test("comma, quote, CR, LF and semicolon make a field quoted; quotes are doubled")
    func quoting() {
        // Given texts with the characters that need quoting
        // When they are encoded
        // Then they are quoted and inner quotes doubled
        #expect(CSVEncoding.field("Tecoluca, San Vicente") == "\"Tecoluca, San Vicente\"")
        #expect(CSVEncoding.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVEncoding.field("\"") == "\"\"\"\"")
        #expect(CSVEncoding.field("line 1\nline 2") == "\"line 1\nline 2\"")
        #expect(CSVEncoding.field("line 1\r\nline 2") == "\"line 1\r\nline 2\"")
        #expect(CSVEncoding.field("a\rb") == "\"a\rb\"")
        #expect(CSVEncoding.field("a;=1+1") == "\"a;=1+1\"")
        #expect(CSVEncoding.field("漢字,é") == "\"漢字,é\"")
    }

    @Test("leading or trailing spaces make a field quoted")
    func edgeWhitespace() {
        // Given texts with spaces, tabs or no-break spaces at an edge
        // When they are encoded
        // Then they are quoted so that trimming readers keep the spaces
        #expect(CSVEncoding.field(" lead") == "\" lead\"")
        #expect(CSVEncoding.field("trail ") == "\"trail \"")
        #expect(CSVEncoding.field("trail\t") == "\"trail\t\"")
        #expect(CSVEncoding.field("\u{00A0}x") == "\"\u{00A0}x\"")
        #expect(CSVEncoding.field("x\u{00A0}") == "\"x\u{00A0}\"")
        #expect(CSVEncoding.field("in side") == "in side")
    }

    // MARK: Neutralisation

    @Test("each of the six formula triggers is neutralised", arguments: [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tcmd", "\"'\tcmd\""),
        ("\rcmd", "\"'\rcmd\""),
    ])
    func triggers(text: String, expected: String) {
        // Given a text that starts with a formula trigger
        // When it is encoded
        let encoded = CSVEncoding.field(text)

        // Then it starts with ' (inside the quotes when quoted)
        #expect(encoded == expected)
    }

    @Test("a formula with quotes and commas is neutralised, then quoted")
    func neutraliseThenQuote() {
        // Given a hyperlink formula
        let text = "=HYPERLINK(\"http://x.example\",\"click\")"

        // When it is encoded
        let encoded = CSVEncoding.field(text)

        // Then the ' comes first inside the quotes and inner quotes are doubled
        #expect(encoded == "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\"")
    }

    @Test("text already starting with ' and a trigger gets one more '")
    func alreadyNeutralised() {
        // Given texts that literally start with apostrophes before a trigger
        // When they are neutralised
        // Then one more ' is added, and unneutralise takes exactly one away
        #expect(CSVEncoding.field("'=x") == "''=x")
        #expect(CSVEncoding.field("''-3") == "'''-3")
        #expect(CSVEncoding.unneutralise("''=x") == "'=x")
        #expect(CSVEncoding.unneutralise("'''-3") == "''-3")
        #expect(CSVEncoding.unneutralise("'=x") == "=x")
    }

    @Test("other text starting with ' is left alone both ways")
    func apostropheWithoutTrigger() {
        // Given texts with a leading apostrophe but no trigger after it
        // When they are encoded and unneutralised
        // Then they are unchanged
        #expect(CSVEncoding.field("'hello") == "'hello")
        #expect(CSVEncoding.field("'") == "'")
        #expect(CSVEncoding.field("''") == "''")
        #expect(CSVEncoding.unneutralise("'hello") == "'hello")
        #expect(CSVEncoding.unneutralise("''") == "''")
        #expect(CSVEncoding.unneutralise("plain") == "plain")
        #expect(CSVEncoding.unneutralise("") == "")
    }

    @Test("unneutralise(neutralise(s)) == s for many strings")
    func neutraliseRoundTrip() {
        // Given many random strings of awkward characters, and apostrophe-led ones
        var generator = SplitMix64(state: 20_250_203)
        var texts = (0..<5_000).map { _ in randomText(&generator) }
        texts += ["'", "''", "'=", "''=", "'''+'", "=", "'\r", "'é", "'\t'"]

        for text in texts {
            // When each is neutralised and unneutralised
            let back = CSVEncoding.unneutralise(CSVEncoding.neutralise(text))

            // Then it is the original
            #expect(back == text, "\(text.debugDescription)")
        }
    }

    // MARK: Numbers

    @Test("numbers: integers without .0, no scientific notation, never neutralised")
    func numbers() {
        // Given assorted doubles
        // When they are encoded
        // Then they read naturally
        #expect(CSVEncoding.numberField(-5) == "-5")
        #expect(CSVEncoding.numberField(40_000) == "40000")
        #expect(CSVEncoding.numberField(3.0) == "3")
        #expect(CSVEncoding.numberField(-0.0) == "0")
        #expect(CSVEncoding.numberField(0.1) == "0.1")
        #expect(CSVEncoding.numberField(-2.75) == "-2.75")
        #expect(CSVEncoding.numberField(0.0000001) == "0.0000001")
        #expect(CSVEncoding.numberField(-2.5e-5) == "-0.000025")
        #expect(CSVEncoding.numberField(1.25e-12) == "0.00000000000125")
        #expect(CSVEncoding.numberField(123_456_789_012_345) == "123456789012345")
        #expect(CSVEncoding.numberField(100_000_000_000_000.5) == "100000000000000.5")
        #expect(CSVEncoding.numberField(999_999_999_999_999) == "999999999999999")
        #expect(CSVEncoding.integerField(-12) == "-12")
    }

    @Test("non-finite numbers give an empty field")
    func nonFinite() {
        // Given NaN and infinities
        // When they are encoded
        // Then the field is empty
        #expect(CSVEncoding.numberField(.nan) == "")
        #expect(CSVEncoding.numberField(.infinity) == "")
        #expect(CSVEncoding.numberField(-.infinity) == "")
    }

    @Test("number fields read back as the same Double")
    func numberRoundTrip() throws {
        // Given random doubles of many magnitudes below 1e15
        var generator = SplitMix64(state: 7)
        for _ in 0..<5_000 {
            let magnitude = Double.random(in: -12...14.9, using: &generator)
            let sign: Double = Bool.random(using: &generator) ? -1 : 1
            let value = sign * pow(10, magnitude)

            // When each is encoded
            let text = CSVEncoding.numberField(value)

            // Then it is positional and parses to the same value
            #expect(!text.contains("e"), "\(value) -> \(text)")
            #expect(Double(text) == value, "\(value) -> \(text)")
        }
    }

    @Test("integers are appended exactly, including the extremes")
    func integers() {
        // Given integers at the edges
        let values = [0, 7, -7, 10, -10, 1_000_000, Int.max, Int.min]

        for value in values {
            // When each is appended to a buffer
            var buffer: [UInt8] = []
            CSVEncoding.appendInteger(value, to: &buffer)

            // Then the bytes are its decimal form
            #expect(String(decoding: buffer, as: UTF8.self) == String(value))
        }
    }

    // MARK: Rows and buffers

    @Test("rows are joined with commas and end in CRLF")
    func rows() {
        // Given encoded fields
        let fields = [CSVEncoding.field("a,b"), CSVEncoding.numberField(-5), ""]

        // When a row is made
        // Then it is joined and CRLF-terminated
        #expect(CSVEncoding.row(fields) == "\"a,b\",-5,\r\n")
        #expect(CSVEncoding.textRow(["=x", "y"]) == "'=x,y\r\n")
        #expect(CSVEncoding.byteOrderMark.unicodeScalars.first == "\u{FEFF}")
        #expect(Array(CSVEncoding.byteOrderMark.utf8) == CSVEncoding.byteOrderMarkBytes)
    }

    @Test("a row of one empty field is written as \"\" so that it is not a blank line")
    func singleEmptyField() throws {
        // Given a one-column table with an empty value
        // When the rows are encoded
        let csv = CSVEncoding.textRow(["h"]) + CSVEncoding.textRow([""])
            + CSVEncoding.row([CSVEncoding.field("")])

        // Then the empty value survives reading back
        #expect(csv == "h\r\n\"\"\r\n\"\"\r\n")
        var reader = try CSVReader(data: Data(csv.utf8))
        #expect(try reader.readAll().map(\.fields) == [["h"], [""], [""]])
    }

    @Test("the byte-buffer path gives the same bytes as field()")
    func bufferPathMatchesStrings() {
        // Given many random strings
        var generator = SplitMix64(state: 99)
        for _ in 0..<2_000 {
            let text = randomText(&generator)

            // When each is appended to a buffer and encoded as a string
            var buffer: [UInt8] = [0x41]
            CSVEncoding.appendField(text, to: &buffer)

            // Then the appended bytes equal the string's UTF-8
            #expect(Array(buffer.dropFirst()) == Array(CSVEncoding.field(text).utf8))
        }
    }

    // MARK: Round trip through CSVReader

    @Test("export then import gives back every string", arguments: [1, 2, 5])
    func roundTripThroughReader(columns: Int) throws {
        // Given a header and 1,000 rows of random awkward strings
        var generator = SplitMix64(state: UInt64(columns) * 1_000_003)
        let header = (0..<columns).map { "col\($0)" }
        let table = [header] + (0..<1_000).map { _ in
            (0..<columns).map { _ in randomText(&generator) }
        }

        // When they are written with a BOM as CSV bytes and read back with CSVReader
        var bytes = CSVEncoding.byteOrderMarkBytes
        for row in table {
            CSVEncoding.appendTextRow(row, to: &bytes)
        }
        var reader = try CSVReader(data: Data(bytes))
        let back = try reader.readAll().map { $0.fields.map(CSVEncoding.unneutralise) }

        // Then every row and field is the original
        #expect(back.count == table.count)
        for (got, want) in zip(back, table) {
            #expect(got == want)
        }
    }
}
