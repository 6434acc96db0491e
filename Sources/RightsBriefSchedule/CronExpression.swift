import Foundation

/// A five-field cron expression with the semantics of Vixie cron (cronie, Debian's `cron`).
///
/// The fields are minute (0-59), hour (0-23), day-of-month (1-31), month (1-12 or `JAN`-`DEC`)
/// and day-of-week (0-7 or `SUN`-`SAT`; 0 and 7 are Sunday). Each field is `*` or a
/// comma-separated list of values (`1,5,7`), ranges (`1-5`, `MON-FRI`) and stepped ranges
/// (`*/15`, `1-30/7`). Names are three letters, in any case. The shortcuts `@yearly`,
/// `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight` and `@hourly` stand for
/// `0 0 1 1 *`, `0 0 1 1 *`, `0 0 1 * *`, `0 0 * * 0`, `0 0 * * *`, `0 0 * * *` and `0 * * * *`.
///
/// ## Where this follows cron exactly
/// - **Day-of-month and day-of-week.** If either field's text begins with `*` (so `*/2` counts
///   as unrestricted, as in cron's `DOM_STAR`/`DOW_STAR` flags), a day must match both fields;
///   when both are restricted, a day matching either one fires. `0 0 13 * FRI` fires on every
///   13th and on every Friday; `0 0 */2 * MON` fires only on Mondays with an odd day of month.
/// - **A step after a single value** (`5/10`) is refused, as cronie and Vixie cron refuse it
///   ("bad minute"); the error suggests the explicit range `5-59/10`. (croniter accepts it.)
/// - **Day-of-week ranges may end on Sunday as 0**: `FRI-SUN` and `5-0` mean `5-7`, as in
///   cronie. Every other range whose start is after its end (`5-1`) is refused; cronie would
///   silently select nothing.
/// - **Shortcuts are lowercase** and `@reboot` is refused, because it has no fire times.
///
/// ## Where this is stricter than cron
/// A step must be a whole number from 1 to the width of the field (59 for minutes, 23 for hours,
/// 30 for days of the month, 11 for months, 7 for days of the week); cron only warns about
/// larger steps. The cronie extension `~` (random value) is not supported.
///
/// ## Time zones and daylight-saving time
/// The fields are matched against the wall clock of the time zone you pass (UTC by default).
/// - A wall-clock time that does not exist, because the clocks jump forward, fires once at the
///   first instant after the jump: in America/New_York on 9 March 2025, `30 2 * * *` fires at
///   03:00 EDT. Several skipped times collapse into that one fire time.
/// - A wall-clock time that happens twice, because the clocks fall back, fires once, at its first
///   occurrence: on 2 November 2025, `30 1 * * *` fires at 01:30 EDT and not again at 01:30 EST.
///   This applies to every field, so `*/15 * * * *` does not fire during the repeated hour.
///
/// Vixie cron does the same for fixed times moved by less than three hours; unlike it, this
/// type never fires wildcard times a second time in a repeated hour.
///
/// ## Bounds
/// Every search is bounded, so no call can loop forever: an expression that can never match a
/// real date (`0 0 30 2 *`, `0 0 31 4,6,9,11 *`) is recognised when it is parsed and never
/// fires, and a search looks at most ``searchHorizonYears`` years ahead or back. That is more
/// than the longest gap any other expression can have (40 years, for February 29 on a given
/// weekday). Dates outside `Date.distantPast...Date.distantFuture` have no fire times.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    /// The expression as written, without leading or trailing whitespace.
    public let text: String

    /// How many years ahead ``next(after:in:)`` searches (and back ``latestFire(after:upTo:in:)``).
    public static let searchHorizonYears = 50

    // Bit `v` is set when value `v` is selected; day-of-week 7 is folded into bit 0.
    let minutes: UInt64
    let hours: UInt64
    let daysOfMonth: UInt64
    let months: UInt64
    let daysOfWeek: UInt64
    /// True when either day field begins with `*`: a day must then match both fields.
    let daysMustMatchBoth: Bool
    /// False when no real calendar date can ever match (`0 0 30 2 *`).
    public let canEverFire: Bool

    /// Parses a cron expression: five fields or one of the `@` shortcuts.
    ///
    /// Leading and trailing whitespace is ignored; fields are separated by spaces or tabs.
    ///
    /// - Parameter text: The expression, for example `0 8 * * MON-FRI` or `@weekly`.
    /// - Throws: ``CronError`` naming the field and token that are wrong, for instance
    ///   ``CronError/valueOutOfRange(field:value:)`` for `0 25 * * *`.
    public init(_ text: String) throws(CronError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let fields = try Self.fieldTexts(of: trimmed)
        self.text = trimmed
        minutes = try Self.parseField(fields[0], as: .minute)
        hours = try Self.parseField(fields[1], as: .hour)
        daysOfMonth = try Self.parseField(fields[2], as: .dayOfMonth)
        months = try Self.parseField(fields[3], as: .month)
        let weekdays = try Self.parseField(fields[4], as: .dayOfWeek)
        daysOfWeek = (weekdays & 0x7F) | (weekdays >> 7 & 1)
        daysMustMatchBoth = fields[2].hasPrefix("*") || fields[4].hasPrefix("*")
        canEverFire = Self.canEverFire(
            daysOfMonth: daysOfMonth, months: months, mustMatchBoth: daysMustMatchBoth)
    }

    /// The expression as written (same as ``text``).
    public var description: String { text }

    /// The first fire time strictly after a date.
    ///
    /// Fire times fall on whole minutes. The fields are matched against the wall clock of
    /// `timeZone`; see the type's discussion for what happens when clocks change.
    ///
    /// - Parameters:
    ///   - date: The instant to search after; a fire time equal to it is not returned.
    ///   - timeZone: Whose wall clock the fields describe. Defaults to UTC.
    /// - Returns: The first fire time after `date`, or `nil` if the expression can never fire
    ///   (such as `0 0 30 2 *`) or there is none within ``searchHorizonYears`` years.
    public func next(after date: Date, in timeZone: TimeZone = .gmt) -> Date? {
        guard let seconds = Self.wholeSeconds(date) else { return nil }
        return nextFire(afterSecond: seconds, in: timeZone).map(Self.date(fromSecond:))
    }

    /// The next fire times after a date, in order.
    ///
    /// - Parameters:
    ///   - date: The instant to search after; a fire time equal to it is not returned.
    ///   - count: How many fire times to return; zero or less gives an empty array.
    ///   - timeZone: Whose wall clock the fields describe. Defaults to UTC.
    /// - Returns: Up to `count` increasing fire times; fewer when the search runs out (see
    ///   ``next(after:in:)``).
    public func next(after date: Date, count: Int, in timeZone: TimeZone = .gmt) -> [Date] {
        guard count > 0, var second = Self.wholeSeconds(date) else { return [] }
        var result: [Date] = []
        result.reserveCapacity(min(count, 10_000))
        while result.count < count, let fire = nextFire(afterSecond: second, in: timeZone) {
            result.append(Self.date(fromSecond: fire))
            second = fire
        }
        return result
    }

    /// The most recent fire time in a window: at or before `date` and strictly after `since`.
    ///
    /// Use it to ask "has this schedule fired since the last run?": a scheduler that was down
    /// for several fire times gets one answer, the latest missed time, and runs once to catch
    /// up rather than once per missed slot.
    ///
    /// - Parameters:
    ///   - since: The end of the previous run; a fire time equal to it does not count.
    ///   - date: Now; a fire time equal to it counts.
    ///   - timeZone: Whose wall clock the fields describe. Defaults to UTC.
    /// - Returns: The latest fire time in `(since, date]`, or `nil` if there is none (also when
    ///   `since` is not before `date`).
    public func latestFire(
        after since: Date, upTo date: Date, in timeZone: TimeZone = .gmt
    ) -> Date? {
        guard since < date, let upper = Self.wholeSeconds(date) else { return nil }
        let lower = Self.wholeSeconds(since) ?? Self.earliestSecond - 1
        let fire = latestFire(afterSecond: lower, upToSecond: upper, in: timeZone)
        return fire.map(Self.date(fromSecond:))
    }
}
