import ArgumentParser
import RightsBriefCore
@testable import rightsbrief
import Testing

@Suite("Command parsing")
struct CommandParsingTests {
    @Test("fact add takes facility, attribute, value and repeated sources")
    func factAdd() throws {
        // Given a full fact add command line
        // When it is parsed
        let parsed = try RightsBrief.parseAsRoot([
            "fact", "add", "cecot", "population", "60000", "--as-of", "2025-02-03", "--source",
            "pbs", "--source",
            "reason", "--quote", "over capacity", "--supersedes", "7", "--db", "evidence.sqlite",
        ])

        // Then each value lands in its field
        let command = try #require(parsed as? RightsBrief.FactCommand.Add)
        #expect(command.facility == "cecot")
        #expect(command.attribute == "population")
        #expect(command.value == "60000")
        #expect(command.asOf == "2025-02-03")
        #expect(command.source == ["pbs", "reason"])
        #expect(command.quote == "over capacity")
        #expect(command.supersedes == 7)
        #expect(command.store.db == "evidence.sqlite")
        #expect(command.store.path == "evidence.sqlite")
    }

    @Test("a negative value is taken as the value after --")
    func negativeAfterSeparator() throws {
        // Given a negative value after --
        // When it is parsed
        let parsed = try RightsBrief.parseAsRoot([
            "fact", "add", "cecot", "population", "--as-of", "2025-02-03", "--source", "pbs", "--",
            "-5",
        ])

        // Then it is the value (validated later, at run time)
        #expect((parsed as? RightsBrief.FactCommand.Add)?.value == "-5")
    }

