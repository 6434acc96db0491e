import Foundation

/// Checks for the small text values the domain model constrains: ids, country codes and URLs.
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

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
