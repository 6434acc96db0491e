import Foundation
import RightsBriefStore
import TestSupport
import Testing

/// A database of the bench generator's `test` size (100 facilities, 10,000 facts), made once
/// and copied by each test, so that the commands below run long enough to be cut mid-way.
private let generatedDatabase = Result { () throws -> URL in
    let folder = try makeTemporaryFolder("kill-base")
    let path = folder.appendingPathComponent("base.sqlite")
    // The generator fills an empty database; the CECOT sample goes in after it.
    let initialised = try runRightsbrief(["init", "--db", path.path])
    guard initialised.status == 0 else { throw CLITestError.setupFailed(initialised.stderr) }
    let generated = try runProcess(
        "/usr/bin/env", ["python3", repositoryRoot.appendingPathComponent("bench/generate.py").path, "test", path.path])
    guard generated.status == 0 else { throw CLITestError.setupFailed("generate.py: \(generated.stderr)") }
    let sample = try runRightsbrief(["init", "--sample", "--db", path.path])
    guard sample.status == 0 else { throw CLITestError.setupFailed(sample.stderr) }
    return path
}

/// Runs the binary and sends it SIGKILL after `delay` seconds (unless it ended first).
///
/// - Returns: whether the process was killed (false when it had already finished).
@discardableResult
private func runAndKill(_ arguments: [String], in folder: URL, after delay: Double) throws -> Bool {
    let process = Process()
    process.executableURL = rightsbriefBinary()
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "RIGHTSBRIEF_DB")
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    usleep(useconds_t(delay * 1_000_000))
    let killed = process.isRunning && kill(process.processIdentifier, SIGKILL) == 0
    process.waitUntilExit()
    return killed
}

/// The kill moments for a command that takes about `duration` seconds: spread over the whole
/// run, from process start-up to the final rename.
private func killMoments(count: Int, duration: Double, seed: UInt64) -> [Double] {
    var generator = SplitMix64(state: seed)
    return (0..<count).map { _ in Double.random(in: 0...(duration * 1.1), using: &generator) }
}

/// How long one uninterrupted run takes (only to spread the kill moments; never asserted).
private func measure(_ arguments: [String], in folder: URL) throws -> Double {
    let start = Date()
    let result = try runRightsbrief(arguments, in: folder)
    try #require(result.status == 0, "\(arguments): \(result.stderr)")
    return Date().timeIntervalSince(start)
}

/// Every hidden name below `folder` but rightsbrief's output lists: temporary files and
/// folders, set-aside folders, whatever an interrupted command could leave behind.
private func litter(_ folder: URL) -> [String] {
    (FileManager.default.subpaths(atPath: folder.path) ?? []).filter {
        let name = URL(fileURLWithPath: $0).lastPathComponent
        return name.hasPrefix(".") && name != ".rightsbrief-output"
    }
}

/// `verify` exits 0: SQLite's integrity check, foreign keys and source hashes hold.
private func expectIntact(_ folder: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let verify = try runRightsbrief(["verify"], in: folder)
    #expect(verify.status == 0, "verify after a kill: \(verify.stdout) \(verify.stderr)", sourceLocation: sourceLocation)
}

/// A folder holding a copy of the generated database as `rightsbrief.sqlite`.
private func workspace(_ label: String) throws -> URL {
    let folder = try makeTemporaryFolder(label)
    try FileManager.default.copyItem(at: try generatedDatabase.get(), to: database(in: folder))
    return folder
}

/// Adds one fact, so that the next output differs from the previous one.
private func addFact(in folder: URL, value: String) throws {
    let result = try runRightsbrief(
        ["fact", "add", "cecot", "toilets", value, "--as-of", "2025-03-01", "--source", "bnd-el-salvador-offer"], in: folder)
    try #require(result.status == 0, "\(result.stderr)")
}

@Suite("kill -9 at random moments: nothing half-done, no litter after the next run")
struct InterruptionTests {
    static let rounds = 4

    @Test("export csv: the folder is the previous set or the complete new one")
    func exportCSV() throws {
        // Given a previous export and a changed database, and the export it should now give
        let folder = try workspace("kill-csv")
        let arguments = ["export", "csv", "--audience", "internal", "--as-of", "2025-06-30", "--output", "tables"]
        _ = try measure(arguments, in: folder)
        let previous = treeSnapshot(folder.appendingPathComponent("tables"))
        try addFact(in: folder, value: "7")
        let duration = try measure(["export", "csv", "--audience", "internal", "--as-of", "2025-06-30", "--output", "expected"], in: folder)
        let expected = treeSnapshot(folder.appendingPathComponent("expected"))
        #expect(previous != expected)

        // When exports into the previous folder are killed at random moments
        for delay in killMoments(count: Self.rounds, duration: duration, seed: 1) {
            try runAndKill(arguments, in: folder, after: delay)

            // Then the folder holds one whole set, old or new, and the database is intact
            let now = treeSnapshot(folder.appendingPathComponent("tables"))
            #expect(now == previous || now == expected, "a mixed or partial set after a kill at \(delay) s")
            try expectIntact(folder)
        }

        // And the next successful export leaves no temporary litter
        #expect(try runRightsbrief(arguments, in: folder).status == 0)
        #expect(treeSnapshot(folder.appendingPathComponent("tables")) == expected)
        #expect(litter(folder) == [])
    }

