import ArgumentParser
import Foundation
import RightsBriefStore

/// Where the database is: `--db PATH`, else `$RIGHTSBRIEF_DB`, else `./rightsbrief.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database file (default: $RIGHTSBRIEF_DB, else ./rightsbrief.sqlite).", valueName: "path"))
    var db: String?

    /// The resolved database path.
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["RIGHTSBRIEF_DB"], !env.isEmpty { return env }
        return "rightsbrief.sqlite"
    }

    /// Opens the existing database (exit 66 when missing).
    func open() throws -> FactStore {
        try FactStore.open(path: path, create: false)
    }

    /// Opens the database, creating it when missing.
    func openOrCreate() throws -> FactStore {
        try FactStore.open(path: path, create: true)
    }
}
