import Foundation
import PostgresNIO
import RightsBriefPostgres
import TestSupport
import Testing

/// `rightsbrief push` and `pull` through the built binary.
@Suite("push and pull on the command line")
struct SyncCommandTests {
    func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    @Test("push refuses --update-facilities, a missing server and a file path as the server (64, one line)")
    func usage() throws {
        let folder = try makeTemporaryFolder("rightsbrief-cli-sync")
        defer { try? FileManager.default.removeItem(at: folder) }
        let update = try runRightsbrief(
            ["push", "--to", "postgres://a@localhost/x", "--update-facilities"], in: folder)
        #expect(update.status == 64)
        #expect(update.stderr.contains("'--update-facilities' is not available for push"))
        let missing = try runRightsbrief(["pull"], in: folder, environment: ["RIGHTSBRIEF_SERVER": ""])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--from"))
        let file = try runRightsbrief(["pull", "--from", "other.sqlite"], in: folder)
        #expect(file.status == 64)
        #expect(file.stderr.contains("PostgreSQL URL"))
        let db = try runRightsbrief(["pull", "--from", "postgres://a@localhost/x", "--db", "postgres://a@localhost/x"], in: folder)
        #expect(db.status == 64)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("pull from an unreachable server exits 69 in one line and writes nothing")
    func unreachable() throws {
        let folder = try makeTemporaryFolder("rightsbrief-cli-sync")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = "postgres://alice@localhost:5999/evidence?host=\(folder.path)"
        let result = try runRightsbrief(["pull", "--from", url, "--db", "x.sqlite"], in: folder)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(lines(result.stderr).count == 1, "\(result.stderr)")
        // A file that did not exist is not created when the server cannot be reached
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let real = try runRightsbrief(["init", "--db", "x.sqlite"], in: folder)
        #expect(real.status == 0)
        let pulled = try runRightsbrief(["pull", "--from", url, "--db", "x.sqlite"], in: folder)
        #expect(pulled.status == 69, "\(pulled.stderr)")
        #expect(lines(pulled.stderr).count == 1, "\(pulled.stderr)")
        #expect(pulled.stderr.contains("Cannot reach the PostgreSQL server"))
    }

    @Test(
        "push then pull of the sample through the binary: same exports, exit codes and one-line errors",
        .enabled(if: PostgresTestServer.isAvailable))
    func pushThenPull() async throws {
        try await PostgresTestServer.withFreshDatabase { location in
            let folder = try makeTemporaryFolder("rightsbrief-cli-sync")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = PostgresTestServer.url(of: location)

            // Before server init: 69, saying what to run
            #expect(try runRightsbrief(["init", "--sample", "--db", "field.sqlite"], in: folder).status == 0)
            let early = try runRightsbrief(["push", "--to", url, "--db", "field.sqlite"], in: folder)
            #expect(early.status == 69, "\(early.stderr)")
            #expect(lines(early.stderr).count == 1)
            #expect(early.stderr.contains("rightsbrief server init"))

            #expect(try runRightsbrief(["server", "init", "--db", url]).status == 0)

            // A confidential witness and what it reports, which a plain push keeps on the laptop
            #expect(
                try runRightsbrief(
                    ["source", "add", "--db", "field.sqlite", "--id", "witness-7", "--title", "Witness 7", "--publisher", "Us",
                     "--kind", "testimony", "--sensitivity", "confidential"], in: folder
                ).status == 0)
            #expect(
                try runRightsbrief(
                    ["fact", "add", "--db", "field.sqlite", "cecot", "deaths_in_custody", "3", "--as-of", "2025-06-01",
                     "--source", "witness-7", "--sensitivity", "confidential"], in: folder
                ).status == 0)

            // A dry run says what it would add and writes nothing
            let dry = try runRightsbrief(["push", "--to", url, "--db", "field.sqlite", "--dry-run"], in: folder)
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stderr.contains("Dry run, nothing written"))
            let counts = try await PostgresSession.with(location) { session in
                try await session.values("SELECT count(*)::int FROM fact", as: Int.self).first
            }
            #expect(counts == 0)

