import Foundation
import PostgresNIO
import RightsBriefCore
import RightsBriefPostgres
import RightsBriefStore
@testable import RightsBriefSync
import TestSupport
import Testing

/// What only the server's working copy does (the behaviour it shares with a file is in the
/// store's and the importer's tests, run on both backends through `StoreBackend`).
@Suite("the server's working copy", .enabled(if: PostgresTestServer.isAvailable))
struct ServerWorkingCopyTests {
    /// Runs `body` with an initialised database holding ``PostgresTestServer/seedEvidence(_:)``
    /// (facility x, public source a, restricted source b, facts 1 and 2), the owner's session
    /// and an editor's login.
    func withSeededServer(
        _ body: (_ owner: PostgresSession, _ editor: PostgresLocation) async throws -> Void
    ) async throws {
        try await PostgresTestServer.withInitializedDatabase { owner, location in
            try await PostgresTestServer.seedEvidence(owner)
            // The seed numbers its facts itself; the sequence follows, as after a push.
            try await owner.execute("SELECT setval(pg_get_serial_sequence('fact', 'id'), 2)")
            try await withLogin("rightsbrief_editor", on: owner, at: location) { editor in
                try await body(owner, editor)
            }
        }
    }

    static func fact(_ value: Double, asOf: String = "2025-02-10", supersedes: Int64? = nil, sources: [String] = ["a"])
        -> Fact
    {
        Fact(
            facilityId: "x", attribute: .population, value: .number(value), asOf: day(asOf), supersedes: supersedes,
            sourceIds: sources)
    }

    @Test("a write whose command throws, or that is closed, leaves the server unchanged and the next writer free")
    func thrownWriteWritesNothing() async throws {
        struct Interrupted: Error {}
        try await withSeededServer { owner, editor in
            // Given the server's rows
            let before = try await serverCounts(owner)

            // When a command adds a facility, a source and a fact to its copy, then fails
            let copy = try await ServerWorkingCopy.writing(editor)
            do {
                try copy.store.addFacility(Facility(id: "new", name: "New", country: "SV"))
                try copy.store.addSource(Source(id: "c", url: nil, title: "C", publisher: "P"))
                try copy.store.addFact(Self.fact(5, sources: ["c"]))
                throw Interrupted()
            } catch {
                await copy.close()
                guard error is Interrupted else { throw error }
            }

            // Then the server holds what it held, and another writer gets the lock and a copy at once
            #expect(try await serverCounts(owner) == before)
            let next = try await ServerWorkingCopy.writing(editor)
            try await next.closing { next async throws in
                #expect(try next.store.facility(id: "new") == nil)
                #expect(try await next.commit() == ServerWorkingCopy.Commit())
            }
            #expect(try await serverCounts(owner) == before)
        }
    }

    @Test("a copy dropped without commit or close writes nothing, does not end the process, and lets go of the lock")
    func droppedCopy() async throws {
        try await withSeededServer { owner, editor in
            let before = try await serverCounts(owner)
            // When a writer's copy, with a fact added, is dropped with its transaction open
            do {
                let copy = try await ServerWorkingCopy.writing(editor)
                try copy.store.addFact(Self.fact(7))
            }
            // Then (the process still running) the next writer gets the lock, once the dropped
            // session is closed, and nothing was written
            let next = try await ServerWorkingCopy.writing(editor)
            await next.close()
            #expect(try await serverCounts(owner) == before)
        }
    }

    @Test("a command that changes or removes a row the server holds is refused, and nothing it added is written")
    func changesAreRefused() async throws {
        try await withSeededServer { owner, editor in
            try await ServerWorkingCopy.writing(editor).commitAdding { store in
                try store.addEvent(Event(id: "e", date: day("2025-02-03"), title: "E", facilityIds: ["x"], sourceIds: ["a", "b"]))
            }
            let before = try await serverCounts(owner)
            let changes: [(String, @Sendable (FactStore) throws -> Void)] = [
                ("change source a", { store in
                    // a source whose captured text differs from the server's
                    var source = try #require(try store.source(id: "a"))
                    source.text = "Another text"
                    _ = try store.addSource(source, replacing: true)
                }),
                ("remove eventSource e b", { store in
                    try store.addEvent(
                        Event(id: "e", date: day("2025-02-03"), title: "E", facilityIds: ["x"], sourceIds: ["a"]), replacing: true)
                }),
            ]
            for (change, command) in changes {
                // When a command adds a facility and a fact, and changes or removes a server row
                let copy = try await ServerWorkingCopy.writing(editor)
                let error = try await copy.closing { copy in
                    try copy.store.addFacility(Facility(id: "added", name: "Added", country: "SV"))
                    try copy.store.addFact(Self.fact(7))
                    try command(copy.store)
                    return await #expect(throws: SyncError.self) { try await copy.commit() }
                }
                await copy.close()

                // Then the commit is refused naming the change, and not one row was written
                guard case .serverWouldChange(_, let said) = error else {
                    Issue.record("\(change): expected serverWouldChange, got \(String(describing: error))")
                    continue
                }
                #expect(said.hasPrefix(change), "\(said)")
                #expect(try await serverCounts(owner) == before, "\(change)")
            }
        }
    }

