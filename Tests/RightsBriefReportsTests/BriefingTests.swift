import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

@Suite("Briefing: golden files, determinism, standards, disputes, empty selections")
struct BriefingTests {

    // MARK: Golden files

    @Test("the bundled CECOT sample renders exactly as Expected/briefing-cecot-sample.md")
    func goldenSample() throws {
        // Given the bundled sample, loaded as `init --sample` loads it
        let store = try BriefingFixtures.sampleStore()

        // When the default template is rendered as of 1 March 2025 for the public
        let markdown = try BriefingFixtures.markdown(
            store,
            ReportRequest(selection: Selection(facilityIds: ["cecot"]), asOf: BriefingFixtures.asOf)
        )

        // Then it is byte for byte the reviewed golden file
        try BriefingFixtures.expectGolden(markdown, "briefing-cecot-sample.md")
    }

    @Test(
        "the two-facility fixture renders exactly as Expected/briefing-two-facilities.md"
    )
    func goldenRich() throws {
        // Given the two-facility fixture
        let store = try BriefingFixtures.richStore()

        // When the whole store is rendered as of 1 March 2025
        let markdown = try BriefingFixtures.markdown(store)

        // Then it is byte for byte the reviewed golden file
        try BriefingFixtures.expectGolden(markdown, "briefing-two-facilities.md")
    }

    @Test(
        "numbers in a briefing are rounded to their decimals, never truncated",
        arguments: [
            (3.4, 2, "3.4"), (1.2, 1, "1.2"), (2.24, 2, "2.24"), (0.12, 2, "0.12"), (4.1, 1, "4.1"),
            (12.3, 1, "12.3"), (3.5, 2, "3.5"), (0.5, 2, "0.5"), (1_250.75, 1, "1,250.8"),
            (-0.05, 1, "-0.1"),
            (2.0 / 3.0, 2, "0.67"), (40, 1, "40"), (0.004, 2, "0"),
        ])
    func numbersAreRounded(value: Double, decimals: Int, expected: String) {
        // Given a figure such as the ICRC minimum of 3.4 m² or 1.2 people per toilet
        // When it is formatted for a reader
        let text = Formatting.number(value, decimals: decimals)

        // Then it shows the value rounded, not one unit too low (digits come from the rounded
        // integer, not from the binary remainder: 3.4 − 3 = 0.39999…)
        #expect(text == expected)
    }

    @Test("the rendered ICRC check shows the 3.4 m² minimum from standards.json")
    func icrcMinimumRendered() throws {
        // Given the two-facility fixture (north: 3.5 m² per person)
        let markdown = try BriefingFixtures.markdown(try BriefingFixtures.richStore())

        // When the ICRC dormitory row of north's section is read
        let north = markdownSection("Northern Regional Prison", of: markdown)
        let row = try #require(
            markdownLines(north, startingWith: "| At least 3.4 m² per person in dormitories |")
                .first)

