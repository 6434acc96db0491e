import RightsBriefPostgres
import Testing

@Suite("PostgreSQL errors")
struct PostgresStoreErrorTests {
    static let cases: [(PostgresStoreError, Int32)] = [
        (.invalidURL(url: "postgres://x", reason: "it names no user"), 64),
        (.passwordInURL(url: "postgres://…@h/d"), 64),
        (.refused(server: "a@h:5432/d", reason: "check"), 65),
        (.schemaTooNew(server: "a@h:5432/d", version: 9, known: 4), 65),
        (.unavailable(server: "a@h:5432/d", reason: "connection refused"), 69),
        (.server(server: "a@h:5432/d", sqlState: "XX000", reason: "odd"), 69),
        (.permissionDenied(server: "a@h:5432/d", reason: "password authentication failed"), 77),
    ]

    @Test("each error has its sysexits code and a one-line message naming the place", arguments: cases)
    func codesAndMessages(_ error: PostgresStoreError, _ code: Int32) throws {
        #expect(error.sysexitsCode == code)
        let message = try #require(error.errorDescription)
        #expect(!message.contains("\n"))
        #expect(message.contains("postgres://") || message.contains("a@h:5432/d"))
    }
}
