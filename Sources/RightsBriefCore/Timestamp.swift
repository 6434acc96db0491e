import Foundation

/// Formats and parses the UTC timestamps the store and the scheduler use (`2025-02-03T08:00:00Z`).
public enum Timestamp {
    /// The ISO 8601 text of `date` in UTC, to the second.
    public static func string(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The ISO 8601 text of `date` in UTC, to the millisecond (`2025-02-03T08:00:00.250Z`).
    ///
    /// The store stamps records this way so that "recorded since the last report" is exact
    /// even when a report and an edit fall in the same second.
    public static func precise(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let whole = Date(timeIntervalSince1970: TimeInterval(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient))
        let fraction = ((milliseconds % 1000) + 1000) % 1000
        let base = string(milliseconds < 0 && fraction != 0 ? whole.addingTimeInterval(-1) : whole)
        return String(base.dropLast()) + String(format: ".%03dZ", Int(fraction))
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.sss]]Z` (or with a `+00:00` offset); a bare `YYYY-MM-DD` means midnight UTC.
    ///
    /// - Throws: ``CoreError/invalidTimestamp(_:)`` for any other text.
    public static func parse(_ text: String) throws -> Date {
        if let day = try? Day(text) { return day.startDate }
        var body = text
        if body.hasSuffix("Z") {
            body.removeLast()
        } else if body.hasSuffix("+00:00") {
            body.removeLast(6)
        } else {
            throw CoreError.invalidTimestamp(text)
        }
        let halves = body.split(separator: "T", omittingEmptySubsequences: false)
        guard halves.count == 2, let day = try? Day(String(halves[0])) else {
            throw CoreError.invalidTimestamp(text)
        }
        let clock = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3,
            clock.prefix(2).allSatisfy({ $0.count == 2 && $0.allSatisfy(isDigit) }),
            let hour = Int(clock[0]), let minute = Int(clock[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { throw CoreError.invalidTimestamp(text) }
        var fraction = 0.0
        var secondText = clock.count == 3 ? String(clock[2]) : "00"
        if clock.count == 3, let dot = secondText.firstIndex(of: ".") {
            let digits = secondText[secondText.index(after: dot)...]
            guard (1...9).contains(digits.count), digits.allSatisfy(isDigit), let value = Double("0." + digits) else {
                throw CoreError.invalidTimestamp(text)
            }
            fraction = value
            secondText = String(secondText[..<dot])
        }
        guard secondText.count == 2, secondText.allSatisfy(isDigit), let second = Int(secondText),
            (0..<60).contains(second)
        else {
            throw CoreError.invalidTimestamp(text)
        }
        return day.startDate.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + second) + fraction)
    }

    /// Whether `character` is an ASCII digit (`Int("+1")` alone would accept a sign).
    private static func isDigit(_ character: Character) -> Bool {
        ("0"..."9").contains(character)
    }
}
