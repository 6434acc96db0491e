import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// One connection to the shared PostgreSQL server: statements, rows and transactions.
///
/// Every statement is a `PostgresQuery`, whose string interpolation **binds** each
/// interpolated value as a parameter (`"SELECT … WHERE id = \(id)"` sends `$1` and the value
/// apart), so text from users and sources never becomes SQL. Identifiers (tables, roles) are
/// fixed constants of this module.
///
/// ```swift
/// let session = try await PostgresSession.connect(to: location)
/// defer { Task { await session.close() } }
/// try await session.transaction { session in
///     try await session.execute("INSERT INTO facility (id, …) VALUES (\(id), …)")
/// }
/// ```
///
/// Every error thrown is a ``PostgresStoreError``.
public final class PostgresSession: Sendable {
    /// Where this session is connected.
    public let location: PostgresLocation
    let connection: PostgresConnection
    let logger: Logger

    init(location: PostgresLocation, connection: PostgresConnection, logger: Logger) {
        self.location = location
        self.connection = connection
        self.logger = logger
    }

    /// A logger that drops everything: the library never prints (STYLE.md §5).
    public static var silentLogger: Logger {
        Logger(label: "rightsbrief.postgres") { _ in SwiftLogNoOpLogHandler() }
    }

    /// Connects to the server.
    ///
    /// - Parameters:
    ///   - location: The server, database and user.
    ///   - password: The password, or `nil` for ``PostgresLocation/password(environment:homeDirectory:)``.
    ///   - logger: Where postgres-nio logs (nothing by default).
    /// - Returns: An open session; ``close()`` it when done.
    /// - Throws: ``PostgresStoreError/unavailable(server:reason:)`` when the server cannot be
    ///   reached or the database does not exist; ``PostgresStoreError/permissionDenied(server:reason:)``
    ///   when it refuses the user or password.
    public static func connect(
        to location: PostgresLocation, password: String? = nil, logger: Logger = silentLogger
    ) async throws -> PostgresSession {
        let password = password ?? location.password()
        var configuration: PostgresConnection.Configuration
        if let socketPath = location.socketPath {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: socketPath, username: location.user, password: password,
                database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch location.tlsMode {
                case .disable: tls = .disable
                case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            } catch {
                throw PostgresStoreError.unavailable(
                    server: location.displayName, reason: "TLS could not be set up (\(error))")
            }
            configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: password,
                database: location.database, tls: tls)
        }
        do {
            let connection = try await PostgresConnection.connect(
                configuration: configuration, id: 1, logger: logger)
            return PostgresSession(location: location, connection: connection, logger: logger)
        } catch {
            throw mapped(error, at: location, connecting: true)
        }
    }

    /// Connects, runs `body` with the session, and closes it whether `body` returns or throws
    /// (a connection must be closed before it is released).
    ///
    /// - Parameters:
    ///   - location: The server, database and user.
    ///   - password: The password, or `nil` for ``PostgresLocation/password(environment:homeDirectory:)``.
    ///   - body: The work.
    /// - Returns: What `body` returns.
    /// - Throws: What ``connect(to:password:logger:)`` or `body` throws.
    public static func with<T>(
        _ location: PostgresLocation, password: String? = nil, _ body: (PostgresSession) async throws -> T
    ) async throws -> T {
        let session = try await connect(to: location, password: password)
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }

    /// Closes the connection. Closing twice, or a connection the server already closed, is
    /// not an error.
    public func close() async {
        try? await connection.close()
    }

    /// Runs one statement and discards any rows.
    ///
    /// - Parameter query: One SQL statement; interpolated values are bound parameters.
    /// - Throws: ``PostgresStoreError``: `.refused` for a CHECK, foreign key or trigger,
    ///   `.permissionDenied` for a missing privilege, `.unavailable` for a lost connection.
    public func execute(_ query: PostgresQuery) async throws {
        do {
            let rows = try await connection.query(query, logger: logger)
            for try await _ in rows {}
        } catch {
            throw Self.mapped(error, at: location)
        }
    }

    /// Runs one query and returns all its rows (for the small results of administration and
    /// tests; large reads will stream).
    ///
    /// - Parameter query: One SQL statement; interpolated values are bound parameters.
    /// - Returns: The rows, in the order the server sent them. No row is not an error.
    /// - Throws: ``PostgresStoreError``, as ``execute(_:)``.
    public func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            var result: [PostgresRow] = []
            for try await row in try await connection.query(query, logger: logger) {
                result.append(row)
            }
            return result
        } catch {
            throw Self.mapped(error, at: location)
        }
    }

    /// Runs one query and hands its rows to `body` one at a time, as the server sends them,
    /// so a large result is never held in memory at once.
    ///
    /// - Parameters:
    ///   - query: One SQL statement; interpolated values are bound parameters.
    ///   - body: Called with each row in order; what it throws ends the read and is rethrown.
    /// - Throws: ``PostgresStoreError``, as ``execute(_:)``, or what `body` throws.
    public func forEachRow(_ query: PostgresQuery, _ body: (PostgresRow) throws -> Void) async throws {
        do {
            for try await row in try await connection.query(query, logger: logger) {
                try body(row)
            }
        } catch {
            throw Self.mapped(error, at: location)
        }
    }

    /// Runs a query whose rows have one column, decoded as `type`.
    ///
    /// - Throws: ``PostgresStoreError``, as ``execute(_:)``; a value of another type is
    ///   ``PostgresStoreError/server(server:sqlState:reason:)``.
    public func values<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type) async throws -> [T] {
        let rows = try await rows(query)
        do {
            return try rows.map { try $0.decode(T.self) }
        } catch {
            throw PostgresStoreError.server(
                server: location.displayName, sqlState: "XX000", reason: "a value could not be read (\(error))")
        }
    }

    /// Runs `body` in one transaction: `BEGIN`, then `COMMIT` when it returns, or `ROLLBACK`
    /// when it throws (and the error is rethrown), so nothing is half done.
    ///
    /// - Parameter body: The work, given this session.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or ``PostgresStoreError`` when BEGIN or COMMIT fails.
    public func transaction<T>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        try await execute("BEGIN")
        let result: T
        do {
            result = try await body(self)
        } catch {
            try? await execute("ROLLBACK")
            throw error
        }
        try await execute("COMMIT")
        return result
    }

    /// Runs one of this module's fixed statements (schema, grants, policies), which are
    /// constants and take no values.
    func executeFixed(_ sql: String) async throws {
        try await execute(PostgresQuery(unsafeSQL: sql))
    }

    /// Says in words why a connection failed, from the system error beneath postgres-nio's.
    static func connectionReason(_ underlying: (any Error)?, at location: PostgresLocation) -> String? {
        guard var underlying else { return nil }
        if let error = underlying as? NIOConnectionError {
            if let first = error.connectionErrors.first {
                underlying = first.error
            } else if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "the host name \(location.host) is not known"
            }
        }
        if let error = underlying as? IOError {
            switch error.errnoCode {
            case ENOENT: return "no server socket at \(location.socketPath ?? location.host)"
            case ECONNREFUSED: return "the connection was refused (no server listening)"
            case EACCES: return "the socket cannot be opened (permission denied)"
            default: return String(cString: strerror(error.errnoCode))
            }
        }
        return String(describing: underlying).replacingOccurrences(of: "\n", with: " ")
    }

    /// Turns a postgres-nio error into a ``PostgresStoreError`` by SQLSTATE class.
    static func mapped(_ error: any Error, at location: PostgresLocation, connecting: Bool = false)
        -> PostgresStoreError
    {
        if let error = error as? PostgresStoreError { return error }
        let server = location.displayName
        guard let error = error as? PSQLError else {
            return .unavailable(server: server, reason: String(describing: error))
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "XX000"
            let message = error.serverInfo?[.message] ?? "no message"
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            let reason = message + detail
            if state == "42501" || state.hasPrefix("28") { return .permissionDenied(server: server, reason: reason) }
            if state.hasPrefix("23") || state == "P0001" || state.hasPrefix("22") {
                return .refused(server: server, reason: reason)
            }
            if state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57") || state == "3D000"
                || connecting
            {
                return .unavailable(server: server, reason: reason)
            }
            return .server(server: server, sqlState: state, reason: reason)
        case .authMechanismRequiresPassword:
            return .permissionDenied(
                server: server, reason: "it asks for a password and none was found in $PGPASSWORD or ~/.pgpass")
        case .unsupportedAuthMechanism, .saslError:
            return .permissionDenied(server: server, reason: "authentication failed (\(error.code))")
        case .sslUnsupported:
            return .unavailable(server: server, reason: "it does not offer TLS, which sslmode=require needs")
        default:
            return .unavailable(server: server, reason: connectionReason(error.underlying, at: location) ?? "\(error.code)")
        }
    }
}
