import Foundation

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
    /// The file could not be opened or read (an I/O error), at or before the given line.
    case readFailed(line: Int, reason: String)

    /// The 1-based line the error is about.
    public var line: Int {
        switch self {
        case .notUTF8(let line, _), .unterminatedQuote(let line, _),
             .unexpectedQuote(let line, _), .quoteInUnquotedField(let line, _),
             .raggedRow(let line, _, _), .nulCharacter(let line, _), .readFailed(let line, _):
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
        case .raggedRow, .readFailed:
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
            return "is not UTF-8; re-save it as UTF-8 or read it as Latin-1 or Windows-1252"
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
        case .readFailed(_, let reason):
            return "could not be read (\(reason)); check the file and the disk, then try again"
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
