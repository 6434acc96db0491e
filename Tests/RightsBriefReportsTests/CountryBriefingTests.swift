import Foundation
import RightsBriefCore
@testable import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// What a briefing about several facilities promises: the overview first, counts that match
/// the facts, facilities without evidence listed once, the 100 % edge, names not codes.
@Suite struct CountryBriefingTests {
    @Test(arguments: [BriefingDetail.full, .summary, .overview])
    func goldenAtEachDetailLevel(detail: BriefingDetail) throws {
        // Given the small country fixture
        let store = try CountryFixtures.store()
        // When the country briefing is rendered at each detail level
        let markdown = try CountryFixtures.markdown(store, detail: detail)
        // Then it matches its golden file byte for byte
        try BriefingFixtures.expectGolden(markdown, "briefing-country-\(detail.rawValue).md")
    }

    @Test(arguments: [BriefingDetail.full, .summary, .overview])
    func noFacilitySectionPrecedesTheOverview(detail: BriefingDetail) throws {
        // Given the country fixture
        let store = try CountryFixtures.store()
        // When it is rendered
        let markdown = try CountryFixtures.markdown(store, detail: detail)
        // Then the overview is the first section, before any facility name appears
        let overview = try #require(markdown.range(of: "\n## Overview\n"))
        let headings = markdownLines(markdown, startingWith: "## ")
        #expect(headings.first == "## Overview")
        for name in ["Northern Regional Prison", "Southern Holding Centre", "Eastern Women", "Harbour Police Cells"] {
            if let first = markdown.range(of: name) {
                #expect(first.lowerBound > overview.lowerBound, "\(name) appears before the overview")
            }
        }
    }

    @Test(arguments: [Audience.public, .internal], ["2025-03-01", "2025-02-15"])
    func overviewCountsEqualThoseComputedFromTheFacts(audience: Audience, asOf: String) throws {
        // Given the country fixture (with a restricted population and a fact after the as-of date)
        let store = try CountryFixtures.store()
        let request = ReportRequest(selection: Selection(countries: ["SV"]), audience: audience, asOf: day(asOf))
        // When the model is built
        let overview = try #require(try BriefingFixtures.model(store, request).overview)
        // Then its counts equal those computed here, independently, from the raw facts
        let expected = try IndependentCount(store: store, audience: audience, asOf: day(asOf))
        #expect(expected.withFigure[.population, default: 0] > 0)
        #expect(overview.facilities == expected.facilities)
        #expect(overview.withoutEvidence == expected.withoutEvidence)
        for attribute in [Attribute.designCapacity, .population, .sanitation, .deathsInCustody] {
            let line = try #require(overview.figures.first { $0.key == attribute.rawValue })
            #expect(line.facilities == expected.withFigure[attribute, default: 0], "\(attribute)")
            #expect(line.disputed == expected.disputed[attribute, default: 0], "\(attribute)")
        }
        #expect(overview.totals.facilities == expected.paired)
        #expect(overview.totals.population == expected.population)
        #expect(overview.totals.designCapacity == expected.capacity)
        #expect(overview.overcrowded == expected.overcrowded)
        #expect(overview.deaths == expected.deaths)
        let occupancy = try #require(overview.standards.first { $0.standard.id == "occupancy" })
        #expect(occupancy.fallsShort == expected.overcrowded)
        #expect(occupancy.meets == expected.paired - expected.overcrowded)
        // And the streamed export's overview table says the same
        let job = try ReportJob(
            store: store, request: request, locator: try ResourceLocator(), today: BriefingFixtures.asOf)
        let csv = try #require(BriefingFixtures.csvTables(try job.model())["overview"])
        #expect(csv.contains("overcrowding,above 100 % of design capacity,facilities,\(expected.overcrowded),"))
    }

    @Test func facilityWithoutEvidenceHasNoEmptyTables() throws {
        // Given the country fixture, where west has no facts and late's only fact is too new
        let store = try CountryFixtures.store()
        // When the full briefing is rendered
        let markdown = try CountryFixtures.markdown(store, detail: .full)
        // Then neither gets a section; each is named once, in the list of facilities without evidence
        #expect(!markdown.contains("## Western Juvenile Centre"))
        #expect(!markdown.contains("## Lakeside Centre"))
        #expect(markdown.components(separatedBy: "Western Juvenile Centre").count == 2)
        let list = markdownSection("Facilities without evidence yet", of: markdown)
        #expect(list.contains("- Western Juvenile Centre (La Libertad)"))
        #expect(list.contains("- Lakeside Centre\n"))
        // And a section's standards without evidence collapse into one line
        let east = markdownSection("Eastern Women's Centre", of: markdown)
        #expect(!east.contains("| not enough evidence |"))
        #expect(east.contains("Not enough evidence for: "))
    }

