import Foundation
import PostgresNIO
import RightsBriefPostgres
import TestSupport
import Testing

/// Eight writers adding facts to the shared server at once, while exports, a briefing and a
/// scheduled run read it: afterwards no fact is lost or doubled, no command met a deadlock,
/// and every output is complete.
@Suite("the shared server under load", .enabled(if: PostgresTestServer.isAvailable))
struct ServerLoadTests {
    static let writers = 8
    static let factsPerWriter = 5

    /// A command started on a thread of its own (not the test's cooperative pool).
    final class Launched: @unchecked Sendable {
        let group = DispatchGroup()
        var results: [Result<CommandResult, any Error>] = []

        func value() throws -> [CommandResult] {
            group.wait()
            return try results.map { try $0.get() }
        }
    }

    /// Runs each of `commands` in turn on a new thread.
    func launch(_ commands: [[String]], in folder: URL) -> Launched {
        let launched = Launched()
        launched.group.enter()
        Thread.detachNewThread {
            for command in commands {
                launched.results.append(Result { try runRightsbrief(command, in: folder) })
            }
            launched.group.leave()
        }
        return launched
    }

    /// The day `index` days after 2024-01-01.
    static func day(_ index: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let start = calendar.date(from: DateComponents(year: 2024, month: 1, day: 1)) ?? Date(timeIntervalSince1970: 0)
        let date = calendar.date(byAdding: .day, value: index, to: start) ?? start
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    @Test(
        "8 concurrent writers, exports, a briefing and a scheduled run: no lost or duplicated fact, no deadlock, complete outputs",
        .timeLimit(.minutes(10)))
    func concurrentWritersAndReaders() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let url = PostgresTestServer.url(of: location)
            let workspace = try ScheduleWorkspace.make(sample: false)
            defer { try? FileManager.default.removeItem(at: workspace.root) }
            let folder = workspace.root
            #expect(try runRightsbrief(["init", "--sample", "--db", url], in: folder).status == 0)

            // Given eight writers, each adding five facts one command at a time
            var launched: [(String, Launched)] = []
            for writer in 0..<Self.writers {
                let commands = (0..<Self.factsPerWriter).map { step -> [String] in
                    let index = writer * Self.factsPerWriter + step
                    return [
                        "fact", "add", "cecot", "population", String(20_000 + index), "--as-of", Self.day(index),
                        "--source", "pbs-cecot-conditions", "--db", url,
                    ]
                }
                launched.append(("writer \(writer)", launch(commands, in: folder)))
            }
            // And, meanwhile, exports, a briefing and the scheduled run reading the server
            for reader in 0..<3 {
                let exports = (0..<2).map { round in
                    ["export", "csv", "--country", "SV", "--output", "export-\(reader)-\(round)", "--db", url]
                }
                launched.append(("exports \(reader)", launch(exports, in: folder)))
            }
            launched.append(
                ("brief", launch([["brief", "--country", "SV", "--output", "sv.md", "--audience", "internal", "--db", url]], in: folder)))
            launched.append(
                ("run", launch(
                    [["run", "--due", "--now", "2025-03-10T07:05:00Z", "--wait", "120", "--reports-dir", workspace.reports.path,
                      "--db", url]], in: folder)))

            // Then every command succeeds without a deadlock or serialization error
            for (name, command) in launched {
                for result in try command.value() {
                    #expect(result.status == 0, "\(name): \(result.stderr)")
                    #expect(!result.stderr.lowercased().contains("deadlock"), "\(name): \(result.stderr)")
                    #expect(!result.stderr.contains("could not serialize"), "\(name): \(result.stderr)")
                }
            }

            // And every fact is on the server exactly once, under the number each writer was told
            let added = Self.writers * Self.factsPerWriter
            let values = try await session.values(
                "SELECT valueNumber::bigint FROM fact WHERE attribute = 'population' ORDER BY valueNumber", as: Int64.self)
            #expect(values == (0..<added).map { Int64(20_000 + $0) })
            let duplicates = try await session.values(
                "SELECT count(*) - count(DISTINCT (facilityId, attribute, asOf, valueNumber)) FROM fact", as: Int.self)
            #expect(duplicates == [0])
            let linked = try await session.values(
                "SELECT count(*) FROM fact f WHERE NOT EXISTS (SELECT 1 FROM factSource s WHERE s.factId = f.id)", as: Int.self)
            #expect(linked == [0])

            // And each export is complete: one snapshot's facts, each once, with the sample's
            for reader in 0..<3 {
                for round in 0..<2 {
                    let facts = folder.appendingPathComponent("export-\(reader)-\(round)/facts.csv")
                    let rows = String(decoding: fileBytes(facts), as: UTF8.self)
                        .split(whereSeparator: \.isNewline).dropFirst()  // CSV rows end in CRLF
                    #expect(rows.count >= 4 && rows.count <= 4 + added, "export-\(reader)-\(round): \(rows.count) rows")
                    #expect(Set(rows).count == rows.count)
                }
            }
            #expect(String(decoding: fileBytes(folder.appendingPathComponent("sv.md")), as: UTF8.self).contains("CECOT"))
            // And the scheduled run made one report, recorded on the server
            #expect(workspace.runFolders("sv-weekly-public").count == 1)
            #expect(try await session.values("SELECT status FROM reportRun", as: String.self) == ["succeeded"])
        }
    }

    @Test("four machines importing the same file at once add its facts once", .timeLimit(.minutes(5)))
    func sameImportAtOnce() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let url = PostgresTestServer.url(of: location)
            let folder = try makeTemporaryFolder("rightsbrief-server-load")
            defer { try? FileManager.default.removeItem(at: folder) }
            #expect(try runRightsbrief(["init", "--sample", "--db", url], in: folder).status == 0)
            var rows = "facility_id,attribute,value,as_of,source_ids\n"
            for index in 0..<20 { rows += "cecot,population,\(30_000 + index),\(Self.day(index)),pbs-cecot-conditions\n" }
            try Data(rows.utf8).write(to: folder.appendingPathComponent("facts.csv"))
            // When four imports of the one file start together
            let imports = (0..<4).map { _ in launch([["import", "facts.csv", "--db", url]], in: folder) }
            for command in imports {
                for result in try command.value() { #expect(result.status == 0, "\(result.stderr)") }
            }
            // Then the server holds each of its facts once: the writers took turns, and each
            // saw what the one before had added
            let values = try await session.values(
                "SELECT valueNumber::bigint FROM fact WHERE attribute = 'population' ORDER BY valueNumber", as: Int64.self)
            #expect(values == (0..<20).map { Int64(30_000 + $0) })
        }
    }
}
