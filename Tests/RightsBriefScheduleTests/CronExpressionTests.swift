import Foundation
import Testing

import RightsBriefSchedule

/// Cron expressions: parsing, errors, Vixie day rules, month ends, DST and catch-up.
///
/// Every expected time below is UTC unless a test says otherwise; the croniter comparison
/// (`croniter_compare.py`, run by `scripts/check-cron-against-croniter`) checks a few hundred
/// more expressions against an independent implementation.
@Suite("CronExpression")
struct CronExpressionTests {
    // MARK: - Helpers

    private func instant(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    private func text(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// The next `count` fire times of `expression` after `start`, as ISO 8601 UTC strings.
    private func fires(
        _ expression: String, after start: String, count: Int,
        in zone: TimeZone = .gmt
    ) throws -> [String] {
        let cron = try CronExpression(expression)
        return cron.next(after: try instant(start), count: count, in: zone).map(text)
    }

    private func newYork() throws -> TimeZone {
        try #require(TimeZone(identifier: "America/New_York"))
    }

    // MARK: - Syntax

    @Test("lists, ranges and steps select the documented minutes")
    func listsRangesAndSteps() throws {
        // Given expressions using each minute syntax, when asked for times after midnight,
        // then each selects exactly the listed minutes, restarting every hour.
        #expect(
            try fires("1,5,7 * * * *", after: "2025-01-01T00:00:00Z", count: 4) == [
                "2025-01-01T00:01:00Z", "2025-01-01T00:05:00Z", "2025-01-01T00:07:00Z",
                "2025-01-01T01:01:00Z",
            ])
        #expect(
            try fires("10-12 * * * *", after: "2025-01-01T00:00:00Z", count: 4) == [
                "2025-01-01T00:10:00Z", "2025-01-01T00:11:00Z", "2025-01-01T00:12:00Z",
                "2025-01-01T01:10:00Z",
            ])
        #expect(
            try fires("*/15 * * * *", after: "2025-01-01T00:00:00Z", count: 4) == [
                "2025-01-01T00:15:00Z", "2025-01-01T00:30:00Z", "2025-01-01T00:45:00Z",
                "2025-01-01T01:00:00Z",
            ])
        #expect(
            try fires("1-30/7 * * * *", after: "2025-01-01T00:00:00Z", count: 6) == [
                "2025-01-01T00:01:00Z", "2025-01-01T00:08:00Z", "2025-01-01T00:15:00Z",
                "2025-01-01T00:22:00Z", "2025-01-01T00:29:00Z", "2025-01-01T01:01:00Z",
            ])
        // A step does not carry over the hour: */7 ends at :56 and starts again at :00.
        #expect(
            try fires("*/7 * * * *", after: "2025-01-01T00:50:00Z", count: 2) == [
                "2025-01-01T00:56:00Z", "2025-01-01T01:00:00Z",
            ])
    }

    @Test("month and day names are three letters in any case, also inside ranges")
    func names() throws {
        // Given month names in mixed case, when searched from New Year, then only those months
        // fire.
        #expect(
            try fires("0 0 1 jan,Jul *", after: "2025-01-01T00:00:00Z", count: 2) == [
                "2025-07-01T00:00:00Z", "2026-01-01T00:00:00Z",
            ])
        // Given MON-FRI, when searched from Friday 3 January 2025 09:00, then the weekend is
        // skipped.
        #expect(
            try fires("0 9 * * MON-FRI", after: "2025-01-03T09:00:00Z", count: 2) == [
                "2025-01-06T09:00:00Z", "2025-01-07T09:00:00Z",
            ])
        // Given names used as range ends with a step, then the step counts from the first name.
        #expect(
            try fires("0 0 1 FEB-dec/3 *", after: "2025-01-01T00:00:00Z", count: 4) == [
                "2025-02-01T00:00:00Z", "2025-05-01T00:00:00Z", "2025-08-01T00:00:00Z",
                "2025-11-01T00:00:00Z",
            ])
    }

    @Test("day-of-week 0 and 7 are both Sunday, and FRI-SUN wraps to Sunday")
    func sundayAsZeroOrSeven() throws {
        // Given Sunday written as 0, 7 and SUN, then all three fire on the same days.
        let sundays = ["2025-01-05T00:00:00Z", "2025-01-12T00:00:00Z"]
        #expect(try fires("0 0 * * 0", after: "2025-01-01T00:00:00Z", count: 2) == sundays)
        #expect(try fires("0 0 * * 7", after: "2025-01-01T00:00:00Z", count: 2) == sundays)
        #expect(try fires("0 0 * * sun", after: "2025-01-01T00:00:00Z", count: 2) == sundays)
        // Given FRI-SUN (cronie reads the 0 at the end as 7), then Friday to Sunday fire.
        let weekend = ["2025-01-03T00:00:00Z", "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z"]
        #expect(try fires("0 0 * * FRI-SUN", after: "2025-01-01T00:00:00Z", count: 3) == weekend)
        #expect(try fires("0 0 * * 5-0", after: "2025-01-01T00:00:00Z", count: 3) == weekend)
        // Given 1-7/2, then Monday, Wednesday, Friday and Sunday (7) fire.
        #expect(
            try fires("0 0 * * 1-7/2", after: "2025-01-01T00:00:00Z", count: 4) == [
                "2025-01-03T00:00:00Z", "2025-01-05T00:00:00Z", "2025-01-06T00:00:00Z",
                "2025-01-08T00:00:00Z",
            ])
    }

    @Test(
        "shortcuts equal their five-field forms",
        arguments: [
            ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
            ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
            ("@hourly", "0 * * * *"),
        ])
    func shortcuts(shortcut: String, fields: String) throws {
        // Given a shortcut and the fields it stands for, when both are searched from the same
        // instant, then they give the same three fire times.
        let start = "2025-03-14T15:09:26Z"
        #expect(
            try fires(shortcut, after: start, count: 3) == fires(fields, after: start, count: 3))
    }

    @Test("@weekly fires at midnight on Sundays")
    func weekly() throws {
        // Given @weekly, when searched from Wednesday 1 January 2025, then the next Sundays fire.
        #expect(
            try fires("@weekly", after: "2025-01-01T00:00:00Z", count: 3) == [
                "2025-01-05T00:00:00Z", "2025-01-12T00:00:00Z", "2025-01-19T00:00:00Z",
            ])
    }

    @Test("whitespace around and between fields is allowed, and text keeps the trimmed input")
    func whitespaceAndText() throws {
        // Given an expression with tabs and padding, when parsed, then it works and keeps its text.
        let cron = try CronExpression("  0\t8  * * *\n")
        #expect(cron.text == "0\t8  * * *")
        #expect(cron.description == "0\t8  * * *")
        #expect(cron.next(after: try instant("2025-01-01T00:00:00Z")).map(text)
            == "2025-01-01T08:00:00Z")
        #expect(try CronExpression("@daily") == CronExpression("@daily"))
        #expect(try CronExpression("@daily") != CronExpression("0 0 * * *"))
    }

    // MARK: - Errors

    @Test(
        "each kind of mistake gives its own one-sentence message",
        arguments: [
            (
                "", CronError.emptyExpression,
                "The cron expression is empty; write five fields (minute hour day-of-month month "
                    + "day-of-week) such as '0 8 * * MON', or a shortcut such as '@daily'."
            ),
            (
                "0 8 * *", .wrongFieldCount(found: 4),
                "The cron expression has 4 fields but needs 5 (minute hour day-of-month month "
                    + "day-of-week); add the missing fields, e.g. '0 8 * * MON'."
            ),
            (
                "0 8 * * * /usr/bin/true", .wrongFieldCount(found: 6),
                "The cron expression has 6 fields but needs 5 (minute hour day-of-month month "
                    + "day-of-week); remove the extra fields (the command does not belong in "
                    + "the expression)."
            ),
            (
                "1,,5 * * * *", .emptyValue(field: .minute, text: "1,,5"),
                "Field 'minute' has an empty value in '1,,5'; put a value there or remove the "
                    + "extra ',', '-' or '/'."
            ),
            (
                "0 8-/2 * * *", .emptyValue(field: .hour, text: "8-/2"),
                "Field 'hour' has an empty value in '8-/2'; put a value there or remove the "
                    + "extra ',', '-' or '/'."
            ),
            (
                "0 25 * * *", .valueOutOfRange(field: .hour, value: "25"),
                "Field 'hour' has '25', which is outside 0-23; use a value in that range."
            ),
            (
                "0 0 0 * *", .valueOutOfRange(field: .dayOfMonth, value: "0"),
                "Field 'day-of-month' has '0', which is outside 1-31; use a value in that range."
            ),
            (
                "0 0 * * 8", .valueOutOfRange(field: .dayOfWeek, value: "8"),
                "Field 'day-of-week' has '8', which is outside 0-7; use a value in that range."
            ),
            (
                "*/0 * * * *", .invalidStep(field: .minute, step: "0"),
                "Field 'minute' has the step '0', which is not a whole number from 1 to 59; "
                    + "use a step in that range."
            ),
            (
                "0 */24 * * *", .invalidStep(field: .hour, step: "24"),
                "Field 'hour' has the step '24', which is not a whole number from 1 to 23; "
                    + "use a step in that range."
            ),
            (
                "0 0 5-1 * *", .reversedRange(field: .dayOfMonth, range: "5-1"),
                "Field 'day-of-month' has the range '5-1', whose start is after its end; write "
                    + "'1-5', or split a wrap-around into two ranges joined by ','."
            ),
            (
                "5/10 * * * *", .stepWithoutRange(field: .minute, item: "5/10"),
                "Field 'minute' has '5/10', a step after a single value, which cron refuses; "
                    + "write '5-59/10' to step from that value to the end of the field."
            ),
            (
                "0 0 * FOO *", .unknownName(field: .month, name: "FOO"),
                "Field 'month' has 'FOO', which is not a month name; use JAN-DEC or 1-12."
            ),
            (
                "0 0 * * Monday", .unknownName(field: .dayOfWeek, name: "Monday"),
                "Field 'day-of-week' has 'Monday', which is not a day name; use SUN-SAT or 0-7, "
                    + "where 0 and 7 are Sunday."
            ),
            (
                "0 0 L * *", .invalidToken(field: .dayOfMonth, token: "L"),
                "Field 'day-of-month' has 'L', which is not cron syntax; write values (1-31) "
                    + "with only '*', ',', '-' and '/' between them."
            ),
            (
                "0 0 * * 5#3", .invalidToken(field: .dayOfWeek, token: "5#3"),
                "Field 'day-of-week' has '5#3', which is not cron syntax; write values (SUN-SAT "
                    + "or 0-7, where 0 and 7 are Sunday) with only '*', ',', '-' and '/' "
                    + "between them."
            ),
            (
                "1-2-3 * * * *", .invalidToken(field: .minute, token: "1-2-3"),
                "Field 'minute' has '1-2-3', which is not cron syntax; write values (0-59) "
                    + "with only '*', ',', '-' and '/' between them."
            ),
            (
                "@fortnightly", .unknownShortcut("@fortnightly"),
                "'@fortnightly' is not a cron shortcut; write one of @yearly, @annually, "
                    + "@monthly, @weekly, @daily, @midnight or @hourly on its own, in lowercase, "
                    + "or five fields such as '0 8 * * MON'."
            ),
            (
                "@reboot", .rebootHasNoFireTime,
                "'@reboot' runs only when the machine starts, so it has no fire times; use a "
                    + "timed expression such as '@daily' or '0 6 * * *'."
            ),
        ])
    func errors(expression: String, expected: CronError, message: String) {
        // Given a malformed expression, when it is parsed, then the specific error is thrown
        // and its message names the field and token and says what to write instead.
        #expect(throws: expected) { try CronExpression(expression) }
        #expect(expected.localizedDescription == message)
        #expect(expected.description == message)
    }

    @Test("shortcuts are lowercase and stand alone, as in cron")
    func shortcutSpelling() {
        // Given an uppercase shortcut or one followed by a command, then both are refused.
        #expect(throws: CronError.unknownShortcut("@DAILY")) { try CronExpression("@DAILY") }
        #expect(throws: CronError.unknownShortcut("@daily /usr/bin/true")) {
            try CronExpression("@daily /usr/bin/true")
        }
    }

    @Test("mangled expressions never crash: they are refused or give bounded answers")
    func garbageNeverCrashes() throws {
        // Given thousands of valid expressions with random characters replaced, inserted or
        // deleted, when each is parsed and searched, then nothing traps or hangs.
        var generator = SplitMix64(seed: 42)
        let seeds = ["*/15 9-17 * * MON-FRI", "0 0 29 2 *", "5,35 */2 1-15 jan-jun 0-7/2"]
        let alphabet = Array("0123456789*,-/ @LW#?xJANmonFRI\t")
        let start = try instant("2025-01-01T00:00:00Z")
        var accepted = 0
        var refused = 0
        for round in 0..<3_000 {
            var characters = Array(seeds[round % seeds.count])
            for _ in 0...(generator.next() % 3) {
                let position = Int(generator.next() % UInt64(characters.count + 1))
                let character = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                switch generator.next() % 3 {
                case 0 where position < characters.count: characters[position] = character
                case 1 where position < characters.count: characters.remove(at: position)
                default: characters.insert(character, at: position)
                }
            }
            do {
                let cron = try CronExpression(String(characters))
                accepted += 1
                #expect(cron.next(after: start, count: 3).count <= 3)
            } catch {
                refused += 1
                #expect(!error.localizedDescription.isEmpty)
            }
        }
        #expect(accepted > 100)
        #expect(refused > 100)
    }

    // MARK: - Day-of-month and day-of-week

    @Test("0 0 13 * FRI fires on every 13th and on every Friday (Vixie OR rule)")
    func friday13thOrRule() throws {
        // Given both day fields restricted, when searched through June and July 2025, then
        // every Friday and every 13th fires, and Friday 13 June fires once.
        #expect(
            try fires("0 0 13 * FRI", after: "2025-06-01T00:00:00Z", count: 8) == [
                "2025-06-06T00:00:00Z", "2025-06-13T00:00:00Z", "2025-06-20T00:00:00Z",
                "2025-06-27T00:00:00Z", "2025-07-04T00:00:00Z", "2025-07-11T00:00:00Z",
                "2025-07-13T00:00:00Z", "2025-07-18T00:00:00Z",
            ])
    }

    @Test("a day field starting with * makes the days match both fields, even */2")
    func starPrefixMeansBoth() throws {
        // Given */2 in day-of-month (which cron treats as unrestricted), when combined with
        // MON, then only Mondays on odd days fire.
        #expect(
            try fires("0 0 */2 * MON", after: "2025-01-01T00:00:00Z", count: 4) == [
                "2025-01-13T00:00:00Z", "2025-01-27T00:00:00Z", "2025-02-03T00:00:00Z",
                "2025-02-17T00:00:00Z",
            ])
        // Given the same days written without a leading *, then it is the OR rule again.
        #expect(
            try fires("0 0 1-31/2 * MON", after: "2025-01-01T00:00:00Z", count: 4) == [
                "2025-01-03T00:00:00Z", "2025-01-05T00:00:00Z", "2025-01-06T00:00:00Z",
                "2025-01-07T00:00:00Z",
            ])
        // Given a * in day-of-week, then only the day of the month decides.
        #expect(
            try fires("0 0 1 * *", after: "2025-01-01T00:00:00Z", count: 2) == [
                "2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z",
            ])
    }

    // MARK: - Month ends and impossible dates

    @Test("0 0 31 * * skips months with fewer than 31 days")
    func thirtyFirst() throws {
        // Given the 31st, when searched through 2025, then only the seven long months fire.
        #expect(
            try fires("0 0 31 * *", after: "2025-01-01T00:00:00Z", count: 7) == [
                "2025-01-31T00:00:00Z", "2025-03-31T00:00:00Z", "2025-05-31T00:00:00Z",
                "2025-07-31T00:00:00Z", "2025-08-31T00:00:00Z", "2025-10-31T00:00:00Z",
                "2025-12-31T00:00:00Z",
            ])
    }

    @Test("0 0 29 2 * fires only in leap years, and skips 2100")
    func leapDay() throws {
        // Given February 29, when searched from 2025, then leap years fire.
        #expect(
            try fires("0 0 29 2 *", after: "2025-01-01T00:00:00Z", count: 2) == [
                "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z",
            ])
        // Given a start after 2096's leap day, then 2100 (not a leap year) is skipped.
        #expect(
            try fires("0 0 29 2 *", after: "2096-03-01T00:00:00Z", count: 1) == [
                "2104-02-29T00:00:00Z"
            ])
        // Given February 29 that must also be a Sunday (*/7 is Sunday, and its * means both
        // day fields must match), then the 28-year gaps are found, well beyond five years.
        #expect(
            try fires("0 0 29 2 */7", after: "2025-01-01T00:00:00Z", count: 3) == [
                "2032-02-29T00:00:00Z", "2060-02-29T00:00:00Z", "2088-02-29T00:00:00Z",
            ])
    }

    @Test("dates that never exist give nil, immediately")
    func neverFires() throws {
        // Given February 30 or the 31st of a 30-day month, when searched, then there is no
        // fire time, no list of fire times and nothing to catch up.
        let start = try instant("2025-01-01T00:00:00Z")
        for expression in ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 30,31 feb *"] {
            let cron = try CronExpression(expression)
            #expect(cron.next(after: start) == nil)
            #expect(cron.next(after: start, count: 5).isEmpty)
            #expect(cron.latestFire(after: .distantPast, upTo: start) == nil)
        }
        // Given February 30 OR any Monday (both restricted), then the Mondays still fire.
        #expect(
            try fires("0 0 30 2 MON", after: "2025-01-01T00:00:00Z", count: 1) == [
                "2025-02-03T00:00:00Z"
            ])
    }

    // MARK: - next

    @Test("next is strictly after the start, also when the start has seconds")
    func strictlyAfter() throws {
        // Given a start exactly on a fire time, then that time is not returned.
        #expect(
            try fires("0 8 * * *", after: "2025-01-01T08:00:00Z", count: 1) == [
                "2025-01-02T08:00:00Z"
            ])
        // Given a start inside a minute, then the next whole matching minute is returned.
        #expect(
            try fires("* * * * *", after: "2025-01-01T07:59:30Z", count: 2) == [
                "2025-01-01T08:00:00Z", "2025-01-01T08:01:00Z",
            ])
        // Given count zero, then no times.
        #expect(try fires("* * * * *", after: "2025-01-01T07:59:30Z", count: 0).isEmpty)
    }

    @Test("dates outside distantPast...distantFuture have no fire times")
    func outOfRangeDates() throws {
        // Given extreme dates, when searched, then the answers are nil or empty, not a trap.
        let cron = try CronExpression("@hourly")
        #expect(cron.next(after: .distantFuture) == nil)
        #expect(cron.next(after: Date(timeIntervalSince1970: 1e300)) == nil)
        #expect(cron.next(after: Date(timeIntervalSince1970: -.infinity), count: 2).isEmpty)
        #expect(
            cron.latestFire(after: .distantPast, upTo: try instant("2025-01-01T00:30:00Z"))
                .map(text) == "2025-01-01T00:00:00Z")
    }

    @Test("1000 next times take milliseconds, not minutes")
    func performance() throws {
        // Given a dense and a sparse expression, when 1000 fire times are computed each, then
        // the values are right and the whole job is fast even in a debug build.
        let start = try instant("2025-01-01T00:00:00Z")
        let dense = try CronExpression("*/5 * * * *")
        let sparse = try CronExpression("0 0 13 * FRI")
        let clock = ContinuousClock()
        var denseTimes: [Date] = []
        var zonedTimes: [Date] = []
        var sparseTimes: [Date] = []
        let elapsed = try clock.measure {
            denseTimes = dense.next(after: start, count: 1_000)
            zonedTimes = dense.next(after: start, count: 1_000, in: try newYork())
            sparseTimes = sparse.next(after: start, count: 1_000)
        }
        #expect(denseTimes.count == 1_000)
        #expect(denseTimes.last.map(text) == "2025-01-04T11:20:00Z")
        #expect(zonedTimes.last.map(text) == "2025-01-04T11:20:00Z")
        #expect(sparseTimes.count == 1_000)
        #expect(elapsed < .seconds(2))
    }

    // MARK: - latestFire

    @Test("latestFire catches a missed run up once, with the latest missed time")
    func catchUpOnce() throws {
        // Given a daily 08:00 schedule last run on 1 January at 09:00, when it is checked on
        // 5 January at 07:00, then there is one answer: 4 January 08:00 (not three runs).
        let cron = try CronExpression("0 8 * * *")
        let latest = cron.latestFire(
            after: try instant("2025-01-01T09:00:00Z"), upTo: try instant("2025-01-05T07:00:00Z"))
        #expect(latest.map(text) == "2025-01-04T08:00:00Z")
        // Given now is exactly a fire time, then it counts.
        #expect(
            cron.latestFire(
                after: try instant("2025-01-04T08:00:00Z"),
                upTo: try instant("2025-01-05T08:00:00Z")
            ).map(text) == "2025-01-05T08:00:00Z")
        // Given the last run was at the fire time itself, then it does not fire again.
        #expect(
            cron.latestFire(
                after: try instant("2025-01-04T08:00:00Z"),
                upTo: try instant("2025-01-04T20:00:00Z")) == nil)
        // Given since is not before now, then nothing is due.
        #expect(
            cron.latestFire(
                after: try instant("2025-01-05T00:00:00Z"),
                upTo: try instant("2025-01-04T00:00:00Z")) == nil)
    }

    @Test(
        "latestFire agrees with next",
        arguments: ["*/7 * * * *", "0 0 13 * FRI", "30 2 * * *", "0 0 29 2 *", "15 9 * * MON-FRI"])
    func latestAgreesWithNext(expression: String) throws {
        // Given several instants, when the latest fire in the last ten years is found, then it
        // is a fire time (next from just before it returns it) and no fire time lies between
        // it and the instant.
        let cron = try CronExpression(expression)
        let zone = try newYork()
        for text in ["2025-03-09T07:10:00Z", "2025-11-02T06:15:00Z", "2030-02-28T12:00:00Z"] {
            let now = try instant(text)
            let since = now.addingTimeInterval(-10 * 366 * 86_400)
            let latest = try #require(cron.latestFire(after: since, upTo: now, in: zone))
            #expect(latest <= now)
            #expect(cron.next(after: latest.addingTimeInterval(-1), in: zone) == latest)
            #expect(cron.next(after: latest, in: zone).map { $0 > now } == true)
        }
    }

    // MARK: - Time zones and daylight-saving time

    @Test("spring forward in New York: a skipped 02:30 fires once at 03:00 EDT")
    func springForward() throws {
        // Given 02:30 daily in America/New_York, when the clocks jump from 02:00 to 03:00 on
        // 9 March 2025, then that day fires at 03:00 EDT (07:00Z) and the next at 02:30 EDT.
        let zone = try newYork()
        #expect(
            try fires("30 2 * * *", after: "2025-03-08T12:00:00Z", count: 3, in: zone) == [
                "2025-03-09T07:00:00Z", "2025-03-10T06:30:00Z", "2025-03-11T06:30:00Z",
            ])
        // Given every 20 minutes, then the skipped 02:00-02:40 collapse into one 03:00 fire.
        #expect(
            try fires("*/20 * * * *", after: "2025-03-09T06:30:00Z", count: 3, in: zone) == [
                "2025-03-09T06:40:00Z", "2025-03-09T07:00:00Z", "2025-03-09T07:20:00Z",
            ])
        // Given a run missed across the jump, then latestFire reports the 03:00 EDT fire.
        let cron = try CronExpression("30 2 * * *")
        #expect(
            cron.latestFire(
                after: try instant("2025-03-09T06:00:00Z"),
                upTo: try instant("2025-03-09T07:30:00Z"), in: zone
            ).map(text) == "2025-03-09T07:00:00Z")
    }

    @Test("fall back in New York: a repeated 01:30 fires once, the first time")
    func fallBack() throws {
        // Given 01:30 daily in America/New_York, when 01:00-02:00 happens twice on
        // 2 November 2025, then it fires at 01:30 EDT (05:30Z) only.
        let zone = try newYork()
        #expect(
            try fires("30 1 * * *", after: "2025-11-01T12:00:00Z", count: 2, in: zone) == [
                "2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z",
            ])
        // Given every 30 minutes, then the repeated hour (06:00Z-06:59Z) does not fire again.
        #expect(
            try fires("*/30 * * * *", after: "2025-11-02T04:45:00Z", count: 4, in: zone) == [
                "2025-11-02T05:00:00Z", "2025-11-02T05:30:00Z", "2025-11-02T07:00:00Z",
                "2025-11-02T07:30:00Z",
            ])
        // Given a search that starts inside the repeated hour, then the next fire is after it.
        #expect(
            try fires("30 1 * * *", after: "2025-11-02T06:10:00Z", count: 1, in: zone) == [
                "2025-11-03T06:30:00Z"
            ])
        // Given "now" in the repeated hour (01:45 EST), then latestFire finds 01:30 EDT once.
        let cron = try CronExpression("30 1 * * *")
        let now = try instant("2025-11-02T06:45:00Z")
        #expect(
            cron.latestFire(after: try instant("2025-11-02T05:00:00Z"), upTo: now, in: zone)
                .map(text) == "2025-11-02T05:30:00Z")
        #expect(
            cron.latestFire(after: try instant("2025-11-02T05:45:00Z"), upTo: now, in: zone)
                == nil)
    }

    @Test("fields follow the zone's wall clock: 08:00 Berlin is 07:00Z in winter, 06:00Z in summer")
    func otherZone() throws {
        // Given 08:00 on weekdays in Europe/Berlin, when searched across the March change,
        // then the UTC times move by an hour.
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(
            try fires("0 8 * * MON-FRI", after: "2025-03-28T00:00:00Z", count: 2, in: zone) == [
                "2025-03-28T07:00:00Z", "2025-03-31T06:00:00Z",
            ])
    }
}

/// A tiny deterministic random number generator for the garbage test.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
