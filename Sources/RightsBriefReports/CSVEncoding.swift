import Foundation
import RightsBriefCore

/// Encodes CSV fields and rows for exports (RFC 4180, CRLF line ends), with spreadsheet
/// formula neutralisation.
///
/// **Quoting.** A field is quoted when it contains a comma, a quote, CR or LF (RFC 4180), and
/// also when it contains a semicolon or starts or ends with a space, tab or no-break space.
/// The semicolon rule keeps a cell whole when a spreadsheet set to a European locale splits
/// on `;` (otherwise `a;=1+1` would become a second cell holding a formula); the whitespace
/// rule keeps edge spaces from readers that trim unquoted fields. Quotes are doubled.
///
/// **Neutralisation** (OWASP "CSV injection"). A text cell that begins with `=`, `+`, `-`,
/// `@`, tab or CR gets a single quote `'` in front, so a spreadsheet shows it as text instead
/// of running it. So that an export can be imported back exactly, text that already begins
/// with one or more `'` followed by one of those characters gets one more `'`.
/// ``unneutralise(_:)`` removes exactly one leading `'` from a cell of the form
/// `'…'` + trigger, so `unneutralise(neutralise(s)) == s` for every string `s`.
/// Numbers written with ``numberField(_:)`` are not neutralised: `-5` stays `-5`.
///
/// **Control characters.** C0 controls other than tab, CR and LF, and DEL, are written as
/// their visible Control Pictures symbols (ESC as `␛`), in a quoted cell, so that a CSV file
/// shown in a terminal cannot run escape sequences. This is the one change an export → import
/// round trip does not undo: such text comes back with the visible symbols.
public enum CSVEncoding {
    /// The UTF-8 byte order mark, written first so that Excel reads the file as UTF-8.
    public static let byteOrderMark: String = "\u{FEFF}"
    /// The byte order mark's UTF-8 bytes.
    public static let byteOrderMarkBytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// The record terminator, CRLF.
    public static let lineEnd: String = "\r\n"

    // MARK: Strings

