import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

@Suite("FactStore writes")
struct FactStoreWriteTests {
    /// Ids of the facts the seeded store holds.
    struct Seeded: Sendable {
        var population: Int64
        var sanitation: Int64
        var retracted: Int64
    }

    /// Adds the sample facilities and sources, two standing facts, a retracted one and an event
    /// to `store`, in one write; returns the facts' ids.
    static func seed(_ store: BackendStore) async throws -> Seeded {
        let written = try await store.write { store in
            try Samples.load(into: store)
            let population = try store.addFact(
                Fact(
                    facilityId: "cecot", attribute: .population, value: .number(60000),
                    asOf: day("2025-02-03"),
                    sourceIds: ["pbs"]))
            let sanitation = try store.addFact(
                Fact(
                    facilityId: "cecot", attribute: .sanitation, value: .level(.absent),
                    asOf: day("2025-02-03"),
                    sourceIds: ["pbs", "reason"]))
            let retracted = try store.addFact(
                Fact(
                    facilityId: "cecot", attribute: .population, value: .number(50000),
                    asOf: day("2025-01-01"),
                    sourceIds: ["reason"]))
            try store.retractFact(id: retracted, reason: "The publisher corrected it.")
            try store.addEvent(
                Event(id: "agreement", date: day("2025-02-03"), title: "Agreement", sourceIds: ["pbs"]))
            return Seeded(population: population, sanitation: sanitation, retracted: retracted)
        }
        let ids = written.value
        return Seeded(
            population: written.factId(ids.population), sanitation: written.factId(ids.sanitation),
            retracted: written.factId(ids.retracted))
    }

    /// One bad write and the error it must raise.
    struct BadWrite: Sendable, CustomTestStringConvertible {
        var name: String
        var expected: StoreError
        var write: @Sendable (FactStore, Seeded) throws -> Void
        var testDescription: String { name }
    }

    static func population(
        _ value: FactValue = .number(1), facility: String = "cecot", sources: [String] = ["pbs"],
        supersedes: Int64? = nil, attribute: Attribute = .population
    ) -> Fact {
        Fact(
            facilityId: facility, attribute: attribute, value: value, asOf: day("2025-02-10"),
            supersedes: supersedes, sourceIds: sources)
    }

