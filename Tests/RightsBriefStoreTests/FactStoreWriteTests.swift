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

    /// A store with the sample facilities and sources, two standing facts, a retracted one and an
    /// event.
    static func seededStore() throws -> (FactStore, Seeded) {
        let store = try makeTestStore()
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
        return (store, Seeded(population: population, sanitation: sanitation, retracted: retracted))
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

    @Test(
        "each bad write throws its StoreError and leaves the database unchanged",
        arguments: badWrites)
    func badWriteChangesNothing(_ bad: BadWrite) throws {
        // Given a seeded store and a dump of everything in it
        let (store, ids) = try Self.seededStore()
        #expect([ids.population, ids.sanitation, ids.retracted] == [1, 2, 3])
        let before = try databaseDump(store)

        // When the bad write is attempted
        let error = #expect(throws: StoreError.self) { try bad.write(store, ids) }

        // Then it fails with the expected error and not one row changed
        #expect(error == bad.expected)
        #expect(try databaseDump(store) == before)
    }

    @Test("an unknown attribute key is refused before anything reaches the store")
    func unknownAttribute() throws {
        // Given a seeded store
        let (store, _) = try Self.seededStore()
        let before = try databaseDump(store)

        // When a fact is built from an unknown key, as the command line does
        // Then Core refuses the key and the store is untouched
        #expect(throws: CoreError.unknownAttribute("smell")) {
            let attribute = try Attribute(key: "smell")
            try store.addFact(
                Fact(
                    facilityId: "cecot", attribute: attribute, value: .number(1),
                    asOf: day("2025-02-03"), sourceIds: ["pbs"]))
        }
        #expect(try databaseDump(store) == before)
    }

    @Test(
        "a good fact is stored with its sources in order, duplicates dropped, and the store's clock"
    )
    func addFact() throws {
        // Given a seeded store
        let (store, _) = try Self.seededStore()

        // When a fact citing the same source twice is added
        let id = try store.addFact(
            Fact(
                facilityId: "cecot", attribute: .designCapacity, value: .number(40000),
                asOf: day("2025-02-03"),
                quote: "designed to hold 40,000 inmates", sourceIds: ["reason", "pbs", "reason"]))

        // Then it reads back whole
        let stored = try #require(try store.fact(id: id))
        #expect(stored.value == .number(40000))
        #expect(stored.unit == "persons")
        #expect(stored.sourceIds == ["reason", "pbs"])
        #expect(stored.quote == "designed to hold 40,000 inmates")
        #expect(stored.recordedAt == "2025-03-01T12:00:00.000Z")
        #expect(stored.retraction == nil)
    }

    @Test("captured text is stored with its SHA-256")
    func sourceHash() throws {
        // Given an empty store
        let store = try makeTestStore()

        // When a source with text "abc" is added
        let stored = try store.addSource(
            Source(id: "abc", url: nil, title: "T", publisher: "P", text: "abc"))

        // Then its hash is the SHA-256 of the UTF-8 text, returned and stored
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(stored.textSHA256 == expected)
        #expect(try store.source(id: "abc")?.textSHA256 == expected)
    }

    @Test("a source's citations are stored and read back")
    func citations() throws {
        // Given a store with the sample sources
        let store = try makeTestStore()
        try Samples.load(into: store)

        // When a source citing two of them is added
        try store.addSource(
            Source(
                id: "bnd", url: nil, title: "T", publisher: "P", cites: ["reason", "pbs", "pbs"]))

        // Then it reads back citing each once
        #expect(try store.source(id: "bnd")?.cites == ["pbs", "reason"])
    }

    @Test("replacing a facility updates it in place")
    func replaceFacility() throws {
        // Given a store with cecot
        let store = try makeTestStore()
        try Samples.load(into: store)

        // When cecot is added again with replacing
        var renamed = Samples.cecot
        renamed.name = "CECOT"
        renamed.region = "San Vicente"
        try store.addFacility(renamed, replacing: true)

        // Then it is updated, not duplicated
        #expect(try store.facility(id: "cecot") == renamed)
        #expect(try store.counts().facilities == 2)
    }

    @Test("an event is stored with its facilities and sources")
    func addEvent() throws {
        // Given a store with the sample facilities and sources
        let store = try makeTestStore()
        try Samples.load(into: store)

        // When an event is added
        try store.addEvent(
            Event(
                id: "agreement", date: day("2025-02-03"), title: "Agreement",
                facilityIds: ["cecot"],
                sourceIds: ["reason", "pbs"]))

        // Then it is listed for its facility and not for another
        let events = try store.events(facilityIds: ["cecot"])
        #expect(events.map(\.id) == ["agreement"])
        #expect(events.first?.sourceIds == ["pbs", "reason"])
        #expect(try store.events(facilityIds: ["izalco"]).isEmpty)
    }
}
