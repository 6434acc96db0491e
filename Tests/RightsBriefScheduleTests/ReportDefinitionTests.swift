import Foundation
import Testing

import RightsBriefCore
import RightsBriefSchedule
import TestSupport

/// Report definitions: the shipped examples, and a `FILE:LINE: reason` error for each kind of
/// mistake, read from real files the way `run` and `schedule` read them.
@Suite("ReportDefinition")
struct ReportDefinitionTests {
    /// Writes `files` (name → YAML) into a fresh folder and loads them all.
    private func load(_ files: [String: String]) throws -> (
        folder: URL, definitions: [ReportDefinition], errors: [ScheduleError]
    ) {
        let folder = try makeTemporaryFolder("rightsbrief-definitions")
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let loaded = try ReportDefinition.loadAll(from: folder)
        return (folder, loaded.definitions, loaded.errors)
    }

    // MARK: - Shipped examples

    @Test("both shipped definitions in reports/ parse, with the values their comments promise")
    func shippedExamplesParse() throws {
        // Given the repository's reports/ folder,
        let folder = repositoryRoot.appendingPathComponent("reports", isDirectory: true)

        // When every definition in it is loaded,
        let loaded = try ReportDefinition.loadAll(from: folder)

        // Then there are two, without errors, and each says what its comment says.
        #expect(loaded.errors.isEmpty, "\(loaded.errors.map(\.localizedDescription))")
        #expect(loaded.definitions.map(\.name) == ["internal-monthly", "sv-weekly-public"])
        let monthly = try #require(loaded.definitions.first { $0.name == "internal-monthly" })
        #expect(monthly.schedule.text == "0 6 1 * *")
        #expect(monthly.audience == .internal)
        #expect(monthly.formats == [.xlsx, .csv])
        #expect(monthly.keep == 6)
        #expect(monthly.timeZone.secondsFromGMT() == 0)
        let weekly = try #require(loaded.definitions.first { $0.name == "sv-weekly-public" })
        #expect(weekly.schedule.text == "0 7 * * MON")
        #expect(weekly.audience == .public)
        #expect(weekly.countries == ["SV"])
        #expect(weekly.formats == [.markdown, .xlsx])
        #expect(weekly.template == "briefing")
        #expect(weekly.keep == 12)
        #expect(weekly.file == folder.appendingPathComponent("sv-weekly-public.yml").path)
    }