    static let badWrites: [BadWrite] = [
        BadWrite(name: "fact for an unknown facility", expected: .unknownFacility(id: "nowhere")) {
            store, _ in
            try store.addFact(population(facility: "nowhere"))
        },
        BadWrite(name: "fact citing an unknown source", expected: .unknownSource(id: "ghost")) {
            store, _ in
            try store.addFact(population(sources: ["pbs", "ghost"]))
        },
        BadWrite(
            name: "negative count",
            expected: .invalid(
                .invalidValue(
                    attribute: "population", value: "-5", reason: "it must not be negative"))
        ) { store, _ in
            try store.addFact(population(.number(-5)))
        },
        BadWrite(
            name: "fractional count",
            expected: .invalid(
                .invalidValue(
                    attribute: "population", value: "2.5", reason: "a count must be a whole number")
            )
        ) { store, _ in
            try store.addFact(population(.number(2.5)))
        },
        BadWrite(
            name: "number for a condition",
            expected: .invalid(
                .invalidValue(
                    attribute: "sanitation", value: "2",
                    reason: "expected one of adequate, inadequate, absent, unknown"))
        ) { store, _ in
            try store.addFact(population(.number(2), attribute: .sanitation))
        },
        BadWrite(
            name: "level for a count",
            expected: .invalid(
                .invalidValue(attribute: "population", value: "absent", reason: "expected a number")
            )
        ) { store, _ in
            try store.addFact(population(.level(.absent)))
        },
        BadWrite(name: "fact with no source", expected: .invalid(.noSource(what: "A fact"))) {
            store, _ in
            try store.addFact(population(sources: []))
        },
        BadWrite(name: "non-http URL", expected: .invalid(.invalidURL("ftp://example.org/report")))
        { store, _ in
            try store.addSource(
                Source(id: "ftp", url: "ftp://example.org/report", title: "T", publisher: "P"))
        },
        BadWrite(name: "javascript: URL", expected: .invalid(.invalidURL("javascript:alert(1)"))) {
            store, _ in
            try store.addSource(
                Source(id: "js", url: "javascript:alert(1)", title: "T", publisher: "P"))
        },
        BadWrite(
            name: "malformed retrieval timestamp",
            expected: .invalid(.invalidTimestamp("yesterday"))
        ) { store, _ in
            try store.addSource(
                Source(id: "late", url: nil, title: "T", publisher: "P", retrievedAt: "yesterday"))
        },
        BadWrite(name: "source citing an unknown source", expected: .unknownSource(id: "ghost")) {
            store, _ in
            try store.addSource(
                Source(id: "new", url: nil, title: "T", publisher: "P", cites: ["pbs", "ghost"]))
        },
        BadWrite(name: "bad facility id", expected: .invalid(.invalidIdentifier("New Prison"))) {
            store, _ in
            try store.addFacility(Facility(id: "New Prison", name: "New", country: "SV"))
        },
        BadWrite(name: "bad country", expected: .invalid(.invalidCountry("SLV"))) { store, _ in
            try store.addFacility(Facility(id: "new", name: "New", country: "SLV"))
        },
        BadWrite(name: "duplicate facility", expected: .duplicate(kind: "facility", id: "cecot")) {
            store, _ in
            try store.addFacility(Facility(id: "cecot", name: "Another name", country: "SV"))
        },
        BadWrite(name: "duplicate source", expected: .duplicate(kind: "source", id: "pbs")) {
            store, _ in
            try store.addSource(Source(id: "pbs", url: nil, title: "Another", publisher: "P"))
        },
        BadWrite(name: "duplicate event", expected: .duplicate(kind: "event", id: "agreement")) {
            store, _ in
            try store.addEvent(
                Event(
                    id: "agreement", date: day("2025-02-04"), title: "Again", sourceIds: ["reason"])
            )
        },
        BadWrite(name: "event for an unknown facility", expected: .unknownFacility(id: "nowhere")) {
            store, _ in
            try store.addEvent(
                Event(
                    id: "e", date: day("2025-02-03"), title: "T", facilityIds: ["nowhere"],
                    sourceIds: ["pbs"]))
        },
        BadWrite(name: "event citing an unknown source", expected: .unknownSource(id: "ghost")) {
            store, _ in
            try store.addEvent(
                Event(id: "e", date: day("2025-02-03"), title: "T", sourceIds: ["ghost"]))
        },
        BadWrite(name: "event with no source", expected: .invalid(.noSource(what: "An event"))) {
            store, _ in
            try store.addEvent(Event(id: "e", date: day("2025-02-03"), title: "T", sourceIds: []))
        },
        BadWrite(name: "supersedes an unknown fact", expected: .unknownFact(id: 999)) { store, _ in
            try store.addFact(population(supersedes: 999))
        },
        BadWrite(
            name: "supersedes a fact about another facility",
            expected: .supersedesOtherSubject(id: 1)
        ) { store, ids in
            try store.addFact(population(facility: "izalco", supersedes: ids.population))
        },
        BadWrite(
            name: "supersedes a fact about another attribute",
            expected: .supersedesOtherSubject(id: 2)
        ) {
            store, ids in
            try store.addFact(
                population(
                    .level(.inadequate), supersedes: ids.sanitation, attribute: .potableWater))
        },
        BadWrite(name: "supersedes a retracted fact", expected: .supersedesRetracted(id: 3)) {
            store, ids in
            try store.addFact(population(supersedes: ids.retracted))
        },
        BadWrite(name: "retract twice", expected: .alreadyRetracted(id: 3)) { store, ids in
            try store.retractFact(id: ids.retracted, reason: "Again.")
        },
        BadWrite(name: "retract an unknown fact", expected: .unknownFact(id: 999)) { store, _ in
            try store.retractFact(id: 999, reason: "No such fact.")
        },
        BadWrite(
            name: "retract with an empty reason",
            expected: .invalid(
                .invalidValue(
                    attribute: "reason", value: " \n", reason: "say why the fact is retracted"))
        ) { store, ids in
            try store.retractFact(id: ids.population, reason: " \n")
        },
    ]

    /// Every bad write on every backend.
    static let badWriteCases: [(StoreBackend, BadWrite)] = StoreBackend.testable.flatMap { backend in
        badWrites.map { (backend, $0) }
    }

    @Test(
        "each bad write throws its StoreError and leaves the database unchanged",
        arguments: badWriteCases)
    func badWriteChangesNothing(_ backend: StoreBackend, _ bad: BadWrite) async throws {
        try await backend.withStore { store in
            // Given a seeded store and a dump of everything in it
            let ids = try await Self.seed(store)
            #expect([ids.population, ids.sanitation, ids.retracted] == [1, 2, 3])
            let before = try await store.dump()

            // When the bad write is attempted
            let error = await #expect(throws: StoreError.self) { try await store.write { try bad.write($0, ids) } }

            // Then it fails with the expected error and not one row changed
            #expect(error == bad.expected)
            let after = try await store.dump()
            #expect(after == before)
        }
    }

