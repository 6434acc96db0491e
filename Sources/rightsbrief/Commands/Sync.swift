import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefPostgres
import RightsBriefSync

/// The server of `push --to` and `pull --from`: the option, else `$RIGHTSBRIEF_SERVER`.
enum ServerOption {
    static func url(_ given: String?) -> String? {
        if let given { return given }
        if let env = ProcessInfo.processInfo.environment["RIGHTSBRIEF_SERVER"], !env.isEmpty { return env }
        return nil
    }

    static func check(_ url: String?, flag: String) throws {
        guard let url else {
            throw ValidationError("Missing '\(flag) postgres://USER@HOST/DB' (or $RIGHTSBRIEF_SERVER).")
        }
        guard PostgresLocation.isServerURL(url) else {
            throw ValidationError("'\(flag)' needs a PostgreSQL URL (postgres://USER@HOST/DB), not '\(url)'.")
        }
    }
}

/// The options `push` and `pull` pass to the importer, as `import` takes them.
struct SyncImportOptions: ParsableArguments {
    @Flag(name: .customLong("dry-run"), help: "Check everything and say what would be added, but write nothing.")
    var dryRun = false

    @Option(
        name: .customLong("max-problems"),
        help: ArgumentHelp("List at most this many problems, notes and changed records.", valueName: "n"))
    var maxProblems: Int = 20

    func validate() throws {
        if maxProblems < 1 { throw ValidationError("'--max-problems' must be at least 1.") }
    }
}

extension RightsBrief {
    struct Pull: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the evidence you may read on a shared server into the local file.",
            discussion: """
                Reads everything your login may see on the server in one consistent snapshot
                and imports it into --db (created when missing) through the importer's identity
                rules: nothing is duplicated, links are only added, corrections and retractions
                come along. Pulling again adds nothing new. A fact or event whose every source
                is hidden from you, and a correction of a fact hidden from you, is left out and
                counted. The server is --from, else $RIGHTSBRIEF_SERVER.

                Exit codes: 65 the server's evidence conflicts with the file (nothing written),
                69 server unreachable or not set up, 77 login refused.

                Examples:
                  rightsbrief pull --from postgres://ramon@db.example.org/evidence
                  export RIGHTSBRIEF_SERVER=postgres://ramon@db.example.org/evidence
                  rightsbrief pull --db field.sqlite --dry-run
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("The server, postgres://USER@HOST[:PORT]/DB (default: $RIGHTSBRIEF_SERVER).", valueName: "url"))
        var from: String?
        @OptionGroup var importing: SyncImportOptions
        @Flag(
            name: .customLong("update-facilities"),
            help: "Allow the pull to change the country or region of facilities already in the file.")
        var updateFacilities = false

        func validate() throws {
            try ServerOption.check(ServerOption.url(from), flag: "--from")
        }

        func run() throws {
            try exitingOnFailure {
                let location = try PostgresLocation(url: ServerOption.url(from) ?? "")
                let options = EvidenceSync.Options(
                    dryRun: importing.dryRun, updateFacilities: updateFacilities, maxProblems: importing.maxProblems,
                    audience: .editor)
                let store = store
                // The file is opened (or created) once the server's snapshot is read, so an
                // unreachable server leaves no new file.
                let opened = OpenedStore()
                let report: EvidenceSync.PullReport
                do {
                    report = try waitFor {
                        try await EvidenceSync.pull(from: location, options: options) {
                            let local = options.dryRun ? try store.open() : try store.openOrCreate()
                            opened.set(local.path)
                            return local
                        }
                    }
                } catch let error as ImportError {
                    for line in error.problemLines(limit: importing.maxProblems, describe: Import.describe) {
                        Console.note(line)
                    }
                    throw error
                }
                let summary = report.imported.summary
                if report.imported.dryRun {
                    Console.note("Dry run, nothing written to \(opened.path): would have \(summary).")
                } else {
                    Console.note("Pulled from \(location.displayName) into \(opened.path): \(summary).")
                }
                if !report.leftOut.isEmpty {
                    Console.note("Left out (hidden from your login): \(report.leftOut).")
                }
            }
        }
    }

    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the local file's evidence that a shared server lacks, all or nothing.",
            discussion: """
                Only an editor may push. Under a lock, in one transaction, the server's
                evidence is compared with --db through the importer's identity rules; only what
                is new is inserted (facilities, identifiers, sources, citations, facts with
                their corrections and retractions, events, and new links of existing facts).
                Pushing again adds nothing. Any error writes nothing. The server is --to, else
                $RIGHTSBRIEF_SERVER.

