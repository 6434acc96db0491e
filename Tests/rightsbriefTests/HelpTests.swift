import Foundation
import TestSupport
import Testing

@Suite("Help through the binary")
struct HelpTests {
    /// What `rightsbrief --help` prints at 80 columns. When a command is added or its abstract
    /// changes, update this text from the output the failing test prints.
    static let expectedRootHelp = """
        OVERVIEW: Keep dated, sourced evidence about places of detention and turn it
        into briefings.

        The database is --db PATH, else $RIGHTSBRIEF_DB, else ./rightsbrief.sqlite;
        a shared server is --db postgres://USER@HOST[:PORT]/DB (see 'server').
        Exit codes: 0 ok, 64 usage, 65 bad input data, 66 missing input,
        69 server unavailable, 73 cannot create output, 74 I/O error,
        75 another run holds the lock, 77 permission denied.

        Start with:
          rightsbrief init --sample
          rightsbrief fact list --facility cecot

        USAGE: rightsbrief <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          init                    Create or migrate the database.
          demo                    Load the bundled CECOT sample and write a briefing
                                  and spreadsheets from it.
          facility                Add, list, show and merge facilities.
          source                  Add, list and show sources (articles, reports,
                                  testimony).
          fact                    Add, list and retract facts. Facts are never edited:
                                  corrections supersede.
          event                   Add and list dated events (agreements, transfers,
                                  deaths in custody).
          import                  Import facilities, sources, facts and events from CSV
                                  or JSON files, all or nothing.
          brief                   Write a briefing (Markdown, HTML or PDF) with a
                                  citation for every figure.
          export                  Export facts, facilities, sources, events and a
                                  summary as CSV or XLSX.
          run                     Run scheduled report definitions now, or those that
                                  are due.
          schedule                Show, install or remove the crontab lines for
                                  scheduled reports; compute fire times.
          search                  Search the titles and captured text of sources.
          verify                  Check the database's integrity and re-hash every
                                  captured source text.
          key                     Create the Ed25519 key pair that signs report bundles.
          bundle                  Check signed report bundles (no database needed).
          server                  Set up a shared PostgreSQL server for a coalition.
          push                    Add the local file's evidence that a shared server
                                  lacks, all or nothing.
          pull                    Copy the evidence you may read on a shared server
                                  into the local file.

          See 'rightsbrief help <subcommand>' for detailed help.

        """

    @Test("rightsbrief --help matches the expected text")
    func rootHelp() throws {
        // Given an 80-column terminal
        // When the root help is printed
        let result = try runRightsbrief(["--help"], environment: ["COLUMNS": "80", "LINES": "24"])

        // Then it is exactly the expected text, on stdout
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == Self.expectedRootHelp, "actual --help output:\n\(result.stdout)")
    }

    @Test("help fact add shows the attributes and a working example")
    func factAddHelp() throws {
        // Given the help command
        // When help for fact add is asked for
        let result = try runRightsbrief(
            ["help", "fact", "add"], environment: ["COLUMNS": "80", "LINES": "24"])

        // Then it lists the attributes and an example that copies whole onto one line
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("deaths_in_custody"))
        #expect(
            lines(result.stdout).contains {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("rightsbrief fact add cecot")
            })
        #expect(result.stdout.contains("--as-of <YYYY-MM-DD>"))
        #expect(result.stdout.contains("--supersedes <fact-id>"))
    }

    @Test("--version prints the version")
    func version() throws {
        // Given the built binary
        // When --version is asked for
        // Then it prints the version alone
        let result = try runRightsbrief(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0\n")
    }
}