    @Test("an unknown attribute key is refused before anything reaches the store", arguments: StoreBackend.testable)
    func unknownAttribute(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // Given a seeded store
            _ = try await Self.seed(store)
            let before = try await store.dump()

            // When a fact is built from an unknown key, as the command line does
            // Then Core refuses the key and the store is untouched
            await #expect(throws: CoreError.unknownAttribute("smell")) {
                try await store.write { store in
                    let attribute = try Attribute(key: "smell")
                    try store.addFact(
                        Fact(
                            facilityId: "cecot", attribute: attribute, value: .number(1),
                            asOf: day("2025-02-03"), sourceIds: ["pbs"]))
                }
            }
            let after = try await store.dump()
            #expect(after == before)
        }
    }

    @Test(
        "a good fact is stored with its sources in order, duplicates dropped, and the store's clock",
        arguments: StoreBackend.testable)
    func addFact(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // Given a seeded store
            _ = try await Self.seed(store)

            // When a fact citing the same source twice is added
            let id = try await store.addFact(
                Fact(
                    facilityId: "cecot", attribute: .designCapacity, value: .number(40000),
                    asOf: day("2025-02-03"),
                    quote: "designed to hold 40,000 inmates", sourceIds: ["reason", "pbs", "reason"]))

            // Then it reads back whole, stamped by the clock of the store that wrote it
            let read = try await store.read { try $0.fact(id: id) }
            let stored = try #require(read)
            #expect(stored.value == .number(40000))
            #expect(stored.unit == "persons")
            #expect(stored.sourceIds == ["reason", "pbs"])
            #expect(stored.quote == "designed to hold 40,000 inmates")
            if store.hasFixedClock {
                #expect(stored.recordedAt == "2025-03-01T12:00:00.000Z")
            } else {
                #expect(stored.recordedAt.map { (try? Timestamp.parse($0)) != nil } == true)
            }
            #expect(stored.retraction == nil)
        }
    }

    @Test("captured text is stored with its SHA-256", arguments: StoreBackend.testable)
    func sourceHash(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // Given an empty store
            // When a source with text "abc" is added
            let stored = try await store.write {
                try $0.addSource(Source(id: "abc", url: nil, title: "T", publisher: "P", text: "abc"))
            }.value

            // Then its hash is the SHA-256 of the UTF-8 text, returned and stored
            let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
            #expect(stored.textSHA256 == expected)
            let read1 = try await store.read { try $0.source(id: "abc")?.textSHA256 }
            #expect(read1 == expected)
        }
    }

    @Test("a source's citations are stored and read back", arguments: StoreBackend.testable)
    func citations(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // Given a store with the sample sources
            try await store.write { try Samples.load(into: $0) }

            // When a source citing two of them is added
            try await store.write {
                try $0.addSource(
                    Source(id: "bnd", url: nil, title: "T", publisher: "P", cites: ["reason", "pbs", "pbs"]))
            }

            // Then it reads back citing each once
            let read2 = try await store.read { try $0.source(id: "bnd")?.cites }
            #expect(read2 == ["pbs", "reason"])
        }
    }

    @Test(
        "replacing a facility updates it in place, on a file and on the server (a facility's record is not evidence)",
        arguments: StoreBackend.testable)
    func replaceFacility(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // Given a store with cecot
            try await store.write { try Samples.load(into: $0) }

            // When cecot is added again with replacing
            var renamed = Samples.cecot
            renamed.name = "CECOT"
            renamed.region = "San Vicente"
            try await store.write { try $0.addFacility(renamed, replacing: true) }

            // Then it is updated, not duplicated
            let read3 = try await store.read { try $0.facility(id: "cecot") }
            #expect(read3 == renamed)
            let read4 = try await store.read { try $0.counts().facilities }
            #expect(read4 == 2)
        }
    }

    @Test("an event is stored with its facilities and sources", arguments: StoreBackend.testable)
    func addEvent(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            // Given a store with the sample facilities and sources
            try await store.write { try Samples.load(into: $0) }

            // When an event is added
            try await store.write {
                try $0.addEvent(
                    Event(
                        id: "agreement", date: day("2025-02-03"), title: "Agreement",
                        facilityIds: ["cecot"],
                        sourceIds: ["reason", "pbs"]))
            }

            // Then it is listed for its facility and not for another
            let events = try await store.read { try $0.events(facilityIds: ["cecot"]) }
            #expect(events.map(\.id) == ["agreement"])
            #expect(events.first?.sourceIds == ["pbs", "reason"])
            let read5 = try await store.read { try $0.events(facilityIds: ["izalco"]) }
            #expect(read5.isEmpty)
        }
    }
}
