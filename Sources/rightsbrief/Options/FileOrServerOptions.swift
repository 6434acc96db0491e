import ArgumentParser
import Foundation
import RightsBriefPostgres

/// `--db` for a command that works on a SQLite file and on a shared server alike: a path, or
/// a `postgres://` URL (also through `$RIGHTSBRIEF_DB`). Unlike ``StoreOptions`` it does not
/// refuse a URL.
struct FileOrServerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database file, or a server as postgres://USER@HOST[:PORT]/DB (default: $RIGHTSBRIEF_DB, else ./rightsbrief.sqlite).",
            valueName: "path-or-url"))
    var db: String?

    /// The same `--db` as file options, for the SQLite path.
    var file: StoreOptions {
        var options = StoreOptions()
        options.db = db
        return options
    }

    /// The server, when `--db` (or `$RIGHTSBRIEF_DB`) is a PostgreSQL URL.
    var server: String? {
        let path = file.path
        return PostgresLocation.isServerURL(path) ? path : nil
    }
}
