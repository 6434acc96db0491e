import Foundation
import PostgresNIO
import RightsBriefCore
import RightsBriefPostgres
import RightsBriefStore
import RightsBriefSync

/// Where a test's evidence lives: a SQLite file (the ``RightsBriefStore/FactStore`` itself) or
/// the shared PostgreSQL server, reached as every command reaches it, through a SQLite working
/// copy (``RightsBriefSync/ServerWorkingCopy``). The store's API tests take it as an argument
/// (`@Test(arguments: StoreBackend.testable)`), so one test states the behaviour of both.
package enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case file
    case server

    /// The backends the tests run against here: the file always, the server when
    /// `$RIGHTSBRIEF_TEST_POSTGRES` names one (without it the server's cases are skipped like
    /// every PostgreSQL test, and under CI the guard test in RightsBriefPostgresTests fails).
    package static var testable: [StoreBackend] { PostgresTestServer.isAvailable ? [.file, .server] : [.file] }

    package var description: String { rawValue }

    /// Runs `body` with a fresh, empty store of this backend: an in-memory file with the fixed
    /// test clock (``fixedNow``), or a new database that `server init` has set up, reached by
    /// an editor's login (a generated role, dropped afterwards with the database).
    package func withStore<T>(_ body: (BackendStore) async throws -> T) async throws -> T {
        switch self {
        case .file:
            return try await body(BackendStore(file: try makeTestStore()))
        case .server:
            return try await PostgresTestServer.withInitializedDatabase { owner, location in
                try await PostgresTestServer.withLogin("rightsbrief_editor", on: owner) { editor in
                    var login = location
                    login.user = editor
                    return try await body(BackendStore(server: login, owner: owner))
                }
            }
        }
    }
}

/// A store of one ``StoreBackend`` as a test uses it: each ``write(_:)`` is one command's
/// write (on the server: a writing working copy, the body, then `commit()`, or `close()` when
/// the body throws), each ``read(_:)`` sees what was committed (on the server: a reading
/// working copy, which is what every read command uses).
package final class BackendStore: @unchecked Sendable {
    package let backend: StoreBackend
    /// The file, for ``StoreBackend/file``.
    private let file: FactStore?
    /// The editor's login, for ``StoreBackend/server``.
    package let location: PostgresLocation?
    /// A session as the database's owner (a superuser on the test server), for checks that
    /// look past row-level security; for ``StoreBackend/server`` only.
    package let owner: PostgresSession?

    init(file: FactStore) {
        backend = .file
        self.file = file
        location = nil
        owner = nil
    }

    init(server location: PostgresLocation, owner: PostgresSession) {
        backend = .server
        file = nil
        self.location = location
        self.owner = owner
    }

    /// What one write returned, and (on the server) the server's number of each fact it added.
    package struct Written<Value> {
        package var value: Value
        package var factIds: [Int64: Int64]

        /// The id under which a fact numbered `local` by the write is stored.
        package func factId(_ local: Int64) -> Int64 { factIds[local] ?? local }
    }

    /// Runs `body` as one write: on the file directly; on the server in a writing working copy
    /// that is committed when `body` returns and closed (nothing written) when it throws.
    @discardableResult
    package func write<T>(_ body: (FactStore) throws -> T) async throws -> Written<T> {
        if let file { return Written(value: try body(file), factIds: [:]) }
        let copy = try await ServerWorkingCopy.writing(try serverLocation())
        let value: T
        do {
            value = try body(copy.store)
        } catch {
            await copy.close()
            throw error
        }
        let commit: ServerWorkingCopy.Commit
        do {
            commit = try await copy.commit()
        } catch {
            await copy.close()
            throw error
        }
        return Written(value: value, factIds: commit.factIds)
    }

    /// Adds `fact` in one write; returns its id in the store.
    @discardableResult
    package func addFact(_ fact: Fact) async throws -> Int64 {
        let written = try await write { try $0.addFact(fact) }
        return written.factId(written.value)
    }

    /// Runs `body` on what the store holds now: the file, or a reading working copy of the server.
    ///
    /// Bind the result to a constant before checking it: with Swift 6.3.1 (debug builds),
    /// `#expect(try await store.read { A } …)` followed by `let x = try await store.read { B }`
    /// was seen to run closure A for the second call (B never ran), so the store's tests never
    /// put a `read` inside `#expect` or `#require`.
    package func read<T>(_ body: (FactStore) throws -> T) async throws -> T {
        if let file { return try body(file) }
        let copy = try await ServerWorkingCopy.reading(try serverLocation())
        do {
            let value = try body(copy.store)
            await copy.close()
            return value
        } catch {
            await copy.close()
            throw error
        }
    }

    /// Every row and the schema, as ``databaseDump(_:)`` gives them, read as ``read(_:)`` reads:
    /// two dumps are equal only if nothing was written in between.
    package func dump() async throws -> [String] {
        try await read { try databaseDump($0) }
    }

    /// Whether timestamps come from the fixed test clock (the file), or from the real one (the
    /// server's working copies stamp records with the time of the command).
    package var hasFixedClock: Bool { file != nil }

    private func serverLocation() throws -> PostgresLocation {
        guard let location else { throw PostgresStoreError.unavailable(server: "(none)", reason: "not a server store") }
        return location
    }
}

/// Whether `error` is the server's refusal to change or remove a row it holds
/// (``RightsBriefSync/SyncError/serverWouldChange(server:change:)``): on the server evidence is
/// only added.
package func isServerWouldChange(_ error: any Error) -> Bool {
    if case .serverWouldChange = error as? SyncError { return true }
    return false
}
