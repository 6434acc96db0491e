/// The latest value of one attribute for one facility, with every fact that reports it.
///
/// When the facts at the latest date disagree (or one is marked disputed) the figure is
/// *disputed*: a briefing shows every side, never silently one.
public struct Figure: Sendable, Equatable {
    public var attribute: Attribute
    public var asOf: Day
    /// The current facts at ``asOf``, sorted by id.
    public var facts: [Fact]

    /// The distinct values reported, in the order of the facts.
    public var values: [FactValue] {
        var seen: [FactValue] = []
        for fact in facts where !seen.contains(fact.value) { seen.append(fact.value) }
        return seen
    }

    /// Whether sources disagree, or a fact is marked disputed.
    public var isDisputed: Bool {
        values.count > 1 || facts.contains { $0.status == .disputed }
    }

    /// The single agreed value, or `nil` when disputed.
    public var value: FactValue? {
        isDisputed ? nil : values.first
    }

    /// Every source id the figure rests on, in first-seen order.
    public var sourceIds: [String] {
        var seen: [String] = []
        for id in facts.flatMap(\.sourceIds) where !seen.contains(id) { seen.append(id) }
        return seen
    }
}

/// A figure computed from other figures: occupancy, space per person, people per toilet.
///
/// Derived figures are never stored. ``value`` is `nil` when an input is missing, disputed or
/// zero; ``note`` then says why.
public struct DerivedFigure: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Population ÷ design capacity (1.0 is full).
        case occupancy
        /// Floor area ÷ population, in m².
        case spacePerPerson = "space_per_person_m2"
        /// Population ÷ working toilets.
        case peoplePerToilet = "people_per_toilet"

        /// The name a reader sees.
        public var label: String {
            switch self {
            case .occupancy: "Occupancy"
            case .spacePerPerson: "Space per person (m²)"
            case .peoplePerToilet: "People per toilet"
            }
        }

        /// The name without its unit, for sentences that print the unit with the value.
        public var shortLabel: String {
            switch self {
            case .occupancy: "Occupancy"
            case .spacePerPerson: "Space per person"
            case .peoplePerToilet: "People per toilet"
            }
        }
    }

    public var kind: Kind
    public var value: Double?
    public var inputs: [Figure]
    public var note: String?

    /// Whether the value is missing because an input figure is disputed.
    public var hasDisputedInput: Bool { value == nil && inputs.count == 2 && inputs.contains { $0.isDisputed } }

    /// Every source id the inputs rest on.
    public var sourceIds: [String] {
        var seen: [String] = []
        for id in inputs.flatMap(\.sourceIds) where !seen.contains(id) { seen.append(id) }
        return seen
    }
}

/// What the evidence says about one facility as of a date: latest figures and derived figures.
public struct FacilityFigures: Sendable, Equatable {
    public var facility: Facility
    public var latest: [Attribute: Figure]
    public var derived: [DerivedFigure.Kind: DerivedFigure]

    /// Computes the figures for `facility` from its facts.
    ///
    /// Retracted facts, facts superseded by a fact that is itself in `facts`, and facts after
    /// `asOf` are ignored. No facts is not an error: every figure is simply absent.
    ///
    /// - Parameters:
    ///   - facility: the facility.
    ///   - facts: facts about it (others are ignored).
    ///   - asOf: the cut-off date; `nil` means all facts.
    public init(facility: Facility, facts: [Fact], asOf: Day? = nil) {
        self.facility = facility
        let own = facts.filter { fact in
            fact.facilityId == facility.id && asOf.map { fact.asOf <= $0 } ?? true
        }
        let current = Facts.current(own)
        var latest: [Attribute: Figure] = [:]
        for (attribute, group) in Dictionary(grouping: current, by: \.attribute) {
            guard let newest = group.map(\.asOf).max() else { continue }
            let atNewest = group.filter { $0.asOf == newest }.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
            latest[attribute] = Figure(attribute: attribute, asOf: newest, facts: atNewest)
        }
        self.latest = latest
        var derived: [DerivedFigure.Kind: DerivedFigure] = [:]
        derived[.occupancy] = Self.ratio(.occupancy, latest, .population, .designCapacity)
        derived[.spacePerPerson] = Self.ratio(.spacePerPerson, latest, .floorAreaM2, .population)
        derived[.peoplePerToilet] = Self.ratio(.peoplePerToilet, latest, .population, .toilets)
        self.derived = derived
    }

