import Foundation
import PostgresNIO
import RightsBriefPostgres
import TestSupport
import Testing

/// Every command on the shared server through the built binary: the same outputs as on a
/// file, the same exit codes, nothing written when a command fails, readers redacted by the
/// server, and `run --due` under the server's run lock.
@Suite("commands on the shared server", .enabled(if: PostgresTestServer.isAvailable))
struct ServerStoreCommandTests {
    func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    /// The same evidence into `db` through the command line: the sample, a restricted visit
    /// note and a confidential witness with the facts they report, and an event.
    static func addEvidence(db: String, in folder: URL) throws {
        let commands: [[String]] = [
            ["init", "--sample"],
            ["source", "add", "--id", "visit-2025-05", "--title", "Visit note, May 2025", "--publisher", "Coalition",
             "--kind", "testimony", "--sensitivity", "restricted"],
            ["fact", "add", "cecot", "population", "14532", "--as-of", "2025-05-20", "--source", "visit-2025-05",
             "--sensitivity", "restricted"],
            ["source", "add", "--id", "witness-7", "--title", "Witness 7", "--publisher", "Coalition",
             "--kind", "testimony", "--sensitivity", "confidential"],
            ["fact", "add", "cecot", "deaths_in_custody", "3", "--as-of", "2025-06-01", "--source", "witness-7",
             "--sensitivity", "confidential"],
            ["fact", "add", "cecot", "population", "14100", "--as-of", "2025-04-01", "--source", "pbs-cecot-conditions"],
        ]
        for command in commands {
            let result = try runRightsbrief(command + ["--db", db], in: folder)
            try #require(result.status == 0, "\(command): \(result.stderr)")
        }
    }