            // Push, then pull into a new file ($RIGHTSBRIEF_SERVER names the server)
            let push = try runRightsbrief(["push", "--to", url, "--db", "field.sqlite"], in: folder)
            #expect(push.status == 0, "\(push.stderr)")
            #expect(push.stderr.contains("Pushed to"))
            // in words, not table names, and saying what stayed behind and how to send it
            #expect(push.stderr.contains("1 facility, "), "\(push.stderr)")
            #expect(push.stderr.contains(" citations, "), "\(push.stderr)")
            #expect(push.stderr.contains(" fact–source links"), "\(push.stderr)")
            #expect(!push.stderr.contains("sourceCitation") && !push.stderr.contains("factSource"), "\(push.stderr)")
            #expect(
                push.stderr.contains(
                    "Kept on this laptop: 2 sources, facts and events above the audience (--include-confidential pushes"),
                "\(push.stderr)")
            #expect(!push.stderr.contains("0 facts whose"), "\(push.stderr)")
            let pull = try runRightsbrief(["pull", "--db", "copy.sqlite"], in: folder, environment: ["RIGHTSBRIEF_SERVER": url])
            #expect(pull.status == 0, "\(pull.stderr)")
            #expect(pull.stderr.contains("Pulled from"))

            // Then both files export the same tables
            for (file, out) in [("field.sqlite", "a"), ("copy.sqlite", "b")] {
                let export = try runRightsbrief(
                    ["export", "csv", "--db", file, "--audience", "internal", "--as-of", "2026-01-01", "--output", out], in: folder)
                #expect(export.status == 0, "\(export.stderr)")
            }
            for name in ["facilities", "facts", "sources", "events", "summary", "overview"] {
                let a = fileBytes(folder.appendingPathComponent("a/\(name).csv"))
                #expect(!a.isEmpty)
                #expect(a == fileBytes(folder.appendingPathComponent("b/\(name).csv")), "\(name).csv differs")
            }

            // Pushing again adds nothing
            let again = try runRightsbrief(["push", "--to", url, "--db", "field.sqlite"], in: folder)
            #expect(again.status == 0)
            #expect(again.stderr.contains("added nothing new"))

            // A file whose cecot differs from the server's: 65, one line, nothing written
            #expect(try runRightsbrief(["init", "--db", "other.sqlite"], in: folder).status == 0)
            #expect(
                try runRightsbrief(
                    ["facility", "add", "--id", "cecot", "--name", "Another name", "--country", "SV", "--db", "other.sqlite"],
                    in: folder
                ).status == 0)
            let before = try await PostgresSession.with(location) { session in
                try await session.values("SELECT count(*)::int FROM facility", as: Int.self).first
            }
            let conflict = try runRightsbrief(["push", "--to", url, "--db", "other.sqlite"], in: folder)
            #expect(conflict.status == 65, "\(conflict.stderr)")
            #expect(lines(conflict.stderr).count == 1, "\(conflict.stderr)")
            #expect(conflict.stderr.contains("Push would change the server's record (cecot: name"))
            let after = try await PostgresSession.with(location) { session in
                try await session.values("SELECT count(*)::int FROM facility", as: Int.self).first
            }
            #expect(before == after)

            // A reader's push: 77, one line
            try await PostgresSession.with(location) { session in
                let name = PostgresTestServer.uniqueName("t_cli")
                try await session.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(name) LOGIN IN ROLE rightsbrief_public"))
                var reader = location
                reader.user = name
                let refused = try runRightsbrief(
                    ["push", "--to", PostgresTestServer.url(of: reader), "--db", "field.sqlite"], in: folder)
                #expect(refused.status == 77, "\(refused.stderr)")
                #expect(lines(refused.stderr).count == 1, "\(refused.stderr)")
                #expect(refused.stderr.contains("Only an editor may add or change evidence"))
                try await session.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(name)"))
            }
        }
    }
}
