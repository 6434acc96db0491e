import ArgumentParser
import Foundation
import RightsBriefReports
import RightsBriefImport
import RightsBriefStore

extension RightsBrief {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or migrate the database.",
            discussion: """
                Creates the database file (readable by its owner only) or brings an existing
                one to the current schema. With --sample, loads the bundled CECOT sample;
                loading it again changes nothing.

                Example:
                  rightsbrief init --sample --db evidence.sqlite
                """)

        @OptionGroup var store: StoreOptions

        @Flag(help: "Load the bundled CECOT sample dataset.")
        var sample = false

        func run() throws {
            try exitingOnFailure {
                if try store.server() != nil && !sample {
                    // The server's schema and roles are its owner's work, not every user's.
                    throw CommandError.message(
                        "A server is made ready by its owner with 'rightsbrief server init --db \(store.path)'; 'init' makes a file (or, with --sample, loads the sample into the server).",
                        Exit.usage)
                }
                if sample {
                    let summary = try store.writing(create: true) { try Sample.load(into: $0) }.value
                    Console.note("Sample loaded into \(store.displayName): \(summary).")
                } else {
                    try store.writing(create: true) { _ in }
                    Console.note("Database ready at \(store.displayName).")
                }
            }
        }
    }
}

/// Loads the bundled sample dataset through the importer, the same path `import` takes, so a
/// user's JSON document and the sample are read by one reader with one set of rules.
enum Sample {
    static func load(into store: FactStore) throws -> LoadSummary {
        let locator = try ResourceLocator()
        return try store.importEvidence(ImportRequest(files: [locator.sample.path])).summary
    }
}
