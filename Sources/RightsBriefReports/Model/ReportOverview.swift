import RightsBriefCore

/// The opening of a briefing about several facilities: what the selection adds up to.
///
/// Computed from the same ``FacilityReport``s as the facility sections (so redaction and the
/// as-of date apply), one facility at a time, so the streamed exports can build it without
/// holding the evidence. Every number that rests on facts carries the ids of the sources
/// behind those facts; counts of facilities come from the facility register, not from sources.
public struct ReportOverview: Sendable, Equatable {
    /// How many facilities have a figure, and the sources behind those figures.
    public struct FigureCount: Sendable, Equatable {
        /// An ``Attribute`` key or a ``DerivedFigure/Kind`` key.
        public var key: String
        public var label: String
        /// Facilities with an agreed (undisputed) value.
        public var facilities: Int
        /// Facilities whose latest value is disputed.
        public var disputed: Int
        public var sourceIds: [String]
    }

    /// How the facilities fare against one standard.
    public struct StandardTally: Sendable, Equatable {
        public var standard: Standard
        public var fallsShort: Int
        public var meets: Int
        public var disputed: Int
        public var notEnoughEvidence: Int
        public var fallsShortSourceIds: [String]
        public var meetsSourceIds: [String]
        public var disputedSourceIds: [String]
    }

    /// One facility in a ranking (most overcrowded, deaths in custody).
    public struct Ranked: Sendable, Equatable {
        public var facility: Facility
        public var value: Double
        public var sourceIds: [String]
    }

    /// Totals over the facilities that have both an agreed population and design capacity.
    public struct Totals: Sendable, Equatable {
        public var facilities: Int = 0
        public var population: Double = 0
        public var designCapacity: Double = 0
        public var sourceIds: [String] = []

        /// Total population ÷ total design capacity; `nil` without capacity.
        public var occupancy: Double? { designCapacity > 0 ? population / designCapacity : nil }
    }

    /// One region's line in the table of regions.
    public struct RegionRow: Sendable, Equatable {
        /// The region; `nil` for facilities without one.
        public var region: String?
        public var facilities: Int
        /// Facilities with at least one fact.
        public var withEvidence: Int
        /// Totals over this region's facilities with both figures.
        public var totals: Totals
        /// Facilities above 100 % of design capacity.
        public var overcrowded: Int
        public var overcrowdedSourceIds: [String]
    }

    /// How many facilities a ranking lists at most.
    public static let rankingLength = 20

    public var facilities: Int = 0
    /// Facilities with no fact at all (after redaction and the as-of date).
    public var withoutEvidence: Int = 0
    public var figures: [FigureCount] = []
    public var totals = Totals()
    public var standards: [StandardTally] = []
    /// Facilities whose occupancy is above 100 % (the World Prison Brief's overcrowding).
    public var overcrowded: Int = 0
    public var overcrowdedSourceIds: [String] = []
    /// The most overcrowded facilities, highest occupancy first (at most ``rankingLength``).
    public var mostOvercrowded: [Ranked] = []
    /// Deaths in custody summed over the facilities' latest agreed figures.
    public var deaths: Double = 0
    /// Facilities with an agreed deaths-in-custody figure.
    public var deathsReported: Int = 0
    public var deathsSourceIds: [String] = []
    /// Facilities with the most deaths in custody (at most ``rankingLength``, more than 0).
    public var mostDeaths: [Ranked] = []
    /// Regions by name; facilities without a region last.
    public var regions: [RegionRow] = []

    /// Every source id the overview cites, in the order its numbers appear.
    public var citedSourceIds: [String] {
        var ids = figures.flatMap(\.sourceIds) + totals.sourceIds
        for tally in standards { ids += tally.fallsShortSourceIds + tally.meetsSourceIds + tally.disputedSourceIds }
        ids += overcrowdedSourceIds + mostOvercrowded.flatMap(\.sourceIds) + deathsSourceIds
        ids += mostDeaths.flatMap(\.sourceIds)
        for row in regions { ids += row.totals.sourceIds + row.overcrowdedSourceIds }
        return ids
    }

    /// The overview of `reports`.
    public init(_ reports: some Sequence<FacilityReport>, standards: [Standard]) {
        var builder = Builder(standards: standards)
        for report in reports { builder.add(report) }
        self = builder.overview
    }

    init() {}

    /// Adds facilities one at a time (for the streamed exports).
    public struct Builder {
        private var result = ReportOverview()
        private let standards: [Standard]
        private var figureKeys: [(key: String, label: String)]
        private var figureCounts: [String: (agreed: Int, disputed: Int, sources: Set<String>)] = [:]
        private var totalsSources = Set<String>()
        private var tallies: [[StandardCheck.Outcome: Int]]
        private var tallySources: [[StandardCheck.Outcome: Set<String>]]
        private var overcrowdedSources = Set<String>()
        private var overcrowdedAll: [Ranked] = []
        private var deathsSources = Set<String>()
        private var deathsAll: [Ranked] = []
        private var regions: [String?: (row: RegionRow, sources: Set<String>, overcrowded: Set<String>)] = [:]

        /// The attributes and derived figures counted, in the order the overview lists them.
        static let figureKeys: [(key: String, label: String)] =
            [Attribute.designCapacity, .population].map { ($0.rawValue, $0.label) }
            + [(DerivedFigure.Kind.occupancy.rawValue, DerivedFigure.Kind.occupancy.label)]
            + [Attribute.sanitation, .potableWater, .temperatureControl, .ventilation, .floorAreaM2, .toilets,
               .waterLitresPerPersonDay, .deathsInCustody].map { ($0.rawValue, $0.label) }

