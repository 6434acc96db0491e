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
                attribute: "population", value: "absent",
                reason: "expected a plain decimal number such as 40000 or 12.5")
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
        "hexadecimal, binary, octal, exponents, a plus sign, nan and inf are not numbers",
        arguments: [
            "0x10", "0X10", "0b1", "0o7", "1e3", "1E3", "2.5e2", "nan", "NaN", "inf", "-inf",
            "infinity", "+5", "5.", "1.2.3", "--5", "-", ".", "0x1p3", "1_000", "５",
        ])
    func strictNumbers(_ text: String) {
        // Given text that Swift's Double(_:) would read (or nearly) but a person did not mean
        //   as a plain figure
        // When it is parsed for population and for floor area
        // Then it is refused as not a plain decimal number
        for attribute in [Attribute.population, .floorAreaM2] {
            #expect(
                throws: CoreError.invalidValue(
                    attribute: attribute.rawValue, value: text,
                    reason: "expected a plain decimal number such as 40000 or 12.5")
            ) { try FactValue(parsing: text, for: attribute) }
        }
    }

    @Test(
        "plain decimals are numbers",
        arguments: [("40000", 40000.0), ("0", 0), ("007", 7), ("12.5", 12.5), (".5", 0.5)])
    func plainDecimals(_ text: String, _ expected: Double) throws {
        // Given digits with at most one decimal point
        // When they are parsed for floor area
        // Then they are read as the decimal number they write
        #expect(try FactValue(parsing: text, for: .floorAreaM2) == .number(expected))
        #expect(Validation.decimalNumber("-" + text) == -expected)
    }

    @Test("each count and measure has an upper bound; values above it are refused")
    func upperBounds() throws {
        // Given every attribute that takes a number
        let numeric = Attribute.allCases.filter { $0.kind != .condition }
        #expect(Attribute.allCases.filter { $0.upperBound == nil }.allSatisfy { $0.kind == .condition })
        for attribute in numeric {
            let bound = try #require(attribute.upperBound)

            // When a value at the bound and one above it are checked
            // Then the bound itself is accepted and anything above it is refused
            try FactValue.number(bound).validate(for: attribute)
            #expect(throws: CoreError.self) {
                try FactValue.number(bound + 1).validate(for: attribute)
            }
        }
    }

    @Test("a floor area of 1e308 m² is refused, naming the attribute and the bound")
    func absurdFloorArea() throws {
        // Given a floor area of 1e308 m², which would meet every space standard
        // When it is validated
        // Then it is refused with a message that names the attribute and the bound
        let error = #expect(throws: CoreError.self) {
            try FactValue.number(1e308).validate(for: .floorAreaM2)
        }
        let message = error?.errorDescription ?? ""
        #expect(message.contains("floor_area_m2"), "\(message)")
        #expect(message.contains("10,000,000 m2"), "\(message)")
        #expect(try FactValue(parsing: "10000000", for: .floorAreaM2) == .number(10_000_000))
        #expect(throws: CoreError.self) { try FactValue(parsing: "10000001", for: .floorAreaM2) }
    }

    @Test("a new fact cannot have the status retracted; a retraction is its own record")
    func retractedStatus() throws {
        // Given a fact with the status retracted and one with the status disputed
        var retracted = fact(1, .population, 60000)
        retracted.status = .retracted
        var disputed = retracted
        disputed.status = .disputed

        // When they are validated
        // Then only the disputed one passes
        #expect(throws: CoreError.retractedStatus) { try retracted.validate() }
        try disputed.validate()
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
