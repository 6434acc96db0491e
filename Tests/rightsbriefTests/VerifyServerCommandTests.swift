import Foundation
import PostgresNIO
import RightsBriefPostgres
import TestSupport
import Testing

/// `rightsbrief verify --db postgres://…` through the built binary: the same shape and exit
/// codes as on a file.
@Suite("verify on a server, through the binary")
struct VerifyServerCommandTests {
    @Test("verify on an unreachable server exits 69 in one line and writes nothing")
    func unreachable() throws {
        let folder = try makeTemporaryFolder("rightsbrief-cli-verify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = "postgres://alice@localhost:5999/evidence?host=\(folder.path)"
        for (extra, environment) in [(["--db", url], [String: String]()), ([], ["RIGHTSBRIEF_DB": url])] {
            let result = try runRightsbrief(["verify"] + extra, in: folder, environment: environment)
            #expect(result.status == 69, "\(result.stderr)")
            #expect(lines(result.stderr).count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("Cannot reach the PostgreSQL server"))
            #expect(result.stdout.isEmpty)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(
        "a clean server exits 0 with one summary line; damage exits 65 with one line per problem",
        .enabled(if: PostgresTestServer.isAvailable))
    func cleanThenDamaged() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let folder = try makeTemporaryFolder("rightsbrief-cli-verify")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = PostgresTestServer.url(of: location)
            try await PostgresTestServer.seedEvidence(session)

            // A clean server: exit 0, nothing on stderr, the summary on stdout
            let clean = try runRightsbrief(["verify", "--db", url], in: folder)
            #expect(clean.status == 0, "\(clean.stderr)")
            #expect(clean.stderr.isEmpty, "\(clean.stderr)")
            #expect(lines(clean.stdout).count == 1)
            #expect(clean.stdout.hasPrefix("OK: schema version \(PostgresSchema.currentVersion), "), "\(clean.stdout)")
            #expect(clean.stdout.contains("checked 2 captured texts visible to \(location.user)"), "\(clean.stdout)")
            #expect(clean.stdout.contains("1 facility, 2 sources, 2 facts, 0 events."), "\(clean.stdout)")

            // Damaged: an append-only trigger disabled and a captured text changed
            try await session.execute("ALTER TABLE fact DISABLE TRIGGER fact_is_append_only_delete")
            try await session.execute("UPDATE source SET text = 'tampered' WHERE id = 'a'")
            let damaged = try runRightsbrief(["verify"], in: folder, environment: ["RIGHTSBRIEF_DB": url])
            #expect(damaged.status == 65, "\(damaged.stderr)")
            #expect(damaged.stdout.isEmpty)
            let output = lines(damaged.stderr)
            #expect(output.count == 3, "\(damaged.stderr)")
            #expect(output.contains { $0.hasPrefix("Problem: trigger: fact_is_append_only_delete on fact is disabled") })
            #expect(output.contains { $0.hasPrefix("Problem: source 'a': captured text does not match its SHA-256") })
            #expect(output.last == "Error: Verification found 2 problems; see the lines above.")
        }
    }

    @Test(
        "a public reader's verify warns that rows above its level were not checked and exits 0; a stranger exits 77",
        .enabled(if: PostgresTestServer.isAvailable))
    func reader() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let folder = try makeTemporaryFolder("rightsbrief-cli-verify")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await PostgresTestServer.seedEvidence(session)
            try await PostgresTestServer.withLogin(ServerAccess.publicRole, on: session) { login in
                var reader = location
                reader.user = login
                let result = try runRightsbrief(["verify", "--db", PostgresTestServer.url(of: reader)], in: folder)
                #expect(result.status == 0, "\(result.stderr)")
                let warnings = lines(result.stderr)
                #expect(warnings.count == 1, "\(result.stderr)")
                #expect(warnings.first?.hasPrefix("Warning: \(login) reads as a public reader") == true)
                #expect(warnings.first?.contains("restricted and confidential rows were not checked") == true)
                #expect(result.stdout.contains("checked 1 captured text visible to \(login), it matches its SHA-256"))
            }
            try await PostgresTestServer.withLogin(nil, on: session) { login in
                var stranger = location
                stranger.user = login
                let result = try runRightsbrief(["verify", "--db", PostgresTestServer.url(of: stranger)], in: folder)
                #expect(result.status == 77, "\(result.stderr)")
                #expect(lines(result.stderr).count == 1, "\(result.stderr)")
            }
        }
    }
}
