import Foundation
import TestSupport
import Testing

/// Bad input through the binary: the right exit code, exactly one "Error: " line on stderr
/// naming the problem, nothing on stdout, and a database that did not change.
@Suite("Bad input through the binary")
struct BadInputTests {
    struct BadCommand: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var status: Int32 = 65
        /// Text the one error line must contain.
        var mentions: String
        var testDescription: String { name }
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
            mentions: "'secret'"),
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
            mentions: "'jail'"),
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
        // Given the sample database and a snapshot of everything in it
        let folder = try badInputSample.get()
        let before = try DatabaseSnapshot(database(in: folder))

        // When the bad command runs
        let result = try runRightsbrief(command.arguments, in: folder)

        // Then it exits with the sysexits code, says what is wrong in one line, and writes nothing
        #expect(result.status == command.status, "stderr: \(result.stderr)")
        let errors = lines(result.stderr)
        #expect(errors.count == 1, "stderr: \(result.stderr)")
        #expect(errors.first?.hasPrefix("Error: ") == true)
        #expect(errors.first?.contains(command.mentions) == true, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try DatabaseSnapshot(database(in: folder)) == before)
    }

    @Test("a usage error exits 64 and changes nothing")
    func usageError() throws {
        // Given the sample database
        let folder = try badInputSample.get()
        let before = try DatabaseSnapshot(database(in: folder))

        // When a fact is added without its required --as-of, or with a negative number not after --
        let missing = try runRightsbrief(
            ["fact", "add", "cecot", "population", "5", "--source", Self.source], in: folder)
        let unseparated = try runRightsbrief(
            [
                "fact", "add", "cecot", "population", "-5", "--as-of", "2025-02-03", "--source",
                Self.source,
            ], in: folder)

        // Then both are usage errors and nothing was written
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--as-of"))
        #expect(unseparated.status == 64)
        #expect(try DatabaseSnapshot(database(in: folder)) == before)
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