    /// Encodes one text field: neutralised, then quoted when needed.
    /// - Parameter text: The cell's text.
    /// - Returns: The field as it goes between commas.
    public static func field(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 3)
        appendField(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes a number: shortest decimal form that reads back as the same `Double`,
    /// integers without `.0`, never scientific notation below 1e15, never neutralised.
    /// - Parameter value: The number.
    /// - Returns: The field, or an empty field for NaN and infinities.
    public static func numberField(_ value: Double) -> String {
        var bytes: [UInt8] = []
        appendNumber(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes an integer field (never neutralised).
    /// - Parameter value: The integer.
    /// - Returns: Its decimal digits, with `-` when negative.
    public static func integerField(_ value: Int) -> String {
        String(value)
    }

    /// Joins already-encoded fields into one record ending in CRLF. A record of one empty
    /// field is written as `""`, since an empty line would be read as no record at all.
    /// - Parameter fields: Fields from ``field(_:)``, ``numberField(_:)`` and so on.
    /// - Returns: The record line.
    public static func row(_ fields: [String]) -> String {
        if fields.count == 1 && fields[0].isEmpty {
            return "\"\"" + lineEnd
        }
        return fields.joined(separator: ",") + lineEnd
    }

    /// Encodes raw texts as one record: each neutralised and quoted, joined, CRLF-ended.
    /// - Parameter texts: The cells' texts.
    /// - Returns: The record line.
    public static func textRow(_ texts: [String]) -> String {
        var bytes: [UInt8] = []
        appendTextRow(texts, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Adds the neutralising `'` when `text` needs it (see the type's documentation).
    /// - Parameter text: The cell's text.
    /// - Returns: The text, with a leading `'` when it would otherwise start a formula or
    ///   would be changed by ``unneutralise(_:)``.
    public static func neutralise(_ text: String) -> String {
        CSVNeutralisation.neutralise(text)
    }

    /// Reverses ``neutralise(_:)``: a text that starts with one or more `'` followed by `=`,
    /// `+`, `-`, `@`, tab or CR loses its first `'`; any other text is returned unchanged.
    /// - Parameter text: A text cell as read from an exported CSV file.
    /// - Returns: The original text.
    public static func unneutralise(_ text: String) -> String {
        CSVNeutralisation.unneutralise(text)
    }

    // MARK: Byte buffers (the export hot path)

    /// Appends an encoded text field to a byte buffer without building intermediate strings.
    /// - Parameters:
    ///   - text: The cell's text.
    ///   - buffer: The output bytes.
    public static func appendField(_ text: String, to buffer: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            appendField(bytes: bytes, to: &buffer)
        }
        if done == nil {
            // A bridged or otherwise non-contiguous string: copy it once.
            Array(text.utf8).withUnsafeBufferPointer { appendField(bytes: $0, to: &buffer) }
        }
    }

    /// Appends an encoded text field given as UTF-8 bytes.
    /// - Parameters:
    ///   - bytes: The cell's text as UTF-8.
    ///   - buffer: The output bytes.
    public static func appendField(bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        let neutralise = CSVNeutralisation.needsNeutralising(bytes)
        var quotes = 0
        var mustQuote = false
        var controls = false
        for byte in bytes where byte < 0x3C || byte == 0x7F {
            // Only `"`, `,`, `;`, CR, LF and the other controls matter; all are below `<`
            // (0x3C) but DEL.
            switch byte {
            case quoteByte: quotes += 1; mustQuote = true
            case commaByte, semicolon, carriageReturn, lineFeed: mustQuote = true
            case tabByte: break
            case 0x00..<0x20, 0x7F: controls = true
            default: break
            }
        }
        if controls {
            appendField(bytes: bytes, neutralise: neutralise, mustQuote: mustQuote, to: &buffer)
            return
        }
        if !mustQuote {
            mustQuote = hasEdgeWhitespace(bytes)
        }
        if !mustQuote && !neutralise {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.reserveCapacity(buffer.count + count + quotes + 3)
        if mustQuote { buffer.append(quoteByte) }
        if neutralise { buffer.append(apostrophe) }
        if quotes == 0 {
            buffer.append(contentsOf: bytes)
        } else {
            for byte in bytes {
                buffer.append(byte)
                if byte == quoteByte { buffer.append(quoteByte) }
            }
        }
        if mustQuote { buffer.append(quoteByte) }
    }

    /// The slow path of ``appendField(bytes:to:)`` for text holding control characters other
    /// than tab, CR and LF: each becomes its visible symbol from Unicode's Control Pictures
    /// block (ESC → U+241B ␛, BEL → U+2407 ␇, DEL → U+2421 ␡), so that a file shown in a
    /// terminal cannot move the cursor or rewrite the screen. The cell is always quoted.
    private static func appendField(
        bytes: UnsafeBufferPointer<UInt8>, neutralise: Bool, mustQuote: Bool, to buffer: inout [UInt8]
    ) {
        buffer.append(quoteByte)
        if neutralise { buffer.append(apostrophe) }
        for byte in bytes {
            switch byte {
            case quoteByte: buffer.append(quoteByte); buffer.append(quoteByte)
            case tabByte, carriageReturn, lineFeed: buffer.append(byte)
            case 0x00..<0x20: buffer.append(contentsOf: [0xE2, 0x90, 0x80 | byte])
            case 0x7F: buffer.append(contentsOf: [0xE2, 0x90, 0xA1])
            default: buffer.append(byte)
            }
        }
        buffer.append(quoteByte)
    }

    /// Appends a number field (see ``numberField(_:)``).
    /// - Parameters:
    ///   - value: The number; NaN and infinities give an empty field.
    ///   - buffer: The output bytes.
    public static func appendNumber(_ value: Double, to buffer: inout [UInt8]) {
        guard value.isFinite else { return }
        if value == value.rounded(.towardZero) && abs(value) < 1e18 {
            appendInteger(Int(value), to: &buffer)
            return
        }
        let shortest = value.description
        if abs(value) >= 1e15 || !shortest.utf8.contains(UInt8(ascii: "e")) {
            buffer.append(contentsOf: shortest.utf8)
            return
        }
        appendPositional(shortest, to: &buffer)
    }

    /// Appends an integer field.
    /// - Parameters:
    ///   - value: The integer.
    ///   - buffer: The output bytes.
    public static func appendInteger(_ value: Int, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            buffer.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude))
            return
        }
        let start = buffer.count
        repeat {
            buffer.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        buffer[start...].reverse()
    }

    /// Appends a field separator (a comma).
    /// - Parameter buffer: The output bytes.
    public static func appendSeparator(to buffer: inout [UInt8]) {
        buffer.append(commaByte)
    }

    /// Appends the record terminator (CRLF).
    /// - Parameter buffer: The output bytes.
    public static func appendLineEnd(to buffer: inout [UInt8]) {
        buffer.append(carriageReturn)
        buffer.append(lineFeed)
    }

    /// Appends a whole record of texts: each field encoded, commas between, CRLF after.
    /// A record of one empty field is written as `""` (see ``row(_:)``).
    /// - Parameters:
    ///   - texts: The cells' texts.
    ///   - buffer: The output bytes.
    public static func appendTextRow(_ texts: [String], to buffer: inout [UInt8]) {
        if texts.count == 1 && texts[0].isEmpty {
            buffer.append(quoteByte)
            buffer.append(quoteByte)
            appendLineEnd(to: &buffer)
            return
        }
        for (index, text) in texts.enumerated() {
            if index > 0 { buffer.append(commaByte) }
            appendField(text, to: &buffer)
        }
        appendLineEnd(to: &buffer)
    }

    // MARK: Helpers

    private static let quoteByte: UInt8 = 0x22
    private static let commaByte: UInt8 = 0x2C
    private static let semicolon: UInt8 = 0x3B
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A
    private static let tabByte: UInt8 = 0x09
    private static let apostrophe: UInt8 = 0x27

    /// Whether the text starts or ends with a space, tab or no-break space (U+00A0).
    private static func hasEdgeWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        let count = bytes.count
        if count >= 2 {
            if bytes[0] == 0xC2 && bytes[1] == 0xA0 { return true }
            if bytes[count - 2] == 0xC2 && bytes[count - 1] == 0xA0 { return true }
        }
        return false
    }

    /// Writes Swift's shortest form `d.ddde-N` (only small magnitudes reach here) in
    /// positional notation, `0.000ddd`.
    private static func appendPositional(_ shortest: String, to buffer: inout [UInt8]) {
        var utf8 = Array(shortest.utf8)
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8.removeFirst()
        }
        guard let exponentIndex = utf8.firstIndex(of: UInt8(ascii: "e")),
              let exponent = Int(String(decoding: utf8[(exponentIndex + 1)...], as: UTF8.self))
        else {
            buffer.append(contentsOf: shortest.utf8)
            return
        }
        let mantissa = utf8[..<exponentIndex]
        let digits = mantissa.filter { $0 != UInt8(ascii: ".") }
        let pointIndex = mantissa.firstIndex(of: UInt8(ascii: ".")) ?? mantissa.count
        // The decimal point sits after `pointIndex + exponent` digits.
        let shift = pointIndex + exponent
        if negative { buffer.append(UInt8(ascii: "-")) }
        if shift <= 0 {
            buffer.append(contentsOf: Array("0.".utf8))
            buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -shift))
            buffer.append(contentsOf: digits)
        } else if shift >= digits.count {
            buffer.append(contentsOf: digits)
            buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: shift - digits.count))
        } else {
            buffer.append(contentsOf: digits[..<shift])
            buffer.append(UInt8(ascii: "."))
            buffer.append(contentsOf: digits[shift...])
        }
    }
}
