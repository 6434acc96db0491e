import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefStore

extension RightsBrief {
    struct EventCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "event",
            abstract: "Add and list dated events (agreements, transfers, deaths in custody).",
            subcommands: [Add.self, List.self])
    }
}

extension RightsBrief.EventCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an event.",
            discussion: """
                Example:
                  rightsbrief event add --id us-sv-agreement-2025 --date 2025-02-03 \\
                    --title "US–El Salvador agreement announced" --facility cecot \\
                    --source cnn-el-salvador-deal
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("A short id: lowercase letters, digits and hyphens.", valueName: "id"))
        var id: String
        @Option(help: ArgumentHelp("When it happened.", valueName: "YYYY-MM-DD")) var date: String
        @Option(parsing: .unconditional, help: "What happened, in one line.") var title: String
        @Option(parsing: .unconditional, help: "More detail.") var description: String?
        @Option(help: ArgumentHelp("A facility it concerns (repeatable).", valueName: "id"))
        var facility: [String] = []
        @Option(help: ArgumentHelp("A source that reports it (repeatable; at least one).", valueName: "id"))
        var source: [String] = []
        @Option(help: "Who may see it (default public).") var sensitivity: Sensitivity?

        func run() throws {
            try exitingOnFailure {
                let event = Event(
                    id: id, date: try Day(date), title: title, description: description,
                    sensitivity: sensitivity ?? .public, facilityIds: facility,
                    sourceIds: source)
                try event.validate()
                try store.writing { try $0.addEvent(event) }
                Console.note("Added event '\(id)'.")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List events in date order.",
            discussion: "Example:\n  rightsbrief event list --facility cecot")

        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("Only events about this facility (repeatable).", valueName: "id"))
        var facility: [String] = []
        @Flag(help: "Print JSON for scripts instead of a table.") var json = false

        func run() throws {
            try exitingOnFailure {
                let events = try store.reading { try $0.events(facilityIds: facility) }
                if json { return try Console.json(events) }
                Console.table(
                    ["ID", "DATE", "FACILITIES", "SOURCES", "SENSITIVITY", "TITLE"],
                    events.map {
                        [
                            $0.id, $0.date.description, $0.facilityIds.joined(separator: ","),
                            $0.sourceIds.joined(separator: ","), $0.sensitivity.rawValue, $0.title,
                        ]
                    })
            }
        }
    }
}
