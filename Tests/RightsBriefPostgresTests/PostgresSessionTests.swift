import Foundation
import PostgresNIO
import RightsBriefPostgres
import TestSupport
import Testing

@Suite("PostgreSQL sessions", .enabled(if: PostgresTestServer.isAvailable))
struct PostgresSessionTests {
    @Test("a transaction whose body throws is rolled back: nothing it wrote remains")
    func rollback() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, _ in
            let db = PostgresFixture(session: session)
            // Given a transaction that writes a facility, then a fact the schema refuses
            await expectRefused {
                try await session.transaction { session in
                    try await PostgresFixture(session: session).facility(id: "kept-out")
                    try await PostgresFixture(session: session).fact(facility: "kept-out", attribute: "smell", number: 1)
                }
            }
            // Then the facility is not there, and the session is usable again
            let count = try await db.count("SELECT count(*) FROM facility")
            #expect(count == 0)
            try await session.transaction { session in
                try await PostgresFixture(session: session).facility(id: "written")
            }
            let after = try await db.count("SELECT count(*) FROM facility WHERE id = 'written'")
            #expect(after == 1)
        }
    }

    @Test("values are bound, never spliced: SQL in a value is stored as text")
    func boundValues() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, _ in
            let hostile = "x'); DROP TABLE fact; --"
            try await PostgresFixture(session: session).facility(id: "x", name: hostile)
            let names = try await session.values("SELECT name FROM facility WHERE id = \("x")", as: String.self)
            #expect(names == [hostile])
            let facts = try await session.values("SELECT count(*) FROM fact", as: Int.self)
            #expect(facts == [0])
        }
    }
}