        // Then it meets the standard and quotes the minimum as 3.4 m²
        #expect(row.contains("| meets | Space per person 3.5 m² against a minimum of "))
        #expect(row.contains("against a minimum of 3.4 m² |"))
    }

    @Test(
        "golden figures: 125 %, 3.5 m², 40 per toilet, sources in first-cited order"
    )
    func goldenArithmetic() throws {
        // Given the two-facility fixture
        let store = try BriefingFixtures.richStore()

        // When it is rendered
        let markdown = try BriefingFixtures.markdown(store)
        let north = markdownSection("Northern Regional Prison", of: markdown)

        // Then the key figures are computed from the standing facts (50,000 ÷ 40,000 etc.)
        #expect(north.contains("| Design capacity | 40,000 | 2025-01-20 | verified | [1] |"))
        #expect(north.contains("| Population | 50,000 | 2025-02-20 | reported | [2, 3] |"))
        #expect(north.contains("| Occupancy | 125 % | 2025-02-20 | derived | [1, 2, 3] |"))
        #expect(
            north.contains("| Space per person (m²) | 3.5 m² | 2025-02-20 | derived | [2, 3] |"))
        #expect(north.contains("| People per toilet | 40 | 2025-02-20 | derived | [2, 3] |"))
        // And the sources are numbered in the order they are first cited (the overview first:
        // capacity, then population's sources by id), not by insertion
        let numbered = markdownLines(markdownSection("Sources", of: markdown), startingWith: "")
            .filter { $0.first?.isNumber == true }
            .map { $0.split(separator: ",").first.map(String.init) ?? "" }
        #expect(
            numbered == [
                "1. Ministry of Justice", "2. Human Rights Monitor", "3. Daily Example",
                "4. Radio Sur",
                "5. Observatorio de Derechos", "6. Department of State",
            ])
    }

    @Test("every row of every key-figures table with a value carries a footnote")
    func everyFigureFootnoted() throws {
        // Given the sample and the rich fixture
        for store in [try BriefingFixtures.sampleStore(), try BriefingFixtures.richStore()] {
            // When each is rendered
            let markdown = try BriefingFixtures.markdown(store)
            let cited = markdownLines(markdownSection("Sources", of: markdown), startingWith: "")
                .filter {
                    $0.first?.isNumber == true
                }
                .count

            // Then every figure row that is not "no evidence yet" ends with footnotes that exist
            // (in the facility sections; the overview's rows are checked in CountryBriefingTests)
            let sections = markdown.range(of: "\n<a id=").map { String(markdown[$0.lowerBound...]) } ?? markdown
            let rows = markdownLines(sections, startingWith: "| ").filter {
                !$0.hasPrefix("| Figure ") && !$0.hasPrefix("| Standard ")
                    && !$0.contains("no evidence yet")
                    && !$0.contains("| not enough evidence |")
                    && !$0.contains("needs the floor area")
            }
            #expect(!rows.isEmpty)
            for row in rows {
                let cells = row.split(separator: "|", omittingEmptySubsequences: false)
                let notes = cells[cells.count - 2].trimmingCharacters(in: .whitespaces)
                #expect(notes.hasPrefix("[") && notes.hasSuffix("]"), "no footnote on: \(row)")
                let numbers = notes.dropFirst().dropLast().split(separator: ",").compactMap {
                    Int($0.trimmingCharacters(in: .whitespaces))
                }
                #expect(
                    !numbers.isEmpty && numbers.allSatisfy { (1...cited).contains($0) },
                    "bad footnote on: \(row)")
            }
        }
    }

    // MARK: Determinism and the as-of cut-off

    @Test("the same data and as-of date give the same bytes, from two separate stores")
    func deterministic() throws {
        // Given two stores loaded with the same fixture
        let first = try BriefingFixtures.richStore()
        let second = try BriefingFixtures.richStore()

        // When each is rendered twice as of the same day
        let outputs = try [first, first, second, second].map { try BriefingFixtures.markdown($0) }

        // Then all four are identical
        #expect(Set(outputs).count == 1)
        // And so do the CSV tables
        let firstTables = BriefingFixtures.csvTables(try BriefingFixtures.model(first))
        let secondTables = BriefingFixtures.csvTables(try BriefingFixtures.model(second))
        #expect(firstTables == secondTables)
    }

    @Test("facts and events dated after the as-of date are left out, and included once it passes")
    func asOfCutOff() throws {
        // Given the fixture, with a population of 70,000 dated 15 March and an event on 10 March
        let store = try BriefingFixtures.richStore()

        // When it is rendered as of 1 March, and as of 31 March
        let march1 = try BriefingFixtures.markdown(store)
        let model1 = try BriefingFixtures.model(store)
        let march31 = try BriefingFixtures.markdown(store, ReportRequest(asOf: day("2025-03-31")))

        // Then on 1 March neither shows, and nothing dated later reaches the model
        #expect(!march1.contains("70,000"))
        #expect(!march1.contains("Monitors refused entry"))
        #expect(!march1.contains("10 March 2025"))
        #expect(model1.evidence.facts.allSatisfy { $0.asOf <= BriefingFixtures.asOf })
        #expect(model1.events.allSatisfy { $0.date <= BriefingFixtures.asOf })
        #expect(march1.contains("Evidence as of **1 March 2025**"))
        // And on 31 March both show, and occupancy moves to 70,000 ÷ 40,000 = 175 %
        #expect(march31.contains("| Population | 70,000 | 2025-03-15 | reported | "))
        #expect(march31.contains("| Occupancy | 175 % |"))
        #expect(
            march31.contains(
                "- **10 March 2025**: Monitors refused entry to the Southern Holding Centre"))
    }

    @Test("without an as-of date the report uses today and prints it")
    func asOfDefaultsToToday() throws {
        // Given the fixture
        let store = try BriefingFixtures.richStore()

        // When a request has no as-of date and today is 20 February 2025
        let model = try BriefingFixtures.model(store, ReportRequest(), today: day("2025-02-20"))
        let markdown = try MarkdownReportBuilder(library: BriefingFixtures.library()).render(model)

        // Then the cut-off is today: the 25 February event and the 28 February deaths are out
        #expect(model.asOf == day("2025-02-20"))
        #expect(markdown.contains("Evidence as of **20 February 2025**"))
        #expect(!markdown.contains("2,000 detainees transferred"))
        #expect(!markdownSection("Northern Regional Prison", of: markdown).contains("Deaths in custody"))
        #expect(markdown.contains("No facility has an agreed figure for deaths in custody."))
    }

    @Test("retracted and superseded facts never appear as current figures")
    func retractedAndSuperseded() throws {
        // Given the fixture, where capacity 20,000 (later) is retracted and population 65,000
        // is superseded by the 50,000 correction
        let store = try BriefingFixtures.richStore()

        // When it is rendered
        let model = try BriefingFixtures.model(store)
        let markdown = try MarkdownReportBuilder(library: BriefingFixtures.library()).render(model)

        // Then the current figures are the standing ones
        let north = try #require(model.facilities.first { $0.facility.id == "north" })
        #expect(north.figures.latest[.designCapacity]?.value == .number(40_000))
        #expect(north.figures.latest[.population]?.value == .number(50_000))
        #expect(north.figures.latest[.population]?.isDisputed == false)
        #expect(!markdown.contains("20,000"))
        #expect(!markdown.contains("65,000"))
        #expect(!markdown.contains("250 %"))
        #expect(!markdown.contains("162 %"))
        // And the history is still in the model, for the facts export
        #expect(model.evidence.facts.contains { $0.value == .number(65_000) })
        #expect(model.evidence.facts.contains { $0.value == .number(20_000) && $0.isRetracted })
    }

    // MARK: Standards through the model and the text

    @Test(
        "every standard on the rich fixture: falls short, meets, disputed and not enough evidence")
    func standardsOnRichFixture() throws {
        // Given the fixture
        let model = try BriefingFixtures.model(try BriefingFixtures.richStore())

        // When the checks are read per facility
        func outcomes(_ id: String) throws -> [String: StandardCheck.Outcome] {
            let report = try #require(model.facilities.first { $0.facility.id == id })
            return Dictionary(
                uniqueKeysWithValues: report.checks.map { ($0.standard.id, $0.outcome) })
        }
        let north = try outcomes("north")
        let south = try outcomes("south")

        // Then north: 125 % overcrowded; 3.5 m² short of CPT 4 m² but meets ICRC 3.4 m²;
        // 40 per toilet short of 25; sanitation absent and temperature inadequate fall short;
        // water adequate meets; no ventilation fact and no single-cell area: not enough evidence
        #expect(north["occupancy"] == .fallsShort)
        #expect(north["cpt-space-multiple"] == .fallsShort)
        #expect(north["icrc-space-dormitory"] == .meets)
        #expect(north["icrc-toilets"] == .fallsShort)
        #expect(north["mandela-15-sanitation"] == .fallsShort)
        #expect(north["mandela-13-temperature"] == .fallsShort)
        #expect(north["mandela-22-2-water"] == .meets)
        #expect(north["mandela-13-ventilation"] == .notEnoughEvidence)
        #expect(north["cpt-space-single"] == .notEnoughEvidence)
        // And south: occupancy rests on a disputed population; no water fact
        #expect(south["occupancy"] == .disputed)
        #expect(south["mandela-15-sanitation"] == .fallsShort)
        #expect(south["cpt-space-multiple"] == .disputed)
        #expect(south["icrc-space-dormitory"] == .disputed)
        #expect(south["icrc-toilets"] == .disputed)
        #expect(south["mandela-22-2-water"] == .notEnoughEvidence)
        #expect(south.values.allSatisfy { $0 != .meets })
        // And the shortfalls carry their size
        let northReport = try #require(model.facilities.first { $0.facility.id == "north" })
        let byId = Dictionary(uniqueKeysWithValues: northReport.checks.map { ($0.standard.id, $0) })
        #expect(byId["occupancy"]?.actual == 1.25)
        #expect(abs((byId["occupancy"]?.shortfall ?? 0) - 0.25) < 1e-9)
        #expect(abs((byId["cpt-space-multiple"]?.shortfall ?? 0) - 0.5) < 1e-9)
        #expect(byId["icrc-toilets"]?.actual == 40)
        #expect(byId["icrc-toilets"]?.shortfall == 15)
    }

    /// One facility with `facts` (each from source `pbs`), checked.
    private func checks(_ facts: [(Attribute, FactValue)]) throws -> [String: StandardCheck] {
        let store = try makeTestStore()
        try Samples.load(into: store)
        for (attribute, value) in facts {
            try store.addFact(
                Fact(
                    facilityId: "cecot", attribute: attribute, value: value,
                    asOf: day("2025-02-01"), sourceIds: ["pbs"]))
        }
        let model = try BriefingFixtures.model(
            store,
            ReportRequest(selection: Selection(facilityIds: ["cecot"]), asOf: BriefingFixtures.asOf)
        )
        let report = try #require(model.facilities.first)
        return Dictionary(uniqueKeysWithValues: report.checks.map { ($0.standard.id, $0) })
    }

    @Test(
        "each numeric standard both ways, with the limit itself counting as meeting it",
        arguments: [
            // population, capacity, floor area, toilets, standard, expected outcome
            (40_000.0, 40_000.0, 0.0, 0.0, "occupancy", StandardCheck.Outcome.meets),
            (40_001.0, 40_000.0, 0.0, 0.0, "occupancy", .fallsShort),
            (100.0, 200.0, 400.0, 0.0, "cpt-space-multiple", .meets),
            (100.0, 200.0, 399.0, 0.0, "cpt-space-multiple", .fallsShort),
            (100.0, 200.0, 340.0, 0.0, "icrc-space-dormitory", .meets),
            (100.0, 200.0, 339.0, 0.0, "icrc-space-dormitory", .fallsShort),
            (100.0, 200.0, 0.0, 4.0, "icrc-toilets", .meets),
            (100.0, 200.0, 0.0, 3.0, "icrc-toilets", .fallsShort),
        ])
    func numericStandard(
        population: Double, capacity: Double, area: Double, toilets: Double, standard: String,
        expected: StandardCheck.Outcome
    ) throws {
        // Given a facility with these figures (zero means "no fact")
        var facts: [(Attribute, FactValue)] = [
            (.population, .number(population)), (.designCapacity, .number(capacity)),
        ]
        if area > 0 { facts.append((.floorAreaM2, .number(area))) }
        if toilets > 0 { facts.append((.toilets, .number(toilets))) }

        // When it is checked
        let check = try #require(try checks(facts)[standard])

        // Then the outcome is as expected and rests on the facts used
        #expect(check.outcome == expected)
        #expect(!check.facts.isEmpty)
    }

    @Test(
        "condition rules: inadequate/absent fall short, adequate meets, unknown is not enough",
        arguments: [Attribute.sanitation, .potableWater, .temperatureControl, .ventilation])
    func conditionRules(attribute: Attribute) throws {
        let standard = [
            Attribute.sanitation: "mandela-15-sanitation", .potableWater: "mandela-22-2-water",
            .temperatureControl: "mandela-13-temperature", .ventilation: "mandela-13-ventilation",
        ][attribute]!
        for (level, expected) in [
            (ConditionLevel.inadequate, StandardCheck.Outcome.fallsShort), (.absent, .fallsShort),
            (.adequate, .meets), (.unknown, .notEnoughEvidence),
        ] {
            // Given a facility whose only fact is this condition at this level
            // When it is checked
            let check = try #require(try checks([(attribute, .level(level))])[standard])
            // Then the outcome follows the level
            #expect(check.outcome == expected, "\(attribute.rawValue) \(level.rawValue)")
        }
    }

    @Test(
        "a missing input gives 'not enough evidence' even when the other input is disputed"
    )
    func missingInputBeatsDisputedInput() throws {
        // Given CECOT with a disputed population (two sources, same day) and no floor area
        let store = try makeTestStore()
        try Samples.load(into: store)
        for (value, source) in [(30_000.0, "pbs"), (35_000.0, "reason")] {
            try store.addFact(
                Fact(
                    facilityId: "cecot", attribute: .population, value: .number(value),
                    asOf: day("2025-02-01"), sourceIds: [source]))
        }

        // When it is checked and rendered
        let model = try BriefingFixtures.model(
            store,
            ReportRequest(selection: Selection(facilityIds: ["cecot"]), asOf: BriefingFixtures.asOf)
        )
        let check = try #require(
            model.facilities.first?.checks.first { $0.standard.id == "cpt-space-multiple" })
        let markdown = try MarkdownReportBuilder(library: BriefingFixtures.library()).render(model)

        // Then the space check says there is not enough evidence (no floor area), not "disputed":
        // no value of the population could make it computable
        #expect(check.outcome == .notEnoughEvidence)
        #expect(!markdown.contains("| disputed | not enough evidence: no floor area (m²) figure"))
        #expect(check.note == "not enough evidence: no floor area (m²) figure")
    }

    @Test("a facility with no facts: every check is 'not enough evidence', never 'meets'")
    func noFactsNeverMeets() throws {
        // Given a facility with no facts at all
        // When it is checked
        let all = try checks([])

        // Then every standard says not enough evidence
        #expect(all.count == 9)
        #expect(all.values.allSatisfy { $0.outcome == .notEnoughEvidence })
        #expect(all.values.allSatisfy { $0.facts.isEmpty })
    }

    @Test(
        "the text: 'falls short' of Rule 15 when sanitation is absent, else not enough evidence"
    )
    func standardsInText() throws {
        // Given CECOT with sanitation absent, and Izalco with no facts
        let store = try makeTestStore()
        try Samples.load(into: store)
        try store.addFact(
            Fact(
                facilityId: "cecot", attribute: .sanitation, value: .level(.absent),
                asOf: day("2025-02-01"), sourceIds: ["pbs"]))

        // When both are rendered
        let markdown = try BriefingFixtures.markdown(store)
        let cecot = markdownSection("Terrorism Confinement Center (CECOT)", of: markdown)
        let izalco = markdownSection("Izalco Prison", of: markdown)

        // Then CECOT's shortfall is listed and tabled against the Nelson Mandela Rules, Rule 15
        #expect(cecot.contains("Falls short of:"))
        #expect(
            cecot.contains(
                "(Nelson Mandela Rules, Rule 15): Sanitation reported absent [1]"))
        #expect(
            markdownLines(cecot, startingWith: "| Sanitary installations").first?.contains(
                "| Nelson Mandela Rules, Rule 15 | falls short | Sanitation reported absent | [1] |"
            ) == true)
        // And Izalco, with no facts, gets no section of empty tables: it is listed once, by name
        #expect(izalco.isEmpty)
        #expect(
            markdownSection("Facilities without evidence yet", of: markdown).contains("- Izalco Prison"))
    }

    // MARK: Disputed figures

    @Test(
        "disagreeing sources: both sides with footnotes, occupancy not computed"
    )
    func disputedFigure() throws {
        // Given the fixture: south's population is 800 (Radio Sur, [4]) vs 950 (Observatorio, [5])
        let store = try BriefingFixtures.richStore()

        // When it is rendered
        let model = try BriefingFixtures.model(store)
        let markdown = try MarkdownReportBuilder(library: BriefingFixtures.library()).render(model)
        let south = markdownSection("Southern Holding Centre", of: markdown)
        let disputes = markdownSection("Disputed figures", of: markdown)

        // Then the key figure row says "disputed:" with both values and both footnotes
        #expect(
            south.contains(
                #"| Population | disputed: 800 \[4\] vs 950 \[5\] | "#
                    + "2025-02-10 | reported | [4, 5] |"
            ))
        // And occupancy is not computed from either side
        #expect(
            markdownLines(south, startingWith: "| Occupancy |").first?.contains(
                "| not computed: population is disputed |")
                == true)
        #expect(!south.contains("80 %"))
        #expect(!south.contains("95 %"))
        let report = try #require(model.facilities.first { $0.facility.id == "south" })
        #expect(report.figures.derived[.occupancy]?.value == nil)
        #expect(report.figures.derived[.occupancy]?.hasDisputedInput == true)
        // And the Disputed figures section lists both sides
        #expect(
            disputes.contains(
                "- Southern Holding Centre, Population, as of 10 February 2025: "
                    + "800 (reported) [4]; 950 (reported) [5]\n"
            ))
        #expect(!disputes.contains("No figure in this briefing is disputed."))
        #expect(model.disputes.count == 1)
    }

    @Test("a fact marked disputed makes its figure disputed even with one source")
    func markedDisputed() throws {
        // Given CECOT whose only population fact has status disputed
        let store = try makeTestStore()
        try Samples.load(into: store)
        try store.addFact(
            Fact(
                facilityId: "cecot", attribute: .population, value: .number(30_000),
                asOf: day("2025-02-01"),
                status: .disputed, sourceIds: ["pbs"]))
        try store.addFact(
            Fact(
                facilityId: "cecot", attribute: .designCapacity, value: .number(40_000),
                asOf: day("2025-02-01"), sourceIds: ["reason"]))

        // When it is rendered
        let markdown = try BriefingFixtures.markdown(
            store,
            ReportRequest(selection: Selection(facilityIds: ["cecot"]), asOf: BriefingFixtures.asOf)
        )

        // Then the figure is shown as disputed and occupancy (75 %) is not computed
        #expect(
            markdown.contains(
                #"| Population | disputed: 30,000 \[2\] | 2025-02-01 | disputed | [2] |"#))
        #expect(!markdown.contains("75 %"))
        #expect(
            markdown.contains(
                "- Terrorism Confinement Center (CECOT), Population, as of 1 February 2025: "
                    + "30,000 (disputed) [2]\n"
            ))
    }

    // MARK: Empty selections and unknown ids

    @Test("a store with a facility but no facts says there is no evidence yet, and does not throw")
    func noEvidence() throws {
        // Given a store with one facility and nothing else
        let store = try makeTestStore()
        try store.addFacility(Samples.cecot)

        // When it is rendered
        let markdown = try BriefingFixtures.markdown(store)

        // Then it says so, lists the facility once without empty tables, and cites nothing
        #expect(markdown.contains("There is no evidence yet for this selection."))
        #expect(!markdown.contains("| Design capacity | no evidence yet | – | – |  |"))
        #expect(markdownSection("Facilities without evidence yet", of: markdown).contains("- \(Samples.cecot.name)"))
        #expect(markdown.contains("No figure in this briefing is disputed."))
        #expect(markdown.contains("No events recorded."))
        #expect(markdown.contains("No sources cited."))
        #expect(!markdown.contains("Falls short of:"))
        #expect(markdown.hasSuffix(".\n") && !markdown.hasSuffix("\n\n"))
    }

    @Test("an empty store renders a briefing about nothing without throwing")
    func emptyStore() throws {
        // Given an empty store
        let store = try makeTestStore()

        // When everything is rendered
        let markdown = try BriefingFixtures.markdown(store)

        // Then the briefing says there is no evidence and has no facility section
        #expect(markdown.hasPrefix("# Briefing: places of detention\n"))
        #expect(markdown.contains("There is no evidence yet for this selection."))
        #expect(!markdown.contains("### Key figures"))
    }

    @Test("an unknown facility or country is an error naming it")
    func unknownSelection() throws {
        // Given the sample
        let store = try BriefingFixtures.sampleStore()
        let builder = try ReportBuilder(standards: BriefingFixtures.standards())

        // When a facility or a country that is not in the store is asked for
        // Then the error names it
        #expect(throws: ReportError.unknownFacility(id: "nope")) {
            try builder.build(
                from: store, request: ReportRequest(selection: Selection(facilityIds: ["nope"])))
        }
        #expect(throws: ReportError.unknownCountry(code: "ZZ")) {
            try builder.build(
                from: store, request: ReportRequest(selection: Selection(countries: ["ZZ"])))
        }
        #expect(
            ReportError.unknownFacility(id: "nope").errorDescription?.contains("'nope'") == true)
        #expect(ReportError.unknownCountry(code: "ZZ").errorDescription?.contains("'ZZ'") == true)
    }

    @Test("titles: one facility by name, a country selection by its name, or an explicit title")
    func titles() throws {
        // Given the fixture
        let store = try BriefingFixtures.richStore()

        // When it is rendered for one facility, for a country, and with a title
        let one = try BriefingFixtures.markdown(
            store,
            ReportRequest(selection: Selection(facilityIds: ["south"]), asOf: BriefingFixtures.asOf)
        )
        let country = try BriefingFixtures.markdown(
            store,
            ReportRequest(selection: Selection(countries: ["SV"]), asOf: BriefingFixtures.asOf))
        let titled = try BriefingFixtures.markdown(
            store, ReportRequest(asOf: BriefingFixtures.asOf, title: "Weekly *update*"))

        // Then each heading says what it covers, escaped
        #expect(one.hasPrefix("# Briefing: Southern Holding Centre\n"))
        #expect(one.contains("Covers facility south"))
        #expect(!one.contains("## Northern Regional Prison"))
        #expect(country.hasPrefix("# Briefing: places of detention in El Salvador\n"))
        #expect(country.contains("Covers El Salvador (SV)"))
        #expect(titled.hasPrefix("# Weekly \\*update\\*\n"))
    }
}