    @Test("a facility's record may change and a merge is carried: facts, identifiers and event links move, the dropped record goes")
    func facilityChangesAndMerges() async throws {
        try await withSeededServer { owner, editor in
            // Given an event at x and an identifier of x on the server
            try await ServerWorkingCopy.writing(editor).commitAdding { store in
                try store.addEvent(Event(id: "e", date: day("2025-02-03"), title: "E", facilityIds: ["x"], sourceIds: ["a"]))
                try store.addFacility(
                    Facility(id: "y", name: "Y", country: "SV", identifiers: [FacilityIdentifier(scheme: "test", value: "Y-1")]))
            }
            let facts = try await owner.values("SELECT count(*)::int FROM fact WHERE facilityId = 'x'", as: Int.self)

            // When a writer corrects x's record, then another merges x into y
            let renamed = try await ServerWorkingCopy.writing(editor)
            try await renamed.closing { copy in
                try copy.store.addFacility(Facility(id: "x", name: "Renamed", country: "SV", region: "Norte"), replacing: true)
                let commit = try await copy.commit()
                #expect(commit.changed == ["facility": 1])
            }
            #expect(try await owner.values("SELECT name || ' ' || region FROM facility WHERE id = 'x'", as: String.self) == ["Renamed Norte"])
            let merge = try await ServerWorkingCopy.writing(editor)
            try await merge.closing { copy in
                _ = try copy.store.mergeFacility(keep: "y", drop: "x")
                let commit = try await copy.commit()
                #expect(commit.added["facilityMerge"] == 1)
                #expect(commit.removed["facility"] == 1)
            }

            // Then the server holds the merge as a file would: x gone, its facts and event at y,
            // y's missing region filled from x, the merge recorded
            #expect(try await owner.values("SELECT count(*)::int FROM facility WHERE id = 'x'", as: Int.self) == [0])
            #expect(try await owner.values("SELECT count(*)::int FROM fact WHERE facilityId = 'y'", as: Int.self) == facts)
            #expect(try await owner.values("SELECT facilityId FROM eventFacility WHERE eventId = 'e'", as: String.self) == ["y"])
            #expect(try await owner.values("SELECT region FROM facility WHERE id = 'y'", as: String.self) == ["Norte"])
            #expect(try await owner.values("SELECT keptId FROM facilityMerge WHERE droppedId = 'x'", as: String.self) == ["y"])
        }
    }

    @Test("a row the server itself refuses at commit (added meanwhile by a client outside the lock) writes nothing")
    func serverRefusalWritesNothing() async throws {
        try await withSeededServer { owner, editor in
            // Given a writer whose copy adds a fact and facility z
            let copy = try await ServerWorkingCopy.writing(editor)
            let before = try await copy.closing { copy in
                try copy.store.addFact(Self.fact(8))
                try copy.store.addFacility(Facility(id: "z", name: "Z", country: "SV"))
                // And the owner, who does not take the writers' lock, adding facility z first
                try await owner.execute(
                    "INSERT INTO facility (id, name, country, createdAt, updatedAt) VALUES ('z', 'Owner', 'SV', '2025-03-01T12:00:00Z', '2025-03-01T12:00:00Z')")
                let before = try await serverCounts(owner)

                // When the writer commits
                await #expect(throws: PostgresStoreError.self) { try await copy.commit() }
                return before
            }
            await copy.close()

            // Then the server refused the duplicate, and the fact was not written either
            #expect(try await serverCounts(owner) == before)
            #expect(try await count(owner, "SELECT count(*)::int FROM facility WHERE id = 'z' AND name = 'Owner'") == 1)
        }
    }

