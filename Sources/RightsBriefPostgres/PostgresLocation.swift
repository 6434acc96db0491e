import Foundation

/// Where the shared PostgreSQL database is: parsed from `--db postgres://USER@HOST[:PORT]/DB`.
///
/// The forms accepted are those of libpq's URLs that rightsbrief needs:
///
/// ```
/// postgres://alice@db.example.org/evidence                  TCP, port 5432, TLS preferred
/// postgresql://alice@db.example.org:6543/evidence?sslmode=require
/// postgres://alice@localhost/evidence?host=/var/run/postgresql   Unix socket /var/run/postgresql/.s.PGSQL.5432
/// ```
///
/// A password in the URL is refused (``PostgresStoreError/passwordInURL(url:)``): a URL is
/// typed on command lines and written into crontabs, where a password would be kept in
/// history files and shown in process lists. The password comes from `$PGPASSWORD` or
/// `~/.pgpass` instead (see ``password(environment:homeDirectory:)``), as for `psql`.
public struct PostgresLocation: Sendable, Equatable {
    /// How the connection uses TLS (`?sslmode=`).
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never TLS (the default on a Unix socket, where TLS adds nothing).
        case disable
        /// TLS when the server offers it (the default over TCP).
        case prefer
        /// TLS or no connection.
        case require
    }

    /// The user name to connect as.
    public var user: String
    /// The host name (TCP), or the name written in the URL when a socket folder is given.
    public var host: String
    /// The port: TCP, or the number in the socket file's name.
    public var port: Int
    /// The database name.
    public var database: String
    /// The folder of the server's Unix socket (`?host=/path`), or `nil` for TCP.
    public var socketDirectory: String?
    /// TLS over TCP; always ``TLSMode/disable`` on a Unix socket.
    public var tlsMode: TLSMode

    /// The Unix socket file, `DIR/.s.PGSQL.PORT`, when connecting through a socket folder.
    public var socketPath: String? {
        socketDirectory.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + ".s.PGSQL.\(port)" }
    }

    /// A description to show in messages: the URL without query, never a password.
    public var displayName: String {
        let place = socketDirectory.map { "socket \($0)" } ?? "\(host):\(port)"
        return "\(user)@\(place)/\(database)"
    }

    /// Says whether `text` is meant as a PostgreSQL URL (`postgres://` or `postgresql://`),
    /// so that the command line can tell it from a SQLite file path.
    ///
    /// This does not validate the rest of the URL; ``init(url:)`` does.
    public static func isServerURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses a PostgreSQL URL.
    ///
    /// - Parameter url: `postgres://USER@HOST[:PORT]/DB` or `postgresql://…`, with optional
    ///   `host=/socket/folder` and `sslmode=disable|prefer|require` query parameters.
    /// - Throws: ``PostgresStoreError/passwordInURL(url:)`` when the URL holds a password
    ///   (even an empty one); ``PostgresStoreError/invalidURL(url:reason:)`` for any other
    ///   problem: another scheme, no user, no database, a bad port, an unknown parameter or
    ///   sslmode. Nothing is connected to.
    public init(url: String) throws(PostgresStoreError) {
        guard Self.isServerURL(url) else {
            throw .invalidURL(url: url, reason: "it does not start with postgres:// or postgresql://")
        }
        // The password check comes first and reads the raw text, so that a URL that is
        // malformed in some other way is still never echoed back with its password.
        guard let schemeEnd = url.range(of: "://") else {
            throw .invalidURL(url: url, reason: "it does not start with postgres:// or postgresql://")
        }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") {
            throw .passwordInURL(url: Self.withoutUserInfo(url))
        }
        guard let components = URLComponents(string: url) else {
            throw .invalidURL(url: url, reason: "it is not a well-formed URL (spaces and some characters must be %-encoded)")
        }
        guard components.password == nil else { throw .passwordInURL(url: Self.withoutUserInfo(url)) }
        guard let user = components.user, !user.isEmpty else {
            throw .invalidURL(url: url, reason: "it names no user (USER@ before the host)")
        }
        if let fragment = components.fragment, !fragment.isEmpty {
            throw .invalidURL(url: url, reason: "it has a #fragment")
        }
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        guard !database.isEmpty else { throw .invalidURL(url: url, reason: "it names no database (/DB after the host)") }
        guard !database.contains("/") else {
            throw .invalidURL(url: url, reason: "the database name '\(database)' holds a '/'")
        }
        var port = 5432
        if let given = components.port {
            guard (1...65535).contains(given) else {
                throw .invalidURL(url: url, reason: "the port \(given) is not between 1 and 65535")
            }
            port = given
        } else if authority.last == ":" {
            throw .invalidURL(url: url, reason: "the port after ':' is missing")
        }
        var socketDirectory: String?
        var tlsMode: TLSMode?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "host":
                guard let value = item.value, value.hasPrefix("/") else {
                    throw .invalidURL(url: url, reason: "host= must be the absolute path of the server's socket folder")
                }
                socketDirectory = value
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw .invalidURL(
                        url: url,
                        reason: "sslmode must be disable, prefer or require (require also verifies the certificate and host name)")
                }
                tlsMode = mode
            case "password":
                throw .passwordInURL(url: Self.withoutUserInfo(url))
            default:
                throw .invalidURL(url: url, reason: "the parameter '\(item.name)' is not supported (only host= and sslmode=)")
            }
        }
        let host = components.host ?? ""
        guard !host.isEmpty || socketDirectory != nil else {
            throw .invalidURL(url: url, reason: "it names no host")
        }
        if socketDirectory != nil, tlsMode == .require {
            throw .invalidURL(url: url, reason: "sslmode=require cannot be used over a Unix socket (host=/path)")
        }
        self.user = user
        self.host = host.isEmpty ? "localhost" : host
        self.port = port
        self.database = database
        self.socketDirectory = socketDirectory
        self.tlsMode = socketDirectory == nil ? (tlsMode ?? .prefer) : .disable
    }

    /// The URL with everything between `://` and the last `@` of the authority left out, and
    /// without its query (which may hold `password=`).
    static func withoutUserInfo(_ url: String) -> String {
        let url = String(url.prefix { $0 != "?" && $0 != "#" })
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + "…@" + String(rest[rest.index(after: at)...])
    }
}
