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
                let store = try store.openOrCreate()
                if sample {
                    let summary = try Sample.load(into: store)
                    Console.note("Sample loaded into \(store.path): \(summary).")
                } else {
                    Console.note("Database ready at \(store.path).")
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
