import Foundation
import PostgresNIO
import RightsBriefPostgres

/// The PostgreSQL server the tests use: `$RIGHTSBRIEF_TEST_POSTGRES`, a URL naming a database
/// the tests may create other databases and roles beside (`scripts/pg-test-cluster run` sets
/// it to a throwaway cluster). Without it the PostgreSQL tests are skipped, except under CI
/// (`$CI` set), where one test fails instead, so CI can never skip them silently.
package enum PostgresTestServer {
    /// The server's URL, or `nil` when the PostgreSQL tests are to be skipped.
    package static var url: String? {
        let value = ProcessInfo.processInfo.environment["RIGHTSBRIEF_TEST_POSTGRES"] ?? ""
        return value.isEmpty ? nil : value
    }

    /// Whether the PostgreSQL tests run.
    package static var isAvailable: Bool { url != nil }

    /// Whether this is a CI run (`$CI` set and not empty).
    package static var isCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }

    /// A unique lower-case name with `prefix` (for databases and roles the tests create).
    package static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }

    /// The test server's location (`$RIGHTSBRIEF_TEST_POSTGRES`), with `database` instead of its
    /// own when given.
    package static func location(database: String? = nil) throws -> PostgresLocation {
        guard let url else { throw PostgresStoreError.unavailable(server: "(none)", reason: "RIGHTSBRIEF_TEST_POSTGRES is not set") }
        var location = try PostgresLocation(url: url)
        if let database { location.database = database }
        return location
    }

    /// The URL of `location` as the command line takes it.
    package static func url(of location: PostgresLocation) -> String {
        var text = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
        if let socket = location.socketDirectory { text += "?host=\(socket)" }
        return text
    }

    /// How many fresh databases the tests use at once: each holds a few connections, and the
    /// parameterised tests would otherwise open more than the server's `max_connections`
    /// (100 by default) together.
    static let databases = TestSemaphore(permits: 6)

    /// Runs `body` with a new, empty database (dropped afterwards, even when `body` throws).
    /// At most ``databases`` of them exist at once; a test beyond that waits its turn.
    package static func withFreshDatabase<T>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        await databases.acquire()
        do {
            let result = try await withFreshDatabaseNow(body)
            await databases.release()
            return result
        } catch {
            await databases.release()
            throw error
        }
    }

    private static func withFreshDatabaseNow<T>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        try await PostgresSession.with(try location()) { admin in
            let name = uniqueName("rbtest")
            // A generated name ([a-z0-9_]); CREATE DATABASE takes no parameters.
            try await admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            do {
                let result = try await body(try location(database: name))
                try await admin.execute(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"))
                return result
            } catch {
                try? await admin.execute(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"))
                throw error
            }
        }
    }

    /// Runs `body` with a session on a new database that `server init` has set up.
    package static func withInitializedDatabase<T>(
        _ body: (PostgresSession, PostgresLocation) async throws -> T
    ) async throws -> T {
        try await withFreshDatabase { location in
            _ = try await ServerSetup.initialize(location)
            return try await PostgresSession.with(location) { session in
                try await body(session, location)
            }
        }
    }

    /// Adds, as the session's (owner or superuser) login, a small body of evidence that
    /// verifies clean: facility `x`; public source `a` and restricted source `b`, each with a
    /// captured text and its SHA-256 computed by the server; public fact 1 cited by `a`, and
    /// public fact 2 cited only by `b` (so a public reader sees fact 2 without its source).
    package static func seedEvidence(_ session: PostgresSession) async throws {
        let statements = [
            """
            INSERT INTO facility (id, name, country, createdAt, updatedAt)
            VALUES ('x', 'X', 'SV', '2025-03-01T12:00:00Z', '2025-03-01T12:00:00Z')
            """,
            """
            INSERT INTO source (id, title, publisher, sensitivity, text, textSHA256, createdAt)
            SELECT id, 'T', 'P', level, body, encode(sha256(convert_to(body, 'UTF8')), 'hex'), '2025-03-01T12:00:00Z'
            FROM (VALUES ('a', 'public', 'Cárcel «uno»'), ('b', 'restricted', 'secret words')) AS v(id, level, body)
            """,
            """
            INSERT INTO fact (id, facilityId, attribute, valueNumber, unit, asOf, sensitivity, recordedAt)
            VALUES (1, 'x', 'population', 10, 'persons', '2025-02-03', 'public', '2025-03-01T12:00:00Z'),
                (2, 'x', 'population', 12, 'persons', '2025-02-04', 'public', '2025-03-01T12:00:00Z')
            """,
            "INSERT INTO factSource (factId, sourceId) VALUES (1, 'a'), (2, 'b')",
        ]
        for statement in statements {
            try await session.execute(PostgresQuery(unsafeSQL: statement))
        }
    }

    /// Creates a login role in `group` (a generated name), runs `body` with it, drops the role.
    package static func withLogin<T>(
        _ group: String?, on session: PostgresSession, _ body: (String) async throws -> T
    ) async throws -> T {
        let name = uniqueName("t_login")
        let membership = group.map { " IN ROLE \($0)" } ?? ""
        try await session.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(name) LOGIN\(membership)"))
        do {
            let result = try await body(name)
            try await session.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(name)"))
            return result
        } catch {
            try? await session.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(name)"))
            throw error
        }
    }

    /// Runs `psql` (the real client) as `user` on `location`'s database, with one command,
    /// unaligned and without headers; returns its result.
    package static func psql(_ location: PostgresLocation, user: String, _ command: String) throws -> CommandResult {
        var arguments = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
        arguments += ["-h", location.socketDirectory ?? location.host, "-p", String(location.port)]
        arguments += ["-U", user, "-d", location.database, "-c", command]
        return try runProcess("/usr/bin/env", arguments, environment: ["PGCONNECT_TIMEOUT": "10"])
    }
}

/// A counting semaphore for async tests: ``acquire()`` waits (suspending, not blocking a
/// thread) while every permit is taken.
package actor TestSemaphore {
    private var permits: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    package init(permits: Int) { self.permits = permits }

    package func acquire() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    package func release() {
        if waiting.isEmpty {
            permits += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
