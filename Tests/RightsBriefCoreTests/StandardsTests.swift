import Foundation
import RightsBriefCore
import Testing

@Suite("Standards")
struct StandardsTests {
    /// The standards file that ships with rightsbrief (`data/standards.json` at the repository
    /// root).
    static let standardsFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/standards.json")

    let standards: Standards

    init() throws {
        standards = try Standards(json: try Data(contentsOf: Self.standardsFile))
    }

    /// The outcome of the standard `id` for the facts given.
    func check(_ id: String, _ facts: [Fact]) throws -> StandardCheck {
        try #require(standards.check(figures(facts)).first { $0.standard.id == id })
    }

    @Test("the shipped file holds the limits the design names, with their documents")
    func shippedFile() throws {
        // Given the shipped standards file
        // When its standards are looked up
        func standard(_ id: String) throws -> Standard {
            try #require(standards.standards.first { $0.id == id })
        }

        // Then the limits and the documents they come from are the ones the design cites
        #expect(try standard("occupancy").maximum == 1.0)
        #expect(try standard("cpt-space-multiple").minimum == 4.0)
        #expect(try standard("cpt-space-single").minimum == 6.0)
        #expect(try standard("icrc-space-dormitory").minimum == 3.4)
        #expect(try standard("icrc-toilets").maximum == 25.0)
        #expect(
            try standards.document(for: standard("cpt-space-multiple"))?.reference
                == "CPT/Inf (2015) 44")
        #expect(try standards.document(for: standard("icrc-toilets"))?.year == 2005)
        #expect(try standards.document(for: standard("icrc-space-dormitory"))?.year == 2012)
        #expect(try standard("mandela-15-sanitation").provision == "Rule 15")
        #expect(
            try standards.document(for: standard("mandela-15-sanitation"))?.shortName
                == "Nelson Mandela Rules")
        #expect(try standard("mandela-22-2-water").provision == "Rule 22(2)")
        #expect(
            Set(standards.standards.compactMap(\.condition))
                == ["sanitation", "potable_water", "temperature_control", "ventilation"])
    }

    @Test("occupancy above 100 % falls short; at or below meets")
    func occupancy() throws {
        // Given capacity 40,000 and populations above, at and below it
        let over = [fact(1, .designCapacity, 40000), fact(2, .population, 60000)]
        let full = [fact(1, .designCapacity, 40000), fact(2, .population, 40000)]
        let under = [fact(1, .designCapacity, 40000), fact(2, .population, 30000)]

        // When occupancy is checked
        let overResult = try check("occupancy", over)

        // Then only the overcrowded one falls short, by how much it exceeds the limit
        #expect(overResult.outcome == .fallsShort)
        #expect(overResult.actual == 1.5)
        #expect(overResult.shortfall == 0.5)
        #expect(overResult.facts.map(\.id) == [2, 1])
        #expect(try check("occupancy", full).outcome == .meets)
        #expect(try check("occupancy", under).outcome == .meets)
    }

    @Test("CPT asks 4 m² and ICRC 3.4 m² per person in shared accommodation")
    func space() throws {
        // Given 2.5 m², 3.5 m² and 4 m² per person
        let cramped = [fact(1, .floorAreaM2, 100), fact(2, .population, 40)]
        let between = [fact(1, .floorAreaM2, 140), fact(2, .population, 40)]
        let enough = [fact(1, .floorAreaM2, 160), fact(2, .population, 40)]

        // When both space standards are checked
        let crampedCPT = try check("cpt-space-multiple", cramped)

        // Then 2.5 falls short of both, 3.5 falls short of CPT but meets ICRC, 4 meets both
        #expect(crampedCPT.outcome == .fallsShort)
        #expect(crampedCPT.actual == 2.5)
        #expect(crampedCPT.shortfall == 1.5)
        #expect(try check("icrc-space-dormitory", cramped).outcome == .fallsShort)
        #expect(try check("cpt-space-multiple", between).outcome == .fallsShort)
        #expect(try check("icrc-space-dormitory", between).outcome == .meets)
        #expect(try check("cpt-space-multiple", enough).outcome == .meets)
        #expect(try check("icrc-space-dormitory", enough).outcome == .meets)
    }

    @Test("ICRC asks at least 1 toilet per 25 prisoners")
    func toilets() throws {
        // Given 100 people with 2, 4 and 5 toilets
        let few = [fact(1, .population, 100), fact(2, .toilets, 2)]
        let exact = [fact(1, .population, 100), fact(2, .toilets, 4)]
        let plenty = [fact(1, .population, 100), fact(2, .toilets, 5)]

        // When the toilet standard is checked
        let fewResult = try check("icrc-toilets", few)

        // Then 50 per toilet falls short by 25; 25 and 20 meet it
        #expect(fewResult.outcome == .fallsShort)
        #expect(fewResult.actual == 50)
        #expect(fewResult.shortfall == 25)
        #expect(try check("icrc-toilets", exact).outcome == .meets)
        #expect(try check("icrc-toilets", plenty).outcome == .meets)
    }

    @Test("numeric standards without their inputs are not enough evidence, never met")
    func missingNumbers() throws {
        // Given only a population
        let facts = [fact(1, .population, 100)]

        // When the numeric standards are checked
        // Then each says there is not enough evidence
        for id in ["occupancy", "cpt-space-multiple", "icrc-space-dormitory", "icrc-toilets"] {
            let result = try check(id, facts)
            #expect(result.outcome == .notEnoughEvidence, "\(id)")
            #expect(result.actual == nil)
        }
    }

    static let conditionRules: [(String, Attribute)] = [
        ("mandela-13-temperature", .temperatureControl), ("mandela-13-ventilation", .ventilation),
        ("mandela-15-sanitation", .sanitation), ("mandela-22-2-water", .potableWater),
    ]

    @Test(
        "a Mandela condition rule: absent or inadequate falls short, adequate meets",
        arguments: conditionRules)
    func conditionLevels(_ id: String, _ attribute: Attribute) throws {
        // Given the condition reported at each level
        // When the rule is checked
        let absent = try check(id, [fact(1, attribute, .absent)])
        let inadequate = try check(id, [fact(1, attribute, .inadequate)])
        let adequate = try check(id, [fact(1, attribute, .adequate)])

        // Then absent and inadequate fall short, adequate meets, and the level and fact are kept
        #expect(absent.outcome == .fallsShort)
        #expect(absent.level == .absent)
        #expect(absent.facts.map(\.id) == [1])
        #expect(inadequate.outcome == .fallsShort)
        #expect(inadequate.level == .inadequate)
        #expect(adequate.outcome == .meets)
    }

    @Test(
        "a Mandela condition rule: unknown or missing is not enough evidence",
        arguments: conditionRules)
    func conditionUnknown(_ id: String, _ attribute: Attribute) throws {
        // Given the condition reported as unknown, and not reported at all (other conditions are)
        let others = Attribute.allCases.filter { $0.kind == .condition && $0 != attribute }
        let unknown = try check(id, [fact(1, attribute, .unknown)])
        let missing = try check(
            id, others.enumerated().map { fact(Int64($0.offset + 1), $0.element, .adequate) })

        // When the rule is checked
        // Then neither meets the rule, and each says why
        #expect(unknown.outcome == .notEnoughEvidence)
        #expect(unknown.note?.contains("unknown") == true)
        #expect(missing.outcome == .notEnoughEvidence)
        #expect(missing.note?.hasPrefix("no fact about") == true)
    }

    @Test("a disputed condition is disputed, not met and not short")
    func disputedCondition() throws {
        // Given two sources that disagree about sanitation
        let facts = [
            fact(1, .sanitation, .absent, sources: ["pbs"]),
            fact(2, .sanitation, .adequate, sources: ["gov"]),
        ]

        // When the sanitation rule is checked
        let result = try check("mandela-15-sanitation", facts)

        // Then it is disputed, resting on both facts
        #expect(result.outcome == .disputed)
        #expect(result.facts.map(\.id) == [1, 2])
    }

    @Test("a disputed input makes a numeric standard disputed")
    func disputedNumber() throws {
        // Given a capacity and two populations for the same day
        let facts = [
            fact(1, .designCapacity, 40000), fact(2, .population, 30000, sources: ["gov"]),
            fact(3, .population, 60000, sources: ["pbs"]), fact(4, .floorAreaM2, 200_000),
        ]

        // When the numeric standards are checked
        // Then both that use population are disputed rather than met or short
        #expect(try check("occupancy", facts).outcome == .disputed)
        #expect(try check("cpt-space-multiple", facts).outcome == .disputed)
        #expect(try check("occupancy", facts).actual == nil)
    }

    @Test("the single-cell rule is always not enough evidence")
    func singleCell() throws {
        // Given ample space per person, very little, and no facts
        let ample = [fact(1, .floorAreaM2, 1000), fact(2, .population, 1)]
        let little = [fact(1, .floorAreaM2, 1), fact(2, .population, 100)]

        // When the single-cell rule is checked
        // Then it never concludes, because single-cell floor areas are not recorded
        for facts in [ample, little, []] {
            let result = try check("cpt-space-single", facts)
            #expect(result.outcome == .notEnoughEvidence)
            #expect(result.note?.contains("not recorded") == true)
        }
    }

    @Test("with no facts every standard is not enough evidence and none is met")
    func nothingKnown() {
        // Given no facts at all
        // When every standard is checked
        let results = standards.check(figures([]))

        // Then there is one result per standard, in file order, none of them met
        #expect(results.map(\.standard.id) == standards.standards.map(\.id))
        #expect(results.allSatisfy { $0.outcome == .notEnoughEvidence })
    }

    /// A standards document with one standard built from `standard`.
    func document(_ standard: String) -> Data {
        Data(
            """
            {"documents": [{"id": "cpt-2015", "title": "CPT", "shortName": "CPT standards", "reference": "CPT/Inf (2015) 44", "publisher": "CPT", "year": 2015}],
             "standards": [\(standard)]}
            """.utf8)
    }

    @Test("a well-formed minimal file is accepted")
    func minimalFile() throws {
        // Given one numeric standard with a known document and measure
        let data = document(
            #"{"id": "s", "document": "cpt-2015", "provision": "p", "summary": "x", "measure": "space_per_person_m2", "minimum": 4}"#
        )

        // When it is decoded
        let decoded = try Standards(json: data)

        // Then it holds that standard
        #expect(decoded.standards.map(\.id) == ["s"])
    }

    @Test(
        "invalid standards files are refused",
        arguments: [
            (
                "unknown document",
                #"{"id": "s", "document": "nowhere", "provision": "p", "summary": "x", "measure": "occupancy", "maximum": 1}"#
            ),
            (
                "unknown measure",
                #"{"id": "s", "document": "cpt-2015", "provision": "p", "summary": "x", "measure": "smell", "maximum": 1}"#
            ),
            (
                "no limit",
                #"{"id": "s", "document": "cpt-2015", "provision": "p", "summary": "x", "measure": "occupancy"}"#
            ),
            (
                "unknown condition",
                #"{"id": "s", "document": "cpt-2015", "provision": "p", "summary": "x", "condition": "smell"}"#
            ),
            (
                "count as condition",
                #"{"id": "s", "document": "cpt-2015", "provision": "p", "summary": "x", "condition": "population"}"#
            ),
            ("neither", #"{"id": "s", "document": "cpt-2015", "provision": "p", "summary": "x"}"#),
            (
                "missing key",
                #"{"id": "s", "document": "cpt-2015", "summary": "x", "measure": "occupancy", "maximum": 1}"#
            ),
        ])
    func invalidFile(_ problem: String, _ standard: String) {
        // Given a standards file with one problem
        let data = document(standard)

        // When it is decoded
        // Then it is refused as invalid standards
        let error = #expect(throws: CoreError.self, "\(problem)") { try Standards(json: data) }
        guard case .invalidStandards(let reason) = error else {
            Issue.record(
                "expected invalidStandards for \(problem), got \(String(describing: error))")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test("the error names the standard and what it points at")
    func errorNamesProblem() {
        // Given a standard that names an unknown document
        let data = document(
            #"{"id": "crowding", "document": "nowhere", "provision": "p", "summary": "x", "measure": "occupancy", "maximum": 1}"#
        )

        // When it is decoded
        // Then the error names both
        #expect(
            throws: CoreError.invalidStandards(
                "standard 'crowding' names unknown document 'nowhere'")
        ) {
            try Standards(json: data)
        }
        #expect(throws: CoreError.self) { try Standards(json: Data("not json".utf8)) }
    }
}