    @Test("new facts get the server's numbers when its sequence has moved; corrections, links and retractions follow")
    func factIdsAreRemapped() async throws {
        try await withSeededServer { owner, editor in
            // Given a server whose fact numbers continue at 501 (facts 1 and 2 exist)
            try await owner.execute("SELECT setval(pg_get_serial_sequence('fact', 'id'), 500)")

            // When a command adds a fact, a correction of it, a correction of server fact 1, and a
            //   fact it retracts, in its copy (where they are numbered 3 to 6)
            let copy = try await ServerWorkingCopy.writing(editor)
            let (commit, correction) = try await copy.closing { copy in
                let first = try copy.store.addFact(Self.fact(20))
                let correction = try copy.store.addFact(Self.fact(21, supersedes: first, sources: ["a", "b"]))
                let ofServer = try copy.store.addFact(Self.fact(11, asOf: "2025-02-03", supersedes: 1))
                let withdrawn = try copy.store.addFact(Self.fact(99, asOf: "2025-02-11"))
                try copy.store.retractFact(id: withdrawn, reason: "Wrong.")
                #expect([first, correction, ofServer, withdrawn] == [3, 4, 5, 6])
                return (try await copy.commit(), correction)
            }

            // Then they are 501 to 504 on the server, and the commit says so
            #expect(commit.factIds == [3: 501, 4: 502, 5: 503, 6: 504])
            #expect(commit.serverFactId(correction) == 502)
            #expect(commit.serverFactId(1) == 1)
            #expect(commit.added["fact"] == 4)
            #expect(commit.added["factRetraction"] == 1)
            // And the correction points at 501, the correction of fact 1 still at 1, the links
            //   and the retraction at the new numbers, and nothing at 3 to 6
            #expect(try await count(owner, "SELECT supersedesId::int FROM fact WHERE id = 502") == 501)
            #expect(try await count(owner, "SELECT supersedesId::int FROM fact WHERE id = 503") == 1)
            #expect(try await count(owner, "SELECT count(*)::int FROM factSource WHERE factId = 502") == 2)
            #expect(try await count(owner, "SELECT count(*)::int FROM factSource WHERE factId BETWEEN 501 AND 504") == 5)
            #expect(try await count(owner, "SELECT factId::int FROM factRetraction WHERE reason = 'Wrong.'") == 504)
            #expect(try await count(owner, "SELECT count(*)::int FROM fact WHERE id BETWEEN 3 AND 500") == 0)
            #expect(try await count(owner, "SELECT count(*)::int FROM factSource WHERE factId BETWEEN 3 AND 500") == 0)

            // And a reader's copy shows fact 1 corrected by 503 and 501 by 502
            let reader = try await ServerWorkingCopy.reading(editor)
            let current = try await reader.closing { try $0.store.facts().compactMap(\.id) }
            await reader.close()
            #expect(current == [503, 2, 502])
        }
    }

