import Foundation
import PostgresNIO
import RightsBriefCore
import RightsBriefImport
import RightsBriefPostgres
import RightsBriefStore
@testable import RightsBriefSync
import TestSupport
import Testing

@Suite("push and pull between a SQLite file and the server", .enabled(if: PostgresTestServer.isAvailable))
struct EvidenceSyncTests {

    @Test("the sample pushed to an empty server and pulled into an empty file exports identically; again adds nothing")
    func sampleRoundTrip() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            // Given the bundled sample in a local file and an initialised, empty server
            let base = try makeTemporaryFolder("sync")
            let local = try sampleStore()

            // When it is pushed, and pulled into an empty file
            let pushed = try await EvidenceSync.push(from: local, to: location, options: options(base))
            let copy = try makeTestStore()
            let pulled = try await EvidenceSync.pull(from: location, into: copy, options: options(base))

            // Then both files export exactly the same tables, and nothing was left out
            #expect((pushed.added["fact"] ?? 0) > 0)
            #expect(pulled.leftOut.isEmpty)
            try expectSameExports(local, copy, audience: .internal)
            try expectSameExports(local, copy, audience: .public)

            // And pushing and pulling again adds nothing
            let counts = try await serverCounts(session)
            let again = try await EvidenceSync.push(from: local, to: location, options: options(base))
            #expect(again.added.isEmpty)
            #expect(try await serverCounts(session) == counts)
            let pulledAgain = try await EvidenceSync.pull(from: location, into: copy, options: options(base))
            #expect(pulledAgain.imported.summary.added.isEmpty)
            try expectSameExports(local, copy, audience: .internal)
            #expect(isEmptyFolder(base))
        }
    }

    @Test("every kind of evidence, pushed with confidential rows and pulled by an editor, exports identically")
    func richRoundTrip() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let base = try makeTemporaryFolder("sync")
            let local = try richStore()
            try await withLogin("rightsbrief_editor", on: session, at: location) { editor in
                // When an editor pushes everything, then pulls into an empty file
                let pushed = try await EvidenceSync.push(
                    from: local, to: editor, options: options(base, audience: .editor))
                let copy = try makeTestStore()
                let pulled = try await EvidenceSync.pull(from: editor, into: copy, options: options(base, audience: .editor))

                // Then every table matches, for every audience, confidential included
                #expect(pulled.leftOut.isEmpty)
                try expectSameExports(local, copy, audience: .editor)
                try expectSameExports(local, copy, audience: .internal)
                try expectSameExports(local, copy, audience: .public)
                #expect(pushed.added["factRetraction"] == 1)
                #expect(pushed.added["facilityIdentifier"] == 2)
                #expect(pushed.added["sourceCitation"] == 3)
                #expect(try await count(session, "SELECT count(*)::int FROM fact WHERE supersedesId IS NOT NULL") == 2)
                #expect(try await count(session, "SELECT count(*)::int FROM fact WHERE sensitivity = 'confidential'") == 2)

                // And a second push and pull add nothing
                let counts = try await serverCounts(session)
                #expect(try await EvidenceSync.push(from: local, to: editor, options: options(base, audience: .editor)).added.isEmpty)
                #expect(try await serverCounts(session) == counts)
                let again = try await EvidenceSync.pull(from: editor, into: copy, options: options(base))
                #expect(again.imported.summary.added.isEmpty)
            }
            #expect(isEmptyFolder(base))
        }
    }

    @Test("a push sharing facilities and facts with the server adds only the new facts, and the new links of shared ones")
    func overlappingPush() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let base = try makeTemporaryFolder("sync")
            // Given a server holding one fact with one source
            let first = try makeTestStore()
            try first.addFacility(Facility(id: "cecot", name: "CECOT", country: "SV"))
            try first.addSource(Source(id: "pbs", url: "https://pbs.org/a", title: "PBS", publisher: "PBS"))
            try first.addFact(
                Fact(facilityId: "cecot", attribute: .population, value: .number(12_000), asOf: day("2025-01-01"),
                     sourceIds: ["pbs"]))
            _ = try await EvidenceSync.push(from: first, to: location, options: options(base))

            // When another file with the same fact (and a second source for it) and a new fact is pushed
            let second = try makeTestStore()
            try second.addFacility(Facility(id: "cecot", name: "CECOT", country: "SV"))
            try second.addSource(Source(id: "pbs", url: "https://pbs.org/a", title: "PBS", publisher: "PBS"))
            try second.addSource(Source(id: "cnn", url: "https://cnn.com/b", title: "CNN", publisher: "CNN"))
            try second.addFact(
                Fact(facilityId: "cecot", attribute: .toilets, value: .number(3), asOf: day("2025-01-02"), sourceIds: ["cnn"]))
            let shared = try second.addFact(
                Fact(facilityId: "cecot", attribute: .population, value: .number(12_000), asOf: day("2025-01-01"),
                     sourceIds: ["pbs", "cnn"]))
            try second.retractFact(id: shared, reason: "double counted")
            let report = try await EvidenceSync.push(from: second, to: location, options: options(base))

            // Then only the new fact, the new source, the new link and the retraction land
            #expect(report.added == ["source": 1, "fact": 1, "factSource": 2, "factRetraction": 1])
            #expect(try await count(session, "SELECT count(*)::int FROM fact") == 2)
            #expect(try await count(session, "SELECT count(*)::int FROM facility") == 1)
            #expect(
                try await count(
                    session, "SELECT count(*)::int FROM factSource fs JOIN fact f ON f.id = fs.factId WHERE f.attribute = 'population'")
                    == 2)
            // And the retraction is of the server's own fact (its id, not the file's)
            #expect(
                try await count(
                    session,
                    "SELECT count(*)::int FROM factRetraction r JOIN fact f ON f.id = r.factId WHERE f.attribute = 'population'")
                    == 1)
        }
    }

    @Test("a push in many small statements: every fact once, in order, corrections of corrections on the server's ids")
    func batchedInserts() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let base = try makeTemporaryFolder("sync")
            // Given a file with eight facts, among them a chain: a fact, its correction and a
            // correction of that
            let local = try makeTestStore()
            try local.addFacility(Facility(id: "cecot", name: "CECOT", country: "SV"))
            try local.addSource(Source(id: "pbs", url: nil, title: "PBS", publisher: "PBS"))
            try local.addSource(Source(id: "cnn", url: nil, title: "CNN", publisher: "CNN"))
            for value in 1...4 {
                try local.addFact(
                    Fact(facilityId: "cecot", attribute: .population, value: .number(Double(value * 1_000)),
                         asOf: day("2025-01-0\(value)"), sourceIds: ["pbs", "cnn"]))
            }
            let original = try local.addFact(
                Fact(facilityId: "cecot", attribute: .toilets, value: .number(3), asOf: day("2025-02-01"), sourceIds: ["pbs"]))
            let first = try local.addFact(
                Fact(facilityId: "cecot", attribute: .toilets, value: .number(4), asOf: day("2025-02-01"),
                     supersedes: original, sourceIds: ["pbs"]))
            try local.addFact(
                Fact(facilityId: "cecot", attribute: .toilets, value: .number(5), asOf: day("2025-02-01"),
                     supersedes: first, sourceIds: ["cnn"]))
            try local.addFact(
                Fact(facilityId: "cecot", attribute: .deathsInCustody, value: .number(2), asOf: day("2025-03-01"),
                     sourceIds: ["cnn"]))
            // and a server whose sequence is ahead
            try await session.execute("SELECT setval(pg_get_serial_sequence('fact', 'id'), 40)")

            // When it is pushed two facts (eight links) per statement
            var small = options(base)
            small.parameterLimit = EvidenceTable.fact.columns.count * 2
            let pushed = try await EvidenceSync.push(from: local, to: location, options: small)

            // Then every fact and link arrived once, numbered in the file's order from 41
            #expect(pushed.added["fact"] == 8)
            #expect(pushed.added["factSource"] == 12)
            #expect(try await count(session, "SELECT count(*)::int FROM fact") == 8)
            #expect(try await count(session, "SELECT count(*)::int FROM fact WHERE id BETWEEN 41 AND 48") == 8)
            #expect(try await count(session, "SELECT count(*)::int FROM factSource") == 12)
            #expect(
                try await count(
                    session,
                    """
                    SELECT count(*)::int FROM fact a JOIN fact b ON b.supersedesId = a.id JOIN fact c ON c.supersedesId = b.id
                    WHERE a.valueNumber = 3 AND b.valueNumber = 4 AND c.valueNumber = 5 AND a.id = 45 AND b.id = 46 AND c.id = 47
                    """) == 1)
            #expect(
                try await count(
                    session,
                    "SELECT count(*)::int FROM fact WHERE attribute = 'population' AND id = 40 + valueNumber / 1000") == 4)
            // and pushing again adds nothing
            let again = try await EvidenceSync.push(from: local, to: location, options: small)
            #expect(again.added.isEmpty)
            #expect(try await count(session, "SELECT count(*)::int FROM fact") == 8)
        }
    }

    @Test("new facts get the server's ids; a correction and its links point at the server's ids")
    func remapsFactIds() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let base = try makeTemporaryFolder("sync")
            // Given a server whose fact ids are ahead of the file's (ids 1-3 used elsewhere)
            let other = try makeTestStore()
            try other.addFacility(Facility(id: "far", name: "Far", country: "HN"))
            try other.addSource(Source(id: "far-src", url: nil, title: "Far", publisher: "X"))
            for value in 1...3 {
                try other.addFact(
                    Fact(facilityId: "far", attribute: .population, value: .number(Double(value)), asOf: day("2025-01-01"),
                         sourceIds: ["far-src"]))
            }
            _ = try await EvidenceSync.push(from: other, to: location, options: options(base))
            // and whose identity sequence has moved on (inserts rolled back elsewhere, a dry run)
            try await session.execute("SELECT setval(pg_get_serial_sequence('fact', 'id'), 100)")

            // When a file with a fact and its correction (local ids 1 and 2) is pushed
            let local = try makeTestStore()
            try local.addFacility(Facility(id: "cecot", name: "CECOT", country: "SV"))
            try local.addSource(Source(id: "pbs", url: nil, title: "PBS", publisher: "PBS"))
            let original = try local.addFact(
                Fact(facilityId: "cecot", attribute: .toilets, value: .number(3), asOf: day("2025-01-01"), sourceIds: ["pbs"]))
            try local.addFact(
                Fact(facilityId: "cecot", attribute: .toilets, value: .number(4), asOf: day("2025-01-01"),
                     supersedes: original, sourceIds: ["pbs"]))
            _ = try await EvidenceSync.push(from: local, to: location, options: options(base))

            // Then the correction supersedes the server's copy of the original, and links follow
            #expect(
                try await count(
                    session,
                    """
                    SELECT count(*)::int FROM fact c JOIN fact o ON o.id = c.supersedesId
                    WHERE c.facilityId = 'cecot' AND o.facilityId = 'cecot' AND o.valueNumber = 3 AND c.valueNumber = 4
                    AND o.id = 101 AND c.id = 102
                    """) == 1)
            #expect(
                try await count(
                    session,
                    "SELECT count(*)::int FROM factSource fs JOIN fact f ON f.id = fs.factId WHERE f.facilityId = 'cecot'")
                    == 2)
        }
    }

    @Test("a public reader's pull holds no restricted or confidential row, and counts what it leaves out; internal no confidential")
    func readersPull() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let base = try makeTemporaryFolder("sync")
            _ = try await EvidenceSync.push(from: try richStore(), to: location, options: options(base, audience: .editor))

            try await withLogin("rightsbrief_public", on: session, at: location) { reader in
                let copy = try makeTestStore()
                let report = try await EvidenceSync.pull(from: reader, into: copy, options: options(base))
                let evidence = try copy.evidence(Selection())
                #expect(evidence.sources.allSatisfy { $0.sensitivity == .public })
                #expect(evidence.facts.allSatisfy { $0.sensitivity == .public })
                #expect(evidence.events.allSatisfy { $0.sensitivity == .public })
                #expect(!evidence.sources.map(\.id).contains("witness"))
                #expect(!evidence.sources.map(\.id).contains("partner"))
                // The ventilation fact (only a confidential source), the correction of the
                // confidential death count, the transfer event (only a restricted source);
                // the sanitation fact and the visit event are restricted, so invisible, not left out.
                var expected = LeftOut()
                expected.factsWithoutSources = 1
                expected.corrections = 1
                expected.eventsWithoutSources = 1
                #expect(report.leftOut == expected)
                #expect(!evidence.facts.contains { $0.attribute == .deathsInCustody })
                #expect(!evidence.facts.contains { $0.attribute == .ventilation })
            }
            try await withLogin("rightsbrief_internal", on: session, at: location) { reader in
                let copy = try makeTestStore()
                let report = try await EvidenceSync.pull(from: reader, into: copy, options: options(base))
                let evidence = try copy.evidence(Selection())
                #expect(evidence.sources.allSatisfy { $0.sensitivity != .confidential })
                #expect(evidence.facts.allSatisfy { $0.sensitivity != .confidential })
                #expect(evidence.events.allSatisfy { $0.sensitivity != .confidential })
                #expect(evidence.facts.contains { $0.sensitivity == .restricted })
                var expected = LeftOut()
                expected.factsWithoutSources = 1
                expected.corrections = 1
                #expect(report.leftOut == expected)
            }
            #expect(isEmptyFolder(base))
        }
    }

    @Test("push without include-confidential leaves confidential sources, facts and events on the laptop")
    func confidentialStays() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let base = try makeTemporaryFolder("sync")
            let report = try await EvidenceSync.push(from: try richStore(), to: location, options: options(base))
            // The witness, two confidential facts and the secret event stay behind; so do the
            // ventilation fact (its only source is the witness) and the correction of the
            // confidential death count (never a standalone fact on the server)
            var kept = LeftOut()
            kept.aboveAudience = 4
            kept.factsWithoutSources = 1
            kept.corrections = 1
            #expect(report.keptLocal == kept)
            #expect(try await count(session, "SELECT count(*)::int FROM fact WHERE attribute = 'deaths_in_custody'") == 0)
            #expect(try await count(session, "SELECT count(*)::int FROM fact WHERE attribute = 'ventilation'") == 0)
            for table in ["source", "fact", "event"] {
                #expect(
                    try await count(session, "SELECT count(*)::int FROM \(table) WHERE sensitivity = 'confidential'") == 0,
                    "\(table)")
                #expect(try await count(session, "SELECT count(*)::int FROM \(table) WHERE sensitivity = 'restricted'") > 0)
            }
            #expect(try await count(session, "SELECT count(*)::int FROM factSource WHERE sourceId = 'witness'") == 0)
        }
    }

    @Test("a push that fails half-way (a source's text differs) leaves the server unchanged; a dry run writes nothing")
    func allOrNothing() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let base = try makeTemporaryFolder("sync")
            _ = try await EvidenceSync.push(from: try richStore(), to: location, options: options(base))
            let counts = try await serverCounts(session)

            // Given a file with new facts and a source whose captured text differs from the server's
            let local = try richStore()
            try local.addFacility(Facility(id: "mariona", name: "La Esperanza", country: "SV"))
            try local.addSource(Source(id: "new-src", url: nil, title: "New", publisher: "New"))
            try local.addFact(
                Fact(facilityId: "mariona", attribute: .population, value: .number(30_000), asOf: day("2025-03-01"),
                     sourceIds: ["new-src"]))
            let conflicting = try makeTestStore()
            try conflicting.addFacility(Facility(id: "mariona", name: "La Esperanza", country: "SV"))
            try conflicting.addSource(
                Source(id: "pbs", url: "https://www.pbs.org/a?b=1&c=2", title: "+Inside CECOT", publisher: "PBS",
                       author: "=cmd", publishedOn: day("2025-02-10"), retrievedAt: "2025-02-11T08:00:00Z",
                       language: "en", text: "a different text"))
            try conflicting.addFact(
                Fact(facilityId: "mariona", attribute: .population, value: .number(30_000), asOf: day("2025-03-01"),
                     sourceIds: ["pbs"]))
            do {
                _ = try await EvidenceSync.push(from: conflicting, to: location, options: options(base))
                Issue.record("a changed source text was pushed")
            } catch let error as SyncError {
                guard case .wouldChange(_, let change) = error else { throw error }
                #expect(change.contains("source pbs"))
                #expect(change.contains("text"))
            }
            #expect(try await serverCounts(session) == counts)

            // And a dry run says what it would add, and adds nothing
            let dry = try await EvidenceSync.push(from: local, to: location, options: options(base, dryRun: true))
            #expect(dry.dryRun)
            #expect(dry.added["fact"] == 1)
            #expect(dry.added["facility"] == 1)
            #expect(try await serverCounts(session) == counts)
            #expect(isEmptyFolder(base))
        }
    }

    @Test("a reader may not push; a server without the schema is named; the temporary folder goes either way")
    func refusals() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let base = try makeTemporaryFolder("sync")
            try await withLogin("rightsbrief_internal", on: session, at: location) { reader in
                await #expect(throws: SyncError.notEditor(server: reader.displayName)) {
                    _ = try await EvidenceSync.push(from: try sampleStore(), to: reader, options: options(base))
                }
            }
            #expect(try await count(session, "SELECT count(*)::int FROM fact") == 0)
            #expect(isEmptyFolder(base))
        }
        try await PostgresTestServer.withFreshDatabase { location in
            let base = try makeTemporaryFolder("sync")
            await #expect(throws: SyncError.schemaMissing(server: location.displayName, version: 0, needed: PostgresSchema.currentVersion)) {
                _ = try await EvidenceSync.pull(from: location, into: try makeTestStore(), options: options(base))
            }
        }
    }

    @Test("two pushes at once: the lock makes the second wait and add nothing")
    func concurrentPushes() async throws {
        try await PostgresTestServer.withInitializedDatabase { session, location in
            let base = try makeTemporaryFolder("sync")
            let a = try sampleStore()
            let b = try sampleStore()
            async let first = EvidenceSync.push(from: a, to: location, options: options(base))
            async let second = EvidenceSync.push(from: b, to: location, options: options(base))
            let reports = try await [first, second]
            #expect(reports.filter { $0.added.isEmpty }.count == 1)
            let single = try makeTestStore()
            _ = try await EvidenceSync.pull(from: location, into: single, options: options(base))
            try expectSameExports(a, single, audience: .internal)
        }
    }
}
