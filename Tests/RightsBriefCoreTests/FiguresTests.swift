import RightsBriefCore
import Testing

@Suite("FacilityFigures")
struct FiguresTests {
    @Test("the latest value of each attribute is the one with the newest as-of date")
    func latestPerAttribute() throws {
        // Given population counts on three dates (inserted out of order) and a capacity
        let facts = [
            fact(2, .population, 12000, asOf: "2025-01-01"),
            fact(1, .population, 10000, asOf: "2024-01-01"),
            fact(3, .population, 11000, asOf: "2024-06-01"),
            fact(4, .designCapacity, 40000, asOf: "2023-01-01"),
        ]

        // When figures are computed
        let result = figures(facts)

        // Then each attribute shows its newest value and date
        let population = try #require(result.latest[.population])
        #expect(population.value == .number(12000))
        #expect(population.asOf == day("2025-01-01"))
        #expect(population.facts.map(\.id) == [2])
        #expect(result.latest[.designCapacity]?.value == .number(40000))
        #expect(result.latest.count == 2)
    }

    @Test("facts about other facilities are ignored")
    func otherFacilities() {
        // Given a newer population for another facility
        let facts = [
            fact(1, .population, 10000, asOf: "2024-01-01"),
            fact(2, .population, 99999, asOf: "2025-01-01", facility: "izalco"),
        ]

        // When the figures for cecot are computed
        let result = figures(facts)

        // Then only cecot's fact counts
        #expect(result.latest[.population]?.value == .number(10000))
    }

    @Test("retracted facts are ignored, by retraction or by status")
    func retractedIgnored() {
        // Given a newer population that was retracted and another with status retracted
        let facts = [
            fact(1, .population, 10000, asOf: "2024-01-01"),
            fact(2, .population, 12000, asOf: "2025-01-01", retracted: true),
            fact(3, .population, 13000, asOf: "2025-02-01", status: .retracted),
        ]

        // When figures are computed
        let result = figures(facts)

        // Then the older standing fact is the latest
        #expect(result.latest[.population]?.value == .number(10000))
        #expect(result.latest[.population]?.asOf == day("2024-01-01"))
    }

    @Test("a superseded fact is replaced by its correction")
    func supersededIgnored() throws {
        // Given a population and a correction of it for the same date
        let facts = [
            fact(1, .population, 12000, asOf: "2025-01-01"),
            fact(2, .population, 11500, asOf: "2025-01-01", supersedes: 1),
        ]

        // When figures are computed
        let population = try #require(figures(facts).latest[.population])

        // Then only the correction stands, and the figure is not disputed
        #expect(population.facts.map(\.id) == [2])
        #expect(population.value == .number(11500))
        #expect(!population.isDisputed)
    }

    @Test("a retracted correction lets the original stand again")
    func retractedCorrection() throws {
        // Given a population, a correction of it, and the correction retracted
        let facts = [
            fact(1, .population, 12000, asOf: "2025-01-01"),
            fact(2, .population, 11500, asOf: "2025-01-01", supersedes: 1, retracted: true),
        ]

        // When the current facts and figures are computed
        let current = Facts.current(facts)
        let population = try #require(figures(facts).latest[.population])

        // Then the original stands
        #expect(current.map(\.id) == [1])
        #expect(population.value == .number(12000))
    }

    @Test(
        "an as-of cut-off ignores later facts and later corrections, and includes the cut-off day")
    func asOfCutOff() {
        // Given facts before, on and after 2024-06-30, with a later correction of the early one
        let facts = [
            fact(1, .population, 10000, asOf: "2024-01-01"),
            fact(2, .designCapacity, 40000, asOf: "2024-06-30"),
            fact(3, .population, 12000, asOf: "2025-01-01"),
            fact(4, .population, 9000, asOf: "2024-07-01", supersedes: 1),
        ]

        // When figures are computed as of 2024-06-30 and without a cut-off
        let then = figures(facts, asOf: "2024-06-30")
        let now = figures(facts)

        // Then the cut-off view sees only what was known up to that day
        #expect(then.latest[.population]?.value == .number(10000))
        #expect(then.latest[.designCapacity]?.value == .number(40000))
        #expect(then.derived[.occupancy]?.value == 0.25)
        #expect(now.latest[.population]?.value == .number(12000))
    }

