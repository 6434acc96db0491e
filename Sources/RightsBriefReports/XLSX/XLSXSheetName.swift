/// Worksheet names Excel accepts: at most 31 characters, none of `[ ] : * ? / \`, no leading or
/// trailing apostrophe, not `History`, and unique regardless of case.
enum XLSXSheetName {
    /// The longest name Excel allows, in UTF-16 units.
    static let maxUnits = 31

    /// Makes `name` acceptable to Excel, without regard to the names already used.
    ///
    /// Forbidden characters and characters XML cannot hold become `_`; apostrophes at either
    /// end are dropped; an empty result becomes `Sheet`.
    ///
    /// - Parameter name: Any text.
    /// - Returns: A usable name, still to be shortened by ``unique(_:startingAt:taken:)``.
    static func sanitized(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar {
            case "[", "]", ":", "*", "?", "/", "\\":
                scalars.append("_")
            default:
                let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                let fits = XLSXText.isXMLCharacter(scalar) && !isControl
                scalars.append(fits ? scalar : "_")
            }
        }
        let cleaned = trimmingApostrophes(String(scalars))
        return cleaned.isEmpty ? "Sheet" : cleaned
    }

    /// Returns the first name built from `base` that is not in `taken`.
    ///
    /// The candidates are `base`, then `base (2)`, `base (3)`… (or, when `number` is given,
    /// `base (number)` onwards), with `base` shortened so the whole name fits.
    ///
    /// - Parameters:
    ///   - base: A name already passed through ``sanitized(_:)``.
    ///   - number: The first number to try, or `nil` to try `base` alone first.
    ///   - taken: The lowercased names already used.
    /// - Returns: A free name of at most ``maxUnits`` UTF-16 units.
    static func unique(_ base: String, startingAt number: Int?, taken: Set<String>) -> String {
        var number = number
        while true {
            let candidate = compose(base, number: number)
            let key = candidate.lowercased()
            if !taken.contains(key) && key != "history" { return candidate }
            number = (number ?? 1) + 1
        }
    }

    /// The key under which a name counts as taken (Excel compares names regardless of case).
    ///
    /// - Parameter name: A worksheet name.
    /// - Returns: The lowercased name.
    static func key(_ name: String) -> String {
        name.lowercased()
    }

    private static func compose(_ base: String, number: Int?) -> String {
        guard let number else { return trimmingApostrophes(prefix(base, units: maxUnits)) }
        let suffix = " (\(number))"
        let head = prefix(base, units: maxUnits - suffix.utf16.count)
        let trimmed = trimmingApostrophes(head)
        return (trimmed.isEmpty ? "Sheet" : trimmed) + suffix
    }

    /// The longest run of whole characters from the start of `text` within `units` UTF-16 units.
    private static func prefix(_ text: String, units: Int) -> String {
        var used = 0
        var result = ""
        for character in text {
            let size = character.utf16.count
            if used + size > units { break }
            used += size
            result.append(character)
        }
        return result
    }

    private static func trimmingApostrophes(_ text: String) -> String {
        var slice = Substring(text)
        while slice.first == "'" { slice.removeFirst() }
        while slice.last == "'" { slice.removeLast() }
        return String(slice)
    }
}
