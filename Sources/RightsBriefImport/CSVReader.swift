import Foundation
import RightsBriefCore

// A byte-level RFC 4180 reader. It works on the raw bytes of the file and builds one `String`
// per field, so a 150 MB file costs one validation pass, one parsing pass and one string per
// field. Line and column numbers are kept for every record and field so that the importer can
// point at the exact place of a problem.

/// One record (row) of a CSV file, with where it came from.
public struct CSVRecord: Sendable, Equatable {
    /// The field values, unquoted, with doubled quotes made single. Nothing is trimmed.
    public var fields: [String]
    /// The 1-based physical line on which the record starts.
    public var line: Int
    /// For each field, the 1-based character column at which it starts (at its opening quote,
    /// when quoted) on the line where it starts.
    public var fieldColumns: [Int]
    /// For each field, the 1-based line on which it starts, or empty when every field starts
    /// on `line` (the common case, which then costs nothing). Use ``fieldLine(_:)``.
    public var fieldLines: [Int]

    /// Makes a record.
    /// - Parameters:
    ///   - fields: The field values.
    ///   - line: The 1-based line on which the record starts.
    ///   - fieldColumns: The 1-based column of each field; ones counting up if omitted.
    ///   - fieldLines: The line of each field, or empty when all start on `line`.
    public init(fields: [String], line: Int, fieldColumns: [Int]? = nil, fieldLines: [Int] = []) {
        self.fields = fields
        self.line = line
        self.fieldColumns = fieldColumns ?? Array(repeating: 1, count: fields.count)
        self.fieldLines = fieldLines
    }

    /// The line on which a field starts; later than ``line`` only after a multi-line field.
    /// - Parameter index: The field's 0-based index.
    /// - Returns: The 1-based line number.
    public func fieldLine(_ index: Int) -> Int {
        index < fieldLines.count ? fieldLines[index] : line
    }

    /// The 1-based column at which a field starts, or 1 when the index is out of range.
    /// - Parameter index: The field's 0-based index.
    /// - Returns: The 1-based character column.
    public func fieldColumn(_ index: Int) -> Int {
        index < fieldColumns.count ? fieldColumns[index] : 1
    }
}

/// Why a CSV file could not be read. Every case says where, so that a message can start with
/// `FILE:LINE:COLUMN:`; ``errorDescription`` says what is wrong and what to do.
public enum CSVError: Error, Equatable, Sendable {
    /// A byte sequence that is not UTF-8, at the given line and (character) column.
    case notUTF8(line: Int, column: Int)
    /// A quoted field that is still open at the end of the file; the position of its
    /// opening quote.
    case unterminatedQuote(line: Int, column: Int)
    /// Text after the closing quote of a quoted field, as in `"ab"c`; the position of the
    /// first character after the closing quote.
    case unexpectedQuote(line: Int, column: Int)
    /// A quote inside a field that does not start with one, as in `a,5'10",c` (RFC 4180 allows
    /// quotes only in quoted fields, doubled); the position of that quote.
    case quoteInUnquotedField(line: Int, column: Int)
    /// A record whose field count differs from the header's (the first record's).
    case raggedRow(line: Int, expected: Int, found: Int)
    /// A NUL character (byte 0), at the given line and column. Storage would cut text at
    /// it, and a file full of them is usually UTF-16, so the file is refused.
    case nulCharacter(line: Int, column: Int)

    /// The 1-based line the error is about.
    public var line: Int {
        switch self {
        case .notUTF8(let line, _), .unterminatedQuote(let line, _),
             .unexpectedQuote(let line, _), .quoteInUnquotedField(let line, _),
             .raggedRow(let line, _, _), .nulCharacter(let line, _):
            return line
        }
    }

    /// The 1-based character column the error is about (1 for a whole record).
    public var column: Int {
        switch self {
        case .notUTF8(_, let column), .unterminatedQuote(_, let column),
             .unexpectedQuote(_, let column), .quoteInUnquotedField(_, let column),
             .nulCharacter(_, let column):
            return column
        case .raggedRow:
            return 1
        }
    }
}

