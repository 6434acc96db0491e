import Foundation

/// Where a byte offset is, and where the first NUL is (the validation itself is
/// ``UTF8Validation``, shared with the writers).
enum CSVUTF8Validator {
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
