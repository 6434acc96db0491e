import Foundation
import RightsBriefCore
import Testing

@Suite("Timestamp")
struct TimestampTests {
    /// 2025-03-01T12:00:00Z.
    let noon = Date(timeIntervalSince1970: 1_740_830_400)

    @Test("a moment prints as UTC ISO 8601 to the second")
    func format() {
        // Given moments with and without a fraction of a second
        // When they are formatted
        // Then the text is UTC, to the second, with the fraction dropped
        #expect(Timestamp.string(noon) == "2025-03-01T12:00:00Z")
        #expect(Timestamp.string(noon.addingTimeInterval(0.999)) == "2025-03-01T12:00:00Z")
        #expect(Timestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(
            Timestamp.string(Date(timeIntervalSince1970: 951_825_599)) == "2000-02-29T11:59:59Z")
    }

    @Test(
        "the accepted spellings parse to the same moment",
        arguments: ["2025-03-01T12:00:00Z", "2025-03-01T12:00Z", "2025-03-01T12:00:00+00:00"])
    func parse(_ text: String) throws {
        // Given one moment written in each accepted way
        // When it is parsed
        let parsed = try Timestamp.parse(text)

        // Then it is that moment
        #expect(parsed == noon)
    }

    @Test("fractions of a second parse, and precise stamps keep milliseconds")
    func milliseconds() throws {
        // Given a moment a quarter second past noon
        let moment = noon.addingTimeInterval(0.25)

        // When it is stamped precisely and parsed back, and a half second is parsed
        let stamp = Timestamp.precise(moment)

        // Then the stamp has three decimals and each parses to its moment
        #expect(stamp == "2025-03-01T12:00:00.250Z")
        #expect(try Timestamp.parse(stamp) == moment)
        #expect(try Timestamp.parse("2025-03-01T12:00:00.5Z") == noon.addingTimeInterval(0.5))
        #expect(Timestamp.precise(noon) == "2025-03-01T12:00:00.000Z")
    }

    @Test("a bare day means midnight UTC, and formatting round-trips")
    func bareDayAndRoundTrip() throws {
        // Given a bare day and a full timestamp
        // When they are parsed (and the second formatted again)
        // Then the day is midnight UTC and the text comes back unchanged
        #expect(try Timestamp.parse("2025-03-01") == Date(timeIntervalSince1970: 1_740_787_200))
        let text = "2024-02-29T23:59:59Z"
        #expect(try Timestamp.string(Timestamp.parse(text)) == text)
    }

    @Test(
        "other text is refused, naming it",
        arguments: [
            "", "now", "2025-03-01T12:00:00", "2025-03-01 12:00:00Z", "2025-03-01T12:00:00+01:00",
            "2025-03-01T24:00:00Z", "2025-03-01T12:60:00Z", "2025-03-01T12:00:60Z",
            "2025-02-30T12:00:00Z",
            "2025-03-01T1:00:00Z", "2025-03-01T12:00:00.Z", "2025-03-01T12:00:00.1234567890Z",
            "2025-03-01T12:00:00.5x",
            "2025-03-01T12Z", "2025-03-01T12:00:00:00Z", "2025-03-01T12:00.5Z",
        ])
    func refused(_ text: String) {
        // Given text that is not a UTC timestamp
        // When it is parsed
        // Then it is refused with the text in the error
        #expect(throws: CoreError.invalidTimestamp(text)) { try Timestamp.parse(text) }
    }

    @Test(
        "clock fields must be two digits, not signed numbers",
        arguments: [
            "2025-03-01T+1:00:00Z", "2025-03-01T12:+1:00Z", "2025-03-01T12:00:+1Z",
            "2025-03-01T12:00:-0Z",
        ])
    func signedClockField(_ text: String) {
        // Given a timestamp whose clock field is a signed one-digit number
        // When it is parsed
        // Then it is refused like any other malformed timestamp
        #expect(throws: CoreError.invalidTimestamp(text)) { try Timestamp.parse(text) }
    }
}
