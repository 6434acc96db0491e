import Foundation

// Parsing: text to one bit set per field. Each function throws the CronError that names the
// field and the token at fault.
extension CronExpression {
    /// The five field texts of `text`, with an `@` shortcut expanded.
    static func fieldTexts(of text: String) throws(CronError) -> [String] {
        if text.isEmpty { throw .emptyExpression }
        if text.hasPrefix("@") {
            switch text {
            case "@yearly", "@annually": return ["0", "0", "1", "1", "*"]
            case "@monthly": return ["0", "0", "1", "*", "*"]
            case "@weekly": return ["0", "0", "*", "*", "0"]
            case "@daily", "@midnight": return ["0", "0", "*", "*", "*"]
            case "@hourly": return ["0", "*", "*", "*", "*"]
            case "@reboot": throw .rebootHasNoFireTime
            default: throw .unknownShortcut(text)
            }
        }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else { throw .wrongFieldCount(found: fields.count) }
        return fields
    }

    /// The values one field selects, as a bit set (bit `v` for value `v`).
    static func parseField(_ text: String, as field: CronField) throws(CronError) -> UInt64 {
        var bits: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw .emptyValue(field: field, text: text) }
            bits |= try parseItem(String(item), as: field)
        }
        return bits
    }

    /// One list item: `*`, `N`, `N-M`, `*/S` or `N-M/S`.
    private static func parseItem(_ item: String, as field: CronField) throws(CronError) -> UInt64 {
        let halves = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { throw .invalidToken(field: field, token: item) }
        let base = halves[0]
        guard !base.isEmpty else { throw .emptyValue(field: field, text: item) }
        var step = 1
        if halves.count == 2 {
            let stepText = halves[1]
            guard !stepText.isEmpty else { throw .emptyValue(field: field, text: item) }
            guard let value = decimalValue(stepText), (1...field.maximumStep).contains(value) else {
                throw .invalidStep(field: field, step: stepText)
            }
            step = value
        }
        let (low, high) = try parseRange(base, item: item, hasStep: halves.count == 2, as: field)
        var bits: UInt64 = 0
        for value in stride(from: low, through: high, by: step) {
            bits |= 1 << UInt64(value)
        }
        return bits
    }

    /// The first and last value of `*`, `N` or `N-M`.
    private static func parseRange(
        _ base: String, item: String, hasStep: Bool, as field: CronField
    ) throws(CronError) -> (Int, Int) {
        if base == "*" { return (field.lowerBound, field.upperBound) }
        if base.contains("*") { throw .invalidToken(field: field, token: item) }
        let ends = base.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        switch ends.count {
        case 1:
            if hasStep { throw .stepWithoutRange(field: field, item: item) }
            let value = try parseValue(base, as: field)
            return (value, value)
        case 2:
            guard !ends[0].isEmpty, !ends[1].isEmpty else {
                throw .emptyValue(field: field, text: item)
            }
            let low = try parseValue(ends[0], as: field)
            var high = try parseValue(ends[1], as: field)
            if low > high {
                // cronie reads a day-of-week range ending in Sunday-as-0 (FRI-SUN) as ending in 7.
                guard field == .dayOfWeek, high == 0 else {
                    throw .reversedRange(field: field, range: base)
                }
                high = 7
            }
            return (low, high)
        default:
            throw .invalidToken(field: field, token: item)
        }
    }

    /// A number or a three-letter name, checked against the field's range.
    private static func parseValue(_ text: String, as field: CronField) throws(CronError) -> Int {
        if let value = decimalValue(text) {
            guard (field.lowerBound...field.upperBound).contains(value) else {
                throw .valueOutOfRange(field: field, value: text)
            }
            return value
        }
        let isWord = text.utf8.allSatisfy { (65...90).contains($0) || (97...122).contains($0) }
        guard isWord, !field.names.isEmpty else {
            throw .invalidToken(field: field, token: text)
        }
        guard let value = field.names[text.uppercased()] else {
            throw .unknownName(field: field, name: text)
        }
        return value
    }

    /// The value of a string of ASCII digits (capped, so huge numbers cannot overflow), or nil.
    private static func decimalValue(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        var value = 0
        for digit in text.utf8 {
            value = min(value * 10 + Int(digit - 48), 1_000_000)
        }
        return value
    }

    /// Whether any real calendar date matches the day fields and the month field.
    ///
    /// When a day must match only one of the day fields, every month has every weekday, so the
    /// expression fires. When it must match both, it fires if some selected month has some
    /// selected day of the month: over the 400-year Gregorian cycle every valid date, February 29
    /// included, falls on every weekday.
    static func canEverFire(daysOfMonth: UInt64, months: UInt64, mustMatchBoth: Bool) -> Bool {
        guard mustMatchBoth else { return true }
        let longestMonth = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for month in 1...12 where months & (1 << UInt64(month)) != 0 {
            let possibleDays: UInt64 = (1 << UInt64(longestMonth[month] + 1)) - 2
            if daysOfMonth & possibleDays != 0 { return true }
        }
        return false
    }
}