extension CSVError: LocalizedError {
    /// What is wrong and what to do, without the place (the caller prefixes
    /// `FILE:LINE:COLUMN:`).
    public var errorDescription: String? {
        switch self {
        case .notUTF8:
            return "is not UTF-8; re-save it as UTF-8 or pass --encoding latin1"
        case .unterminatedQuote:
            return "has a quoted field that is never closed; add the closing quote (\") "
                + "or double each quote inside the field (\"\")"
        case .unexpectedQuote:
            return "has text after a closing quote; quote the whole field and double each "
                + "quote inside it (\"\")"
        case .nulCharacter:
            return "contains a NUL character (U+0000), which would cut the text short when "
                + "stored; remove it (a file full of them is probably UTF-16: re-save it as UTF-8)"
        case .quoteInUnquotedField:
            return "has a quote inside a field that is not quoted; quote the whole field and "
                + "double each quote inside it (\"\")"
        case .raggedRow(_, let expected, let found) where found > expected:
            return "has \(found) fields where the header has \(expected); "
                + "check for an unquoted comma"
        case .raggedRow(_, let expected, let found):
            return "has \(found) field\(found == 1 ? "" : "s") where the header has "
                + "\(expected); check for a missing field or a stray line break"
        }
    }
}

extension CSVError: CustomStringConvertible {
    /// `line L, column C: ` followed by the error description.
    public var description: String {
        "line \(line), column \(column): \(errorDescription ?? "invalid CSV")"
    }
}

/// Reads RFC 4180 CSV from bytes in memory, one ``CSVRecord`` at a time.
///
/// - Fields may be quoted; quoted fields may hold commas, doubled quotes, CR, LF and CRLF,
///   which are kept as they are. As RFC 4180 says, a quote may appear only in a quoted field,
///   doubled: a quote inside an unquoted field is an error (Excel, sqlite3 and Python would
///   keep it, and just as quietly split a field whose quoting went wrong), and so is text after
///   a closing quote.
/// - Records end with CRLF, LF or a lone CR; the last line break is optional. Lines with no
///   characters at all are skipped wherever they are (they still count for line numbers).
/// - A UTF-8 byte order mark at the start is skipped. Fields are never trimmed, so spaces
///   and no-break spaces are kept.
/// - The first record returned is the header; it fixes the field count, and a record with
///   another count throws ``CSVError/raggedRow(line:expected:found:)`` unless
///   ``Options/allowRaggedRows`` is set. After that error the reader can go on with the next
///   record; after any other error `next()` returns `nil`.
public struct CSVReader: Sendable {
    /// How the file's bytes are to be decoded.
    public enum Encoding: String, Sendable, CaseIterable {
        /// UTF-8 (the default); invalid bytes are refused with their line and column.
        case utf8
        /// ISO-8859-1: every byte is the character with that code point; never fails.
        case latin1
        /// Windows-1252, what Excel on Windows calls "CSV": like latin1 but 0x80–0x9F are
        /// curly quotes, dashes, € and so on.
        case windows1252

        /// Parses an encoding name as a user types it (`utf8`, `UTF-8`, `latin1`,
        /// `iso-8859-1`, `cp1252`, `windows-1252`, …).
        /// - Parameter name: The name, in any case.
        /// - Returns: `nil` when the name is not known.
        public init?(name: String) {
            let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
            switch key {
            case "utf8": self = .utf8
            case "latin1", "iso88591", "l1": self = .latin1
            case "windows1252", "cp1252", "win1252": self = .windows1252
            default: return nil
            }
        }
    }

    /// Reading options.
    public struct Options: Sendable, Equatable {
        /// Accept records whose field count differs from the header's.
        public var allowRaggedRows: Bool

        /// Makes options.
        /// - Parameter allowRaggedRows: Accept records whose field count differs from the
        ///   header's (off by default).
        public init(allowRaggedRows: Bool = false) {
            self.allowRaggedRows = allowRaggedRows
        }
    }

    private let data: Data
    private let encoding: Encoding
    private let options: Options
    /// True when every byte is ASCII, so byte columns are character columns.
    private let isASCII: Bool
    private var cursor: CSVCursor
    /// The header's field count, once the header has been read.
    public private(set) var expectedFieldCount: Int?

