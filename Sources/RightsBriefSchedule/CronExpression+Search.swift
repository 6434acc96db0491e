import Foundation

// Searching: walk wall-clock minutes that match the fields, skipping whole months, days and
// hours that cannot match, and turn each candidate into an instant in the requested time zone.
//
// The map from wall-clock minute W to its fire instant f(W) never decreases (a skipped minute
// maps to the end of the gap, a repeated minute to its first occurrence). So the first fire
// after t is f of the first matching W whose f(W) > t, and the latest fire at or before t is
// f of the last matching W whose f(W) <= t; the loops below only have to step past the few
// candidates inside a repeated hour.
extension CronExpression {
    /// The earliest and latest instants (whole seconds since 1970) with fire times.
    static let earliestSecond = Int(Date.distantPast.timeIntervalSince1970)
    static let latestSecond = Int(Date.distantFuture.timeIntervalSince1970)

    /// `date` rounded down to a whole second, or nil outside the supported range.
    static func wholeSeconds(_ date: Date) -> Int? {
        let interval = date.timeIntervalSince1970.rounded(.down)
        guard interval.isFinite, interval >= Double(earliestSecond),
            interval <= Double(latestSecond)
        else { return nil }
        return Int(interval)
    }

    static func date(fromSecond second: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(second))
    }

    /// The first fire instant strictly after `second`.
    func nextFire(afterSecond second: Int, in zone: TimeZone) -> Int? {
        guard canEverFire else { return nil }
        let now = CronCivilTime(localSeconds: second + Self.offset(zone, at: second))
        var start = now.adding(minutes: 1)
        let lastYear = now.year + Self.searchHorizonYears
        // Only minutes of a repeated (fall-back) hour can map to or before `second`.
        for _ in 0..<10_000 {
            guard let candidate = firstMatch(atOrAfter: start, lastYear: lastYear) else {
                return nil
            }
            let fire = Self.fireInstant(of: candidate, in: zone)
            if fire > second { return fire <= Self.latestSecond ? fire : nil }
            start = candidate.adding(minutes: 1)
        }
        return nil
    }

    /// The latest fire instant in `(lower, upper]`.
    func latestFire(afterSecond lower: Int, upToSecond upper: Int, in zone: TimeZone) -> Int? {
        guard canEverFire, lower < upper else { return nil }
        // The latest wall-clock minute that can map to `upper` or earlier: inside a repeated
        // hour that is later than the clock reading at `upper`.
        let offset = max(
            Self.offset(zone, at: upper), Self.offset(zone, at: upper - 86_400))
        var start = CronCivilTime(localSeconds: upper + offset)
        let lowerYear = CronCivilTime(localSeconds: max(lower, Self.earliestSecond)).year - 1
        let firstYear = max(start.year - Self.searchHorizonYears, lowerYear)
        for _ in 0..<10_000 {
            guard let candidate = lastMatch(atOrBefore: start, firstYear: firstYear) else {
                return nil
            }
            let fire = Self.fireInstant(of: candidate, in: zone)
            if fire <= upper { return fire > lower ? fire : nil }
            start = candidate.adding(minutes: -1)
        }
        return nil
    }

    // MARK: - Wall-clock search

    private func dayMatches(year: Int, month: Int, day: Int) -> Bool {
        let byDate = Self.contains(daysOfMonth, day)
        let byWeekday = Self.contains(
            daysOfWeek, CronCivilTime.weekday(year: year, month: month, day: day))
        return daysMustMatchBoth ? byDate && byWeekday : byDate || byWeekday
    }

    /// The first matching wall-clock minute at or after `start`, up to the end of `lastYear`.
    private func firstMatch(atOrAfter start: CronCivilTime, lastYear: Int) -> CronCivilTime? {
        var (year, month, day, hour, minute) =
            (start.year, start.month, start.day, start.hour, start.minute)
        while year <= lastYear {
            if !Self.contains(months, month) {
                if let next = Self.first(in: months, atOrAfter: month) {
                    month = next
                } else {
                    year += 1
                    month = Self.first(in: months, atOrAfter: 1) ?? 1
                }
                (day, hour, minute) = (1, 0, 0)
                continue
            }
            if day > CronCivilTime.daysInMonth(year: year, month: month) {
                (month, day, hour, minute) = (month + 1, 1, 0, 0)
                if month > 12 { (year, month) = (year + 1, 1) }
                continue
            }
            if !dayMatches(year: year, month: month, day: day) {
                (day, hour, minute) = (day + 1, 0, 0)
                continue
            }
            if !Self.contains(hours, hour) {
                guard let next = Self.first(in: hours, atOrAfter: hour) else {
                    (day, hour, minute) = (day + 1, 0, 0)
                    continue
                }
                (hour, minute) = (next, 0)
            }
            if !Self.contains(minutes, minute) {
                guard let next = Self.first(in: minutes, atOrAfter: minute) else {
                    (hour, minute) = (hour + 1, 0)
                    if hour > 23 { (day, hour) = (day + 1, 0) }
                    continue
                }
                minute = next
            }
            return CronCivilTime(year: year, month: month, day: day, hour: hour, minute: minute)
        }
        return nil
    }

    /// The last matching wall-clock minute at or before `start`, back to the start of `firstYear`.
    private func lastMatch(atOrBefore start: CronCivilTime, firstYear: Int) -> CronCivilTime? {
        var (year, month, day, hour, minute) =
            (start.year, start.month, start.day, start.hour, start.minute)
        while year >= firstYear {
            if !Self.contains(months, month) {
                if let previous = Self.last(in: months, atOrBefore: month) {
                    month = previous
                } else {
                    year -= 1
                    month = Self.last(in: months, atOrBefore: 12) ?? 12
                }
                day = CronCivilTime.daysInMonth(year: year, month: month)
                (hour, minute) = (23, 59)
                continue
            }
            if day < 1 {
                month -= 1
                if month < 1 { (year, month) = (year - 1, 12) }
                day = CronCivilTime.daysInMonth(year: year, month: month)
                (hour, minute) = (23, 59)
                continue
            }
            let daysInMonth = CronCivilTime.daysInMonth(year: year, month: month)
            if day > daysInMonth {
                (day, hour, minute) = (daysInMonth, 23, 59)
            }
            if !dayMatches(year: year, month: month, day: day) {
                (day, hour, minute) = (day - 1, 23, 59)
                continue
            }
            if !Self.contains(hours, hour) {
                guard let previous = Self.last(in: hours, atOrBefore: hour) else {
                    (day, hour, minute) = (day - 1, 23, 59)
                    continue
                }
                (hour, minute) = (previous, 59)
            }
            if !Self.contains(minutes, minute) {
                guard let previous = Self.last(in: minutes, atOrBefore: minute) else {
                    (hour, minute) = (hour - 1, 59)
                    if hour < 0 { (day, hour) = (day - 1, 23) }
                    continue
                }
                minute = previous
            }
            return CronCivilTime(year: year, month: month, day: day, hour: hour, minute: minute)
        }
        return nil
    }

    // MARK: - Bit sets

    private static func contains(_ bits: UInt64, _ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    private static func first(in bits: UInt64, atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let remaining = bits & (~UInt64(0) << UInt64(max(value, 0)))
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }

    private static func last(in bits: UInt64, atOrBefore value: Int) -> Int? {
        guard value >= 0 else { return nil }
        let remaining = value >= 63 ? bits : bits & ((1 << UInt64(value + 1)) - 1)
        return remaining == 0 ? nil : 63 - remaining.leadingZeroBitCount
    }

    // MARK: - Time zones

    /// Seconds east of UTC at `second` in `zone`.
    static func offset(_ zone: TimeZone, at second: Int) -> Int {
        zone.secondsFromGMT(for: date(fromSecond: second))
    }

    /// The instant at which wall-clock minute `time` fires in `zone`.
    ///
    /// A minute that exists once maps to that instant; a minute that exists twice (clocks fall
    /// back) maps to the first; a minute that does not exist (clocks jump forward) maps to the
    /// first instant after the jump.
    static func fireInstant(of time: CronCivilTime, in zone: TimeZone) -> Int {
        let local = time.localSeconds
        // Offsets a day either side of the wall time cover any single change of offset near it.
        let before = offset(zone, at: local - 86_400)
        let after = offset(zone, at: local + 86_400)
        var earliest: Int?
        for candidate in Set([before, after]) {
            let instant = local - candidate
            if offset(zone, at: instant) == candidate, instant < (earliest ?? Int.max) {
                earliest = instant
            }
        }
        if let earliest { return earliest }
        // In a gap: the first instant whose wall clock reads later than `time`.
        var low = local - max(before, after)
        var high = local - min(before, after)
        while low < high {
            let middle = low + (high - low) / 2
            if middle + offset(zone, at: middle) > local {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return high
    }
}
