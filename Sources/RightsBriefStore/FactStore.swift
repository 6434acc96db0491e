import Foundation
import GRDB
import RightsBriefCore

/// The evidence store: facilities, sources, facts and events in one SQLite database.
///
/// `FactStore` is the only type that touches SQLite. Each write method is one transaction that
/// validates first and keeps the store's invariants; reads return domain values. Open one store
/// per database file per process and pass it down.
///
/// ```swift
/// let store = try FactStore.open(path: "rightsbrief.sqlite", create: true)
/// try store.addFacility(Facility(id: "cecot", name: "CECOT", country: "SV"))
/// ```
public final class FactStore: Sendable {
    /// The database connection.
    public let writer: any DatabaseWriter
    /// Where the database lives, for messages; `:memory:` for in-memory stores.
    public let path: String
    /// The clock used to stamp records; tests replace it.
    public let clock: @Sendable () -> Date

    /// Wraps an open database and migrates it to the current schema.
    ///
    /// - Parameters:
    ///   - writer: an open GRDB connection.
    ///   - path: the file path, for messages.
    ///   - clock: the source of "now" for timestamps.
    /// - Throws: ``StoreError/databaseTooNew(path:)`` or ``StoreError/databaseUnreadable(path:reason:)``.
    public init(
        writer: any DatabaseWriter, path: String = ":memory:",
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.writer = writer
        self.path = path
        self.clock = clock
        do {
            let migrator = Migrations.migrator
            if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.databaseTooNew(path: path)
            }
            try migrator.migrate(writer)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.databaseUnreadable(path: path, reason: Self.describe(error))
        }
    }

    /// A fresh in-memory store, for tests and dry runs.
    ///
    /// - Throws: ``StoreError`` if SQLite cannot be opened.
    public static func inMemory(clock: @escaping @Sendable () -> Date = { Date() }) throws -> FactStore {
        do {
            return try FactStore(writer: DatabaseQueue(configuration: configuration()), clock: clock)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.io(path: ":memory:", reason: describe(error))
        }
    }

    /// The connection settings every store uses: foreign keys on, a busy timeout so a second
    /// writer waits instead of failing.
    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.label = "rightsbrief"
        return config
    }

    /// The current time as a stored timestamp.
    var now: String { Timestamp.precise(clock()) }

    /// SQLite's message without GRDB's SQL dump.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        return error.localizedDescription
    }

    /// Runs a write transaction, turning GRDB errors into ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as StoreError {
            throw error
        } catch let error as CoreError {
            throw StoreError.invalid(error)
        } catch let error as DatabaseError {
            throw mapped(error)
        } catch {
            throw StoreError.io(path: path, reason: Self.describe(error))
        }
    }

    /// Runs a read, turning GRDB errors into ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw mapped(error)
        } catch {
            throw StoreError.io(path: path, reason: Self.describe(error))
        }
    }

    func mapped(_ error: DatabaseError) -> StoreError {
        switch error.resultCode {
        case .SQLITE_CONSTRAINT:
            return .constraint(detail: error.message ?? "constraint failed")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .databaseUnreadable(path: path, reason: error.message ?? "not a database")
        default:
            return .io(path: path, reason: Self.describe(error))
        }
    }
}

/// Thrown inside a write transaction to roll back a dry run after it has counted its work.
struct DryRunRollback: Error {}