    @Test func exactlyFullIsNotOvercrowdingAndJustOverShowsItsDecimal() throws {
        // Given east at exactly 100 % and harbour at 100.5 %
        let store = try CountryFixtures.store()
        // When the full briefing is rendered
        let markdown = try CountryFixtures.markdown(store, detail: .full)
        // Then east meets the occupancy standard and harbour falls short, visibly over 100 %
        let east = markdownSection("Eastern Women's Centre", of: markdown)
        #expect(east.contains("| World Prison Brief, occupancy level | meets | Occupancy 100 % against a maximum of 100 % |"))
        #expect(!east.contains("Falls short of"))
        let harbour = markdownSection("Harbour Police Cells", of: markdown)
        #expect(harbour.contains("Occupancy 100.5 % against a maximum of 100 % (0.5 percentage points over)"))
    }

    @Test func onePercentagePointIsSingular() throws {
        // Given a facility at 101 %
        let store = try makeTestStore()
        try store.addFacility(Facility(id: "one", name: "One Over", country: "SV"))
        try store.addSource(Source(id: "s", url: nil, title: "Count", publisher: "P", publishedOn: day("2025-01-01")))
        try store.addFact(Fact(facilityId: "one", attribute: .designCapacity, value: .number(1000), asOf: day("2025-01-01"), sourceIds: ["s"]))
        try store.addFact(Fact(facilityId: "one", attribute: .population, value: .number(1010), asOf: day("2025-01-01"), sourceIds: ["s"]))
        // When its briefing is rendered
        let markdown = try BriefingFixtures.markdown(store)
        // Then the gap is "1 percentage point", not "points"
        #expect(markdown.contains("(1 percentage point over)"))
    }

    @Test func countriesAreNamedNotCoded() throws {
        // Given the platform's locale data
        // Then codes become names, and an unknown code stays as it is
        #expect(CountryNames.name("SV") == "El Salvador")
        #expect(CountryNames.name("US") == "United States")
        #expect(CountryNames.name("QZ") == "QZ")
        // And the country briefing's title and sections use the name
        let markdown = try CountryFixtures.markdown(try CountryFixtures.store(), detail: .full)
        #expect(markdown.hasPrefix("# Briefing: places of detention in El Salvador\n"))
        #expect(markdown.contains("Country: El Salvador · Kind: prison"))
    }

    @Test(arguments: [FacilityOrder.occupancy, .name, .region])
    func facilitiesFollowTheChosenOrder(order: FacilityOrder) throws {
        // Given the country fixture
        let store = try CountryFixtures.store()
        let request = ReportRequest(selection: Selection(countries: ["SV"]), asOf: BriefingFixtures.asOf, order: order)
        // When the model is built in each order
        let names = try BriefingFixtures.model(store, request).facilities.map(\.facility.name)
        // Then the facilities follow it
        switch order {
        case .occupancy:
            #expect(Array(names.prefix(3)) == ["Northern Regional Prison", "Harbour Police Cells", "Eastern Women's Centre"])
        case .name:
            #expect(names == names.sorted { $0.lowercased() < $1.lowercased() })
        case .region:
            #expect(names.first == "Harbour Police Cells" && names.last == "Southern Holding Centre")
        }
    }

    @Test func templatesSeeExactlyTheStoredProperties() throws {
        // Given the view model of the full country briefing (every view type present)
        let model = try BriefingFixtures.model(
            try CountryFixtures.store(),
            ReportRequest(selection: Selection(countries: ["SV"]), asOf: BriefingFixtures.asOf, detail: .full))
        var context = ReportContext(model)
        context.changes = ReportContext.changes(ChangeDigest(since: "x", addedFacts: model.evidence.facts))
        // When every struct is read through MustacheParent and through Mirror
        var checked = 0
        func walk(_ value: Any) {
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional || mirror.displayStyle == .collection {
                for child in mirror.children { walk(child.value) }
                return
            }
            guard mirror.displayStyle == .struct, String(describing: type(of: value)) != "String" else { return }
            let fast = mustacheChild(of: value, named: "no-such-key")
            #expect(fast != nil, "\(type(of: value)) is not a MustacheParent")
            if case .some(.some) = fast { Issue.record("\(type(of: value)) answers an unknown key") }
            for child in mirror.children {
                guard let label = child.label else { continue }
                let seen = mustacheChild(of: value, named: label) ?? nil
                // Then both give the same value for every property
                #expect(
                    seen.map { String(describing: $0) } == unwrapped(child.value).map { String(describing: $0) },
                    "\(type(of: value)).\(label)")
                checked += 1
                walk(child.value)
            }
        }
        walk(context)
        #expect(checked > 100)
    }

    private func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// Overview counts computed straight from the raw facts, without the report model.
private struct IndependentCount {
    var facilities = 0
    var withoutEvidence = 0
    var withFigure: [Attribute: Int] = [:]
    var disputed: [Attribute: Int] = [:]
    var paired = 0
    var population = 0.0
    var capacity = 0.0
    var overcrowded = 0
    var deaths = 0.0