                By default the internal audience's evidence leaves the laptop: public and
                restricted material. Confidential sources, facts and events are pushed only
                with --include-confidential; a fact whose sources are all withheld stays
                behind.

                Exit codes: 64 usage, 65 the file conflicts with the server (a source's text, a
                facility's country or region, a changed record), 69 server unreachable or not
                set up, 77 not an editor.

                Examples:
                  export RIGHTSBRIEF_SERVER=postgres://ramon@db.example.org/evidence
                  rightsbrief push --db field.sqlite --dry-run
                  rightsbrief push --db field.sqlite --include-confidential
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("The server, postgres://USER@HOST[:PORT]/DB (default: $RIGHTSBRIEF_SERVER).", valueName: "url"))
        var to: String?
        @OptionGroup var importing: SyncImportOptions
        @Flag(
            name: .customLong("include-confidential"),
            help: "Push confidential sources, facts and events too (by default they stay in the file).")
        var includeConfidential = false
        @Flag(
            name: .customLong("update-facilities"),
            help: ArgumentHelp("Not available for push: the server's facilities are not changed.", visibility: .hidden))
        var updateFacilities = false

        /// `count` rows of the evidence table `table`, in words ("3 citations", "1 fact–source link").
        static func rows(_ count: Int, of table: String) -> String {
            let words: [String: (String, String)] = [
                "facility": ("facility", "facilities"), "facilityIdentifier": ("identifier", "identifiers"),
                "facilityMerge": ("merge", "merges"), "source": ("source", "sources"),
                "sourceCitation": ("citation", "citations"), "fact": ("fact", "facts"),
                "factSource": ("fact–source link", "fact–source links"),
                "factRetraction": ("retraction", "retractions"), "event": ("event", "events"),
                "eventFacility": ("event–facility link", "event–facility links"),
                "eventSource": ("event–source link", "event–source links"),
            ]
            let (one, many) = words[table] ?? (table, table)
            return "\(count) \(count == 1 ? one : many)"
        }

        func validate() throws {
            if updateFacilities {
                throw ValidationError(
                    "'--update-facilities' is not available for push: the server's facilities cannot be changed yet.")
            }
            try ServerOption.check(ServerOption.url(to), flag: "--to")
        }

        func run() throws {
            try exitingOnFailure {
                let location = try PostgresLocation(url: ServerOption.url(to) ?? "")
                let local = try store.openForReading()
                let options = EvidenceSync.Options(
                    dryRun: importing.dryRun, maxProblems: importing.maxProblems,
                    audience: includeConfidential ? .editor : .internal)
                let report: EvidenceSync.PushReport
                do {
                    report = try waitFor { try await EvidenceSync.push(from: local, to: location, options: options) }
                } catch let error as ImportError {
                    for line in error.problemLines(limit: importing.maxProblems, describe: { "local \($0.description)" }) {
                        Console.note(line)
                    }
                    throw error
                }
                let order = EvidenceTable.all.map(\.name)
                let added = order.compactMap { name in report.added[name].map { Push.rows($0, of: name) } }
                let rows = added.isEmpty ? "nothing new" : added.joined(separator: ", ")
                if report.dryRun {
                    Console.note("Dry run, nothing written to \(location.displayName): would add \(rows).")
                } else {
                    Console.note("Pushed to \(location.displayName): added \(rows).")
                }
                Console.note("Compared with the server: \(report.imported.summary).")
                if !report.keptLocal.isEmpty {
                    let hint = report.keptLocal.aboveAudience > 0 ? " (--include-confidential pushes confidential material)" : ""
                    Console.note("Kept on this laptop: \(report.keptLocal)\(hint).")
                }
                if !report.leftOut.isEmpty {
                    Console.note("Left out of the server's snapshot: \(report.leftOut).")
                }
            }
        }
    }
}

/// The path of the file a pull opened, handed back from the task that opened it.
final class OpenedStore: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""

    func set(_ path: String) {
        lock.lock()
        value = path
        lock.unlock()
    }

    var path: String {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
