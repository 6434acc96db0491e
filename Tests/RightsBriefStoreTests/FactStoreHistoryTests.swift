import GRDB
import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

@Suite("FactStore history: retractions and corrections")
struct FactStoreHistoryTests {
    /// Runs `body` with a fresh store of `backend` holding the sample facilities and sources.
    func withSamples(_ backend: StoreBackend, _ body: (BackendStore) async throws -> Void) async throws {
        try await backend.withStore { store in
            try await store.write { try Samples.load(into: $0) }
            try await body(store)
        }
    }

    static func population(_ value: Double, asOf: String = "2025-02-03", supersedes: Int64? = nil) -> Fact {
        Fact(
            facilityId: "cecot", attribute: .population, value: .number(value), asOf: day(asOf),
            supersedes: supersedes, sourceIds: ["pbs"])
    }

    @Test("a retracted fact leaves the default list but stays in the history with its reason", arguments: StoreBackend.testable)
    func retraction(_ backend: StoreBackend) async throws {
        try await withSamples(backend) { store in
            // Given two facts
            let kept = try await store.addFact(Self.population(60000))
            let withdrawn = try await store.addFact(Self.population(70000, asOf: "2025-02-04"))

            // When one is retracted (with padding around the reason)
            try await store.write { try $0.retractFact(id: withdrawn, reason: "  The source withdrew the figure.  ") }

            // Then the default list drops it and the history keeps it with the trimmed reason and time
            let current = try await store.read { try $0.facts() }
            let all = try await store.read { try $0.facts(FactQuery(history: true)) }
            #expect(current.compactMap(\.id) == [kept])
            #expect(all.compactMap(\.id) == [kept, withdrawn])
            let retracted = try #require(all.last)
            #expect(retracted.retraction?.reason == "The source withdrew the figure.")
            if store.hasFixedClock {
                #expect(retracted.retraction?.retractedAt == "2025-03-01T12:00:00.000Z")
            } else {
                #expect(retracted.retraction.map { (try? Timestamp.parse($0.retractedAt)) != nil } == true)
            }
            #expect(retracted.isRetracted)
            #expect(retracted.value == .number(70000))
            let reason = try await store.read { try $0.fact(id: withdrawn)?.retraction?.reason }
            #expect(reason == "The source withdrew the figure.")
        }
    }

    @Test("a correction replaces the old fact in the default list; both show in the history", arguments: StoreBackend.testable)
    func correction(_ backend: StoreBackend) async throws {
        try await withSamples(backend) { store in
            // Given a fact
            let old = try await store.addFact(Self.population(60000))

            // When a correction supersedes it
            let new = try await store.addFact(Self.population(65000, supersedes: old))

            // Then only the correction stands; the history has both, linked
            let current = try await store.read { try $0.facts() }
            #expect(current.compactMap(\.id) == [new])
            #expect(current.first?.supersedes == old)
            let read1 = try await store.read { try $0.facts(FactQuery(history: true)) }
            #expect(read1.compactMap(\.id) == [old, new])
        }
    }

    @Test("retracting a correction lets the original stand again", arguments: StoreBackend.testable)
    func retractedCorrection(_ backend: StoreBackend) async throws {
        try await withSamples(backend) { store in
            // Given a fact and a correction of it
            let old = try await store.addFact(Self.population(60000))
            let new = try await store.addFact(Self.population(65000, supersedes: old))

            // When the correction is retracted
            try await store.write { try $0.retractFact(id: new, reason: "The correction was itself wrong.") }

            // Then the original is current again
            let read2 = try await store.read { try $0.facts() }
            #expect(read2.compactMap(\.id) == [old])
        }
    }

    @Test("facts filter by facility and attribute and sort by facility, attribute, date and id", arguments: StoreBackend.testable)
    func queries(_ backend: StoreBackend) async throws {
        try await withSamples(backend) { store in
            // Given facts about two facilities and two attributes, added out of order
            let late = try await store.addFact(Self.population(2, asOf: "2025-03-01"))
            let early = try await store.addFact(Self.population(1, asOf: "2025-01-01"))
            let capacity = try await store.addFact(
                Fact(
                    facilityId: "cecot", attribute: .designCapacity, value: .number(40000),
                    asOf: day("2025-02-03"),
                    sourceIds: ["reason"]))
            let other = try await store.addFact(
                Fact(
                    facilityId: "izalco", attribute: .population, value: .number(3),
                    asOf: day("2025-01-01"),
                    sourceIds: ["reason"]))

            // When they are listed with and without filters
            let (all, cecotPopulation, izalco) = try await store.read { store in
                (
                    try store.facts().compactMap(\.id),
                    try store.facts(FactQuery(facilityIds: ["cecot"], attribute: .population)).compactMap(\.id),
                    try store.facts(FactQuery(facilityIds: ["izalco"])).compactMap(\.id)
                )
            }

            // Then each list holds exactly its facts, in order
            #expect(all == [capacity, early, late, other])
            #expect(cecotPopulation == [early, late])
            #expect(izalco == [other])
        }
    }

