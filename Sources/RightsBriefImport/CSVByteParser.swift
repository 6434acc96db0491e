import Foundation

// The byte-level parsing behind ``CSVReader``: one record at a time, straight from the file's
// bytes, with the line and column of every field.

/// Where the reader is in the bytes.
struct CSVCursor: Sendable {
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
enum CSVByte {
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let carriageReturn: UInt8 = 0x0D
    static let lineFeed: UInt8 = 0x0A
}

/// Parses one record from a byte buffer; a value type so that it stays in registers.
///
/// The buffer is either the rest of the file (`isFinal`) or a window of it. In a window, a
/// record that reaches the window's end might go on past it, so the parser stops and sets
/// `needsMore` instead of deciding; the reader then reads more and parses the record again from
/// its start (with the cursor it had before).
struct CSVByteParser {
    let encoding: CSVReader.Encoding
    let isASCII: Bool
    var cursor: CSVCursor
    /// Whether the buffer ends where the file ends.
    let isFinal: Bool
    var atEnd = false
    /// Set when the record may continue past the end of a window: read more, then parse again.
    var needsMore = false
    /// Column bookkeeping for non-ASCII UTF-8 lines: a known (offset, column) on the line
    /// starting at `anchorLineStart`, so that columns are counted incrementally.
    private var anchorLineStart = -1
    private var anchorOffset = 0
    private var anchorColumn = 1

    init(encoding: CSVReader.Encoding, isASCII: Bool, cursor: CSVCursor, isFinal: Bool = true) {
        self.encoding = encoding
        self.isASCII = isASCII
        self.cursor = cursor
        self.isFinal = isFinal
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
        guard !cursor.failed else {
            atEnd = true
            return nil
        }
        guard let base = bytes.baseAddress else {
            if isFinal { atEnd = true } else { needsMore = true }
            return nil
        }
        var position = cursor.position
        // Skip blank lines.
        while true {
            guard position < end else {
                if !isFinal {
                    needsMore = true
                    return nil
                }
                cursor.position = position
                atEnd = true
                return nil
            }
            let byte = base[position]
            if byte == CSVByte.lineFeed {
                position += 1
            } else if byte == CSVByte.carriageReturn {
                position += 1
                if position == end && !isFinal {
                    needsMore = true
                    return nil
                }
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
                        if byte == CSVByte.carriageReturn && position + 1 >= end && !isFinal {
                            needsMore = true
                            return nil
                        }
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
                        if !isFinal {
                            needsMore = true
                            return nil
                        }
                        cursor.failed = true
                        cursor.position = end
                        let column = record.fieldColumns.last ?? 1
                        return .unterminatedQuote(line: fieldLine, column: column)
                    }
                    if position + 1 >= end && !isFinal {
                        needsMore = true
                        return nil
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
                if position == end && !isFinal {
                    needsMore = true
                    return nil
                }
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
                if position == end && !isFinal {
                    needsMore = true
                    return nil
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
            if byte == CSVByte.carriageReturn && position == end && !isFinal {
                needsMore = true
                return nil
            }
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
