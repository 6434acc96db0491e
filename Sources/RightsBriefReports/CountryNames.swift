import Foundation

/// Country names from ISO 3166-1 alpha-2 codes, from the platform's locale data.
///
/// `CountryNames.name("SV")` is "El Salvador"; `CountryNames.name("SV", language: "es")` is the
/// Spanish name. A code the locale data does not know prints as the code itself, which is not
/// an error. Callers that name many facilities keep a ``Memo`` so each code is looked up once.
public enum CountryNames {
    /// The name of the country with `code`, in `language` (default English); the code when the
    /// locale data has no name for it.
    public static func name(_ code: String, language: String = "en") -> String {
        let upper = code.uppercased()
        let found = Locale(identifier: language).localizedString(forRegionCode: upper)
        return found.flatMap { $0.isEmpty || $0 == upper ? nil : $0 } ?? code
    }

    /// Names looked up once per code, for one report.
    struct Memo {
        let language: String
        private var names: [String: String] = [:]

        init(language: String) { self.language = language }

        mutating func name(_ code: String) -> String {
            if let known = names[code] { return known }
            let found = CountryNames.name(code, language: language)
            names[code] = found
            return found
        }
    }

    /// Names joined for a sentence: "A", "A and B", "A, B and C".
    public static func list(_ names: [String]) -> String {
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }
}
