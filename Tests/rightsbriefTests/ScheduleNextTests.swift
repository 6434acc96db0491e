import Foundation
import Testing

import TestSupport

/// `rightsbrief schedule next` through the built binary: agreement with croniter (an
/// independent cron implementation) on a few hundred expressions, and the command's output
/// format and errors.
@Suite("schedule next")
struct ScheduleNextTests {
    @Test("schedule next agrees with croniter on 300 generated expressions")
    func agreesWithCroniter() throws {
        // Given croniter is importable (scripts/install-deps installs it); a missing croniter
        // is a failure with instructions, never a silent skip,
        let probe = try runProcess("/usr/bin/env", ["python3", "-c", "import croniter"])
        try #require(
            probe.status == 0,
            "Python's croniter is missing, so schedule next cannot be compared with it; run scripts/install-deps and test again. (\(probe.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))"
        )

        // When the comparison script runs against the built binary,
        let script = repositoryRoot.appendingPathComponent("scripts/check-cron-against-croniter")
            .path
        let result = try runProcess(
            script, ["--expressions", "300"], in: repositoryRoot,
            environment: ["RIGHTSBRIEF": rightsbriefBinary().path])

        // Then it exits 0 and its last line reports no failures.
        let lastLine = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(result.status == 0, "\(result.stdout.suffix(3000))\n\(result.stderr.suffix(2000))")
        #expect(lastLine.hasSuffix(" 0 failed"), "last line: '\(lastLine)'")
        let passed = Int(lastLine.split(separator: " ").first ?? "") ?? 0
        #expect(passed >= 300, "last line: '\(lastLine)'")
    }

    @Test("prints one ISO 8601 UTC timestamp a line, strictly after --after, --count of them")
    func format() throws {
        // Given Fridays at midnight, starting from New Year's Day 2025,
        // When three fire times are asked for,
        let result = try runRightsbrief([
            "schedule", "next", "0 0 * * FRI", "--after", "2025-01-01T00:00:00Z", "--count", "3",
        ])

        // Then exactly three lines are printed, nothing else.
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == "2025-01-03T00:00:00Z\n2025-01-10T00:00:00Z\n2025-01-17T00:00:00Z\n")
        #expect(result.stderr.isEmpty)

        // When the start is itself a fire time, then that time is not repeated.
        let after = try runRightsbrief([
            "schedule", "next", "0 0 * * FRI", "--after", "2025-01-03T00:00:00Z", "--count", "1",
        ])
        #expect(after.stdout == "2025-01-10T00:00:00Z\n")
    }

    @Test("the default count is five, and day-of-month or day-of-week fires (0 0 13 * FRI)")
    func defaultCount() throws {
        // Given the 13th-or-Friday expression after 1 June 2025,
        let result = try runRightsbrief([
            "schedule", "next", "0 0 13 * FRI", "--after", "2025-06-01T00:00:00Z",
        ])

        // Then five times are printed: Fridays and the 13th.
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.split(separator: "\n") == [
                "2025-06-06T00:00:00Z", "2025-06-13T00:00:00Z", "2025-06-20T00:00:00Z",
                "2025-06-27T00:00:00Z",
                "2025-07-04T00:00:00Z",
            ])
    }

    @Test("--time-zone evaluates the fields on that zone's wall clock")
    func timeZone() throws {
        // Given 08:00 in Berlin, once in winter and once in summer,
        let winter = try runRightsbrief([
            "schedule", "next", "0 8 * * *", "--after", "2025-01-15T00:00:00Z", "--count", "1",
            "--time-zone",
            "Europe/Berlin",
        ])
        let summer = try runRightsbrief([
            "schedule", "next", "0 8 * * *", "--after", "2025-07-15T00:00:00Z", "--count", "1",
            "--time-zone",
            "Europe/Berlin",
        ])

        // Then the printed UTC times differ by the offset.
        #expect(winter.stdout == "2025-01-15T07:00:00Z\n")
        #expect(summer.stdout == "2025-07-15T06:00:00Z\n")
    }

    @Test(
        "a bad expression exits 65 with one stderr line and prints no times",
        arguments: ["61 * * * *", "* * * *", "0 7 * * MONDAY", "*/0 * * * *"])
    func badExpression(expression: String) throws {
        // When a malformed expression is given,
        let result = try runRightsbrief([
            "schedule", "next", expression, "--after", "2025-01-01T00:00:00Z",
        ])

        // Then it exits 65, stdout is empty, and stderr is one "Error: …" line.
        #expect(result.status == 65, "\(expression): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "))
    }

    @Test(
        "an expression that never fires says so in one line and exits 65",
        arguments: ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "15 10 30,31 feb *"])
    func neverFires(expression: String) throws {
        // When the fire times of an expression that no calendar date matches are asked for,
        let result = try runRightsbrief(["schedule", "next", expression])

        // Then it exits 65 with one line that names the expression, and prints no times.
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines == [
            "Error: '\(expression)' never fires: no calendar date matches its day-of-month and month fields (such as February 30 or April 31); check those two fields."
        ])
    }

    @Test("@reboot is refused: it has no fire times")
    func reboot() throws {
        // When asked for the fire times of @reboot,
        let result = try runRightsbrief(["schedule", "next", "@reboot"])

        // Then it exits 65 with one line that names @reboot.
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("@reboot"))
    }

    @Test(
        "bad --after, --count and --time-zone values are usage errors (64), one line each",
        arguments: [
            ["--after", "yesterday"], ["--after", "2025-13-01T00:00:00Z"], ["--count", "0"],
            ["--count", "10001"],
            ["--time-zone", "Mars/Base"],
        ])
    func badOptions(option: [String]) throws {
        // When an option value is wrong,
        let result = try runRightsbrief(["schedule", "next", "@daily"] + option)

        // Then it is a usage error (sysexits 64, as argument problems are), with no times: one
        //   line saying what is wrong and one naming the help, not the whole usage text.
        #expect(result.status == 64, "\(option): \(result.status) \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 2, "\(result.stderr)")
        #expect(result.stderrLines.first?.hasPrefix("Error: ") == true)
        #expect(result.stderrLines.last == "See 'rightsbrief help schedule next'.")
        #expect(
            result.stderr.contains(option[0]) || result.stderr.contains(option[1]),
            "\(result.stderr)")
    }
}
