import Foundation

/// An identifier another register gives a facility: a national registry number, a dataset's
/// own key (`hifld:10002345`, `bop:BER`).
///
/// A `(scheme, value)` pair names at most one facility; a facility may have several, in one
/// scheme or in several (two records of one place merged keep both).
public struct FacilityIdentifier: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// The register, written like an id: lowercase letters, digits and hyphens, at most 32.
    public var scheme: String
    /// The facility's key in that register: 1 to 200 characters, trimmed, with no `;`
    /// (it separates identifiers in exported tables) and no control characters.
    public var value: String

    public init(scheme: String, value: String) {
        self.scheme = scheme
        self.value = value
    }

    /// `scheme:value`, as exported tables write it.
    public var description: String { "\(scheme):\(value)" }

    public static func < (left: FacilityIdentifier, right: FacilityIdentifier) -> Bool {
        (left.scheme, left.value) < (right.scheme, right.value)
    }

    /// Checks the scheme and the value.
    ///
    /// - Throws: ``CoreError/invalidValue(attribute:value:reason:)`` naming `identifier scheme`
    ///   or `identifier`.
    public func validate() throws {
        try Self.validate(scheme: scheme)
        try Self.validate(value: value)
    }

    public static func validate(scheme: String) throws {
        let bytes = Array(scheme.utf8)
        guard (1...32).contains(bytes.count),
            bytes.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        else {
            throw CoreError.invalidValue(
                attribute: "identifier scheme", value: scheme,
                reason: "a scheme is 1 to 32 lowercase letters, digits and hyphens, for example hifld")
        }
    }

    public static func validate(value: String) throws {
        let reason: String? =
            if value.isEmpty || value.count > 200 {
                "an identifier is 1 to 200 characters"
            } else if value != value.trimmingCharacters(in: .whitespacesAndNewlines) {
                "an identifier may not begin or end with a space"
            } else if value.contains(";") {
                "an identifier may not contain ';' (it separates identifiers in exported tables)"
            } else if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                "an identifier may not contain control characters"
            } else {
                nil
            }
        if let reason { throw CoreError.invalidValue(attribute: "identifier", value: value, reason: reason) }
    }

    /// Reads `scheme:value; scheme:value` (as exported tables write it); empty text is no
    /// identifiers.
    ///
    /// - Throws: ``CoreError/invalidValue(attribute:value:reason:)`` for an item without a
    ///   `:` or with a bad scheme or value.
    public static func list(_ text: String) throws -> [FacilityIdentifier] {
        var result: [FacilityIdentifier] = []
        for item in text.split(separator: ";") {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw CoreError.invalidValue(
                    attribute: "identifiers", value: trimmed, reason: "write each identifier as scheme:value, for example hifld:10002345")
            }
            let identifier = FacilityIdentifier(
                scheme: String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces),
                value: String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            try identifier.validate()
            result.append(identifier)
        }
        return Array(Set(result)).sorted()
    }

    /// `scheme:value; scheme:value`, sorted.
    public static func joined(_ identifiers: [FacilityIdentifier]) -> String {
        identifiers.sorted().map(\.description).joined(separator: "; ")
    }
}
