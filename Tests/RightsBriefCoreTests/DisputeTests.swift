@testable import RightsBriefCore
import Testing

@Suite("Disputes")
struct DisputeTests {
    @Test(
        "two sources that disagree on the same attribute and date make a disputed figure with both values"
    )
    func disagreementIsDisputed() throws {
        // Given two sources reporting different populations for the same day
        let facts = [
            fact(1, .population, 60000, sources: ["pbs"]),
            fact(2, .population, 70000, sources: ["cnn"]),
        ]

        // When disputes and figures are computed
        let disputes = Facts.disputes(facts)
        let population = try #require(figures(facts).latest[.population])

        // Then there is one dispute and the figure shows both values, never silently one
        #expect(disputes.count == 1)
        #expect(disputes.first?.values == [.number(60000), .number(70000)])
        #expect(disputes.first?.sourceIds == ["pbs", "cnn"])
        #expect(population.isDisputed)
        #expect(population.value == nil)
        #expect(population.values == [.number(60000), .number(70000)])
        #expect(population.facts.map(\.id) == [1, 2])
    }

    @Test("different dates are not a dispute: the latest wins")
    func differentDates() throws {
        // Given two sources reporting different populations on different days
        let facts = [
            fact(1, .population, 60000, asOf: "2025-01-01", sources: ["pbs"]),
            fact(2, .population, 70000, asOf: "2025-02-01", sources: ["cnn"]),
        ]

        // When disputes and figures are computed
        let population = try #require(figures(facts).latest[.population])

        // Then nothing is disputed and the later value is the figure
        #expect(Facts.disputes(facts).isEmpty)
        #expect(!population.isDisputed)
        #expect(population.value == .number(70000))
        #expect(population.sourceIds == ["cnn"])
    }

    @Test("the same value from two sources is not a dispute and keeps both sources")
    func agreement() throws {
        // Given two sources reporting the same population for the same day
        let facts = [
            fact(1, .population, 60000, sources: ["pbs"]),
            fact(2, .population, 60000, sources: ["cnn", "pbs"]),
        ]

        // When disputes and figures are computed
        let population = try #require(figures(facts).latest[.population])

        // Then nothing is disputed and the figure cites both sources once each
        #expect(Facts.disputes(facts).isEmpty)
        #expect(!population.isDisputed)
        #expect(population.value == .number(60000))
        #expect(population.sourceIds == ["pbs", "cnn"])
    }

    @Test("a fact with status disputed marks the figure disputed on its own")
    func statusDisputed() throws {
        // Given a single fact whose status is disputed
        let facts = [fact(1, .sanitation, .absent, status: .disputed)]

        // When disputes and figures are computed
        let sanitation = try #require(figures(facts).latest[.sanitation])

        // Then it is a dispute with its one value
        #expect(Facts.disputes(facts).count == 1)
        #expect(sanitation.isDisputed)
        #expect(sanitation.value == nil)
        #expect(sanitation.values == [.level(.absent)])
    }

    @Test("condition levels can be disputed too")
    func disputedLevels() {
        // Given two sources that disagree about potable water
        let facts = [
            fact(1, .potableWater, .absent, sources: ["pbs"]),
            fact(2, .potableWater, .adequate, sources: ["official"]),
        ]

        // When disputes are computed
        let disputes = Facts.disputes(facts)

        // Then the levels are in dispute
        #expect(disputes.map(\.attribute) == [.potableWater])
        #expect(disputes.first?.values == [.level(.absent), .level(.adequate)])
    }

    @Test("a retracted or superseded side ends the dispute")
    func resolvedDispute() {
        // Given a disagreement where one side is retracted, and another where one side is corrected
        let retracted = [
            fact(1, .population, 60000, sources: ["pbs"]),
            fact(2, .population, 70000, sources: ["cnn"], retracted: true),
        ]
        let corrected = [
            fact(1, .population, 60000, sources: ["pbs"]),
            fact(2, .population, 70000, sources: ["cnn"]),
            fact(3, .population, 60000, sources: ["cnn"], supersedes: 2),
        ]

        // When disputes are computed
        // Then neither is disputed any more
        #expect(Facts.disputes(retracted).isEmpty)
        #expect(Facts.disputes(corrected).isEmpty)
        #expect(figures(corrected).latest[.population]?.value == .number(60000))
    }