    @Test("export xlsx: the workbook is the previous file or a complete new one")
    func exportXLSX() throws {
        // Given a previous workbook and a changed database
        let folder = try workspace("kill-xlsx")
        let arguments = ["export", "xlsx", "--audience", "internal", "--output", "evidence.xlsx"]
        let duration = try measure(arguments, in: folder)
        let previous = fileBytes(folder.appendingPathComponent("evidence.xlsx"))
        try addFact(in: folder, value: "8")

        // When exports are killed at random moments
        for delay in killMoments(count: Self.rounds, duration: duration, seed: 2) {
            try runAndKill(arguments, in: folder, after: delay)

            // Then the file is the previous one or a whole workbook
            let now = fileBytes(folder.appendingPathComponent("evidence.xlsx"))
            if now != previous {
                let check = try runProcess(
                    "/usr/bin/env",
                    ["python3", "-c",
                     "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; "
                        + "assert 'xl/workbook.xml' in z.namelist()",
                     folder.appendingPathComponent("evidence.xlsx").path])
                #expect(check.status == 0, "an incomplete workbook after a kill at \(delay) s: \(check.stderr)")
            }
            try expectIntact(folder)
        }

        // And the next successful export leaves no litter
        #expect(try runRightsbrief(arguments, in: folder).status == 0)
        #expect(litter(folder) == [])
    }

    @Test("brief: the file is the previous briefing or the complete new one")
    func brief() throws {
        // Given a previous briefing and the briefing the changed database gives
        let folder = try workspace("kill-brief")
        let arguments = ["brief", "--as-of", "2025-06-30", "--audience", "internal", "--output", "all.md"]
        _ = try measure(arguments, in: folder)
        let previous = fileBytes(folder.appendingPathComponent("all.md"))
        try addFact(in: folder, value: "9")
        let duration = try measure(["brief", "--as-of", "2025-06-30", "--audience", "internal", "--output", "expected.md"], in: folder)
        let expected = fileBytes(folder.appendingPathComponent("expected.md"))
        #expect(previous != expected)

        // When briefings are killed at random moments
        for delay in killMoments(count: Self.rounds, duration: duration, seed: 3) {
            try runAndKill(arguments, in: folder, after: delay)

            // Then the file is whole, old or new
            let now = fileBytes(folder.appendingPathComponent("all.md"))
            #expect(now == previous || now == expected, "a partial briefing after a kill at \(delay) s")
        }

        // And the next successful briefing leaves no litter
        #expect(try runRightsbrief(arguments, in: folder).status == 0)
        #expect(fileBytes(folder.appendingPathComponent("all.md")) == expected)
        #expect(litter(folder) == [])
    }

    @Test("import: the database holds the counts from before or from after, never between")
    func importTables() throws {
        // Given exported tables of the generated database, and a database holding the sample
        let source = try workspace("kill-import-source")
        #expect(try runRightsbrief(["export", "csv", "--audience", "internal", "--output", "tables"], in: source).status == 0)
        let tables = ["facilities", "sources", "events", "facts"].map {
            source.appendingPathComponent("tables/\($0).csv").path
        }
        let folder = try makeSampleFolder("kill-import")
        let before = try FactStore.open(path: database(in: folder).path, create: false).counts()
        let probe = try makeSampleFolder("kill-import-probe")
        let duration = try measure(["import"] + tables, in: probe)
        let after = try FactStore.open(path: database(in: probe).path, create: false).counts()
        #expect(after.facts > before.facts)

        // When imports are killed at random moments
        for delay in killMoments(count: Self.rounds, duration: duration, seed: 4) {
            try runAndKill(["import"] + tables, in: folder, after: delay)

            // Then every table has its count from before or from after, and the file is intact
            let now = try FactStore.open(path: database(in: folder).path, create: false).counts()
            #expect(now == before || now == after, "\(now) is neither \(before) nor \(after) (kill at \(delay) s)")
            try expectIntact(folder)
        }

        // And the next import completes to the same counts
        #expect(try runRightsbrief(["import"] + tables, in: folder).status == 0)
        #expect(try FactStore.open(path: database(in: folder).path, create: false).counts() == after)
        #expect(litter(folder) == [])
    }

    @Test("run: a dated folder is whole or absent, latest points at a whole run")
    func scheduledRun() throws {
        // Given a definition writing every format, and one successful run
        let folder = try workspace("kill-run")
        let reports = folder.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data(
            """
            name: all
            title: Everything
            schedule: "0 7 * * *"
            audience: internal
            formats: [markdown, xlsx, csv]
            keep: 50

            """.utf8
        ).write(to: reports.appendingPathComponent("all.yml"))
        let out = reports.appendingPathComponent("out/all")
        let duration = try measure(["run", "all", "--now", "2025-06-01T07:00:00Z"], in: folder)
        try addFact(in: folder, value: "10")

        // When runs are killed at random moments
        for (round, delay) in killMoments(count: Self.rounds, duration: duration, seed: 5).enumerated() {
            try runAndKill(["run", "all", "--now", "2025-06-0\(round + 2)T07:00:00Z"], in: folder, after: delay)

            // Then every dated folder is complete, and latest points at one of them
            let runs = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") && $0 != "latest" }
            for run in runs {
                let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(run).path).sorted()
                #expect(names == [".rightsbrief-output", "all.xlsx", "briefing.md", "charts", "csv"], "run \(run) after a kill at \(delay) s")
                let tables = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("\(run)/csv").path)
                #expect(tables.count == 7, "csv of \(run): \(tables)")
            }
            let latest = try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("latest").path)
            #expect(runs.contains(latest))
            try expectIntact(folder)
        }

        // And the next successful run leaves no litter
        #expect(try runRightsbrief(["run", "all", "--now", "2025-06-20T07:00:00Z"], in: folder).status == 0)
        #expect(litter(reports) == [])
    }
}