    @Test("occupancy is population ÷ design capacity")
    func occupancy() throws {
        // Given capacity 40,000 and population 60,000
        let facts = [
            fact(1, .designCapacity, 40000, sources: ["bnd"]),
            fact(2, .population, 60000, sources: ["pbs"]),
        ]

        // When figures are computed
        let occupancy = try #require(figures(facts).derived[.occupancy])

        // Then occupancy is 1.5, resting on both inputs and their sources
        #expect(occupancy.value == 1.5)
        #expect(occupancy.note == nil)
        #expect(occupancy.inputs.map(\.attribute) == [.population, .designCapacity])
        #expect(occupancy.sourceIds == ["pbs", "bnd"])
    }

    @Test("space per person is floor area ÷ population, people per toilet is population ÷ toilets")
    func spaceAndToilets() throws {
        // Given floor area, population and toilets
        let facts = [
            fact(1, .floorAreaM2, 120_000),
            fact(2, .population, 60000),
            fact(3, .toilets, 1200),
        ]

        // When figures are computed
        let result = figures(facts)

        // Then the ratios are computed from the latest values
        #expect(try #require(result.derived[.spacePerPerson]).value == 2.0)
        #expect(try #require(result.derived[.peoplePerToilet]).value == 50.0)
    }

    @Test("a disputed input gives no derived value, with a note")
    func disputedInput() throws {
        // Given capacity and two sources disagreeing on population for the same date
        let facts = [
            fact(1, .designCapacity, 40000),
            fact(2, .population, 60000, sources: ["pbs"]),
            fact(3, .population, 70000, sources: ["cnn"]),
        ]

        // When figures are computed
        let occupancy = try #require(figures(facts).derived[.occupancy])

        // Then occupancy has no value and says an input is disputed
        #expect(occupancy.value == nil)
        #expect(occupancy.note == "not computed: population is disputed")
        #expect(occupancy.hasDisputedInput)
        #expect(occupancy.sourceIds.sorted() == ["cnn", "pbs"])
    }

    @Test("a zero divisor gives no derived value, with a note")
    func zeroDivisor() throws {
        // Given a design capacity of 0 and 0 working toilets
        let facts = [
            fact(1, .designCapacity, 0),
            fact(2, .population, 500),
            fact(3, .toilets, 0),
            fact(4, .floorAreaM2, 1000),
        ]

        // When figures are computed
        let result = figures(facts)

        // Then occupancy and people per toilet have no value and say why; space per person does
        #expect(result.derived[.occupancy]?.value == nil)
        #expect(result.derived[.occupancy]?.note == "the divisor is zero")
        #expect(result.derived[.peoplePerToilet]?.value == nil)
        #expect(result.derived[.peoplePerToilet]?.note == "the divisor is zero")
        #expect(result.derived[.spacePerPerson]?.value == 2.0)
    }

    @Test("a missing input gives no derived value, never a guess, and names what is missing")
    func missingInput() throws {
        // Given only a population
        let result = figures([fact(1, .population, 500)])

        // When the derived figures are read
        // Then all three are absent for want of evidence, each naming the missing figure
        for kind in DerivedFigure.Kind.allCases {
            let derived = try #require(result.derived[kind])
            #expect(derived.value == nil)
            #expect(derived.note?.hasPrefix("not enough evidence") == true)
            #expect(!derived.hasDisputedInput)
        }
        #expect(result.derived[.occupancy]?.note?.contains("design capacity") == true)
        #expect(result.derived[.spacePerPerson]?.note?.contains("floor area") == true)
        #expect(result.derived[.peoplePerToilet]?.note?.contains("working toilets") == true)
    }

    @Test("no facts is not an error: every figure is absent")
    func noFacts() {
        // Given no facts
        // When figures are computed
        let result = figures([])

        // Then nothing is latest and nothing is derived
        #expect(result.latest.isEmpty)
        #expect(result.derived.values.allSatisfy { $0.value == nil })
    }
}
