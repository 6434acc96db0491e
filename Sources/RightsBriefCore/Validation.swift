import Foundation

/// Checks for the text values the domain model constrains: ids, country codes, URLs, numbers
/// and free text.
///
/// The same rules are guarded again by CHECK constraints in the store; these functions let the
/// command line refuse bad input with a readable message before anything is written.
public enum Validation {
    /// Checks a slug id such as `cecot` or `ice-stewart`.
    ///
    /// - Throws: ``CoreError/invalidIdentifier(_:)``.
    @discardableResult
    public static func identifier(_ text: String) throws -> String {
        let bytes = Array(text.utf8)
        guard (1...64).contains(bytes.count),
            bytes.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }),
            let first = bytes.first, isLowerAlnum(first)
        else { throw CoreError.invalidIdentifier(text) }
        return text
    }

    /// Checks an ISO 3166-1 alpha-2 code (two capital ASCII letters).
    ///
    /// - Throws: ``CoreError/invalidCountry(_:)``.
    @discardableResult
    public static func country(_ text: String) throws -> String {
        let bytes = Array(text.utf8)
        guard bytes.count == 2, bytes.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw CoreError.invalidCountry(text)
        }
        return text
    }

    /// Checks that a URL is absolute http or https with a host, and contains no spaces or controls.
    ///
    /// - Throws: ``CoreError/invalidURL(_:)``.
    @discardableResult
    public static func webURL(_ text: String) throws -> String {
        guard isWebURL(text) else { throw CoreError.invalidURL(text) }
        return text
    }

    /// Whether `text` is an absolute http or https URL that is safe to print as a link.
    public static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" || $0 == "`" })
        else { return false }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty,
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return false }
        return true
    }

    /// Checks that free text (a name, a title, a quote, a captured document) holds no NUL
    /// character (U+0000).
    ///
    /// SQLite and the C libraries the exports use end text at a NUL, so a NUL would silently
    /// cut what is stored while a hash or a length still covers the whole. Every other
    /// character is allowed here; escaping for output is the reports' job. `nil` is not an
    /// error.
    ///
    /// - Parameters:
    ///   - text: The text, or `nil` when the field is empty.
    ///   - field: The field's name for the message, for example `quote`.
    /// - Throws: ``CoreError/nulCharacter(field:)``.
    public static func text(_ text: String?, field: String) throws {
        guard let text else { return }
        if text.utf8.contains(0) { throw CoreError.nulCharacter(field: field) }
    }

    /// The number that `text` writes as a plain decimal: digits with at most one decimal point
    /// (`40000`, `12.5`, `.5`), optionally after a `-` (so that a check can say "must not be
    /// negative" rather than "not a number").
    ///
    /// Everything else is `nil`, because each is more often a mistake than a figure: a leading
    /// `+` (a change, not a level), exponents (`1e3`, what spreadsheets make of long ids),
    /// hexadecimal, binary and octal forms (`0x10`, `0b1`, `0o7`), `nan` and `inf`, spaces,
    /// thousands separators (importers strip those with a declared convention), and numbers too
    /// large for a `Double`.
    ///
    /// - Parameter text: The text, already trimmed.
    /// - Returns: The number, or `nil` when `text` is not a plain decimal.
    public static func decimalNumber(_ text: String) -> Double? {
        var digits = 0
        var points = 0
        var afterPoint = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if points > 0 { afterPoint += 1 }
            case UInt8(ascii: "."):
                points += 1
                if points > 1 { return nil }
            case UInt8(ascii: "-") where index == 0:
                continue
            default:
                return nil
            }
        }
        guard digits > 0, points == 0 || afterPoint > 0, let value = Double(text), value.isFinite else {
            return nil
        }
        return value
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