    @Test("disputes are listed by facility, attribute and date")
    func disputeOrder() {
        // Given disputes at two facilities, two attributes and two dates, in scrambled order
        let facts = [
            fact(1, .population, 1, asOf: "2025-02-01", facility: "izalco"),
            fact(2, .population, 2, asOf: "2025-02-01", facility: "izalco"),
            fact(3, .population, 1, asOf: "2025-02-01"),
            fact(4, .population, 2, asOf: "2025-02-01"),
            fact(5, .designCapacity, 1, asOf: "2025-03-01"),
            fact(6, .designCapacity, 2, asOf: "2025-03-01"),
            fact(7, .population, 1, asOf: "2025-01-01"),
            fact(8, .population, 2, asOf: "2025-01-01"),
        ]

        // When disputes are computed
        let disputes = Facts.disputes(facts)

        // Then they come sorted
        #expect(
            disputes.map { "\($0.facts[0].facilityId) \($0.attribute.rawValue) \($0.asOf)" } == [
                "cecot design_capacity 2025-03-01",
                "cecot population 2025-01-01",
                "cecot population 2025-02-01",
                "izalco population 2025-02-01",
            ])
    }

    @Test("disputes are the same whatever order the facts come in, and equal a plain grouping")
    func orderDoesNotMatter() {
        // Given facts over three facilities, two attributes and three dates, some disagreeing,
        // one marked disputed alone, one superseded and one retracted (a fixed pseudo-random mix)
        var generator = SplitMix64(seed: 7)
        var facts: [Fact] = []
        for id in Int64(1)...300 {
            let facilityId = ["a", "b", "c"][Int(generator.next() % 3)]
            let attribute: Attribute = generator.next() % 2 == 0 ? .population : .designCapacity
            let asOf = ["2025-01-01", "2025-02-01", "2025-03-01"][Int(generator.next() % 3)]
            let value = Double(100 * (1 + generator.next() % 3))
            let status: FactStatus = id == 17 ? .disputed : .reported
            facts.append(
                fact(id, attribute, value, asOf: asOf, facility: facilityId, sources: ["s\(id % 5)"], status: status,
                     supersedes: id == 40 ? 39 : nil, retracted: id == 50))
        }

        // and one facility with a lone fact marked disputed, one with a lone undisputed fact
        facts.append(fact(301, .population, 5, facility: "d", status: .disputed))
        facts.append(fact(302, .population, 5, facility: "e"))

        // When disputes are computed from sorted, reversed and shuffled facts
        func precedes(_ a: Fact, _ b: Fact) -> Bool {
            let left: (String, Attribute, Day, Int64) = (a.facilityId, a.attribute, a.asOf, a.id ?? 0)
            let right: (String, Attribute, Day, Int64) = (b.facilityId, b.attribute, b.asOf, b.id ?? 0)
            return left < right
        }
        let sorted = facts.sorted(by: precedes)
        let shuffled: [Fact] = facts.indices.sorted { ($0 * 7919) % 307 < ($1 * 7919) % 307 }.map { facts[$0] }

        // Then every order gives the same figures, equal to grouping by (facility, attribute, date)
        struct Key: Hashable { var facility: String; var attribute: Attribute; var day: Day }
        let groups = Dictionary(grouping: Facts.current(facts)) { (fact: Fact) in
            Key(facility: fact.facilityId, attribute: fact.attribute, day: fact.asOf)
        }
        let figures: [Figure] = groups.map { key, group in
            Figure(attribute: key.attribute, asOf: key.day, facts: group.sorted { ($0.id ?? 0) < ($1.id ?? 0) })
        }
        let expected = figures.filter { $0.isDisputed }.sorted { precedes($0.facts[0], $1.facts[0]) }
        #expect(expected.count > 3)
        #expect(expected.contains { $0.facts.count == 1 })
        for order in [sorted, Array(sorted.reversed()), shuffled, facts] {
            let disputes = Facts.disputes(order)
            #expect(disputes.map { $0.facts.map(\.id) } == expected.map { $0.facts.map(\.id) })
        }
    }
}

/// A small deterministic generator (SplitMix64), so the test's facts are the same every run.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
