import RightsBriefCore

/// Number and value formatting for reports: deterministic, locale-independent.
public enum Formatting {
    /// A whole number with comma thousands separators: `40,000`.
    public static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// A number with at most `decimals` decimals, grouped, without trailing zeros: `3.4`, `1,250`.
    public static func number(_ value: Double, decimals: Int = 1) -> String {
        guard value.isFinite else { return "–" }
        let places = max(0, decimals)
        let scaled = (value * pow10(places)).rounded()
        guard abs(scaled) < 9e18 else { return FactValue.format(value) }
        let units = Int64(scaled)
        let factor = UInt64(pow10(places))
        let whole = units.magnitude / factor
        let fraction = units.magnitude % factor
        let text = (units < 0 ? "-" : "") + grouped(Int64(whole))
        guard fraction > 0 else { return text }
        var digits = String(fraction)
        digits = String(repeating: "0", count: places - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(text).\(digits)"
    }

    /// A ratio as a whole percentage: `125 %`.
    public static func percent(_ ratio: Double) -> String {
        "\(number(ratio * 100, decimals: 0)) %"
    }

    /// A fact value for a reader: counts grouped, measures with their unit, levels as words.
    public static func value(_ value: FactValue, attribute: Attribute) -> String {
        switch value {
        case .level(let level): return level.rawValue
        case .number(let amount):
            switch attribute.kind {
            case .count: return grouped(Int64(amount))
            case .measure:
                let unit = attribute == .floorAreaM2 ? " m²" : attribute == .waterLitresPerPersonDay ? " litres" : ""
                return number(amount, decimals: 1) + unit
            case .condition: return FactValue.format(amount)
            }
        }
    }

    /// A derived figure for a reader.
    public static func derived(_ kind: DerivedFigure.Kind, _ value: Double) -> String {
        switch kind {
        case .occupancy: percent(value)
        case .spacePerPerson: number(value, decimals: 2) + " m²"
        case .peoplePerToilet: number(value, decimals: 1)
        }
    }

    /// Footnote markers: `[1]`, `[1, 3]`, or empty.
    public static func footnotes(_ numbers: [Int]) -> String {
        numbers.isEmpty ? "" : "[" + numbers.map(String.init).joined(separator: ", ") + "]"
    }

    /// Footnote numbers for a template to wrap in brackets: `1, 3`, or `nil` when there are none.
    public static func citation(_ numbers: [Int]) -> String? {
        numbers.isEmpty ? nil : numbers.map(String.init).joined(separator: ", ")
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, exponent) { result *= 10 }
        return result
    }
}