    @Test("a minimal definition gets the documented defaults")
    func defaults() throws {
        // Given only the three required keys,
        let text = "name: minimal\nschedule: \"@daily\"\nformats: markdown\n"

        // When it is parsed,
        let definition = try ReportDefinition(yaml: text, file: "minimal.yml")

        // Then the zone is UTC, the audience public, the template briefing, keep 10, and no
        // selection (everything), and a single format may be written without brackets.
        #expect(
            definition.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_751_328_000)) == 0
        )
        #expect(definition.audience == .public)
        #expect(definition.template == "briefing")
        #expect(definition.keep == 10)
        #expect(definition.facilityIds.isEmpty && definition.countries.isEmpty)
        #expect(definition.formats == [.markdown])
        #expect(definition.language == "en")
    }

    @Test("language: es is read; it is the language of the whole run")
    func language() throws {
        let text = "name: es\nschedule: \"@daily\"\nformats: [markdown, csv]\nlanguage: es\n"
        #expect(try ReportDefinition(yaml: text, file: "es.yml").language == "es")
    }

    // MARK: - Errors with file and line

    /// One broken definition, the line the error must name, and words the reason must contain.
    struct BrokenCase: Sendable, CustomTestStringConvertible {
        var label: String
        var yaml: String
        var line: Int
        var reason: String
        var testDescription: String { label }
    }

    static let brokenCases: [BrokenCase] = [
        BrokenCase(
            label: "unknown key",
            yaml: """
                # weekly
                name: weekly
                schedule: "0 7 * * MON"
                formats: [markdown]
                colour: red
                """,
            line: 5, reason: "unknown key 'colour'"),
        BrokenCase(
            label: "bad cron expression",
            yaml: """
                # weekly
                name: weekly

                schedule: "0 25 * * MON"
                formats: [markdown]
                """,
            line: 4, reason: "bad cron expression '0 25 * * MON'"),
        BrokenCase(
            label: "@reboot as a schedule",
            yaml: "name: weekly\nformats: [markdown]\nschedule: \"@reboot\"\n",
            line: 3, reason: "bad cron expression '@reboot'"),
        BrokenCase(
            label: "unknown format",
            yaml: """
                # weekly
                name: weekly
                schedule: "0 7 * * MON"
                audience: public
                formats: [markdown, odt]
                """,
            line: 5, reason: "unknown format 'odt'"),
        BrokenCase(
            label: "unknown format in a block list (the line of the item)",
            yaml: """
                name: weekly
                schedule: "0 7 * * MON"
                formats:
                  - markdown
                  - docx
                """,
            line: 5, reason: "unknown format 'docx'"),
        BrokenCase(
            label: "bad country code in a block list (the line of the item)",
            yaml: """
                name: weekly
                schedule: "0 7 * * MON"
                formats: [csv]
                countries:
                  - SV
                  - El Salvador
                """,
            line: 6, reason: "'El Salvador' is not a two-letter country code"),
        BrokenCase(
            label: "unknown audience",
            yaml: """
                # weekly
                name: weekly
                schedule: "0 7 * * MON"
                formats: [markdown]
                audience: partners
                """,
            line: 5, reason: "unknown audience 'partners'"),
        BrokenCase(
            label: "unknown time zone",
            yaml: """
                # weekly
                name: weekly
                schedule: "0 7 * * MON"
                time_zone: Mars/Olympus_Mons
                formats: [markdown]
                """,
            line: 4, reason: "unknown time zone 'Mars/Olympus_Mons'"),
        BrokenCase(
            label: "missing name",
            yaml: "schedule: \"0 7 * * MON\"\nformats: [markdown]\n",
            line: 1, reason: "the key 'name' is missing"),
        BrokenCase(
            label: "missing schedule",
            yaml: "name: weekly\nformats: [markdown]\n",
            line: 1, reason: "the key 'schedule' is missing"),
        BrokenCase(
            label: "missing formats",
            yaml: "name: weekly\nschedule: \"0 7 * * MON\"\n",
            line: 1, reason: "the key 'formats' is missing"),
        BrokenCase(
            label: "keep zero",
            yaml: """
                # weekly
                name: weekly
                schedule: "0 7 * * MON"
                formats: [markdown]
                keep: 0
                """,
            line: 5, reason: "'keep' must be a whole number"),
        BrokenCase(
            label: "keep not a number",
            yaml: """
                name: weekly
                schedule: "0 7 * * MON"
                keep: many
                formats: [markdown]
                """,
            line: 3, reason: "'keep' must be a whole number"),
        BrokenCase(
            label: "keep negative",
            yaml: "name: weekly\nschedule: \"0 7 * * MON\"\nformats: [csv]\n\n\nkeep: -3\n",
            line: 6, reason: "'keep' must be a whole number"),
        BrokenCase(
            label: "language without a catalogue",
            yaml: "name: weekly\nschedule: \"0 7 * * MON\"\nformats: [csv]\n\nlanguage: fr\n",
            line: 5, reason: "unknown language 'fr'; use en or es"),
        BrokenCase(
            label: "name that is not a slug",
            yaml: "# x\n\nname: Weekly Report\nschedule: \"0 7 * * MON\"\nformats: [csv]\n",
            line: 3, reason: "'Weekly Report' is not a valid name"),
    ]

    @Test(
        "each kind of mistake gives FILE:LINE: reason with the line of the offending key",
        arguments: brokenCases)
    func brokenDefinition(_ broken: BrokenCase) throws {
        // Given a folder with one broken definition file,
        // When the folder is loaded,
        let loaded = try load(["broken.yml": broken.yaml])

        // Then nothing is loaded and the one error names the file and the line.
        #expect(loaded.definitions.isEmpty)
        let error = try #require(loaded.errors.first)
        #expect(loaded.errors.count == 1)
        let path = loaded.folder.appendingPathComponent("broken.yml").path
        guard case .definition(let file, let line, let reason) = error else {
            Issue.record("expected a definition error, got \(error)")
            return
        }
        #expect(file == path)
        #expect(line == broken.line, "\(broken.label): \(reason)")
        #expect(reason.contains(broken.reason), "\(reason)")
        let message = try #require(error.errorDescription)
        #expect(message.hasPrefix("\(path):\(broken.line): "), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test("YAML that does not parse names the line where it breaks")
    func invalidYAML() throws {
        // Given a definition whose flow list is never closed on line 3,
        let loaded = try load([
            "bad.yml": "name: weekly\nschedule: \"0 7 * * MON\"\nformats: [markdown\nkeep: 3\n"
        ])

        // When loaded, then the error is a definition error on line 3 or 4 of that file.
        let error = try #require(loaded.errors.first)
        guard case .definition(_, let line, let reason) = error else {
            Issue.record("expected a definition error, got \(error)")
            return
        }
        #expect((3...4).contains(line))
        #expect(reason.hasPrefix("not valid YAML"))
    }

    @Test("a broken definition does not stop the others from loading")
    func brokenDoesNotStopOthers() throws {
        // Given a good definition between two broken ones (sorted by file name),
        let loaded = try load([
            "a-broken.yml": "name: a\nschedule: \"0 7 * * MON\"\nformats: [odt]\n",
            "b-good.yml": "name: good\nschedule: \"0 7 * * MON\"\nformats: [csv]\n",
            "c-broken.yaml": "name: c\nschedule: \"99 * * * *\"\nformats: [csv]\n",
            "notes.txt": "not a definition",
        ])

        // When loaded, then the good one is there and both errors are reported in file order.
        #expect(loaded.definitions.map(\.name) == ["good"])
        let files = loaded.errors.compactMap { error -> String? in
            if case .definition(let file, _, _) = error {
                return (file as NSString).lastPathComponent
            }
            return nil
        }
        #expect(files == ["a-broken.yml", "c-broken.yaml"])
    }

    @Test("two files with the same name: the second is an error naming the first")
    func duplicateNames() throws {
        // Given two files that both say name: weekly,
        let loaded = try load([
            "one.yml": "name: weekly\nschedule: \"0 7 * * MON\"\nformats: [csv]\n",
            "two.yml": "name: weekly\nschedule: \"0 8 * * MON\"\nformats: [csv]\n",
        ])

        // Then the first wins and the second's error points at the first file.
        #expect(
            loaded.definitions.map(\.file).map { ($0 as NSString).lastPathComponent } == ["one.yml"]
        )
        let message = try #require(loaded.errors.first?.errorDescription)
        #expect(message.contains("two.yml:1:"))
        #expect(message.contains("one.yml"))
    }

    @Test("a missing definitions folder is its own error, naming the folder")
    func missingFolder() throws {
        // Given a path that does not exist,
        let folder = try makeTemporaryFolder("rightsbrief-definitions").appendingPathComponent(
            "nope")

        // Then loading throws definitionsFolderMissing with that path.
        #expect(throws: ScheduleError.definitionsFolderMissing(path: folder.path)) {
            try ReportDefinition.loadAll(from: folder)
        }
    }
}
