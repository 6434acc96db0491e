import Foundation
import PostgresNIO
import RightsBriefPostgres
import TestSupport
import Testing

/// Raw inserts into a migrated database, with bound parameters, for the constraint and
/// access tests; the baseline is valid so that each refusal is due to its one bad field.
struct PostgresFixture {
    static let stamp = "2025-03-01T12:00:00Z"
    let session: PostgresSession

    func facility(
        id: String, name: String = "X", country: String = "SV", kind: String = "prison",
        openedOn: String? = nil, latitude: Double? = nil, createdAt: String = stamp
    ) async throws {
        try await session.execute(
            """
            INSERT INTO facility (id, name, country, kind, openedOn, latitude, createdAt, updatedAt)
            VALUES (\(id), \(name), \(country), \(kind), \(openedOn), \(latitude), \(createdAt), \(Self.stamp))
            """)
    }

    func source(
        id: String, url: String? = "https://example.org/a", publishedOn: String? = nil, kind: String = "news",
        sensitivity: String = "public", text: String? = nil, hash: String? = nil
    ) async throws {
        try await session.execute(
            """
            INSERT INTO source (id, url, title, publisher, publishedOn, kind, sensitivity, text, textSHA256, createdAt)
            VALUES (\(id), \(url), 'T', 'P', \(publishedOn), \(kind), \(sensitivity), \(text), \(hash), \(Self.stamp))
            """)
    }

    @discardableResult
    func fact(
        facility: String = "x", attribute: String, number: Double? = nil, level: String? = nil,
        asOf: String = "2025-02-03", sensitivity: String = "public", status: String = "reported",
        supersedes: Int64? = nil
    ) async throws -> Int64 {
        let ids = try await session.values(
            """
            INSERT INTO fact (facilityId, attribute, valueNumber, valueLevel, unit, asOf, status,
                sensitivity, supersedesId, recordedAt)
            VALUES (\(facility), \(attribute), \(number), \(level), 'u', \(asOf), \(status), \(sensitivity),
                \(supersedes), \(Self.stamp))
            RETURNING id
            """, as: Int64.self)
        return ids.first ?? -1
    }

    func event(id: String, date: String = "2025-02-03", sensitivity: String = "public") async throws {
        try await session.execute(
            """
            INSERT INTO event (id, date, title, sensitivity, recordedAt)
            VALUES (\(id), \(date), 'T', \(sensitivity), \(Self.stamp))
            """)
    }

    /// Runs one statement given as fixed test SQL (no values).
    func sql(_ text: String) async throws {
        try await session.execute(PostgresQuery(unsafeSQL: text))
    }

    /// A count from one fixed query.
    func count(_ text: String) async throws -> Int {
        try await session.values(PostgresQuery(unsafeSQL: text), as: Int.self).first ?? -1
    }
}

/// Expects `body` to be refused by the server as bad data (a CHECK, foreign key or trigger:
/// ``PostgresStoreError/refused(server:reason:)``); returns the server's reason.
@discardableResult
func expectRefused(
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> String? {
    do {
        try await body()
        Issue.record("not refused: \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        return nil
    } catch let error as PostgresStoreError {
        guard case .refused(_, let reason) = error else {
            Issue.record("\(comment?.rawValue ?? ""): expected refused, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
        return reason
    } catch {
        Issue.record("\(comment?.rawValue ?? ""): unexpected \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
