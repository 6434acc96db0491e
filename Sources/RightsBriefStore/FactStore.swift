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
    /// Whether the store was opened for reading only (it never migrates nor writes).
    public let isReadOnly: Bool
    /// The busy handler, which knows whom this store waited for.
    let waiter: BusyWaiter?

    /// Wraps an open database and migrates it to the current schema.
    ///
    /// - Parameters:
    ///   - writer: an open GRDB connection.
    ///   - path: the file path, for messages.
    ///   - clock: the source of "now" for timestamps.
    /// - Throws: ``StoreError/databaseTooNew(path:)`` or ``StoreError/databaseUnreadable(path:reason:)``.
    public convenience init(
        writer: any DatabaseWriter, path: String = ":memory:",
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        try self.init(writer: writer, path: path, clock: clock, readOnly: false, waiter: nil)
    }

    /// Wraps an open database; a read-write store migrates it, a read-only one checks that it
    /// needs no migration.
    ///
    /// - Throws: ``StoreError/databaseTooNew(path:)``, ``StoreError/needsUpgrade(path:)`` (read-only),
    ///   ``StoreError/busy(path:holder:)`` or ``StoreError/databaseUnreadable(path:reason:)``.
    init(
        writer: any DatabaseWriter, path: String, clock: @escaping @Sendable () -> Date, readOnly: Bool,
        waiter: BusyWaiter?
    ) throws {
        self.writer = writer
        self.path = path
        self.clock = clock
        self.isReadOnly = readOnly
        self.waiter = waiter
        do {
            let migrator = Migrations.migrator
            let (superseded, complete) = try writer.read {
                (try migrator.hasBeenSuperseded($0), try migrator.hasCompletedMigrations($0))
            }
            if superseded { throw StoreError.databaseTooNew(path: path) }
            if readOnly {
                if !complete { throw StoreError.needsUpgrade(path: path) }
            } else if !complete {
                try migrator.migrate(writer)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where Self.isBusy(error) {
            throw mapped(error)
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

    /// The connection settings every store uses: foreign keys on, and a busy handler so a
    /// second writer waits instead of failing (see ``LockWaiting``).
    static func configuration(waiter: BusyWaiter? = nil) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        if let waiter {
            config.busyMode = .callback { tries in waiter.shouldRetry(tries) }
        } else {
            config.busyMode = .timeout(10)
        }
        config.label = "rightsbrief"
        return config
    }

    /// The current time as a stored timestamp.
    package var now: String { Timestamp.precise(clock()) }

    /// SQLite's message without GRDB's SQL dump.
    package static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        return error.localizedDescription
    }

    /// Runs a write transaction, turning GRDB errors into ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        if isReadOnly { throw StoreError.readOnly(path: path) }
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

    /// The ``StoreError`` a GRDB error stands for.
    package func mapped(_ error: DatabaseError) -> StoreError {
        if Self.isBusy(error) {
            let holder = waiter?.lastHolder ?? FileLock.holder(of: Self.writerLockPath(for: path))
            return .busy(path: path, holder: holder)
        }
        switch error.resultCode {
        case .SQLITE_READONLY:
            return .readOnly(path: path)
        case .SQLITE_CONSTRAINT:
            return .constraint(detail: error.message ?? "constraint failed")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .databaseUnreadable(path: path, reason: error.message ?? "not a database")
        default:
            return .io(path: path, reason: Self.describe(error))
        }
    }

    /// Whether SQLite gave up waiting for a lock another connection holds.
    static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }
}

/// Thrown inside a write transaction to roll back a dry run after it has counted its work.
package struct DryRunRollback: Error {
    package init() {}
}
