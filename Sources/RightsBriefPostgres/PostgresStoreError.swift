import Foundation

/// What can go wrong reaching or setting up the shared PostgreSQL server.
///
/// Messages are one sentence: what failed, where, and what to do. They never show SQL or
/// passwords. ``sysexitsCode`` is the sysexits code the command line exits with.
public enum PostgresStoreError: Error, Equatable, Sendable {
    /// The `--db` URL is not a usable PostgreSQL location; `reason` says what is wrong with it.
    case invalidURL(url: String, reason: String)
    /// The URL holds a password, which would land in shell history, crontabs and process lists.
    case passwordInURL(url: String)
    /// The server cannot be reached, or refused the connection for a reason that is not access.
    case unavailable(server: String, reason: String)
    /// The server refused the user (authentication) or an action (privilege).
    case permissionDenied(server: String, reason: String)
    /// The server refused the data: a CHECK, foreign key or trigger of the schema.
    case refused(server: String, reason: String)
    /// The database was set up by a newer rightsbrief (a schema version this one does not know).
    case schemaTooNew(server: String, version: Int, known: Int)
    /// Any other server error; `sqlState` is PostgreSQL's five-character code.
    case server(server: String, sqlState: String, reason: String)

    /// The sysexits code for this error: 64 usage, 65 data, 69 unavailable, 77 permission denied.
    public var sysexitsCode: Int32 {
        switch self {
        case .invalidURL, .passwordInURL: 64
        case .refused, .schemaTooNew: 65
        case .unavailable, .server: 69
        case .permissionDenied: 77
        }
    }
}

extension PostgresStoreError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .invalidURL(let url, let reason):
            "'\(url)' is not a PostgreSQL location: \(reason); write postgres://USER@HOST[:PORT]/DB (with ?host=/socket/folder for a Unix socket)."
        case .passwordInURL(let url):
            "'\(url)' holds a password, which would be kept in shell history and crontabs; "
                + "remove it and put it in ~/.pgpass (HOST:PORT:DB:USER:PASSWORD, mode 0600) or $PGPASSWORD."
        case .unavailable(let server, let reason):
            "Cannot reach the PostgreSQL server \(server): \(reason); check that it runs and the URL's host, port and socket folder."
        case .permissionDenied(let server, let reason):
            "The PostgreSQL server \(server) refused: \(reason); ask its administrator for the right role or password (~/.pgpass)."
        case .refused(let server, let reason):
            "The PostgreSQL server \(server) refused the data: \(reason)."
        case .schemaTooNew(let server, let version, let known):
            "The database at \(server) has schema version \(version), newer than this rightsbrief knows (\(known)); upgrade rightsbrief."
        case .server(let server, let sqlState, let reason):
            "The PostgreSQL server \(server) failed (SQLSTATE \(sqlState)): \(reason); see the server's log."
        }
    }
}
