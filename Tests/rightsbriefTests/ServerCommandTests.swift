import Foundation
import PostgresNIO
import RightsBriefPostgres
import TestSupport
import Testing

/// `rightsbrief server init` through the built binary, and every other command's refusal of
/// a PostgreSQL URL.
@Suite("server init and PostgreSQL URLs")
struct ServerCommandTests {
    let folder: URL

    init() throws {
        folder = try makeTemporaryFolder("rightsbrief-cli-server")
    }

    func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    // MARK: - Without a server

    @Test(
        "commands given an unreachable server exit 69 in one line and create nothing",
        arguments: [
            ["fact", "list"], ["facility", "add", "--id", "x", "--name", "X", "--country", "SV"],
            ["export", "csv", "--output", "out"], ["brief", "--facility", "cecot"],
        ])
    func unreachableServer(_ arguments: [String]) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a PostgreSQL URL where no server listens, in --db and then in $RIGHTSBRIEF_DB
        let url = "postgres://alice@localhost:1/evidence"
        for (extra, environment) in [(["--db", url], [String: String]()), ([], ["RIGHTSBRIEF_DB": url])] {
            // When a command runs with it
            let result = try runRightsbrief(arguments + extra, in: folder, environment: environment)
            // Then it says in one line that the server cannot be reached, and exits 69
            #expect(result.status == 69, "\(result.stderr)")
            #expect(lines(result.stderr).count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("Cannot reach the PostgreSQL server"))
            #expect(result.stdout.isEmpty)
        }
        // And nothing was written in the working directory
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(
        "commands that need a file refuse a PostgreSQL URL in one line, exit 64, and create nothing",
        arguments: [["init"], ["demo"], ["push", "--to", "postgres://bob@localhost/shared"], ["pull", "--from", "postgres://bob@localhost/shared"]])
    func fileOnlyCommands(_ arguments: [String]) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runRightsbrief(arguments + ["--db", "postgres://alice@localhost/evidence"], in: folder)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(lines(result.stderr).count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("server init refuses a password in the URL (64) without echoing it")
    func passwordInURL() throws {
        let result = try runRightsbrief(["server", "init", "--db", "postgres://alice:hunter2@localhost/evidence"])
        #expect(result.status == 64)
        #expect(lines(result.stderr).count == 1)
        #expect(result.stderr.contains(".pgpass"))
        #expect(!result.stderr.contains("hunter2"))
    }

    @Test("server init refuses a malformed URL or a file path (64) in one line")
    func badURL() throws {
        let noUser = try runRightsbrief(["server", "init", "--db", "postgres://localhost/evidence"])
        #expect(noUser.status == 64)
        #expect(lines(noUser.stderr).count == 1)
        #expect(noUser.stderr.contains("no user"))
        let file = try runRightsbrief(["server", "init", "--db", "evidence.sqlite"], in: folder)
        #expect(file.status == 64)
        #expect(file.stderr.contains("PostgreSQL URL"))
        let none = try runRightsbrief(["server", "init"], in: folder)
        #expect(none.status == 64)
        try? FileManager.default.removeItem(at: folder)
    }

    @Test("server init on an unreachable server exits 69 in one line")
    func unreachable() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given a socket folder where no server listens
        let url = "postgres://alice@localhost:5999/evidence?host=\(folder.path)"
        let result = try runRightsbrief(["server", "init", "--db", url])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(lines(result.stderr).count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("Cannot reach the PostgreSQL server"))
    }

    // MARK: - With the test server

    @Test(
        "server init migrates and sets up access, then says there is nothing to do",
        .enabled(if: PostgresTestServer.isAvailable))
    func initTwice() async throws {
        try await PostgresTestServer.withFreshDatabase { location in
            let url = PostgresTestServer.url(of: location)
            // When server init runs twice on a fresh database
            let first = try runRightsbrief(["server", "init", "--db", url])
            let second = try runRightsbrief(["server", "init"], environment: ["RIGHTSBRIEF_DB": url])
            // Then the first applies v1–v4 and sets up access, the second changes nothing
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stderr.contains("migrated to version 4 (applied v1, v2, v3, v4)"), "\(first.stderr)")
            #expect(first.stderr.contains("row-level security"))
            #expect(lines(first.stderr).count == 2)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stderr.contains("already at version 4; nothing to migrate"), "\(second.stderr)")
            #expect(second.stderr.contains("group roles already present"))
            let versions = try await PostgresSession.with(location) { try await PostgresMigrator.appliedVersions($0) }
            #expect(versions == [1, 2, 3, 4])
        }
    }

    @Test(
        "server init as a reader who does not own the schema exits 77",
        .enabled(if: PostgresTestServer.isAvailable))
    func permissionDenied() async throws {
        try await PostgresTestServer.withFreshDatabase { location in
            _ = try await ServerSetup.initialize(location)
            try await PostgresSession.with(location) { admin in
                let user = PostgresTestServer.uniqueName("t_reader")
                try await admin.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(user) LOGIN IN ROLE rightsbrief_public"))
                var reader = location
                reader.user = user
                let result = try runRightsbrief(["server", "init", "--db", PostgresTestServer.url(of: reader)])
                try await admin.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(user)"))
                #expect(result.status == 77, "\(result.stderr)")
                #expect(lines(result.stderr).count == 1, "\(result.stderr)")
            }
        }
    }
}
