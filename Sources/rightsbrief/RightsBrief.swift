import ArgumentParser

/// The `rightsbrief` command: keeps an evidence base about places where people are held and
/// turns it into briefings, spreadsheets and scheduled reports.
@main
struct RightsBrief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rightsbrief",
        abstract: "Keep dated, sourced evidence about places of detention and turn it into briefings.",
        discussion: """
            The database is --db PATH, else $RIGHTSBRIEF_DB, else ./rightsbrief.sqlite.
            Exit codes: 0 ok, 64 usage, 65 bad input data, 66 missing input,
            73 cannot create output, 74 I/O error, 75 another run holds the lock.

            Start with:
              rightsbrief init --sample
              rightsbrief fact list --facility cecot
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Demo.self, FacilityCommand.self, SourceCommand.self, FactCommand.self,
            EventCommand.self, Import.self, Brief.self, Export.self, Run.self, Schedule.self, Search.self,
            Verify.self,
        ]
    )
}
