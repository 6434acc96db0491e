import Foundation
import RightsBriefCore

// A byte-level RFC 4180 reader. It works on the raw bytes of the file and builds one `String`
// per field, so a 150 MB file costs one validation pass, one parsing pass and one string per
// field. Line and column numbers are kept for every record and field so that the importer can
// point at the exact place of a problem. A file is read in chunks (1 MiB by default), so memory
// stays flat however large it is.

/// Reads RFC 4180 CSV from bytes in memory or from a file in chunks, one ``CSVRecord`` at a time.
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

    /// The bytes being parsed: the whole input, or (reading a file) a window of it that starts
    /// at the record being read.
    private var data: Data
    /// Whether `data` reaches the end of the input.
    private var isFinal: Bool
    /// The file the window is read from, or `nil` for bytes in memory.
    private let file: CSVFileSource?
    /// The file offset of the first byte not yet in `data`.
    private var fileOffset: Int = 0
    /// How many bytes a read asks for (more when a record is larger than the window).
    private let chunkSize: Int
    private let encoding: Encoding
    private let options: Options
    /// True when every byte is ASCII, so byte columns are character columns.
    private let isASCII: Bool
    private var cursor: CSVCursor
    /// The header's field count, once the header has been read.
    public private(set) var expectedFieldCount: Int?
    /// The number of bytes after the byte order mark (0 for an empty file).
    public let contentByteCount: Int

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
        self.isFinal = true
        self.file = nil
        self.chunkSize = data.count
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
        contentByteCount = data.count - scan.start
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

    /// Prepares to read a CSV file in chunks of `chunkSize` bytes, so that memory does not grow
    /// with the file; checks first (reading it once, also in chunks) that its bytes are valid in
    /// `encoding`, so that an encoding error is found before any record is read, as with
    /// ``init(data:encoding:options:)``.
    ///
    /// A record is read whole, so a record larger than a chunk (or a quote left open, which
    /// runs to the end of the file) makes the window as large as the record.
    ///
    /// - Parameters:
    ///   - url: The file.
    ///   - encoding: How to decode it (UTF-8 by default).
    ///   - options: Reading options.
    ///   - chunkSize: Bytes per read (at least 4; 1 MiB by default).
    /// - Throws: ``CSVError/readFailed(line:reason:)`` when the file cannot be opened or read,
    ///   and otherwise what ``init(data:encoding:options:)`` throws.
    public init(
        contentsOf url: URL, encoding: Encoding = .utf8, options: Options = Options(), chunkSize: Int = 1 << 20
    ) throws(CSVError) {
        let file = try CSVFileSource(path: url.path)
        let chunkSize = max(4, chunkSize)
        let scan = try file.scan(encoding: encoding, chunkSize: chunkSize)
        if let failure = scan.failure {
            let place = try file.place(of: failure.offset, from: scan.start, countingUTF8: encoding == .utf8, chunkSize: chunkSize)
            if failure.isNUL { throw CSVError.nulCharacter(line: place.line, column: place.column) }
            throw CSVError.notUTF8(line: place.line, column: place.column)
        }
        self.file = file
        self.data = Data()
        self.isFinal = false
        self.fileOffset = scan.start
        self.chunkSize = chunkSize
        self.encoding = encoding
        self.options = options
        self.isASCII = scan.ascii
        self.contentByteCount = scan.size - scan.start
        self.cursor = CSVCursor(position: 0, line: 1, lineStart: 0)
    }

    /// Drops the bytes before the record being read and appends the next chunk of the file
    /// (as many bytes as the window holds already when one record fills it, so that a huge
    /// record is parsed a logarithmic number of times).
    private mutating func refill() throws(CSVError) {
        guard let file else {
            isFinal = true
            return
        }
        let drop = min(cursor.position, cursor.lineStart)
        if drop > 0 {
            data.removeSubrange(0..<drop)
            cursor.position -= drop
            cursor.lineStart -= drop
        }
        let wanted = max(chunkSize, data.count)
        let old = data.count
        data.count = old + wanted
        let result = data.withUnsafeMutableBytes { raw in
            file.read(into: raw.baseAddress! + old, count: wanted, at: fileOffset)
        }
        switch result {
        case .success(let count):
            data.count = old + count
            fileOffset += count
            if count < wanted { isFinal = true }
        case .failure(let reason):
            data.count = old
            cursor.failed = true
            throw CSVError.readFailed(line: cursor.line, reason: reason.reason)
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
        var parser = CSVByteParser(encoding: encoding, isASCII: isASCII, cursor: cursor, isFinal: isFinal)
        var outcome: CSVError? = data.withUnsafeBytes { raw in
            parser.parseRecord(raw.bindMemory(to: UInt8.self), into: &record)
        }
        while parser.needsMore {
            // The record may go on past the window: read more and parse it again from its start.
            try refill()
            record.fields.removeAll(keepingCapacity: true)
            record.fieldColumns.removeAll(keepingCapacity: true)
            record.fieldLines.removeAll(keepingCapacity: true)
            parser = CSVByteParser(encoding: encoding, isASCII: isASCII, cursor: cursor, isFinal: isFinal)
            outcome = data.withUnsafeBytes { raw in
                parser.parseRecord(raw.bindMemory(to: UInt8.self), into: &record)
            }
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
