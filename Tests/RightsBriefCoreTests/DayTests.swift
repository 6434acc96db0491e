import Foundation
import RightsBriefCore
import Testing

@Suite("Day")
struct DayTests {
    @Test("a valid YYYY-MM-DD day keeps its parts and prints the same text")
    func validDay() throws {
        // Given the text of a real day
        let text = "2025-02-03"

        // When it is parsed
        let parsed = try Day(text)

        // Then its parts and its description match the text
        #expect(parsed.year == 2025)
        #expect(parsed.month == 2)
        #expect(parsed.day == 3)
        #expect(parsed.description == text)
        #expect(parsed.longDescription == "3 February 2025")
    }

    @Test(
        "days that do not exist are refused, naming the text",
        arguments: [
            "2025-02-30", "2023-02-29", "1900-02-29", "2025-04-31", "2025-13-01", "2025-00-10",
            "2025-01-00",
            "2025-01-32", "0000-01-01",
        ])
    func impossibleDay(_ text: String) {
        // Given text shaped like a day that is not on the calendar
        // When it is parsed
        // Then it is refused with the text in the error
        #expect(throws: CoreError.invalidDate(text)) { try Day(text) }
    }

    @Test(
        "leap days exist only in leap years", arguments: ["2024-02-29", "2000-02-29", "2028-02-29"])
    func leapDay(_ text: String) throws {
        // Given the 29th of February of a leap year
        // When it is parsed
        let parsed = try Day(text)

        // Then it is accepted as written
        #expect(parsed.description == text)
        #expect(parsed.month == 2 && parsed.day == 29)
    }

    @Test(
        "text of the wrong shape is refused",
        arguments: [
            "", "2025-2-3", "25-02-03", "2025/02/03", "20250203", "2025-02-03T00:00:00Z",
            " 2025-02-03",
            "2025-02-03 ", "2025-02-0a", "+025-02-03", "2025-+2-03", "２０２５-02-03", "2025–02–03",
            "yesterday",
        ])
    func wrongShape(_ text: String) {
        // Given text that is not YYYY-MM-DD
        // When it is parsed
        // Then it is refused
        #expect(throws: CoreError.invalidDate(text)) { try Day(text) }
    }

    @Test("building a day from impossible parts is refused")
    func impossibleParts() throws {
        // Given the parts of 30 February and of a real day
        // When days are built from them
        // Then only the real one is accepted
        #expect(throws: CoreError.invalidDate("2025-02-30")) {
            try Day(year: 2025, month: 2, day: 30)
        }
        #expect(throws: CoreError.self) { try Day(year: 10_000, month: 1, day: 1) }
        #expect(try Day(year: 2024, month: 2, day: 29).description == "2024-02-29")
    }

    @Test("days order chronologically across months and years")
    func ordering() throws {
        // Given days out of order, including one repeated
        let days = try ["2025-01-10", "2024-12-31", "2025-01-09", "2025-02-01", "2024-12-31"].map {
            try Day($0)
        }

        // When they are sorted
        let sorted = days.sorted().map(\.description)

        // Then they follow the calendar
        #expect(sorted == ["2024-12-31", "2024-12-31", "2025-01-09", "2025-01-10", "2025-02-01"])
        #expect(try Day("2024-12-31") < Day("2025-01-01"))
        #expect(try Day("2025-09-30") < Day("2025-10-01"))
        #expect(try !(Day("2025-01-01") < Day("2025-01-01")))
        #expect(try Day("2025-01-01") == Day(year: 2025, month: 1, day: 1))
    }

    @Test("a day encodes as its text and decoding refuses an impossible day")
    func codable() throws {
        // Given a day
        let original = try Day("2024-02-29")

        // When it is encoded and decoded
        let data = try JSONEncoder().encode([original])
        let decoded = try JSONDecoder().decode([Day].self, from: data)

        // Then the JSON is the plain text and it round-trips; a bad day does not decode
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-02-29"]"#)
        #expect(decoded == [original])
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode([Day].self, from: Data(#"["2023-02-29"]"#.utf8))
        }
    }

    @Test("the day of a moment is taken in UTC, and a day starts at midnight UTC")
    func dates() throws {
        // Given moments just before and at midnight UTC
        let lastSecond = Date(timeIntervalSince1970: 1_740_787_199)  // 2025-02-28T23:59:59Z
        let midnight = Date(timeIntervalSince1970: 1_740_787_200)  // 2025-03-01T00:00:00Z

        // When their days are taken
        // Then they fall on either side of the date line, whatever the local time zone
        #expect(Day(lastSecond).description == "2025-02-28")
        #expect(Day(midnight).description == "2025-03-01")
        #expect(try Day("2025-03-01").startDate == midnight)
        #expect(try Day("1970-01-02").startDate == Date(timeIntervalSince1970: 86_400))
    }
}
