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

    /// An occupancy ratio as a percentage: `125 %`; with decimals where a whole number would
    /// hide which side of 100 % it is on (`100.4 %`, never `100 %` for a facility over capacity).
    public static func occupancy(_ ratio: Double) -> String {
        "\(percentagePoints(ratio * 100, over: 100)) %"
    }

    /// A number of percentage points with as few decimals (up to 3) as keep it on the same
    /// side of `over` as the exact value: `25`, `0.4`.
    static func percentagePoints(_ value: Double, over limit: Double) -> String {
        for decimals in 0...3 {
            let text = number(value, decimals: decimals)
            let scale = pow10(decimals)
            let rounded = (value * scale).rounded() / scale
            if (rounded > limit) == (value > limit) { return text }
        }
        return number(value, decimals: 3)
    }

    /// "25 percentage points", "1 percentage point", "0.4 percentage points".
    static func pointsOver(_ points: Double) -> String {
        let text = percentagePoints(points, over: 0)
        return "\(text) percentage point\(text == "1" ? "" : "s")"
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
        case .occupancy: occupancy(value)
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

    /// Footnote numbers with runs as ranges, for figures that rest on many sources:
    /// `1–40, 45, 47–52`, or `nil` when there are none. Past `limit` ranges the rest is
    /// counted instead of listed: `1–40, 45, … 1,204 sources in all`.
    public static func citationRanges(_ numbers: [Int], limit: Int = .max) -> String? {
        guard var start = numbers.first else { return nil }
        var parts: [String] = []
        var end = start
        func close() { parts.append(end == start ? "\(start)" : end == start + 1 ? "\(start), \(end)" : "\(start)–\(end)") }
        for number in numbers.dropFirst() {
            if number == end + 1 {
                end = number
            } else {
                close()
                start = number
                end = number
            }
        }
        close()
        guard parts.count > limit else { return parts.joined(separator: ", ") }
        return parts.prefix(limit).joined(separator: ", ") + ", … \(grouped(Int64(numbers.count))) sources in all"
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, exponent) { result *= 10 }
        return result
    }
}
