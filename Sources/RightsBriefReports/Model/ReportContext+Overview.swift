import RightsBriefCore

extension ReportContext {
    /// The overview of a briefing about several facilities, formatted.
    public struct Overview: Sendable {
        public struct FigureLine: Sendable {
            public var label: String
            public var facilities: String
            public var disputed: String
            public var notes: String?
        }

        public struct StandardLine: Sendable {
            public var standard: String
            public var source: String
            public var fallsShort: String
            public var fallsShortNotes: String?
            public var meets: String
            public var meetsNotes: String?
            public var disputed: String
            public var disputedNotes: String?
            public var notEnoughEvidence: String
        }

        public struct RankedLine: Sendable {
            public var rank: Int
            public var name: String
            /// Set when the facility has a section to jump to.
            public var anchor: String?
            public var region: String
            public var value: String
            public var notes: String?
        }

        public struct RegionLine: Sendable {
            public var region: String
            public var facilities: String
            public var withEvidence: String
            public var population: String
            public var capacity: String
            public var occupancy: String
            public var overcrowded: String
            public var notes: String?
        }

        public var facilities: String
        /// "12 facilities", "12 centros": the number of facilities with its noun.
        public var facilitiesCounted: String
        public var withoutEvidence: String
        public var hasWithoutEvidence: Bool
        public var figures: [FigureLine]
        public var hasTotals: Bool
        /// "The 3 facilities with both figures hold" / "The 1 facility with both figures holds".
        public var totalFacilities: String
        public var totalPopulation: String
        public var totalCapacity: String
        public var totalOccupancy: String
        public var totalNotes: String?
        /// "2 facilities are" / "1 facility is".
        public var overcrowded: String
        public var overcrowdedNotes: String?
        public var standards: [StandardLine]
        public var mostOvercrowded: [RankedLine]
        public var hasMostOvercrowded: Bool
        public var rankingLength: Int
        public var hasDeaths: Bool
        public var deaths: String
        /// "2 facilities" / "1 facility".
        public var deathsReported: String
        public var deathsNotes: String?
        public var mostDeaths: [RankedLine]
        public var hasMostDeaths: Bool
        public var regions: [RegionLine]
    }

    /// Formats `overview` in the language of `words`; `linked` says whether facilities have
    /// sections to link to.
    static func overview(
        _ overview: ReportOverview, model: ReportModel, linked: Bool, words: Words = Words()
    ) -> Overview {
        func notes(_ ids: [String]) -> String? {
            Formatting.citationRanges(model.footnotes(ids), limit: citationLimit)
        }
        func count(_ value: Int) -> String { words.count(value) }
        func facilities(_ value: Int) -> String {
            words.counted("count_facilities", value, english: "\(count(value)) facilit\(value == 1 ? "y" : "ies")")
        }
        func ranked(_ list: [ReportOverview.Ranked], value: (Double) -> String) -> [Overview.RankedLine] {
            list.enumerated().map { index, entry in
                Overview.RankedLine(
                    rank: index + 1, name: entry.facility.name,
                    anchor: linked ? anchor(entry.facility.id) : nil,
                    region: entry.facility.region ?? "–", value: value(entry.value), notes: notes(entry.sourceIds))
            }
        }
        let totals = overview.totals
        let documents = Dictionary(
            model.standardDocuments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return Overview(
            facilities: count(overview.facilities), facilitiesCounted: facilities(overview.facilities),
            withoutEvidence: count(overview.withoutEvidence),
            hasWithoutEvidence: overview.withoutEvidence > 0,
            figures: overview.figures.map { line in
                Overview.FigureLine(
                    label: words.figureName(key: line.key, english: line.label), facilities: count(line.facilities),
                    disputed: count(line.disputed), notes: notes(line.sourceIds))
            },
            hasTotals: totals.facilities > 0,
            totalFacilities: words.counted(
                "overview_total_facilities", totals.facilities,
                english: "The \(facilities(totals.facilities)) with both figures hold\(totals.facilities == 1 ? "s" : "")"),
            totalPopulation: words.count(Int(totals.population)),
            totalCapacity: words.count(Int(totals.designCapacity)),
            totalOccupancy: totals.occupancy.map(words.occupancy) ?? "–", totalNotes: notes(totals.sourceIds),
            overcrowded: words.counted(
                "overview_overcrowded", overview.overcrowded,
                english: "\(facilities(overview.overcrowded)) \(overview.overcrowded == 1 ? "is" : "are")"),
            overcrowdedNotes: notes(overview.overcrowdedSourceIds),
            standards: overview.standards.map { tally in
                let document = documents[tally.standard.document].map(words.document)
                return Overview.StandardLine(
                    standard: words.summary(tally.standard),
                    source: [document?.shortName, words.provision(tally.standard)].compactMap { $0 }
                        .joined(separator: ", "),
                    fallsShort: count(tally.fallsShort), fallsShortNotes: notes(tally.fallsShortSourceIds),
                    meets: count(tally.meets), meetsNotes: notes(tally.meetsSourceIds),
                    disputed: count(tally.disputed), disputedNotes: notes(tally.disputedSourceIds),
                    notEnoughEvidence: count(tally.notEnoughEvidence))
            },
            mostOvercrowded: ranked(overview.mostOvercrowded, value: words.occupancy),
            hasMostOvercrowded: !overview.mostOvercrowded.isEmpty, rankingLength: ReportOverview.rankingLength,
            hasDeaths: overview.deathsReported > 0,
            deaths: words.counted(
                "overview_deaths", Int(overview.deaths),
                english: Formatting.grouped(Int64(overview.deaths)) + (overview.deaths == 1 ? " death" : " deaths")),
            deathsReported: facilities(overview.deathsReported), deathsNotes: notes(overview.deathsSourceIds),
            mostDeaths: ranked(overview.mostDeaths) { words.count(Int($0)) },
            hasMostDeaths: !overview.mostDeaths.isEmpty,
            regions: overview.regions.map { row in
                Overview.RegionLine(
                    region: row.region ?? words.text("region_not_recorded", english: "not recorded"),
                    facilities: count(row.facilities),
                    withEvidence: count(row.withEvidence),
                    population: row.totals.facilities > 0 ? words.count(Int(row.totals.population)) : "–",
                    capacity: row.totals.facilities > 0 ? words.count(Int(row.totals.designCapacity)) : "–",
                    occupancy: row.totals.occupancy.map(words.occupancy) ?? "–",
                    overcrowded: count(row.overcrowded),
                    notes: notes(row.totals.sourceIds + row.overcrowdedSourceIds))
            })
    }

    /// How many footnote ranges an overview number lists before counting the rest; the
    /// overview table of `export csv` lists every source id.
    static let citationLimit = 8

    /// The stable anchor of a facility's section: `facility-<id>` (ids are lowercase letters,
    /// digits and hyphens, so the anchor needs no escaping in any format).
    static func anchor(_ facilityId: String) -> String {
        "facility-\(facilityId)"
    }
}
