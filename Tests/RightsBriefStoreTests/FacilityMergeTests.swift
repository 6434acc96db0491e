import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore
import Testing
import TestSupport

@Suite("Facility identifiers and merges in the store")
struct FacilityMergeTests {
    /// Two records of one prison (ours and a publisher's) and one elsewhere, with facts, a
    /// correction, a retraction, an event naming both records, and identifiers.
    func makeStore() throws -> (FactStore, correction: Int64) {
        let store = try makeTestStore()
        try store.addSource(Samples.pbs)
        try store.addSource(Samples.reason)
        try store.addFacility(
            Facility(id: "bolduc", name: "Bolduc Correctional Facility", country: "US",
                     identifiers: [FacilityIdentifier(scheme: "registry", value: "ME-001")]))
        try store.addFacility(
            Facility(id: "pub-bolduc", name: "BOLDUC CF", country: "US", region: "ME", authority: "Maine DOC",
                     identifiers: [FacilityIdentifier(scheme: "hifld", value: "10002345")]))
        try store.addFacility(Facility(id: "izalco", name: "Izalco", country: "SV"))
        try store.addFact(
            Fact(facilityId: "bolduc", attribute: .population, value: .number(900), asOf: day("2025-01-01"), sourceIds: ["pbs"]))
        let first = try store.addFact(
            Fact(facilityId: "pub-bolduc", attribute: .designCapacity, value: .number(1000), asOf: day("2025-01-01"),
                 sourceIds: ["reason"]))
        let correction = try store.addFact(
            Fact(facilityId: "pub-bolduc", attribute: .designCapacity, value: .number(1100), asOf: day("2025-01-01"),
                 supersedes: first, sourceIds: ["reason", "pbs"]))
        let retracted = try store.addFact(
            Fact(facilityId: "pub-bolduc", attribute: .population, value: .number(5), asOf: day("2025-01-02"), sourceIds: ["reason"]))
        try store.retractFact(id: retracted, reason: "typo")
        try store.addEvent(
            Event(id: "visit", date: day("2025-03-01"), title: "Visit", facilityIds: ["bolduc", "pub-bolduc"], sourceIds: ["pbs"]))
        return (store, correction)
    }