    /// Prepares to read CSV bytes; checks that they are valid in `encoding`.
    /// - Parameters:
    ///   - data: The whole file.
    ///   - encoding: How to decode it (UTF-8 by default).
    ///   - options: Reading options.
    /// - Throws: ``CSVError/notUTF8(line:column:)`` when `encoding` is `.utf8` and the bytes
    ///   are not valid UTF-8, ``CSVError/nulCharacter(line:column:)`` when they hold a NUL
    ///   (whichever comes first).
    public init(
        data: Data, encoding: Encoding = .utf8, options: Options = Options()
    ) throws(CSVError) {
        self.data = data
        self.encoding = encoding
        self.options = options
        let scan = data.withUnsafeBytes { raw -> (start: Int, ascii: Bool, bad: Int?, nul: Int?) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            if encoding == .utf8, bytes.count >= 3,
               bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                start = 3
            }
            let result = UTF8Validation.validate(bytes, from: start)
            return (start, result.ascii, result.invalidOffset, CSVUTF8Validator.firstNUL(bytes, from: start))
        }
        isASCII = scan.ascii
        cursor = CSVCursor(position: scan.start, line: 1, lineStart: scan.start)
        let bad = encoding == .utf8 ? scan.bad : nil
        if bad != nil || scan.nul != nil {
            let offset = min(bad ?? Int.max, scan.nul ?? Int.max)
            let place = data.withUnsafeBytes { raw in
                CSVUTF8Validator.place(
                    of: offset, in: raw.bindMemory(to: UInt8.self), from: scan.start,
                    countingUTF8: encoding == .utf8)
            }
            if offset == bad { throw CSVError.notUTF8(line: place.line, column: place.column) }
            throw CSVError.nulCharacter(line: place.line, column: place.column)
        }
    }

    /// Reads the next record; the first one is the header.
    /// - Returns: The record, or `nil` at the end of the file.
    /// - Throws: ``CSVError`` for a malformed record.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        var record = CSVRecord(fields: [], line: 0, fieldColumns: [])
        guard try read(into: &record) else { return nil }
        return record
    }

    /// Reads the next record into `record`, reusing its arrays' storage: the fastest way to go
    /// through a large file when each record is used before the next is read.
    /// - Parameter record: Overwritten with the next record.
    /// - Returns: `false` at the end of the file (then `record` is left empty).
    /// - Throws: ``CSVError`` for a malformed record.
    public mutating func read(into record: inout CSVRecord) throws(CSVError) -> Bool {
        record.fields.removeAll(keepingCapacity: true)
        record.fieldColumns.removeAll(keepingCapacity: true)
        record.fieldLines.removeAll(keepingCapacity: true)
        if let count = expectedFieldCount {
            record.fields.reserveCapacity(count)
            record.fieldColumns.reserveCapacity(count)
        }
        var parser = CSVByteParser(encoding: encoding, isASCII: isASCII, cursor: cursor)
        let outcome: CSVError? = data.withUnsafeBytes { raw in
            parser.parseRecord(raw.bindMemory(to: UInt8.self), into: &record)
        }
        cursor = parser.cursor
        if let outcome {
            throw outcome
        }
        if parser.atEnd {
            return false
        }
        let found = record.fields.count
        guard let expected = expectedFieldCount else {
            expectedFieldCount = found
            return true
        }
        if found != expected && !options.allowRaggedRows {
            throw CSVError.raggedRow(line: record.line, expected: expected, found: found)
        }
        return true
    }

    /// Reads all remaining records.
    /// - Returns: The records, the header first when nothing has been read yet.
    /// - Throws: The first ``CSVError``.
    public mutating func readAll() throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = try next() {
            records.append(record)
        }
        return records
    }
}

// MARK: - Parsing

/// Where the reader is in the bytes.
private struct CSVCursor: Sendable {
    /// Byte offset of the next unread byte.
    var position: Int
    /// 1-based number of the line holding `position`.
    var line: Int
    /// Byte offset at which that line starts.
    var lineStart: Int
    /// Set after an unrecoverable error: every later read returns nothing.
    var failed = false
}

/// The bytes that structure CSV.
private enum CSVByte {
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let carriageReturn: UInt8 = 0x0D
    static let lineFeed: UInt8 = 0x0A
}