        public init(standards: [Standard]) {
            self.standards = standards
            figureKeys = Self.figureKeys
            tallies = Array(repeating: [:], count: standards.count)
            tallySources = Array(repeating: [:], count: standards.count)
        }

        /// Counts one facility.
        public mutating func add(_ report: FacilityReport) {
            let figures = report.figures
            result.facilities += 1
            let hasEvidence = !figures.latest.isEmpty
            if !hasEvidence { result.withoutEvidence += 1 }

            // The sets are changed where they are stored: a copy taken out of the dictionary
            // and put back would copy the whole set on every facility.
            for (attribute, figure) in figures.latest {
                count(attribute.rawValue, disputed: figure.isDisputed, sources: figure.sourceIds)
            }
            let occupancy = figures.derived[.occupancy]
            if let occupancy, occupancy.value != nil || occupancy.hasDisputedInput {
                count(DerivedFigure.Kind.occupancy.rawValue, disputed: occupancy.value == nil, sources: occupancy.sourceIds)
            }

            var paired = Totals()
            if let population = figures.latest[.population]?.value?.number,
                let capacity = figures.latest[.designCapacity]?.value?.number
            {
                paired = Totals(
                    facilities: 1, population: population, designCapacity: capacity,
                    sourceIds: occupancy?.sourceIds ?? [])
                result.totals.facilities += 1
                result.totals.population += population
                result.totals.designCapacity += capacity
                totalsSources.formUnion(paired.sourceIds)
            }

            for (index, check) in report.checks.enumerated() where index < standards.count {
                tallies[index][check.outcome, default: 0] += 1
                tallySources[index][check.outcome, default: []].formUnion(check.facts.flatMap(\.sourceIds))
            }

            var isOvercrowded = false
            if let occupancy, let value = occupancy.value, value > 1 {
                isOvercrowded = true
                result.overcrowded += 1
                overcrowdedSources.formUnion(occupancy.sourceIds)
                overcrowdedAll.append(Ranked(facility: report.facility, value: value, sourceIds: occupancy.sourceIds))
            }
            if let deaths = figures.latest[.deathsInCustody], let value = deaths.value?.number {
                result.deaths += value
                result.deathsReported += 1
                deathsSources.formUnion(deaths.sourceIds)
                if value > 0 {
                    deathsAll.append(Ranked(facility: report.facility, value: value, sourceIds: deaths.sourceIds))
                }
            }

            let region = report.facility.region.flatMap { $0.isEmpty ? nil : $0 }
            if regions[region] == nil {
                regions[region] = (
                    RegionRow(
                        region: region, facilities: 0, withEvidence: 0, totals: Totals(), overcrowded: 0,
                        overcrowdedSourceIds: []), [], []
                )
            }
            regions[region]?.row.facilities += 1
            if hasEvidence { regions[region]?.row.withEvidence += 1 }
            regions[region]?.row.totals.facilities += paired.facilities
            regions[region]?.row.totals.population += paired.population
            regions[region]?.row.totals.designCapacity += paired.designCapacity
            regions[region]?.sources.formUnion(paired.sourceIds)
            if isOvercrowded, let occupancy {
                regions[region]?.row.overcrowded += 1
                regions[region]?.overcrowded.formUnion(occupancy.sourceIds)
            }
        }

        /// Counts one facility's value of the figure `key`.
        private mutating func count(_ key: String, disputed: Bool, sources: [String]) {
            if disputed {
                figureCounts[key, default: (0, 0, [])].disputed += 1
            } else {
                figureCounts[key, default: (0, 0, [])].agreed += 1
            }
            figureCounts[key, default: (0, 0, [])].sources.formUnion(sources)
        }

        /// The overview of the facilities added so far.
        public var overview: ReportOverview {
            var out = result
            out.figures = figureKeys.map { key, label in
                let count = figureCounts[key] ?? (0, 0, [])
                return FigureCount(
                    key: key, label: label, facilities: count.agreed, disputed: count.disputed,
                    sourceIds: count.sources.sorted())
            }
            out.totals.sourceIds = totalsSources.sorted()
            out.standards = standards.enumerated().map { index, standard in
                let counts = tallies[index]
                let sources = tallySources[index]
                return StandardTally(
                    standard: standard, fallsShort: counts[.fallsShort] ?? 0, meets: counts[.meets] ?? 0,
                    disputed: counts[.disputed] ?? 0, notEnoughEvidence: counts[.notEnoughEvidence] ?? 0,
                    fallsShortSourceIds: (sources[.fallsShort] ?? []).sorted(),
                    meetsSourceIds: (sources[.meets] ?? []).sorted(),
                    disputedSourceIds: (sources[.disputed] ?? []).sorted())
            }
            out.overcrowdedSourceIds = overcrowdedSources.sorted()
            out.mostOvercrowded = Self.top(overcrowdedAll)
            out.deathsSourceIds = deathsSources.sorted()
            out.mostDeaths = Self.top(deathsAll)
            out.regions = regions.values.map { entry in
                var row = entry.row
                row.totals.sourceIds = entry.sources.sorted()
                row.overcrowdedSourceIds = entry.overcrowded.sorted()
                return row
            }.sorted { left, right in
                switch (left.region, right.region) {
                case (nil, _): false
                case (_, nil): true
                case (let a?, let b?): (a.lowercased(), a) < (b.lowercased(), b)
                }
            }
            return out
        }

        /// The highest values first, ties by name then id, at most ``rankingLength``.
        static func top(_ ranked: [Ranked]) -> [Ranked] {
            Array(
                ranked.sorted { a, b in
                    if a.value != b.value { return a.value > b.value }
                    return FacilityOrder.nameKey(a.facility) < FacilityOrder.nameKey(b.facility)
                }.prefix(ReportOverview.rankingLength))
        }
    }
}