    @Test("text and coordinate options take a value that starts with '-'")
    func valuesStartingWithMinus() throws {
        // Given options whose values start with '-'
        // When they are parsed
        let facility = try #require(
            try RightsBrief.parseAsRoot([
                "facility", "add", "--id", "x", "--name", "-x", "--country", "SV", "--latitude",
                "-13.7", "--longitude", "-88.9",
            ]) as? RightsBrief.FacilityCommand.Add)
        let fact = try #require(
            try RightsBrief.parseAsRoot([
                "fact", "add", "cecot", "temperature_control", "absent", "--quote", "-40 degrees",
                "--as-of", "2025-02-03", "--source", "pbs",
            ]) as? RightsBrief.FactCommand.Add)

        // Then each is the option's value, not an unknown option
        #expect(facility.name == "-x")
        #expect(facility.latitude == "-13.7" && facility.longitude == "-88.9")
        #expect(fact.quote == "-40 degrees")
    }

    @Test("a negative fact value before the options is moved behind --; nothing else is")
    func negativeValueSeparated() {
        // Given command lines with a negative number as fact add's value, as an option's
        //   value, after --, and in another command
        let value = ["fact", "add", "cecot", "population", "-5", "--as-of", "2025-02-03"]
        let quoted = ["fact", "add", "cecot", "population", "5", "--quote", "-5"]
        let separated = ["fact", "add", "cecot", "population", "--", "-5"]
        let other = ["schedule", "next", "-5"]

        // When they are prepared for parsing
        // Then only the value is moved, to the end, behind --
        #expect(
            Arguments.separatingNegativeValue(value)
                == ["fact", "add", "cecot", "population", "--as-of", "2025-02-03", "--", "-5"])
        #expect(Arguments.separatingNegativeValue(quoted) == quoted)
        #expect(Arguments.separatingNegativeValue(separated) == separated)
        #expect(Arguments.separatingNegativeValue(other) == other)
        #expect(Arguments.commandPath(value, from: RightsBrief.self) == ["fact", "add"])
    }

    @Test("fact add without --as-of is a usage error")
    func factAddMissingDate() {
        // Given a fact add without its date
        // When it is parsed
        // Then parsing fails
        #expect(throws: (any Error).self) {
            try RightsBrief.parseAsRoot([
                "fact", "add", "cecot", "population", "5", "--source", "pbs",
            ])
        }
    }

    @Test("init --sample and the listing flags parse")
    func flags() throws {
        // Given the commands an advocate types first
        // When they are parsed
        let initCommand = try #require(
            try RightsBrief.parseAsRoot(["init", "--sample"]) as? RightsBrief.Init)
        let plainInit = try #require(try RightsBrief.parseAsRoot(["init"]) as? RightsBrief.Init)
        let list = try #require(
            try RightsBrief.parseAsRoot([
                "fact", "list", "--facility", "cecot", "--facility", "izalco", "--history",
                "--json",
            ])
                as? RightsBrief.FactCommand.List)

        // Then the flags are set only when given
        #expect(initCommand.sample)
        #expect(!plainInit.sample)
        #expect(list.facility == ["cecot", "izalco"])
        #expect(list.history && list.json)
        #expect(list.attribute == nil)
    }

    @Test("source add, search and retract parse their options")
    func otherCommands() throws {
        // Given source add, search and retract command lines
        // When they are parsed
        let source = try #require(
            try RightsBrief.parseAsRoot([
                "source", "add", "--id", "pbs", "--url", "https://www.pbs.org/x", "--title",
                "Inside", "--publisher",
                "PBS", "--published-on", "2025-03-20", "--cites", "a", "--cites", "b",
                "--text-file", "article.txt",
            ]) as? RightsBrief.SourceCommand.Add)
        let search = try #require(
            try RightsBrief.parseAsRoot([
                "search", "\"potable water\" OR overcrowding", "--limit", "5",
            ])
                as? RightsBrief.Search)
        let retract = try #require(
            try RightsBrief.parseAsRoot(["fact", "retract", "12", "--reason", "Corrected."])
                as? RightsBrief.FactCommand.Retract)

        // Then the values are kept as given
        #expect(source.id == "pbs")
        #expect(source.url == "https://www.pbs.org/x")
        #expect(source.publishedOn == "2025-03-20")
        #expect(source.cites == ["a", "b"])
        #expect(source.textFile == "article.txt")
        #expect(search.query == "\"potable water\" OR overcrowding")
        #expect(search.limit == 5)
        #expect(retract.fact == 12)
        #expect(retract.reason == "Corrected.")
    }

    @Test("an unknown subcommand or a non-numeric fact id is a usage error")
    func usageErrors() {
        // Given command lines that do not parse
        // When they are parsed
        // Then each is refused
        #expect(throws: (any Error).self) { try RightsBrief.parseAsRoot(["facilities"]) }
        #expect(throws: (any Error).self) {
            try RightsBrief.parseAsRoot(["fact", "retract", "seven", "--reason", "x"])
        }
        #expect(throws: (any Error).self) { try RightsBrief.parseAsRoot(["search"]) }
    }

    /// Every command type, the root first.
    static func allCommands(_ root: any ParsableCommand.Type = RightsBrief.self)
        -> [any ParsableCommand.Type]
    {
        [root] + root.configuration.subcommands.flatMap { allCommands($0) }
    }

    @Test("every command has a one-sentence abstract")
    func abstracts() {
        // Given every command
        // When their abstracts are read
        // Then each is present and ends with a period
        for command in Self.allCommands() {
            let abstract = command.configuration.abstract
            #expect(!abstract.isEmpty && abstract.hasSuffix("."), "\(command): '\(abstract)'")
        }
    }

    @Test("help discussions fit 80 columns, so examples are not re-wrapped mid-command")
    func discussionWidth() {
        // Given every command's discussion text
        // When its lines are measured
        // Then none is wider than argument-parser's 80-column wrap (79 characters before the line
        //   break)
        for command in Self.allCommands() {
            for line in command.configuration.discussion.split(separator: "\n")
            where line.count > 79 {
                Issue.record("\(command._commandName): \(line.count) characters: \(line)")
            }
        }
    }

    @Test("fact add help lists every attribute key")
    func attributesInHelp() {
        // Given the attribute vocabulary
        // When fact add's help is read
        let discussion = RightsBrief.FactCommand.Add.configuration.discussion

        // Then every key is there
        for attribute in Attribute.allCases {
            #expect(discussion.contains(attribute.rawValue), "\(attribute.rawValue)")
        }
    }
}