/// Parses one record from a byte buffer; a value type so that it stays in registers.
private struct CSVByteParser {
    let encoding: CSVReader.Encoding
    let isASCII: Bool
    var cursor: CSVCursor
    var atEnd = false
    /// Column bookkeeping for non-ASCII UTF-8 lines: a known (offset, column) on the line
    /// starting at `anchorLineStart`, so that columns are counted incrementally.
    private var anchorLineStart = -1
    private var anchorOffset = 0
    private var anchorColumn = 1

    init(encoding: CSVReader.Encoding, isASCII: Bool, cursor: CSVCursor) {
        self.encoding = encoding
        self.isASCII = isASCII
        self.cursor = cursor
    }

    /// The 1-based character column of `offset` on the current line.
    @inline(__always)
    mutating func column(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let lineStart = cursor.lineStart
        if isASCII || encoding != .utf8 {
            return offset - lineStart + 1
        }
        if anchorLineStart != lineStart || anchorOffset > offset {
            anchorLineStart = lineStart
            anchorOffset = lineStart
            anchorColumn = 1
        }
        var count = 0
        var index = anchorOffset
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        anchorOffset = offset
        anchorColumn += count
        return anchorColumn
    }

    /// Parses the next record into `record`; sets `atEnd` when there is none.
    /// - Returns: The error that stopped it, if any.
    mutating func parseRecord(
        _ bytes: UnsafeBufferPointer<UInt8>, into record: inout CSVRecord
    ) -> CSVError? {
        let end = bytes.count
        guard !cursor.failed, let base = bytes.baseAddress else {
            atEnd = true
            return nil
        }
        var position = cursor.position
        // Skip blank lines.
        while true {
            guard position < end else {
                cursor.position = position
                atEnd = true
                return nil
            }
            let byte = base[position]
            if byte == CSVByte.lineFeed {
                position += 1
            } else if byte == CSVByte.carriageReturn {
                position += 1
                if position < end && base[position] == CSVByte.lineFeed { position += 1 }
            } else {
                break
            }
            cursor.line += 1
            cursor.lineStart = position
        }
        record.line = cursor.line
        while true {
            let fieldStart = position
            let fieldLine = cursor.line
            record.fieldColumns.append(column(of: fieldStart, in: bytes))
            if fieldLine != record.line && record.fieldLines.isEmpty {
                // The first field not on the record's first line: materialise the lines.
                record.fieldLines = Array(repeating: record.line, count: record.fields.count)
            }
            if !record.fieldLines.isEmpty { record.fieldLines.append(fieldLine) }

            if position < end && base[position] == CSVByte.quote {
                // Quoted field: find the closing quote, counting line breaks inside.
                position += 1
                let contentStart = position
                var hasDoubledQuotes = false
                while true {
                    while position < end {
                        let byte = base[position]
                        if byte == CSVByte.quote { break }
                        if byte == CSVByte.lineFeed {
                            cursor.line += 1
                            cursor.lineStart = position + 1
                        } else if byte == CSVByte.carriageReturn
                                    && (position + 1 >= end
                                        || base[position + 1] != CSVByte.lineFeed) {
                            cursor.line += 1
                            cursor.lineStart = position + 1
                        }
                        position += 1
                    }
                    guard position < end else {
                        cursor.failed = true
                        cursor.position = end
                        let column = record.fieldColumns.last ?? 1
                        return .unterminatedQuote(line: fieldLine, column: column)
                    }
                    if position + 1 < end && base[position + 1] == CSVByte.quote {
                        hasDoubledQuotes = true
                        position += 2
                        continue
                    }
                    break
                }
                let contentEnd = position
                position += 1
                if position < end {
                    let next = base[position]
                    if next != CSVByte.comma && next != CSVByte.lineFeed
                        && next != CSVByte.carriageReturn {
                        cursor.failed = true
                        let column = column(of: position, in: bytes)
                        cursor.position = end
                        return .unexpectedQuote(line: cursor.line, column: column)
                    }
                }
                record.fields.append(
                    makeString(base + contentStart, count: contentEnd - contentStart,
                               unescapingQuotes: hasDoubledQuotes))
            } else {
                // Unquoted field: up to the next comma or line break; no quotes inside.
                while position < end {
                    let byte = base[position]
                    if byte == CSVByte.comma || byte == CSVByte.lineFeed
                        || byte == CSVByte.carriageReturn {
                        break
                    }
                    if byte == CSVByte.quote {
                        cursor.failed = true
                        let column = column(of: position, in: bytes)
                        cursor.position = end
                        return .quoteInUnquotedField(line: cursor.line, column: column)
                    }
                    position += 1
                }
                record.fields.append(
                    makeString(base + fieldStart, count: position - fieldStart,
                               unescapingQuotes: false))
            }

            guard position < end else { break }
            let byte = base[position]
            position += 1
            if byte == CSVByte.comma { continue }
            // A line break ends the record.
            if byte == CSVByte.carriageReturn && position < end
                && base[position] == CSVByte.lineFeed {
                position += 1
            }
            cursor.line += 1
            cursor.lineStart = position
            break
        }
        cursor.position = position
        return nil
    }

