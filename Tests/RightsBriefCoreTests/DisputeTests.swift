import RightsBriefCore
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
}
