import RightsBriefCore
/// Text hygiene for XLSX cells: what a cell receives is always valid, literal and within limits.
///
/// Rules, applied to every string cell before libxlsxwriter sees it:
/// - characters XML 1.0 cannot hold (C0 controls other than TAB, LF and CR; U+FFFE; U+FFFF)
///   become U+FFFD; CR itself is kept (libxlsxwriter stores it as `_x000D_`, Excel restores it);
/// - every `_` that starts `_xHHHH_` (hex digits in either case) becomes `_x005F_`, because
///   Excel decodes `_xHHHH_` and libxlsxwriter 1.1.4 does not escape it;
/// - text longer than ``maxCellUnits`` UTF-16 units (Excel's limit, counted after escaping) is
///   cut at a Unicode scalar boundary and ends with `… [truncated: N characters]`, where N is
///   the number of UTF-16 units left out.
///
/// The common case (clean text) is one pass over the UTF-8 bytes with no allocation.
enum XLSXText {
    /// Excel's limit on the characters in one cell, counted in UTF-16 units.
    static let maxCellUnits = 32_767

    /// The UTF-8 bytes of U+FFFD REPLACEMENT CHARACTER.
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// The escape Excel decodes back to a literal `_`.
    private static let escapedUnderscore: [UInt8] = Array("_x005F_".utf8)

    /// Tells whether `bytes` can be written exactly as they are.
    ///
    /// - Parameters:
    ///   - bytes: Valid UTF-8 text (as every Swift `String` is).
    ///   - limit: The most UTF-16 units a cell may hold.
    /// - Returns: `true` when no character needs replacing or escaping and the text fits.
    @inline(__always)
    static func isClean(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = maxCellUnits) -> Bool {
        // UTF-16 never needs more units than UTF-8 needs bytes, so this bound is safe; longer
        // byte counts take the slow path, which measures exactly.
        let count = bytes.count
        if count > limit { return false }
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 {
                if byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
            } else if byte == 0x5F {
                if startsEscape(bytes, at: index) { return false }
            } else if byte == 0xEF {
                if isNonCharacter(bytes, at: index) { return false }
            }
            index += 1
        }
        return true
    }


    /// Writes the cleaned, escaped and possibly truncated form of `bytes` into `output`,
    /// followed by a NUL so it can be passed to C.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 text; invalid sequences, should any occur, become U+FFFD.
    ///   - output: A reusable buffer; its previous contents are discarded.
    ///   - limit: The most UTF-16 units the result may hold.
    static func repair(
        _ bytes: UnsafeBufferPointer<UInt8>,
        into output: inout [UInt8],
        limit: Int = maxCellUnits
    ) {
        output.removeAll(keepingCapacity: true)
        let (inputUnits, outputUnits) = measure(bytes)
        if outputUnits <= limit {
            emit(bytes, into: &output, budget: Int.max)
        } else {
            // The marker can only get shorter than this estimate, since fewer units are left
            // out than the text holds.
            let estimate = marker(omitting: inputUnits).utf16.count
            let kept = emit(bytes, into: &output, budget: max(0, limit - estimate))
            output.append(contentsOf: marker(omitting: inputUnits - kept).utf8)
        }
        output.append(0)
    }

    /// Returns `text` with the characters XML cannot hold replaced by U+FFFD (no escaping).
    ///
    /// For labels that are not cell values, such as chart titles.
    ///
    /// - Parameter text: Any text.
    /// - Returns: Text that can be placed in an XML document.
    static func xmlSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isXMLCharacter($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isXMLCharacter(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    /// Tells whether `scalar` may appear in XML 1.0 text.
    ///
    /// - Parameter scalar: A Unicode scalar (never a surrogate).
    /// - Returns: `false` for C0 controls other than TAB, LF and CR, and for U+FFFE and U+FFFF.
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0..<0x20, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }

    /// The text that ends a truncated cell.
    ///
    /// - Parameter omitted: How many UTF-16 units were left out.
    /// - Returns: The marker, starting with an ellipsis.
    static func marker(omitting omitted: Int) -> String {
        "… [truncated: \(omitted) characters]"
    }

    /// Tells whether the `_` at `index` starts `_xHHHH_`.
    @inline(__always)
    private static func startsEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < bytes.count else { return false }
        return bytes[index + 1] | 0x20 == 0x78
            && isHexDigit(bytes[index + 2]) && isHexDigit(bytes[index + 3])
            && isHexDigit(bytes[index + 4]) && isHexDigit(bytes[index + 5])
            && bytes[index + 6] == 0x5F
    }

    @inline(__always)
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x66)
    }

    /// Tells whether the `0xEF` at `index` starts U+FFFE or U+FFFF.
    @inline(__always)
    private static func isNonCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE
    }

    /// The length in bytes of the UTF-8 sequence led by `byte`, or 0 if it cannot lead one.
    @inline(__always)
    private static func sequenceLength(_ byte: UInt8) -> Int {
        switch byte {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    /// One unit of output: how many input bytes it consumes and UTF-16 units it stands for.
    private struct Step {
        var inputBytes: Int
        var inputUnits: Int
        var outputUnits: Int
        var kind: Kind

        enum Kind { case copy, replace, escape }
    }

    @inline(__always)
    private static func step(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Step {
        let byte = bytes[index]
        let length = sequenceLength(byte)
        if length == 1 {
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                return Step(inputBytes: 1, inputUnits: 1, outputUnits: 1, kind: .replace)
            }
            if byte == 0x5F && startsEscape(bytes, at: index) {
                return Step(inputBytes: 1, inputUnits: 1, outputUnits: 7, kind: .escape)
            }
            return Step(inputBytes: 1, inputUnits: 1, outputUnits: 1, kind: .copy)
        }
        if length == 0 || index + length > bytes.count {
            return Step(inputBytes: 1, inputUnits: 1, outputUnits: 1, kind: .replace)
        }
        if length == 3 && isNonCharacter(bytes, at: index) {
            return Step(inputBytes: 3, inputUnits: 1, outputUnits: 1, kind: .replace)
        }
        let units = length == 4 ? 2 : 1
        return Step(inputBytes: length, inputUnits: units, outputUnits: units, kind: .copy)
    }

    /// Counts the UTF-16 units of the text before and after repair.
    private static func measure(_ bytes: UnsafeBufferPointer<UInt8>) -> (input: Int, output: Int) {
        var index = 0
        var input = 0
        var output = 0
        while index < bytes.count {
            let next = step(bytes, at: index)
            index += next.inputBytes
            input += next.inputUnits
            output += next.outputUnits
        }
        return (input, output)
    }

    /// Appends the repaired text to `output`, stopping before `budget` UTF-16 units are exceeded.
    ///
    /// - Returns: How many UTF-16 units of the input were kept.
    @discardableResult
    private static func emit(
        _ bytes: UnsafeBufferPointer<UInt8>,
        into output: inout [UInt8],
        budget: Int
    ) -> Int {
        var index = 0
        var kept = 0
        var written = 0
        while index < bytes.count {
            let next = step(bytes, at: index)
            if written + next.outputUnits > budget { break }
            switch next.kind {
            case .copy:
                output.append(contentsOf: UnsafeBufferPointer(
                    rebasing: bytes[index..<(index + next.inputBytes)]
                ))
            case .replace:
                output.append(contentsOf: replacement)
            case .escape:
                output.append(contentsOf: escapedUnderscore)
            }
            index += next.inputBytes
            kept += next.inputUnits
            written += next.outputUnits
        }
        return kept
    }
}