    private static func ratio(
        _ kind: DerivedFigure.Kind, _ latest: [Attribute: Figure], _ numerator: Attribute, _ denominator: Attribute
    ) -> DerivedFigure {
        let top = latest[numerator]
        let bottom = latest[denominator]
        let inputs = [top, bottom].compactMap { $0 }
        guard let top, let bottom else {
            let missing = [top == nil ? numerator : nil, bottom == nil ? denominator : nil].compactMap { $0 }
            let names = missing.map { $0.label.lowercased() }.joined(separator: " or ")
            return DerivedFigure(kind: kind, value: nil, inputs: inputs, note: "not enough evidence: no \(names) figure")
        }
        guard let numerator = top.value?.number, let denominator = bottom.value?.number else {
            let disputed = [top, bottom].filter(\.isDisputed).map { $0.attribute.label.lowercased() }
            return DerivedFigure(
                kind: kind, value: nil, inputs: inputs,
                note: "not computed: \(disputed.joined(separator: " and ")) \(disputed.count == 1 ? "is" : "are") disputed")
        }
        guard denominator > 0 else {
            return DerivedFigure(kind: kind, value: nil, inputs: inputs, note: "the divisor is zero")
        }
        return DerivedFigure(kind: kind, value: numerator / denominator, inputs: inputs, note: nil)
    }
}

/// Operations over collections of facts.
public enum Facts {
    /// The facts that stand: not retracted and not superseded by a standing correction.
    ///
    /// A correction that is itself retracted does not supersede anything, so the original
    /// stands again.
    public static func current(_ facts: [Fact]) -> [Fact] {
        let live = facts.filter { !$0.isRetracted }
        let superseded = Set(live.compactMap(\.supersedes))
        return live.filter { fact in
            guard let id = fact.id else { return true }
            return !superseded.contains(id)
        }
    }

    /// Groups of standing facts that report different values for the same facility, attribute
    /// and as-of date: the disputed figures.
    ///
    /// - Returns: one ``Figure`` per disputed (facility, attribute, date), sorted by facility,
    ///   attribute and date.
    public static func disputes(_ facts: [Fact]) -> [Figure] {
        let current = current(facts)
        // Facts of one (facility, attribute, date) sit next to each other once sorted by that key
        // and id. The store returns them in that order (attributes by key, as SQL sorts text), so
        // then no sorting is needed. A run of one fact is disputed only by its status, so most
        // runs never become a Figure.
        func precedes(_ a: Fact, _ b: Fact) -> Bool {
            (a.facilityId, a.attribute.rawValue, a.asOf, a.id ?? 0) < (b.facilityId, b.attribute.rawValue, b.asOf, b.id ?? 0)
        }
        var order = Array(current.indices)
        if zip(current, current.dropFirst()).contains(where: { precedes($1, $0) }) {
            order.sort { precedes(current[$0], current[$1]) }
        }
        var figures: [Figure] = []
        var start = 0
        while start < order.count {
            let first = current[order[start]]
            var end = start + 1
            while end < order.count {
                let next = current[order[end]]
                guard next.facilityId == first.facilityId, next.attribute == first.attribute, next.asOf == first.asOf
                else { break }
                end += 1
            }
            if end - start > 1 || first.status == .disputed {
                let figure = Figure(
                    attribute: first.attribute, asOf: first.asOf, facts: order[start..<end].map { current[$0] })
                if figure.isDisputed { figures.append(figure) }
            }
            start = end
        }
        return figures.sorted {
            ($0.facts[0].facilityId, $0.attribute, $0.asOf) < ($1.facts[0].facilityId, $1.attribute, $1.asOf)
        }
    }
}