    @Test("read commands print on the server exactly what they print on a file with the same evidence")
    func sameOutputs() async throws {
        try await PostgresTestServer.withInitializedDatabase { _, location in
            let folder = try makeTemporaryFolder("rightsbrief-cli-server-store")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = PostgresTestServer.url(of: location)
            // Given the same evidence in a file and on the server, added by the same commands
            try Self.addEvidence(db: "file.sqlite", in: folder)
            try Self.addEvidence(db: url, in: folder)

            // (working copies go into a temporary folder of this test's own)
            let temporary = folder.appendingPathComponent("tmp")
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false)
            let environment = ["TMPDIR": temporary.path]

            // When each read command runs on both, then stdout, exit code and stderr agree
            let reads: [[String]] = [
                ["brief", "--facility", "cecot", "--as-of", "2025-07-01"],
                ["brief", "--facility", "cecot", "--as-of", "2025-07-01", "--audience", "internal"],
                ["brief", "--country", "SV", "--as-of", "2025-07-01", "--audience", "internal", "--format", "html"],
                ["export", "csv", "--country", "SV", "--as-of", "2025-07-01", "--table", "facts", "--output", "-"],
                ["export", "csv", "--country", "SV", "--as-of", "2025-07-01", "--table", "sources", "--output", "-",
                 "--audience", "internal"],
                ["fact", "list", "--facility", "cecot", "--history"],
                ["facility", "list"], ["facility", "show", "cecot"], ["source", "list"], ["source", "show", "witness-7"],
                ["event", "list"], ["search", "water"],
                ["fact", "list", "--facility", "nowhere"],
            ]
            for command in reads {
                let file = try runRightsbrief(command + ["--db", "file.sqlite"], in: folder)
                let server = try runRightsbrief(command + ["--db", url], in: folder, environment: environment)
                #expect(file.status == server.status, "\(command): \(server.stderr)")
                #expect(file.stdout == server.stdout, "\(command)")
                #expect(file.stderr == server.stderr, "\(command)")
                #expect(!file.stdout.isEmpty || file.status != 0, "\(command) printed nothing")
            }
            // And a whole CSV folder and a workbook are written from the server too
            let csv = try runRightsbrief(
                ["export", "csv", "--country", "SV", "--output", "tables", "--db", url], in: folder, environment: environment)
            #expect(csv.status == 0, "\(csv.stderr)")
            for name in ["facilities.csv", "facts.csv", "sources.csv", "events.csv"] {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tables/\(name)").path))
            }
            let xlsx = try runRightsbrief(
                ["export", "xlsx", "--country", "SV", "--output", "sv.xlsx", "--db", url], in: folder, environment: environment)
            #expect(xlsx.status == 0, "\(xlsx.stderr)")
            #expect(fileBytes(folder.appendingPathComponent("sv.xlsx")).prefix(2) == Data("PK".utf8))
            // And no working copy is left in the temporary folder (one was made per command)
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
        }
    }

    @Test("a public reader's briefing holds no restricted or confidential material, whatever audience it asks for")
    func readerRedactedByServer() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let folder = try makeTemporaryFolder("rightsbrief-cli-server-store")
            defer { try? FileManager.default.removeItem(at: folder) }
            let owner = PostgresTestServer.url(of: location)
            try Self.addEvidence(db: owner, in: folder)
            // And public facts that lean on restricted material: one cited only by the visit
            // note, one correcting the restricted population figure (fact 5)
            for command in [
                ["fact", "add", "cecot", "toilets", "12", "--as-of", "2025-05-20", "--source", "visit-2025-05"],
                ["fact", "add", "cecot", "population", "14611", "--as-of", "2025-05-20", "--source", "pbs-cecot-conditions",
                 "--supersedes", "5"],
            ] {
                let result = try runRightsbrief(command + ["--db", owner], in: folder)
                try #require(result.status == 0, "\(command): \(result.stderr)")
            }
            try await PostgresTestServer.withLogin("rightsbrief_public", on: session) { login in
                var reader = location
                reader.user = login
                let url = PostgresTestServer.url(of: reader)
                // When the public login asks for an internal briefing and export
                let brief = try runRightsbrief(
                    ["brief", "--facility", "cecot", "--as-of", "2025-07-01", "--audience", "internal", "--db", url],
                    in: folder)
                let export = try runRightsbrief(
                    ["export", "csv", "--country", "SV", "--as-of", "2025-07-01", "--audience", "internal",
                     "--table", "facts", "--output", "-", "--db", url], in: folder)
                // Then they are made, from the public evidence only (the server withheld the
                // rest), and each says so in one line
                #expect(brief.status == 0, "\(brief.stderr)")
                for result in [brief, export] {
                    #expect(lines(result.stderr).count == 1, "\(result.stderr)")
                    #expect(result.stderr.contains("may read only public material"), "\(result.stderr)")
                }
                let publicBrief = try runRightsbrief(
                    ["brief", "--facility", "cecot", "--as-of", "2025-07-01", "--db", url], in: folder)
                #expect(publicBrief.stderr.isEmpty, "\(publicBrief.stderr)")
                #expect(export.status == 0, "\(export.stderr)")
                // (a public fact whose only source is hidden, and a correction of a hidden fact,
                // are left out of the reader's copy rather than shown without their grounds)
                let facts = try runRightsbrief(["fact", "list", "--history", "--db", url], in: folder)
                #expect(facts.status == 0, "\(facts.stderr)")
                #expect(!facts.stdout.contains("toilets"))
                #expect(!facts.stdout.contains("14611"))
                #expect(facts.stdout.contains("14100"))
                for text in [brief.stdout, export.stdout, facts.stdout] {
                    #expect(!text.contains("14532"))
                    #expect(!text.contains("Witness 7"))
                    #expect(!text.contains("visit-2025-05"))
                    #expect(!text.contains("deaths_in_custody"))
                }
                #expect(brief.stdout.contains("40,000") || brief.stdout.contains("40000"))
                #expect(export.stdout.contains("14100"))
                // And the reader may not write: 77 in one line
                let add = try runRightsbrief(
                    ["fact", "add", "cecot", "population", "1", "--as-of", "2025-07-01", "--source", "pbs-cecot-conditions",
                     "--db", url], in: folder)
                #expect(add.status == 77, "\(add.stderr)")
                #expect(lines(add.stderr).count == 1, "\(add.stderr)")
                #expect(add.stderr.contains("Only an editor may add or change evidence"), "\(add.stderr)")
            }
        }
    }

    @Test("a failing write exits as on a file, in one line, and the server keeps what it had")
    func failingWrites() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let folder = try makeTemporaryFolder("rightsbrief-cli-server-store")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = PostgresTestServer.url(of: location)
            try Self.addEvidence(db: url, in: folder)
            try Self.addEvidence(db: "file.sqlite", in: folder)
            func count() async throws -> Int {
                try await session.values(
                    "SELECT (SELECT count(*) FROM fact) + (SELECT count(*) FROM source) + (SELECT count(*) FROM factSource) + (SELECT count(*) FROM facility)",
                    as: Int.self
                ).first ?? -1
            }
            let before = try await count()
            // A bad facts file: its last row names an unknown source
            try Data(
                """
                facility_id,attribute,value,as_of,source_ids
                cecot,population,14000,2025-08-01,pbs-cecot-conditions
                cecot,population,14001,2025-08-02,no-such-source

                """.utf8
            ).write(to: folder.appendingPathComponent("facts.csv"))
            let failing: [[String]] = [
                ["fact", "add", "cecot", "population", "12", "--as-of", "2025-07-01", "--source", "no-such-source"],
                ["fact", "add", "nowhere", "population", "12", "--as-of", "2025-07-01", "--source", "pbs-cecot-conditions"],
                ["fact", "retract", "999", "--reason", "no such fact"],
                ["import", "facts.csv"],
                ["source", "add", "--id", "witness-7", "--title", "Another", "--publisher", "X", "--kind", "testimony"],
                ["facility", "merge", "cecot", "nowhere"],
            ]
            for command in failing {
                let file = try runRightsbrief(command + ["--db", "file.sqlite"], in: folder)
                let server = try runRightsbrief(command + ["--db", url], in: folder)
                #expect(server.status == file.status, "\(command): \(server.stderr)")
                #expect(server.status != 0, "\(command)")
                if command.first != "import" {
                    #expect(lines(server.stderr).count == 1, "\(command): \(server.stderr)")
                    #expect(server.stderr == file.stderr, "\(command)")
                }
            }
            #expect(try await count() == before)
            // A bare init is refused: 64 (a server is set up by its owner)
            let initialise = try runRightsbrief(["init", "--db", url], in: folder)
            #expect(initialise.status == 64)
            #expect(initialise.stderr.contains("server init"))
            #expect(try await count() == before)
        }
    }

    @Test("facility merge and import --update-facilities change the server as they change a file")
    func facilityRecordsChange() async throws {
        try await PostgresTestServer.withInitializedDatabase { _, location in
            let folder = try makeTemporaryFolder("rightsbrief-cli-server-store")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = PostgresTestServer.url(of: location)
            // A second record of CECOT from another publisher, with a fact, an identifier and a
            // region the first lacks; and a facilities table moving it to another region
            try Data(
                """
                id,name,country,region,kind,identifiers
                cecot-2,Centro de Confinamiento del Terrorismo,SV,San Vicente,prison,pub:cecot-77

                """.utf8
            ).write(to: folder.appendingPathComponent("facilities.csv"))
            try Data(
                """
                id,name,country,region,kind
                cecot,Terrorism Confinement Center (CECOT),SV,Tecoluca,prison

                """.utf8
            ).write(to: folder.appendingPathComponent("moved.csv"))
            let commands: [[String]] = [
                ["import", "facilities.csv"],
                ["fact", "add", "cecot-2", "population", "12000", "--as-of", "2025-01-15", "--source", "pbs-cecot-conditions"],
                ["facility", "merge", "cecot", "cecot-2"],
            ]
            for db in ["file.sqlite", url] {
                try Self.addEvidence(db: db, in: folder)
                for command in commands {
                    let result = try runRightsbrief(command + ["--db", db], in: folder)
                    #expect(result.status == 0, "\(command) on \(db): \(result.stderr)")
                }
            }
            // Then the merged records read the same from both
            for command in [
                ["facility", "show", "cecot"], ["facility", "list"], ["fact", "list", "--history"],
                ["facility", "show", "cecot-2"],
                ["export", "csv", "--country", "SV", "--as-of", "2025-07-01", "--table", "facilities", "--output", "-"],
            ] {
                let file = try runRightsbrief(command + ["--db", "file.sqlite"], in: folder)
                let server = try runRightsbrief(command + ["--db", url], in: folder)
                #expect(file.status == server.status, "\(command): \(server.stderr)")
                #expect(file.stdout == server.stdout, "\(command)")
                #expect(file.stderr == server.stderr, "\(command)")
            }
            let shown = try runRightsbrief(["facility", "show", "cecot", "--db", url], in: folder)
            #expect(shown.stdout.contains("Merged from: cecot-2"), "\(shown.stdout)")
            #expect(shown.stdout.contains("Region: San Vicente"), "\(shown.stdout)")

            // And a facilities table that moves a facility needs --update-facilities there too
            for db in ["file.sqlite", url] {
                let refused = try runRightsbrief(["import", "moved.csv", "--db", db], in: folder)
                #expect(refused.status == 65, "\(db): \(refused.stderr)")
                let moved = try runRightsbrief(["import", "moved.csv", "--update-facilities", "--db", db], in: folder)
                #expect(moved.status == 0, "\(db): \(moved.stderr)")
            }
            let file = try runRightsbrief(["facility", "show", "cecot", "--db", "file.sqlite"], in: folder)
            let server = try runRightsbrief(["facility", "show", "cecot", "--db", url], in: folder)
            #expect(server.stdout.contains("Region: Tecoluca"), "\(server.stdout)")
            #expect(file.stdout == server.stdout)
        }
    }

    @Test("a fact added on the server is named by the server's number")
    func serverNumbersFacts() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let folder = try makeTemporaryFolder("rightsbrief-cli-server-store")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = PostgresTestServer.url(of: location)
            #expect(try runRightsbrief(["init", "--sample", "--db", url], in: folder).status == 0)
            // Given a fact sequence that moved on (numbers taken by a rolled-back write)
            try await session.execute("SELECT setval(pg_get_serial_sequence('fact', 'id'), 700)")
            let add = try runRightsbrief(
                ["fact", "add", "cecot", "population", "14100", "--as-of", "2025-04-01", "--source", "pbs-cecot-conditions",
                 "--db", url], in: folder)
            #expect(add.status == 0, "\(add.stderr)")
            #expect(add.stderr.contains("Added fact 701."), "\(add.stderr)")
            let ids = try await session.values("SELECT id FROM fact WHERE valueNumber = 14100", as: Int64.self)
            #expect(ids == [701])
            let retract = try runRightsbrief(["fact", "retract", "701", "--reason", "test", "--db", url], in: folder)
            #expect(retract.status == 0, "\(retract.stderr)")
            #expect(try await session.values("SELECT factId FROM factRetraction", as: Int64.self) == [701])
        }
    }

    @Test("a correction numbered past a power of ten (fact 10 correcting fact 9) reads back in order")
    func numberOrder() async throws {
        try await PostgresTestServer.withInitializedDatabase { _, location in
            let folder = try makeTemporaryFolder("rightsbrief-cli-server-store")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = PostgresTestServer.url(of: location)
            #expect(try runRightsbrief(["init", "--sample", "--db", url], in: folder).status == 0)
            for day in 5...9 {
                let add = try runRightsbrief(
                    ["fact", "add", "cecot", "population", String(14_000 + day), "--as-of", "2025-04-0\(day)",
                     "--source", "pbs-cecot-conditions", "--db", url], in: folder)
                #expect(add.stderr.contains("Added fact \(day)."), "\(add.stderr)")
            }
            let correction = try runRightsbrief(
                ["fact", "add", "cecot", "population", "14019", "--as-of", "2025-04-09", "--supersedes", "9",
                 "--source", "pbs-cecot-conditions", "--db", url], in: folder)
            #expect(correction.stderr.contains("Added fact 10."), "\(correction.stderr)")
            // (the server sends rows by number, not by the text of the number: 10 after 9)
            let list = try runRightsbrief(["fact", "list", "--history", "--db", url], in: folder)
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stdout.contains("corrects 9"))
        }
    }

    @Test("run --due on the server: the run lock keeps another machine out (75), and runs are recorded on the server")
    func scheduledRunLock() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let url = PostgresTestServer.url(of: location)
            let first = try ScheduleWorkspace.make(sample: false)
            let second = try ScheduleWorkspace.make(sample: false)
            defer {
                try? FileManager.default.removeItem(at: first.root)
                try? FileManager.default.removeItem(at: second.root)
            }
            #expect(try runRightsbrief(["init", "--sample", "--db", url]).status == 0)
            let now = "2025-03-10T07:05:00Z"
            func run(_ workspace: ScheduleWorkspace) throws -> CommandResult {
                try runRightsbrief(["run", "--due", "--now", now, "--reports-dir", workspace.reports.path, "--db", url])
            }
            // Given another machine holding the server's run lock
            try await session.execute(PostgresQuery(unsafeSQL: "SELECT pg_advisory_lock(\(ServerEvidence.runLockKey))"))
            // When a run starts, then it exits 75 in one line and writes no report
            let locked = try run(first)
            #expect(locked.status == 75, "\(locked.stderr)")
            #expect(lines(locked.stderr).count == 1, "\(locked.stderr)")
            #expect(locked.stderr.contains("run lock"))
            #expect(first.runFolders("sv-weekly-public").isEmpty)
            try await session.execute(PostgresQuery(unsafeSQL: "SELECT pg_advisory_unlock(\(ServerEvidence.runLockKey))"))

            // When the lock is free, the due report is made and its run recorded on the server
            let made = try run(first)
            #expect(made.status == 0, "\(made.stderr)")
            #expect(first.runFolders("sv-weekly-public").count == 1)
            let statuses = try await session.values("SELECT status FROM reportRun WHERE name = 'sv-weekly-public'", as: String.self)
            #expect(statuses == ["succeeded"])
            // So another machine with the same definitions finds nothing due
            let other = try run(second)
            #expect(other.status == 0, "\(other.stderr)")
            #expect(second.runFolders("sv-weekly-public").isEmpty)
            #expect(try await session.values("SELECT count(*) FROM reportRun", as: Int.self) == [1])
        }
    }
}
