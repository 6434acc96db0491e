import ArgumentParser
import Foundation
import RightsBriefStore

extension RightsBrief {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search the titles and captured text of sources.",
            discussion: """
                Best matches first, with the words found shown in [brackets]. The query uses
                SQLite FTS5 syntax: words (all must match), "exact phrases", OR, NOT, prefix*.

                Examples:
                  rightsbrief search sanitation
                  rightsbrief search '"potable water" OR overcrowding'
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "What to look for.") var query: String
        @Option(help: "At most this many results.") var limit = 20
        @Flag(help: "Print JSON for scripts instead of text.") var json = false

        struct Hit: Encodable {
            var source: String
            var title: String
            var sensitivity: String
            var snippet: String
        }

        func run() throws {
            try exitingOnFailure {
                let hits = try store.reading { try $0.search(query, limit: max(1, limit)) }
                if json {
                    return try Console.json(
                        hits.map { Hit(source: $0.sourceId, title: $0.title, sensitivity: $0.sensitivity.rawValue, snippet: $0.snippet) })
                }
                if hits.isEmpty {
                    Console.note("No source matches '\(query)'.")
                    return
                }
                for hit in hits {
                    Console.out("\(hit.sourceId) [\(hit.sensitivity.rawValue)] \(Console.oneLine(hit.title))")
                    Console.out("    \(Console.oneLine(hit.snippet))")
                }
            }
        }
    }
}