    init(store: FactStore, audience: Audience, asOf: Day) throws {
        let raw = try store.evidence(Selection(countries: ["SV"]))
        let visibleSources = Set(raw.sources.filter { audience.allows($0.sensitivity) }.map(\.id))
        let kept = raw.facts.filter { fact in
            fact.asOf <= asOf && audience.allows(fact.sensitivity) && !fact.isRetracted
                && fact.sourceIds.contains { visibleSources.contains($0) }
        }
        let superseded = Set(kept.compactMap(\.supersedes))
        let standing = kept.filter { !superseded.contains($0.id ?? -1) }
        for facility in raw.facilities {
            facilities += 1
            let own = standing.filter { $0.facilityId == facility.id }
            if own.isEmpty { withoutEvidence += 1 }
            var agreed: [Attribute: Double] = [:]
            for attribute in Attribute.allCases {
                let facts = own.filter { $0.attribute == attribute }
                guard let newest = facts.map(\.asOf).max() else { continue }
                let latest = facts.filter { $0.asOf == newest }
                let values = Set(latest.map { "\($0.value)" })
                if values.count > 1 || latest.contains(where: { $0.status == .disputed }) {
                    disputed[attribute, default: 0] += 1
                } else {
                    withFigure[attribute, default: 0] += 1
                    if case .number(let number) = latest[0].value { agreed[attribute] = number }
                }
            }
            if let people = agreed[.population], let places = agreed[.designCapacity] {
                paired += 1
                population += people
                capacity += places
                if places > 0, people / places > 1 { overcrowded += 1 }
            }
            deaths += agreed[.deathsInCustody] ?? 0
        }
    }
}

extension CountryBriefingTests {
    @Test func everyOverviewNumberThatRestsOnFactsIsFootnoted() throws {
        // Given the country briefing
        let markdown = try CountryFixtures.markdown(try CountryFixtures.store(), detail: .overview)
        let overview = markdownSection("Overview", of: markdown)
        let cited = markdownLines(markdownSection("Sources", of: markdown), startingWith: "").filter {
            $0.first?.isNumber == true
        }.count
        // When the key-figure rows with a value are read
        let rows = markdownLines(overview, startingWith: "| ").filter {
            !$0.hasPrefix("| Figure ") && !$0.hasPrefix("|---") && !$0.contains("| 0 | 0 |  |")
        }
        #expect(rows.count > 5)
        // Then each ends with footnotes (ranges allowed) that exist under Sources
        for row in rows.prefix { !$0.hasPrefix("| #") } where !row.hasPrefix("| Standard") {
            let cells = row.split(separator: "|", omittingEmptySubsequences: false)
            let notes = cells[cells.count - 2].trimmingCharacters(in: .whitespaces)
            #expect(notes.hasPrefix("[") && notes.hasSuffix("]"), "no footnote on: \(row)")
            let numbers = notes.dropFirst().dropLast().split(separator: ",").flatMap { part in
                part.split(separator: "–").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            }
            #expect(!numbers.isEmpty && numbers.allSatisfy { (1...cited).contains($0) }, "bad footnote on: \(row)")
        }
    }
}

extension CountryBriefingTests {
    @Test func aggregateCitationsAreRangesAndCountedPastTheLimit() {
        // Given the footnotes behind an overview number
        let numbers = [1, 2, 3, 5, 7, 8, 10]
        // When they are written with and without a limit
        // Then runs become ranges, and past the limit the rest is counted, not listed
        #expect(Formatting.citationRanges(numbers) == "1–3, 5, 7, 8, 10")
        #expect(Formatting.citationRanges(numbers, limit: 2) == "1–3, 5, … 7 sources in all")
        #expect(Formatting.citationRanges([]) == nil)
    }
}

extension CountryBriefingTests {
    @Test func changeDigestSummarisesFirstAndNamesNewShortfalls() throws {
        // Given the country model and a previous report made before any fact was recorded
        let model = try BriefingFixtures.model(
            try CountryFixtures.store(),
            ReportRequest(selection: Selection(countries: ["SV"]), asOf: BriefingFixtures.asOf))
        // When the digest is computed against that report, and against one made after everything
        let everything = ChangeDigest.compute(for: model, since: "0001-01-01T00:00:00Z")
        let nothing = ChangeDigest.compute(for: model, since: "9999-01-01T00:00:00Z")
        // Then every current shortfall is new the first time and none the second
        let shortfalls = model.facilities.flatMap { report in
            report.checks.filter { $0.outcome == .fallsShort }.map { "\(report.facility.id) \($0.standard.id)" }
        }
        #expect(!shortfalls.isEmpty)
        #expect(everything.newlyFallingShort.map { "\($0.facilityId) \($0.standard.id)" } == shortfalls)
        #expect(nothing.newlyFallingShort.isEmpty)
        // And the digest opens with its counts, before the lines of detail
        let changes = ReportContext.changes(everything)
        #expect(changes.summary?.hasPrefix("\(everything.addedFacts.count) facts added, ") == true)
        #expect(changes.hasNewlyShort)
        #expect(changes.newlyShort.first?.text.hasPrefix("Northern Regional Prison: occupancy") == true)
    }
}