    @Test("a public reader's copy holds no restricted or confidential row, an internal reader's none confidential")
    func readersCopyIsFiltered() async throws {
        try await PostgresTestServer.withInitializedDatabase { owner, location in
            // Given public, restricted and confidential sources, facts and events
            try await PostgresTestServer.seedEvidence(owner)
            try await owner.execute("SELECT setval(pg_get_serial_sequence('fact', 'id'), 2)")
            try await withLogin("rightsbrief_editor", on: owner, at: location) { editor in
                try await ServerWorkingCopy.writing(editor).commitAdding { store in
                    try store.addSource(
                        Source(id: "c", url: nil, title: "C", publisher: "P", sensitivity: .confidential, text: "secret name"))
                    try store.addFact(Self.fact(3, sources: ["a", "c"]).with(sensitivity: .confidential))
                    try store.addFact(Self.fact(4, asOf: "2025-02-12", sources: ["b"]).with(sensitivity: .restricted))
                    try store.addEvent(
                        Event(id: "r", date: day("2025-02-03"), title: "R", sensitivity: .restricted, facilityIds: ["x"], sourceIds: ["a"]))
                    try store.addEvent(
                        Event(id: "c", date: day("2025-02-03"), title: "C", sensitivity: .confidential, facilityIds: ["x"], sourceIds: ["a"]))
                    try store.addEvent(Event(id: "p", date: day("2025-02-03"), title: "P", facilityIds: ["x"], sourceIds: ["a", "b", "c"]))
                }
            }
            for (group, allowed) in [("rightsbrief_public", ["public"]), ("rightsbrief_internal", ["public", "restricted"])] {
                try await withLogin(group, on: owner, at: location) { reader in
                    // When the reader makes a copy
                    let copy = try await ServerWorkingCopy.reading(reader)
                    let rows = try await copy.closing { try $0.store.evidenceRows() }
                    await copy.close()

                    // Then every source, fact and event in it is at the reader's level or below
                    for table in [EvidenceTable.source, .fact, .event] {
                        let levels = Set(rows[table].compactMap { $0[table.index("sensitivity")].text })
                        #expect(levels.isSubset(of: allowed), "\(group) \(table.name): \(levels)")
                        #expect(!rows[table].isEmpty, "\(group) \(table.name)")
                    }
                    // And no link leads to a row it may not read
                    let sources = Set(rows[.source].compactMap { $0[EvidenceTable.source.index("id")].text })
                    let facts = Set(rows[.fact].compactMap { $0[EvidenceTable.fact.index("id")].integer })
                    let factSource = EvidenceTable.factSource
                    #expect(rows[factSource].allSatisfy {
                        sources.contains($0[factSource.index("sourceId")].text ?? "")
                            && facts.contains($0[factSource.index("factId")].integer ?? 0)
                    })
                    let eventSource = EvidenceTable.eventSource
                    #expect(rows[eventSource].allSatisfy { sources.contains($0[eventSource.index("sourceId")].text ?? "") })
                    #expect(!sources.contains("c"))
                    #expect(sources.contains("b") == (group == "rightsbrief_internal"))
                }
            }
        }
    }

    @Test("a reader's writing copy is refused before anything is copied", arguments: ["rightsbrief_public", "rightsbrief_internal"])
    func readersMayNotWrite(_ group: String) async throws {
        try await PostgresTestServer.withInitializedDatabase { owner, location in
            let base = try makeTemporaryFolder("copy")
            defer { try? FileManager.default.removeItem(at: base) }
            try await withLogin(group, on: owner, at: location) { reader in
                await #expect(throws: SyncError.notEditor(server: reader.displayName)) {
                    _ = try await ServerWorkingCopy.writing(reader, options: .init(temporaryBase: base))
                }
            }
            #expect(isEmptyFolder(base))
        }
    }

    @Test("a second writer waits for the first and copies what it committed")
    func writersTakeTurns() async throws {
        try await withSeededServer { owner, editor in
            // Given a writer holding the lock
            let first = try await ServerWorkingCopy.writing(editor)
            try await first.closing { try $0.store.retractFact(id: 1, reason: "Wrong.") }

            // When a second writer starts, and is waiting for the lock (or, were there no lock,
            //   has made its copy already)
            let copied = Flag()
            let second = Task {
                defer { copied.raise() }
                return try await ServerWorkingCopy.writing(editor)
            }
            while !copied.isRaised {
                let waiting = try await count(
                    owner,
                    """
                    SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """)
                if waiting > 0 { break }
                try await Task.sleep(nanoseconds: 10_000_000)
            }
            // And the first commits its retraction
            try await first.closing { try await $0.commit() }

            // Then the second's copy holds the retraction, and refuses a correction of fact 1
            let copy = try await second.value
            try await copy.closing { copy async throws in
                #expect(try copy.store.fact(id: 1)?.isRetracted == true)
                #expect(throws: StoreError.supersedesRetracted(id: 1)) {
                    try copy.store.addFact(Self.fact(1, asOf: "2025-02-03", supersedes: 1))
                }
            }
            await copy.close()
        }
    }
}

extension ServerWorkingCopy {
    /// Runs `body` with the copy, and closes it when `body` throws: a copy dropped with its
    /// session open ends the test process (postgres-nio's connection checks it was closed).
    func closing<T>(_ body: (ServerWorkingCopy) async throws -> T) async throws -> T {
        do {
            return try await body(self)
        } catch {
            await close()
            throw error
        }
    }

    /// Runs `body` on the copy and commits it (closes it when `body` throws).
    @discardableResult
    func commitAdding(_ body: (FactStore) throws -> Void) async throws -> Commit {
        do {
            try body(store)
            return try await commit()
        } catch {
            await close()
            throw error
        }
    }
}

/// A flag one task raises and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    func raise() { lock.withLock { raised = true } }
    var isRaised: Bool { lock.withLock { raised } }
}

extension Fact {
    /// The fact at `sensitivity`.
    func with(sensitivity: Sensitivity) -> Fact {
        var copy = self
        copy.sensitivity = sensitivity
        return copy
    }
}
