import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefStore

extension RightsBrief {
    struct SourceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "source",
            abstract: "Add, list and show sources (articles, reports, testimony).",
            subcommands: [Add.self, List.self, Show.self])
    }
}

extension RightsBrief.SourceCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a source.",
            discussion: """
                --text-file captures the document's text; its SHA-256 is stored so 'verify' can
                tell if it changes. --url must be http or https; leave it out only when the
                document has no known address (never invent one).

                Example:
                  rightsbrief source add --id pbs-cecot \\
                    --url https://www.pbs.org/newshour/... \\
                    --title "Inside CECOT" --publisher PBS --published-on 2025-03-20 \\
                    --text-file article.txt --cites reason-report
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("A short id: lowercase letters, digits and hyphens.", valueName: "id"))
        var id: String
        @Option(help: ArgumentHelp("The document's http or https address.", valueName: "url")) var url: String?
        @Option(parsing: .unconditional, help: "The document's title (may start with '-').") var title: String
        @Option(parsing: .unconditional, help: "Who published it.") var publisher: String
        @Option(name: .customLong("published-on"), help: ArgumentHelp("Publication date.", valueName: "YYYY-MM-DD"))
        var publishedOn: String?
        @Option(parsing: .unconditional, help: "The author.") var author: String?
        @Option(help: "What kind of document it is (default news).") var kind: SourceKind?
        @Option(help: "Language code, for example en or es.") var language: String?
        @Option(help: "Who may see it (default public).") var sensitivity: Sensitivity?
        @Option(name: .customLong("text-file"), help: ArgumentHelp("Capture the text of this UTF-8 file (no NUL characters).", valueName: "file"))
        var textFile: String?
        @Option(name: .customLong("retrieved-at"), help: ArgumentHelp("When the text was retrieved (default: now if --text-file is given).", valueName: "timestamp"))
        var retrievedAt: String?
        @Option(help: ArgumentHelp("Another source this one cites (repeatable).", valueName: "id"))
        var cites: [String] = []

        func run() throws {
            try exitingOnFailure {
                let text = try textFile.map { try Parse.readText($0) }
                let retrieved = try retrievedAt.map { Timestamp.string(try Timestamp.parse($0)) }
                    ?? (text != nil ? Timestamp.string(Date()) : nil)
                let source = Source(
                    id: id, url: url, title: title, publisher: publisher, author: author,
                    publishedOn: try Parse.day(publishedOn), retrievedAt: retrieved,
                    kind: kind ?? .news, language: language,
                    sensitivity: sensitivity ?? .public, text: text, cites: cites)
                try source.validate()
                let stored = try store.writing { try $0.addSource(source) }.value
                let hash = stored.textSHA256.map { " (text SHA-256 \($0.prefix(12)))" } ?? ""
                Console.note("Added source '\(id)'\(hash).")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List sources.",
            discussion: "Example:\n  rightsbrief source list --json")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON for scripts instead of a table (without captured text).") var json = false

        func run() throws {
            try exitingOnFailure {
                var sources = try store.reading { try $0.sources() }
                if json {
                    for index in sources.indices { sources[index].text = nil }
                    return try Console.json(sources)
                }
                Console.table(
                    ["ID", "PUBLISHER", "PUBLISHED", "SENSITIVITY", "TEXT", "TITLE"],
                    sources.map {
                        [
                            $0.id, $0.publisher, $0.publishedOn?.description ?? "-", $0.sensitivity.rawValue,
                            $0.textSHA256.map { String($0.prefix(12)) } ?? "-", $0.title,
                        ]
                    })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one source.",
            discussion: "Example:\n  rightsbrief source show bnd-el-salvador-offer")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The source id.") var id: String
        @Flag(help: "Print JSON for scripts (includes the captured text).") var json = false

        func run() throws {
            try exitingOnFailure {
                guard let source = try store.reading({ try $0.source(id: id) }) else {
                    throw CommandError.notFound(kind: "source", id: id, hint: "see 'rightsbrief source list'")
                }
                if json { return try Console.json(source) }
                let lines: [(String, String?)] = [
                    ("Title", source.title), ("Publisher", source.publisher), ("Author", source.author),
                    ("URL", source.url), ("Published", source.publishedOn?.description),
                    ("Retrieved", source.retrievedAt), ("Kind", source.kind.rawValue),
                    ("Language", source.language), ("Sensitivity", source.sensitivity.rawValue),
                    ("Cites", source.cites.isEmpty ? nil : source.cites.joined(separator: ", ")),
                    ("Text SHA-256", source.textSHA256),
                    ("Text", source.text.map { "\($0.count) characters" }),
                ]
                Console.out("\(id)")
                for (label, value) in lines {
                    if let value { Console.out("  \(label): \(Console.oneLine(value))") }
                }
            }
        }
    }
}
