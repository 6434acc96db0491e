import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefStore

extension RightsBrief {
    struct FacilityCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "facility",
            abstract: "Add, list, show and merge facilities.",
            subcommands: [Add.self, List.self, Show.self, Merge.self])
    }
}

extension RightsBrief.FacilityCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a facility.",
            discussion: """
                Example:
                  rightsbrief facility add --id cecot \\
                    --name "Terrorism Confinement Center (CECOT)" --country SV \\
                    --kind prison --authority "Government of El Salvador" \\
                    --latitude 13.6 --longitude -88.9
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("A short id: lowercase letters, digits and hyphens.", valueName: "id"))
        var id: String
        @Option(parsing: .unconditional, help: "The facility's name.") var name: String
        @Option(help: ArgumentHelp("ISO 3166-1 alpha-2 country code, for example SV.", valueName: "cc"))
        var country: String
        @Option(parsing: .unconditional, help: "Region or state.") var region: String?
        @Option(help: "What kind of place it is (default prison).")
        var kind: FacilityKind?
        @Option(parsing: .unconditional, help: "The authority that runs the facility.") var authority: String?
        @Option(name: .customLong("opened-on"), help: ArgumentHelp("Opening date.", valueName: "YYYY-MM-DD"))
        var openedOn: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Latitude in decimal degrees, -90 to 90 (south is negative).", valueName: "degrees"))
        var latitude: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Longitude in decimal degrees, -180 to 180 (west is negative).", valueName: "degrees"))
        var longitude: String?
        @Option(
            name: .customLong("identifier"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An identifier from another register, such as hifld:10002345 (repeatable).", valueName: "scheme:value"))
        var identifiers: [String] = []

        func run() throws {
            try exitingOnFailure {
                let identifiers = try self.identifiers.flatMap { item in
                    guard !item.contains(";") else {
                        throw CoreError.invalidValue(
                            attribute: "identifier", value: item, reason: "give one scheme:value per --identifier")
                    }
                    let parsed = try FacilityIdentifier.list(item)
                    guard !parsed.isEmpty else {
                        throw CoreError.invalidValue(
                            attribute: "identifier", value: item, reason: "write it as scheme:value, for example hifld:10002345")
                    }
                    return parsed
                }
                let facility = Facility(
                    id: id, name: name, country: country, region: region,
                    kind: kind ?? .prison, authority: authority,
                    openedOn: try Parse.day(openedOn), latitude: try Parse.degrees(latitude, "latitude"),
                    longitude: try Parse.degrees(longitude, "longitude"), identifiers: identifiers)
                try facility.validate()
                try store.writing { try $0.addFacility(facility) }
                Console.note("Added facility '\(id)'.")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List facilities.",
            discussion: """
                Example:
                  rightsbrief facility list --country SV
                  rightsbrief facility list --json
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("Only facilities in this country (repeatable).", valueName: "cc"))
        var country: [String] = []
        @Flag(help: "Print JSON for scripts instead of a table.") var json = false

        func run() throws {
            try exitingOnFailure {
                let facilities = try store.reading { try $0.facilities(Selection(countries: country)) }
                if json { return try Console.json(facilities) }
                Console.table(
                    ["ID", "COUNTRY", "KIND", "NAME"],
                    facilities.map { [$0.id, $0.country, $0.kind.rawValue, $0.name] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one facility with its current figures.",
            discussion: "Example:\n  rightsbrief facility show cecot")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The facility id.") var id: String
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() throws {
            try exitingOnFailure {
                try store.reading { store in
                    guard let facility = try store.facility(id: id) else {
                        if let kept = try store.mergedInto(id) {
                            throw CommandError.notFound(
                                kind: "facility", id: id, hint: "it was merged into '\(kept)'; see 'rightsbrief facility show \(kept)'")
                        }
                        throw CommandError.notFound(kind: "facility", id: id, hint: "see 'rightsbrief facility list'")
                    }
                    let facts = try store.facts(FactQuery(facilityIds: [id]))
                    if json { return try Console.json(facility) }
                    let figures = FacilityFigures(facility: facility, facts: facts)
                    Console.out("\(Console.oneLine(facility.name)) (\(facility.id))")
                    Console.out("Country: \(facility.country)  Kind: \(facility.kind.rawValue)")
                    if let region = facility.region { Console.out("Region: \(Console.oneLine(region))") }
                    if let authority = facility.authority { Console.out("Authority: \(Console.oneLine(authority))") }
                    if !facility.identifiers.isEmpty {
                        Console.out("Identifiers: \(Console.oneLine(FacilityIdentifier.joined(facility.identifiers)))")
                    }
                    let merges = try store.merges(into: facility.id)
                    if !merges.isEmpty {
                        let list = merges.map { "\($0.dropped.id) (\(Console.oneLine($0.dropped.name)), \($0.mergedAt.prefix(10)))" }
                        Console.out("Merged from: \(list.joined(separator: ", "))")
                    }
                    let rows = figures.latest.keys.sorted().compactMap { attribute -> [String]? in
                        guard let figure = figures.latest[attribute] else { return nil }
                        let value = figure.isDisputed
                            ? "disputed: " + figure.values.map(\.description).joined(separator: " / ")
                            : figure.values.first?.description ?? ""
                        return [attribute.rawValue, value, figure.asOf.description, figure.sourceIds.joined(separator: ",")]
                    }
                    Console.out("")
                    Console.table(["ATTRIBUTE", "VALUE", "AS OF", "SOURCES"], rows)
                }
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join two records of one place: DROP's facts, event links and identifiers move to KEEP.",
            discussion: """
                Two publishers' lists often make two records of one prison. Merging moves
                every fact of DROP (with its sources, corrections and retractions), its event
                links and its identifiers to KEEP, fills fields KEEP lacks (region, authority,
                opening date, coordinates) from DROP, and removes DROP, in one transaction.
                The dropped record is kept in the merge history ('facility show KEEP' lists
                it); its id cannot be used again, and mapped imports that make it add to KEEP
                instead. Records in different countries are not merged (exit 65, nothing
                changed).

                Example:
                  rightsbrief facility merge bolduc pub-bolduc
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The facility to keep.", valueName: "keep")) var keep: String
        @Argument(help: ArgumentHelp("The facility to merge into it and remove.", valueName: "drop")) var drop: String

        func run() throws {
            try exitingOnFailure {
                let report = try store.writing { try $0.mergeFacility(keep: keep, drop: drop) }.value
                func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
                var line = "Merged '\(drop)' into '\(keep)': moved \(count(report.facts, "fact")), "
                    + "\(count(report.events, "event link")), \(count(report.identifiers, "identifier"))"
                if !report.filled.isEmpty { line += "; filled \(report.filled.joined(separator: ", "))" }
                Console.note(line + ".")
            }
        }
    }
}