    @Test("a merge moves facts, event links and identifiers, keeps every fact as it was, records the dropped record, and verify passes")
    func merge() throws {
        // Given two records of one place
        let (store, correction) = try makeStore()
        let factsBefore = try store.facts(FactQuery(history: true))

        // When they are merged
        let report = try store.mergeFacility(keep: "bolduc", drop: "pub-bolduc")

        // Then everything of the dropped record is on the kept one, and nothing else about a fact changed
        #expect(report == FacilityMergeReport(
            keptId: "bolduc", droppedId: "pub-bolduc", facts: 3, events: 1, identifiers: 1, filled: ["region", "authority"]))
        let factsAfter = try store.facts(FactQuery(history: true))
        #expect(factsAfter.map(\.facilityId).allSatisfy { $0 == "bolduc" })
        var expected = factsBefore
        for index in expected.indices { expected[index].facilityId = "bolduc" }
        #expect(factsAfter.sorted { ($0.id ?? 0) < ($1.id ?? 0) } == expected.sorted { ($0.id ?? 0) < ($1.id ?? 0) })
        #expect(factsAfter.first { $0.id == correction }?.sourceIds == ["reason", "pbs"])
        let kept = try #require(try store.facility(id: "bolduc"))
        #expect(kept.region == "ME" && kept.authority == "Maine DOC" && kept.name == "Bolduc Correctional Facility")
        #expect(FacilityIdentifier.joined(kept.identifiers) == "hifld:10002345; registry:ME-001")
        #expect(try store.facility(id: "pub-bolduc") == nil)
        #expect(try store.events().first?.facilityIds == ["bolduc"])
        let history = try store.merges(into: "bolduc")
        #expect(history.map(\.dropped.id) == ["pub-bolduc"])
        #expect(history.first?.dropped.name == "BOLDUC CF" && history.first?.facts == 3)
        #expect(try store.mergedInto("pub-bolduc") == "bolduc")
        let verified = try store.verify().problems
        #expect(verified == [], "\(verified)")

        // And the dropped id is retired
        #expect(throws: StoreError.mergedFacility(id: "pub-bolduc", keptId: "bolduc")) {
            try store.addFacility(Facility(id: "pub-bolduc", name: "Again", country: "US"))
        }
    }

    @Test("records in different countries, one id twice, or an unknown id are refused, and nothing changes")
    func refused() throws {
        // Given the two records and a third in another country
        let (store, _) = try makeStore()
        let before = try databaseDump(store)

        // When merges that cannot be right are asked for
        // Then each is refused with its reason, and the database is as it was
        #expect(throws: StoreError.mergeAcrossCountries(keep: "bolduc", keepCountry: "US", drop: "izalco", dropCountry: "SV")) {
            try store.mergeFacility(keep: "bolduc", drop: "izalco")
        }
        #expect(throws: StoreError.mergeRefused(
            reason: "'bolduc' is named twice; name the facility to keep and the one to merge into it"
        )) { try store.mergeFacility(keep: "bolduc", drop: "bolduc") }
        #expect(throws: StoreError.unknownFacility(id: "nowhere")) { try store.mergeFacility(keep: "bolduc", drop: "nowhere") }
        #expect(try databaseDump(store) == before)
        #expect(
            StoreError.mergeRefused(reason: "x").errorDescription == "Cannot merge: x.")
    }

    @Test("facts stay append-only: only a recorded merge moves a fact, and a merge cannot be changed or undone")
    func appendOnlyKept() throws {
        // Given merged records
        let (store, _) = try makeStore()
        try store.mergeFacility(keep: "bolduc", drop: "pub-bolduc")

        // When a fact is changed or moved without a merge, or the merge record is touched
        let messages = [
            expectConstraintViolation(store, "UPDATE fact SET valueNumber = 1 WHERE facilityId = 'bolduc'"),
            expectConstraintViolation(store, "UPDATE fact SET facilityId = 'izalco' WHERE facilityId = 'bolduc'"),
            expectConstraintViolation(
                store, "UPDATE fact SET facilityId = 'izalco', valueNumber = 2 WHERE facilityId = 'bolduc'"),
            expectConstraintViolation(store, "DELETE FROM fact"),
            expectConstraintViolation(store, "UPDATE facilityMerge SET keptId = 'izalco'"),
            expectConstraintViolation(store, "DELETE FROM facilityMerge"),
        ]

        // Then SQLite refuses each
        #expect(messages == [
            "facts are append-only; add a superseding fact or retract it",
            "facts are append-only; add a superseding fact or retract it",
            "facts are append-only; add a superseding fact or retract it",
            "facts are append-only; retract the fact instead",
            "a merge of facilities cannot be changed",
            "a merge of facilities cannot be undone",
        ])
    }

    @Test("an identifier names one facility; values are checked by the schema")
    func identifierConstraints() throws {
        let (store, _) = try makeStore()
        #expect(throws: StoreError.identifierTaken(identifier: "registry:ME-001", facilityId: "bolduc")) {
            try store.addFacility(
                Facility(id: "other", name: "Other", country: "US", identifiers: [FacilityIdentifier(scheme: "registry", value: "ME-001")]))
        }
        #expect(try store.facility(id: "other") == nil)
        expectConstraintViolation(store, "INSERT INTO facilityIdentifier (facilityId, scheme, value) VALUES ('izalco', 'registry', 'ME-001')")
        expectConstraintViolation(store, "INSERT INTO facilityIdentifier (facilityId, scheme, value) VALUES ('izalco', 'Registry', 'x')")
        expectConstraintViolation(store, "INSERT INTO facilityIdentifier (facilityId, scheme, value) VALUES ('izalco', 'registry', 'a;b')")
        expectConstraintViolation(store, "INSERT INTO facilityIdentifier (facilityId, scheme, value) VALUES ('izalco', 'registry', ' a')")
        expectConstraintViolation(store, "INSERT INTO facilityIdentifier (facilityId, scheme, value) VALUES ('izalco', 'registry', 'a' || char(10) || 'b')")
    }
}