    @Test(
        "evidence lists facts in SQL's (facility, attribute, date, id) order with sources in citation order",
        arguments: StoreBackend.testable)
    func evidenceOrder(_ backend: StoreBackend) async throws {
        try await withSamples(backend) { store in
            // Given 60 facts added in one write in a scrambled order over two facilities, three
            //   attributes and four dates, each citing one to three sources in varying order, one
            //   of them retracted
            let attributes: [Attribute] = [.population, .designCapacity, .deathsInCustody]
            let sourceLists = [["pbs"], ["reason", "pbs"], ["partner-notes", "reason", "pbs"], ["pbs", "partner-notes"]]
            let written = try await store.write { store in
                try (0..<60).map { step in
                    let scrambled = (step * 37) % 60
                    return try store.addFact(
                        Fact(
                            facilityId: scrambled % 2 == 0 ? "izalco" : "cecot", attribute: attributes[scrambled % 3],
                            value: .number(Double(scrambled)), asOf: day("2025-0\(1 + scrambled % 4)-01"),
                            sourceIds: sourceLists[scrambled % 4]))
                }
            }
            let ids = written.value.map(written.factId)
            try await store.write { try $0.retractFact(id: ids[7], reason: "Wrong.") }

            try await store.read { store in
                // When the evidence is read for the country and for both facilities by id
                let byCountry = try store.evidence(Selection(countries: ["SV"])).facts
                let byIds = try store.evidence(Selection(facilityIds: ["izalco", "cecot"])).facts
                let everything = try store.facts(FactQuery(history: true))

                // Then the order is exactly SQL's, and each fact's sources are in citation order
                let expected = try store.writer.read { db in
                    try Int64.fetchAll(db, sql: "SELECT id FROM fact ORDER BY facilityId, attribute, asOf, id")
                }
                #expect(expected.count == 60)
                #expect(byCountry.compactMap(\.id) == expected)
                #expect(byIds.compactMap(\.id) == expected)
                #expect(everything.compactMap(\.id) == expected)
                let links = try store.writer.read { db in
                    try Dictionary(
                        grouping: Row.fetchAll(db, sql: "SELECT factId, sourceId FROM factSource ORDER BY factId, position"),
                        by: { $0["factId"] as Int64 }
                    ).mapValues { $0.map { $0["sourceId"] as String } }
                }
                for fact in byCountry { #expect(fact.sourceIds == links[fact.id ?? 0]) }
                #expect(byCountry.first { $0.id == ids[7] }?.isRetracted == true)
            }
        }
    }

    @Test("evidence for a selection gathers facts with history, events and cited sources", arguments: StoreBackend.testable)
    func evidence(_ backend: StoreBackend) async throws {
        try await withSamples(backend) { store in
            // Given a fact citing a source that cites another, a retracted fact, and an event
            try await store.write {
                try $0.addSource(Source(id: "bnd", url: nil, title: "T", publisher: "BND", cites: ["reason"]))
            }
            let kept = try await store.addFact(
                Fact(
                    facilityId: "cecot", attribute: .population, value: .number(1),
                    asOf: day("2025-02-03"),
                    sourceIds: ["bnd"]))
            let withdrawn = try await store.addFact(Self.population(2))
            try await store.write { try $0.retractFact(id: withdrawn, reason: "Wrong.") }
            try await store.write {
                try $0.addEvent(
                    Event(
                        id: "agreement", date: day("2025-02-03"), title: "Agreement",
                        facilityIds: ["cecot"],
                        sourceIds: ["partner-notes"]))
            }

            // When the evidence for cecot is gathered
            let evidence = try await store.read { try $0.evidence(Selection(facilityIds: ["cecot"])) }

            // Then it holds cecot only, both facts, the event, and every source needed, including the
            //   cited one
            #expect(evidence.facilities.map(\.id) == ["cecot"])
            #expect(evidence.facts.compactMap(\.id) == [kept, withdrawn])
            #expect(evidence.events.map(\.id) == ["agreement"])
            #expect(evidence.sources.map(\.id) == ["bnd", "partner-notes", "pbs", "reason"])
        }
    }

    @Test("selecting an unknown facility is an error; selecting by country is not", arguments: StoreBackend.testable)
    func selection(_ backend: StoreBackend) async throws {
        try await withSamples(backend) { store in
            // Given the sample facilities in SV
            // When they are selected by an unknown id, by country, and by an empty selection
            // Then the unknown id is named and the others list facilities by id
            try await store.read { store throws in
                #expect(throws: StoreError.unknownFacility(id: "nowhere")) {
                    try store.facilities(Selection(facilityIds: ["nowhere"]))
                }
                #expect(
                    try store.facilities(Selection(countries: ["SV"])).map(\.id) == ["cecot", "izalco"])
                #expect(try store.facilities(Selection(countries: ["US"])).isEmpty)
                #expect(try store.facilities().map(\.id) == ["cecot", "izalco"])
                #expect(try store.hasCountry("SV") && !store.hasCountry("US"))
            }
        }
    }
}