    /// Builds the field's string from its bytes.
    /// - Parameters:
    ///   - start: The first byte of the field's content.
    ///   - count: The number of bytes.
    ///   - unescapingQuotes: Whether `""` pairs are to become `"`.
    /// - Returns: The decoded string.
    func makeString(
        _ start: UnsafePointer<UInt8>, count: Int, unescapingQuotes: Bool
    ) -> String {
        if count == 0 { return "" }
        let source = UnsafeBufferPointer(start: start, count: count)
        if encoding == .utf8 || isASCII {
            if !unescapingQuotes {
                return String(decoding: source, as: UTF8.self)
            }
            return String(unsafeUninitializedCapacity: count) { buffer in
                var written = 0
                var index = 0
                while index < count {
                    let byte = source[index]
                    buffer[written] = byte
                    written += 1
                    index += byte == CSVByte.quote ? 2 : 1
                }
                return written
            }
        }
        // Single-byte encodings: every byte is one character, at most 3 UTF-8 bytes.
        let table = encoding == .windows1252 ? windows1252High : nil
        return String(unsafeUninitializedCapacity: count * 3) { buffer in
            var written = 0
            var index = 0
            while index < count {
                let byte = source[index]
                index += unescapingQuotes && byte == CSVByte.quote ? 2 : 1
                var scalar = UInt32(byte)
                if let table, byte >= 0x80, byte < 0xA0 {
                    scalar = table[Int(byte - 0x80)]
                }
                if scalar < 0x80 {
                    buffer[written] = UInt8(scalar)
                    written += 1
                } else if scalar < 0x800 {
                    buffer[written] = UInt8(0xC0 | (scalar >> 6))
                    buffer[written + 1] = UInt8(0x80 | (scalar & 0x3F))
                    written += 2
                } else {
                    buffer[written] = UInt8(0xE0 | (scalar >> 12))
                    buffer[written + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    buffer[written + 2] = UInt8(0x80 | (scalar & 0x3F))
                    written += 3
                }
            }
            return written
        }
    }
}

/// Windows-1252 code points for bytes 0x80–0x9F; the five undefined bytes map to the C1
/// control with the same number, as the WHATWG Encoding Standard does.
private let windows1252High: [UInt32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
]

// MARK: - UTF-8 validation

/// Where a byte offset is, and where the first NUL is (the validation itself is
/// ``UTF8Validation``, shared with the writers).
private enum CSVUTF8Validator {
    /// The offset of the first NUL byte in `bytes[start...]`, or `nil`.
    static func firstNUL(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
              let found = memchr(base + start, 0, bytes.count - start)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The line and character column of a byte offset, counting line breaks as the reader
    /// does (LF, CRLF or a lone CR).
    /// - Parameters:
    ///   - offset: The byte offset.
    ///   - bytes: The bytes.
    ///   - start: Where line 1 starts (after a byte order mark).
    ///   - countingUTF8: Whether characters are UTF-8 sequences (else one byte each).
    /// - Returns: The 1-based line and column.
    static func place(
        of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, from start: Int,
        countingUTF8: Bool = true
    ) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = start
        var index = start
        while index < offset {
            let byte = bytes[index]
            if byte == CSVByte.lineFeed
                || (byte == CSVByte.carriageReturn && (index + 1 >= bytes.count
                                                || bytes[index + 1] != CSVByte.lineFeed)) {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        for position in lineStart..<offset where !countingUTF8 || bytes[position] & 0xC0 != 0x80 {
            column += 1
        }
        return (line, column)
    }
}
