import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefStore

extension RightsBrief {
    struct FactCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fact",
            abstract: "Add, list and retract facts. Facts are never edited: corrections supersede.",
            subcommands: [Add.self, List.self, Retract.self])
    }
}

extension RightsBrief.FactCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a dated fact about a facility, citing one or more sources.",
            discussion: """
                Attributes: design_capacity, population, floor_area_m2, toilets,
                water_litres_per_person_day, sanitation, potable_water, temperature_control,
                ventilation, deaths_in_custody.
                Counts are whole numbers; conditions are adequate, inadequate, absent or
                unknown. Numbers are plain decimals (40000, 12.5: no 1e3, 0x10 or +5), at most
                a bound per attribute (1,000,000 persons; 10,000,000 m²; see the README).
                To correct a fact, add the right value with --supersedes OLD_ID: the old fact
                stays in the history. To withdraw one, use 'rightsbrief fact retract'.

                Examples:
                  rightsbrief fact add cecot design_capacity 40000 --as-of 2025-02-03 \\
                    --source bnd-el-salvador-offer
                  rightsbrief fact add cecot sanitation absent --as-of 2025-02-03 \\
                    --source pbs-cecot-conditions \\
                    --quote "lack of basic amenities such as sanitation"
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "The facility id.") var facility: String
        @Argument(help: "The attribute key, for example population.") var attribute: String
        @Argument(help: "A number, or a condition level.") var value: String
        @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the value describes.", valueName: "YYYY-MM-DD"))
        var asOf: String
        @Option(help: ArgumentHelp("A source that reports it (repeatable; at least one).", valueName: "id"))
        var source: [String] = []
        @Option(parsing: .unconditional, help: "The words in the source that support the fact (may start with '-').")
        var quote: String?
        @Option(help: "How sure the figure is (default reported); to retract a fact, use 'fact retract'.")
        var status: FactStatus?
        @Option(help: "Who may see it (default public).") var sensitivity: Sensitivity?
        @Option(help: ArgumentHelp("The id of the fact this one corrects.", valueName: "fact-id"))
        var supersedes: Int64?
        @Option(help: "The unit, when it is not the attribute's usual one.") var unit: String?

        func validate() throws {
            if status == .retracted {
                throw ValidationError(
                    "A new fact cannot have the status retracted; add it as reported, verified or disputed, then run 'rightsbrief fact retract ID --reason TEXT'.")
            }
        }

        func run() throws {
            try exitingOnFailure {
                let attribute = try Attribute(key: attribute)
                let fact = Fact(
                    facilityId: facility, attribute: attribute,
                    value: try FactValue(parsing: value, for: attribute), unit: unit,
                    asOf: try Day(asOf), status: status ?? .reported,
                    sensitivity: sensitivity ?? .public, quote: quote,
                    supersedes: supersedes, sourceIds: source)
                try fact.validate()
                let written = try store.writing { try $0.addFact(fact) }
                let id = written.factId(written.value)
                Console.note("Added fact \(id).")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List facts.",
            discussion: """
                Without --history, shows the facts that stand (not retracted, not superseded).

                Examples:
                  rightsbrief fact list --facility cecot
                  rightsbrief fact list --facility cecot --history --json
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("Only facts about this facility (repeatable).", valueName: "id"))
        var facility: [String] = []
        @Option(help: "Only this attribute.") var attribute: Attribute?
        @Flag(help: "Include retracted and superseded facts, with why.") var history = false
        @Flag(help: "Print JSON for scripts instead of a table.") var json = false

        func run() throws {
            try exitingOnFailure {
                try store.reading { store in
                    for id in facility where try store.facility(id: id) == nil {
                        throw CommandError.notFound(kind: "facility", id: id, hint: "see 'rightsbrief facility list'")
                    }
                    let facts = try store.facts(
                        FactQuery(facilityIds: facility, attribute: attribute, history: history))
                    if json { return try Console.json(facts) }
                    let superseding = Dictionary(
                        facts.compactMap { fact in fact.supersedes.map { ($0, fact.id ?? 0) } }, uniquingKeysWith: { a, _ in a })
                    Console.table(
                        ["ID", "FACILITY", "ATTRIBUTE", "VALUE", "AS OF", "STATUS", "SENSITIVITY", "SOURCES", "HISTORY"],
                        facts.map { fact in
                            var notes: [String] = []
                            if let old = fact.supersedes { notes.append("corrects \(old)") }
                            if let id = fact.id, let newer = superseding[id] { notes.append("superseded by \(newer)") }
                            if let retraction = fact.retraction {
                                notes.append("retracted \(retraction.retractedAt): \(retraction.reason)")
                            }
                            return [
                                String(fact.id ?? 0), fact.facilityId, fact.attribute.rawValue,
                                fact.value.description, fact.asOf.description,
                                fact.retraction == nil ? fact.status.rawValue : "retracted",
                                fact.sensitivity.rawValue, fact.sourceIds.joined(separator: ","),
                                notes.joined(separator: "; "),
                            ]
                        })
                }
            }
        }
    }

    struct Retract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retract a fact; it stays in the history with the reason.",
            discussion: """
                Example:
                  rightsbrief fact retract 7 --reason "The source corrected its figure."
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "The fact id.") var fact: Int64
        @Option(parsing: .unconditional, help: "Why the fact is retracted (may start with '-').")
        var reason: String

        func run() throws {
            try exitingOnFailure {
                try store.writing { try $0.retractFact(id: fact, reason: reason) }
                Console.note("Retracted fact \(fact).")
            }
        }
    }
}
