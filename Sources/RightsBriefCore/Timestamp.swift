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

    /// Parses `YYYY-MM-DDTHH:MM[:SS]Z` (or with a `+00:00` offset); a bare `YYYY-MM-DD` means midnight UTC.
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
            clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(clock[0]), let minute = Int(clock[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { throw CoreError.invalidTimestamp(text) }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second, (0..<60).contains(second) else { throw CoreError.invalidTimestamp(text) }
        return day.startDate.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + second))
    }
}
