import Foundation
import RightsBriefStore
import TestSupport
import Testing

/// Bad input through the binary: the right exit code, exactly one "Error: " line on stderr
/// naming the problem (after an import's FILE:LINE:COLUMN problem lines, or before a usage
/// error's "See 'rightsbrief help …'" line), nothing on stdout, and a database that did not
/// change.
@Suite("Bad input through the binary")
struct BadInputTests {
    struct BadCommand: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var status: Int32 = 65
        /// Text the one error line must contain.
        var mentions: String
        /// Text each line before the error line must contain (an import's problems).
        var before: [String] = []
        /// Text each line after the error line must contain (a usage error's help line).
        var after: [String] = []
        var testDescription: String { name }
    }

    /// Input files the commands below read, written into the shared sample folder (each
    /// write is atomic, so tests running at once never see half a file).
    static func writeInputFiles(in folder: URL) throws {
        let files: [String: Data] = [
            "nul.txt": Data("first line\nsecond \u{0} line\n".utf8),
            "nul.json": Data(#"{"sources": [{"id": "x", "title": "X\u0000", "publisher": "P"}]}"#.utf8),
            "nul.csv": Data("id,name,country\nnew,New\u{0}Name,SV\n".utf8),
            "retracted.csv": Data(
                ("fact_id,facility_id,attribute,value,as_of,status,source_ids\n"
                    + "1,cecot,population,5,2025-01-01,retracted,\(source)\n").utf8),
            "hex.csv": Data(
                ("fact_id,facility_id,attribute,value,as_of,source_ids\n"
                    + "1,cecot,population,0x10,2025-01-01,\(source)\n").utf8),
            "empty.json": Data(),
        ]
        for (name, data) in files {
            try data.write(to: folder.appendingPathComponent(name), options: .atomic)
        }
        let pipe = folder.appendingPathComponent("pipe.csv").path
        if mkfifo(pipe, 0o600) != 0 && errno != EEXIST {
            throw CLITestError.setupFailed("cannot make the named pipe \(pipe)")
        }
    }

    static let source = "bnd-el-salvador-offer"
    static func factAdd(
        _ facility: String, _ attribute: String, _ value: String, asOf: String = "2025-02-03",
        extra: [String] = ["--source", source]
    ) -> [String] {
        ["fact", "add", facility, attribute, value, "--as-of", asOf] + extra
    }

    static let commands: [BadCommand] = [
        BadCommand(
            name: "negative value not after --",
            arguments: factAdd("cecot", "population", "-5"), mentions: "must not be negative"),
        BadCommand(
            name: "hexadecimal value", arguments: factAdd("cecot", "population", "0x10"),
            mentions: "'0x10' is not a valid value for population: expected a plain decimal"),
        BadCommand(
            name: "value with an exponent", arguments: factAdd("cecot", "population", "1e3"),
            mentions: "'1e3' is not a valid value for population"),
        BadCommand(
            name: "value with a plus sign", arguments: factAdd("cecot", "toilets", "+5"),
            mentions: "'+5' is not a valid value for toilets"),
        BadCommand(
            name: "floor area above the bound",
            arguments: factAdd("cecot", "floor_area_m2", "100000000000"),
            mentions: "floor_area_m2: it is above 10,000,000 m2"),
        BadCommand(
            name: "status retracted on a new fact",
            arguments: factAdd(
                "cecot", "population", "5", extra: ["--source", source, "--status", "retracted"]),
            status: 64, mentions: "'rightsbrief fact retract ID --reason TEXT'",
            after: ["See 'rightsbrief help fact add'."]),
        BadCommand(
            name: "hexadecimal latitude",
            arguments: [
                "facility", "add", "--id", "new", "--name", "New", "--country", "SV", "--latitude",
                "0x10",
            ],
            mentions: "'0x10' is not a valid value for latitude"),
        BadCommand(
            name: "source text file with a NUL",
            arguments: [
                "source", "add", "--id", "new", "--title", "T", "--publisher", "P", "--text-file",
                "nul.txt",
            ],
            mentions: "'nul.txt' line 2 contains a NUL character"),
        BadCommand(
            name: "import of a JSON document with \\u0000", arguments: ["import", "nul.json"],
            mentions: "found 1 problem",
            before: ["nul.json:1:37: the document is not valid JSON: a string contains \\u0000, a NUL character"]),
        BadCommand(
            name: "import of a CSV cell with a NUL", arguments: ["import", "nul.csv"],
            mentions: "found 1 problem", before: ["nul.csv:2:8: this record contains a NUL character"]),
        BadCommand(
            name: "import of a fact with the status retracted", arguments: ["import", "retracted.csv"],
            mentions: "found 1 problem", before: ["retracted.csv:2:33: status 'retracted' is not imported"]),
        BadCommand(
            name: "import of a hexadecimal value", arguments: ["import", "hex.csv"],
            mentions: "found 1 problem", before: ["hex.csv:2:20: '0x10' is not a valid value for population"]),
        BadCommand(
            name: "import of an empty file", arguments: ["import", "empty.json"],
            mentions: "found 1 problem", before: ["empty.json:1:1: the file is empty"]),
        BadCommand(
            name: "import of /dev/null", arguments: ["import", "/dev/null"], status: 66,
            mentions: "'/dev/null' is a device, not a regular file"),
        BadCommand(
            name: "import of a named pipe", arguments: ["import", "pipe.csv"], status: 66,
            mentions: "'pipe.csv' is a named pipe (FIFO), not a regular file"),
        BadCommand(
            name: "import of a folder", arguments: ["import", "."], status: 66,
            mentions: "'.' is a folder, not a file"),
        BadCommand(
            name: "cron expression that never fires", arguments: ["schedule", "next", "0 0 30 2 *"],
            mentions: "'0 0 30 2 *' never fires"),
        BadCommand(
            name: "usage error: a missing option",
            arguments: ["fact", "add", "cecot", "population", "5", "--source", source], status: 64,
            mentions: "--as-of", after: ["See 'rightsbrief help fact add'."]),
        BadCommand(
            name: "usage error: an unknown option", arguments: ["facility", "list", "--colour", "red"],
            status: 64, mentions: "--colour", after: ["See 'rightsbrief help facility list'."]),
        BadCommand(
            name: "usage error: a value validate() refuses",
            arguments: ["import", "nul.csv", "--max-problems", "0"], status: 64,
            mentions: "'--max-problems' must be at least 1.", after: ["See 'rightsbrief help import'."]),
        BadCommand(
            name: "unknown facility", arguments: factAdd("nowhere", "population", "5"),
            mentions: "'nowhere'"),
        BadCommand(
            name: "unknown source",
            arguments: factAdd("cecot", "population", "5", extra: ["--source", "ghost"]),
            mentions: "'ghost'"),
        BadCommand(
            name: "unknown attribute", arguments: factAdd("cecot", "smell", "5"),
            mentions: "'smell'"),
        BadCommand(
            name: "negative count",
            arguments: [
                "fact", "add", "cecot", "population", "--as-of", "2025-02-03", "--source", source,
                "--", "-5",
            ],
            mentions: "must not be negative"),
        BadCommand(
            name: "fractional count", arguments: factAdd("cecot", "toilets", "2.5"),
            mentions: "whole number"),
        BadCommand(
            name: "level for a count", arguments: factAdd("cecot", "population", "absent"),
            mentions: "'absent'"),
        BadCommand(
            name: "impossible date",
            arguments: factAdd("cecot", "population", "5", asOf: "2025-02-30"),
            mentions: "'2025-02-30'"),
        BadCommand(
            name: "malformed date",
            arguments: factAdd("cecot", "population", "5", asOf: "03/02/2025"),
            mentions: "YYYY-MM-DD"),
        BadCommand(
            name: "condition level outside the four",
            arguments: factAdd("cecot", "sanitation", "dirty"),
            mentions: "'dirty'"),
        BadCommand(
            name: "fact with no --source",
            arguments: factAdd("cecot", "population", "5", extra: []),
            mentions: "--source"),
        BadCommand(
            name: "unknown sensitivity",
            arguments: factAdd(
                "cecot", "population", "5", extra: ["--source", source, "--sensitivity", "secret"]),
            status: 64, mentions: "'secret'", after: ["See 'rightsbrief help fact add'."]),
        BadCommand(
            name: "supersedes a fact about another attribute",
            arguments: factAdd(
                "cecot", "population", "5", extra: ["--source", source, "--supersedes", "2"]),
            mentions: "same facility and attribute"),
        BadCommand(
            name: "supersedes an unknown fact",
            arguments: factAdd(
                "cecot", "population", "5", extra: ["--source", source, "--supersedes", "999"]),
            mentions: "999"),
        BadCommand(
            name: "non-http URL",
            arguments: [
                "source", "add", "--id", "ftp-doc", "--url", "ftp://example.org/report.pdf",
                "--title", "T",
                "--publisher", "P",
            ],
            mentions: "'ftp://example.org/report.pdf'"),
        BadCommand(
            name: "javascript: URL",
            arguments: [
                "source", "add", "--id", "js", "--url", "javascript:alert(1)", "--title", "T",
                "--publisher", "P",
            ],
            mentions: "'javascript:alert(1)'"),
        BadCommand(
            name: "source with an impossible publication date",
            arguments: [
                "source", "add", "--id", "late", "--title", "T", "--publisher", "P",
                "--published-on", "2025-13-01",
            ],
            mentions: "'2025-13-01'"),
        BadCommand(
            name: "source citing an unknown source",
            arguments: [
                "source", "add", "--id", "new", "--title", "T", "--publisher", "P", "--cites",
                "ghost",
            ],
            mentions: "'ghost'"),
        BadCommand(
            name: "source text file missing",
            arguments: [
                "source", "add", "--id", "new", "--title", "T", "--publisher", "P", "--text-file",
                "no-such.txt",
            ],
            status: 66, mentions: "no-such.txt"),
        BadCommand(
            name: "duplicate facility",
            arguments: [
                "facility", "add", "--id", "cecot", "--name", "Another", "--country", "SV",
            ], mentions: "'cecot'"),
        BadCommand(
            name: "bad country code",
            arguments: ["facility", "add", "--id", "new", "--name", "New", "--country", "sv"],
            mentions: "'sv'"),
        BadCommand(
            name: "unknown facility kind",
            arguments: [
                "facility", "add", "--id", "new", "--name", "New", "--country", "SV", "--kind",
                "jail",
            ],
            status: 64, mentions: "'jail'", after: ["See 'rightsbrief help facility add'."]),
        BadCommand(
            name: "retract an unknown fact",
            arguments: ["fact", "retract", "999", "--reason", "Wrong."],
            mentions: "999"),
        BadCommand(
            name: "retract with an empty reason",
            arguments: ["fact", "retract", "1", "--reason", "  "],
            mentions: "reason"),
        BadCommand(
            name: "event for an unknown facility",
            arguments: [
                "event", "add", "--id", "e", "--date", "2025-02-03", "--title", "T", "--facility",
                "nowhere",
                "--source", source,
            ],
            mentions: "'nowhere'"),
        BadCommand(
            name: "event with no source",
            arguments: ["event", "add", "--id", "e", "--date", "2025-02-03", "--title", "T"],
            mentions: "--source"),
        BadCommand(
            name: "invalid search query", arguments: ["search", "\"unbalanced"],
            mentions: "not a valid search"),
        BadCommand(
            name: "listing an unknown facility",
            arguments: ["fact", "list", "--facility", "nowhere"],
            status: 66, mentions: "'nowhere'"),
    ]

    @Test(
        "bad input exits with its code, prints one error line and changes nothing",
        arguments: commands)
    func badInput(_ command: BadCommand) throws {
        // Given the sample database, the input files, and a snapshot of everything in it
        let folder = try badInputSample.get()
        try Self.writeInputFiles(in: folder)
        let before = try DatabaseSnapshot(database(in: folder))

        // When the bad command runs
        let result = try runRightsbrief(command.arguments, in: folder)

        // Then it exits with the sysexits code, says what is wrong in one line (with an
        //   import's problems before it, or the help to read after it), and writes nothing
        #expect(result.status == command.status, "stderr: \(result.stderr)")
        let errors = lines(result.stderr)
        let expected = command.before + [command.mentions] + command.after
        try #require(errors.count == expected.count, "stderr: \(result.stderr)")
        for (line, text) in zip(errors, expected) {
            #expect(line.contains(text), "stderr: \(result.stderr)")
        }
        #expect(errors[command.before.count].hasPrefix("Error: "))
        #expect(errors.filter { $0.hasPrefix("Error: ") }.count == 1)
        #expect(!result.stderr.contains("permission"), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try DatabaseSnapshot(database(in: folder)) == before)
    }

    @Test("option values and a fact's value may start with '-'")
    func valuesStartingWithMinus() throws {
        // Given a private sample database
        let folder = try makeSampleFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        // When a facility has negative coordinates, a source and an event titles starting with
        //   '-', a fact a quote starting with '-' after its value, and a retraction such a reason
        let facility = try runRightsbrief(
            [
                "facility", "add", "--id", "la-esperanza", "--name", "-La Esperanza", "--country",
                "SV", "--latitude", "-13.7", "--longitude", "-88.9", "--region", "-",
            ], in: folder)
        let source = try runRightsbrief(
            ["source", "add", "--id", "minus", "--title", "-x", "--publisher", "-P", "--author", "-A"],
            in: folder)
        let event = try runRightsbrief(
            [
                "event", "add", "--id", "cold", "--date", "2025-02-03", "--title", "-40 degrees",
                "--description", "-", "--source", "minus",
            ], in: folder)
        let fact = try runRightsbrief(
            [
                "fact", "add", "cecot", "temperature_control", "absent", "--quote", "-40 degrees",
                "--as-of", "2025-02-03", "--source", "minus",
            ], in: folder)
        let retract = try runRightsbrief(["fact", "retract", "5", "--reason", "-wrong"], in: folder)

        // Then each is accepted, and the values are stored as given
        for result in [facility, source, event, fact, retract] {
            #expect(result.status == 0, "\(result.stderr)")
        }
        let store = try FactStore.open(path: database(in: folder).path, create: false)
        let stored = try #require(try store.facility(id: "la-esperanza"))
        #expect(stored.name == "-La Esperanza" && stored.region == "-")
        #expect(stored.latitude == -13.7 && stored.longitude == -88.9)
        #expect(try store.source(id: "minus")?.title == "-x")
        #expect(try store.events().first { $0.id == "cold" }?.title == "-40 degrees")
        let added = try #require(try store.fact(id: 5))
        #expect(added.quote == "-40 degrees")
        #expect(added.retraction?.reason == "-wrong")
    }

    @Test("the snapshot used above does notice a real change")
    func snapshotDetectsChanges() throws {
        // Given a private sample database and a snapshot of it
        let folder = try makeSampleFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = database(in: folder)
        let first = try DatabaseSnapshot(db)

        // When a good fact is added, and then retracted
        let added = try runRightsbrief(
            [
                "fact", "add", "cecot", "population", "60000", "--as-of", "2025-03-01", "--source",
                Self.source,
            ], in: folder)
        let second = try DatabaseSnapshot(db)
        let retracted = try runRightsbrief(
            ["fact", "retract", "5", "--reason", "Test."], in: folder)
        let third = try DatabaseSnapshot(db)

        // Then each write succeeded quietly on stdout, reported itself on stderr, and changed the
        //   snapshot
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr == "Added fact 5.\n")
        #expect(retracted.status == 0, "\(retracted.stderr)")
        #expect(first != second)
        #expect(second.records != third.records)
    }
}
