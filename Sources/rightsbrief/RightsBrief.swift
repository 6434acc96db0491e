import ArgumentParser
import RightsBriefReports

/// The `rightsbrief` command: keeps an evidence base about places where people are held and
/// turns it into briefings, spreadsheets and scheduled reports.
@main
struct RightsBrief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rightsbrief",
        abstract: "Keep dated, sourced evidence about places of detention and turn it into briefings.",
        discussion: """
            The database is --db PATH, else $RIGHTSBRIEF_DB, else ./rightsbrief.sqlite;
            a shared server is --db postgres://USER@HOST[:PORT]/DB (see 'server').
            Exit codes: 0 ok, 64 usage, 65 bad input data, 66 missing input,
            69 server unavailable, 73 cannot create output, 74 I/O error,
            75 another run holds the lock, 77 permission denied.

            Start with:
              rightsbrief init --sample
              rightsbrief fact list --facility cecot
            """,
        version: ToolVersion.current,
        subcommands: [
            Init.self, Demo.self, FacilityCommand.self, SourceCommand.self, FactCommand.self,
            EventCommand.self, Import.self, Brief.self, Export.self, Run.self, Schedule.self, Search.self,
            Verify.self, Key.self, BundleCommand.self, Server.self, Push.self, Pull.self,
        ]
    )

    /// Parses and runs the command line.
    ///
    /// Help and version requests print as ArgumentParser prints them. A usage error prints
    /// one line saying what is wrong and one line naming the help to read, instead of the
    /// whole usage text, and exits 64; every other failure has printed its own line already.
    static func main() {
        let arguments = Arguments.separatingNegativeValue(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            fail(error, arguments: arguments)
        }
    }

    private static func fail(_ error: any Error, arguments: [String]) -> Never {
        let text = message(for: error)
        guard exitCode(for: error) == .validationFailure, !text.isEmpty else { exit(withError: error) }
        let path = (["help"] + Arguments.commandPath(arguments, from: Self.self)).joined(separator: " ")
        Console.error(text)
        Console.note("See 'rightsbrief \(path)'.")
        exit(withError: ExitCode.validationFailure)
    }
}
