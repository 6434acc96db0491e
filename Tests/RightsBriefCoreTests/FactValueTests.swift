import RightsBriefCore
import Testing

@Suite("FactValue")
struct FactValueTests {
    @Test("counts, measures and levels parse for their attributes")
    func parsesValidValues() throws {
        // Given valid text for a count, a measure and a condition
        // When it is parsed for its attribute
        let capacity = try FactValue(parsing: "40000", for: .designCapacity)
        let area = try FactValue(parsing: "12.5", for: .floorAreaM2)
        let zero = try FactValue(parsing: "0", for: .deathsInCustody)
        let sanitation = try FactValue(parsing: "absent", for: .sanitation)

        // Then the values are typed and print as machine text
        #expect(capacity == .number(40000))
        #expect(capacity.description == "40000")
        #expect(area == .number(12.5))
        #expect(area.description == "12.5")
        #expect(zero.number == 0)
        #expect(sanitation == .level(.absent))
        #expect(sanitation.level == .absent && sanitation.number == nil)
    }

    @Test("a negative count is refused")
    func negativeCount() {
        // Given a negative number of people
        // When it is parsed for population
        // Then it is refused, saying it must not be negative
        #expect(
            throws: CoreError.invalidValue(
                attribute: "population", value: "-5", reason: "it must not be negative")
        ) {
            try FactValue(parsing: "-5", for: .population)
        }
    }

    @Test("a negative measure is refused")
    func negativeMeasure() {
        // Given a negative floor area
        // When it is validated
        // Then it is refused
        #expect(throws: CoreError.self) { try FactValue(parsing: "-0.5", for: .floorAreaM2) }
        #expect(throws: CoreError.self) {
            try FactValue.number(-1).validate(for: .waterLitresPerPersonDay)
        }
    }

    @Test("a fractional count is refused but a fractional measure is not")
    func fractionalCount() throws {
        // Given 12.5 as a count and as a measure
        // When it is parsed
        // Then only the measure accepts it
        #expect(
            throws: CoreError.invalidValue(
                attribute: "toilets", value: "12.5", reason: "a count must be a whole number")
        ) { try FactValue(parsing: "12.5", for: .toilets) }
        #expect(try FactValue(parsing: "12.5", for: .waterLitresPerPersonDay) == .number(12.5))
    }

    @Test("a level is not a value for a count attribute")
    func levelForCount() {
        // Given the level 'absent' given for population, as text and as a value
        // When it is parsed or validated
        // Then it is refused: a number is expected
        #expect(
            throws: CoreError.invalidValue(
                attribute: "population", value: "absent", reason: "expected a number")
        ) {
            try FactValue(parsing: "absent", for: .population)
        }
        #expect(
            throws: CoreError.invalidValue(
                attribute: "population", value: "absent", reason: "expected a number")
        ) {
            try FactValue.level(.absent).validate(for: .population)
        }
    }

    @Test("a number is not a value for a condition")
    func numberForCondition() {
        // Given a number for sanitation, as text and as a value
        // When it is parsed or validated
        // Then it is refused
        #expect(throws: CoreError.unknownLevel("3")) {
            try FactValue(parsing: "3", for: .sanitation)
        }
        #expect(throws: CoreError.self) { try FactValue.number(3).validate(for: .sanitation) }
    }

    @Test(
        "a condition level outside the four is refused",
        arguments: ["dirty", "Absent", "ABSENT", "", "none", "good"])
    func unknownLevel(_ text: String) {
        // Given a word that is not adequate, inadequate, absent or unknown
        // When it is parsed for a condition
        // Then it is refused, naming it
        #expect(throws: CoreError.unknownLevel(text)) {
            try FactValue(parsing: text, for: .potableWater)
        }
    }

    @Test(
        "text that is not a plain finite number is refused for counts",
        arguments: ["", "many", "1,000", "nan", "inf", "1e400", " 5"])
    func notANumber(_ text: String) {
        // Given text that is not a finite number (thousands separators included)
        // When it is parsed for population
        // Then it is refused
        #expect(throws: CoreError.self) { try FactValue(parsing: text, for: .population) }
    }

    @Test(
        "the four levels are exactly adequate, inadequate, absent and unknown, and two fall short")
    func levels() throws {
        // Given the level vocabulary
        // When it is listed and checked
        // Then it has four levels and only inadequate and absent fall short
        #expect(
            ConditionLevel.allCases.map(\.rawValue) == [
                "adequate", "inadequate", "absent", "unknown",
            ])
        #expect(ConditionLevel.allCases.filter(\.fallsShort) == [.inadequate, .absent])
        #expect(try ConditionLevel(name: "inadequate") == .inadequate)
    }

    @Test("attributes parse from their keys and unknown keys are refused")
    func attributes() throws {
        // Given known and unknown keys
        // When they are parsed
        // Then each known key has its kind and unit and an unknown one is named in the error
        #expect(try Attribute(key: "design_capacity") == .designCapacity)
        #expect(Attribute.designCapacity.kind == .count)
        #expect(Attribute.floorAreaM2.kind == .measure)
        #expect(Attribute.temperatureControl.kind == .condition)
        #expect(Attribute.population.unit == "persons")
        #expect(Attribute.sanitation.unit == "level")
        #expect(throws: CoreError.unknownAttribute("smell")) { try Attribute(key: "smell") }
        #expect(throws: CoreError.unknownAttribute("Population")) {
            try Attribute(key: "Population")
        }
    }

    @Test("numbers print without a trailing .0 and without scientific notation")
    func format() {
        // Given whole and fractional numbers
        // When they are formatted
        // Then whole numbers print as integers
        #expect(FactValue.format(40000) == "40000")
        #expect(FactValue.format(0) == "0")
        #expect(FactValue.format(3.4) == "3.4")
        #expect(FactValue.format(123_456_789_012) == "123456789012")
    }

    @Test("a fact needs a source and a valid value")
    func factValidation() throws {
        // Given a good fact, one with no source and one with a negative count
        let good = fact(1, .population, 60000)
        var noSource = good
        noSource.sourceIds = []
        let negative = fact(2, .population, -5)

        // When they are validated
        // Then only the good one passes
        try good.validate()
        #expect(throws: CoreError.noSource(what: "A fact")) { try noSource.validate() }
        #expect(
            throws: CoreError.invalidValue(
                attribute: "population", value: "-5", reason: "it must not be negative")
        ) {
            try negative.validate()
        }
        #expect(good.unit == "persons")
    }
}
