/// What a fact observes about a facility: the attribute vocabulary of the domain model.
///
/// Keys are snake_case in files and on the command line. Each attribute has a ``Kind`` (a count
/// of people or things, a measure, or a condition level) and the unit its values are in.
public enum Attribute: String, CaseIterable, Codable, Sendable, Comparable {
    case designCapacity = "design_capacity"
    case population
    case floorAreaM2 = "floor_area_m2"
    case toilets
    case waterLitresPerPersonDay = "water_litres_per_person_day"
    case sanitation
    case potableWater = "potable_water"
    case temperatureControl = "temperature_control"
    case ventilation
    case deathsInCustody = "deaths_in_custody"

    /// How an attribute's values are expressed.
    public enum Kind: String, Sendable {
        /// A whole, non-negative number of people or things.
        case count
        /// A non-negative quantity in a unit.
        case measure
        /// One of the ``ConditionLevel`` values.
        case condition
    }

    /// Parses a snake_case key.
    ///
    /// - Throws: ``CoreError/unknownAttribute(_:)`` naming the key and listing the known ones.
    public init(key: String) throws {
        guard let attribute = Attribute(rawValue: key) else { throw CoreError.unknownAttribute(key) }
        self = attribute
    }

    /// Whether values are counts, measures or condition levels.
    public var kind: Kind {
        switch self {
        case .designCapacity, .population, .toilets, .deathsInCustody: .count
        case .floorAreaM2, .waterLitresPerPersonDay: .measure
        case .sanitation, .potableWater, .temperatureControl, .ventilation: .condition
        }
    }

    /// The unit stored with each fact of this attribute.
    public var unit: String {
        switch self {
        case .designCapacity, .population, .deathsInCustody: "persons"
        case .toilets: "toilets"
        case .floorAreaM2: "m2"
        case .waterLitresPerPersonDay: "litres/person/day"
        case .sanitation, .potableWater, .temperatureControl, .ventilation: "level"
        }
    }

    /// The largest value a fact of this attribute may record, or `nil` for condition levels.
    ///
    /// The bounds are loose enough that no true figure about one facility is refused, and tight
    /// enough that a typo, a unit mix-up or a value like `1e308` (which would otherwise "meet"
    /// every standard) is:
    /// - `design_capacity`, `population`: 1,000,000 persons. The largest single places of
    ///   detention hold tens of thousands (CECOT was designed for 40,000); a million is a
    ///   national total or a mistake.
    /// - `deaths_in_custody`: 10,000,000 persons over the period. Deaths accumulate over a
    ///   period that may be long, and historical sites reach about a million, so the bound only
    ///   refuses the impossible.
    /// - `toilets`: 100,000. Even a million people at the ICRC's one toilet per 25 need 40,000.
    /// - `floor_area_m2`: 10,000,000 m² (10 km²) of accommodation, several times the floor area
    ///   of the largest buildings on Earth; a site's land area is not its floor area.
    /// - `water_litres_per_person_day`: 10,000 litres, fifty times a generous domestic supply
    ///   and several hundred times the ICRC's minimum of 10 to 15 litres.
    public var upperBound: Double? {
        switch self {
        case .designCapacity, .population: 1_000_000
        case .deathsInCustody: 10_000_000
        case .toilets: 100_000
        case .floorAreaM2: 10_000_000
        case .waterLitresPerPersonDay: 10_000
        case .sanitation, .potableWater, .temperatureControl, .ventilation: nil
        }
    }

    /// The name a reader sees, for example "Design capacity".
    public var label: String {
        switch self {
        case .designCapacity: "Design capacity"
        case .population: "Population"
        case .floorAreaM2: "Floor area (m²)"
        case .toilets: "Working toilets"
        case .waterLitresPerPersonDay: "Water (litres per person per day)"
        case .sanitation: "Sanitation"
        case .potableWater: "Potable water"
        case .temperatureControl: "Temperature control"
        case .ventilation: "Ventilation"
        case .deathsInCustody: "Deaths in custody"
        }
    }

    /// Sorts attributes in the order the domain model lists them.
    public static func < (lhs: Attribute, rhs: Attribute) -> Bool {
        let order = Attribute.allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}

/// How well a facility provides a condition such as sanitation.
public enum ConditionLevel: String, CaseIterable, Codable, Sendable {
    case adequate, inadequate, absent, unknown

    /// Parses a level name.
    ///
    /// - Throws: ``CoreError/unknownLevel(_:)``.
    public init(name: String) throws {
        guard let level = ConditionLevel(rawValue: name) else { throw CoreError.unknownLevel(name) }
        self = level
    }

    /// Whether this level falls short of a rule that requires the condition.
    public var fallsShort: Bool { self == .inadequate || self == .absent }
}

/// How widely a fact, source or event may be shown.
///
/// `confidential` never leaves the database; `restricted` is for partners (the `internal`
/// audience); `public` may be published.
public enum Sensitivity: String, CaseIterable, Codable, Sendable, Comparable {
    case `public`, restricted, confidential

    /// Parses a level name.
    ///
    /// - Throws: ``CoreError/unknownSensitivity(_:)``.
    public init(name: String) throws {
        guard let value = Sensitivity(rawValue: name) else { throw CoreError.unknownSensitivity(name) }
        self = value
    }

    var rank: Int {
        switch self {
        case .public: 0
        case .restricted: 1
        case .confidential: 2
        }
    }

    public static func < (lhs: Sensitivity, rhs: Sensitivity) -> Bool { lhs.rank < rhs.rank }
}

/// Who a report is made for.
public enum Audience: String, CaseIterable, Codable, Sendable {
    /// Anyone: only `public` material.
    case `public`
    /// Partners: `public` and `restricted` material. Confidential material is never shown.
    case `internal`
    /// The evidence's own editors, when evidence moves between stores (`push
    /// --include-confidential`, an editor's `pull`): everything, `confidential` included.
    ///
    /// Never a report's audience: ``reportAudiences`` leaves it out, and the command line and
    /// report definitions accept only those.
    case editor

    /// Parses an audience name.
    ///
    /// - Throws: ``CoreError/unknownAudience(_:)``.
    public init(name: String) throws {
        guard let value = Audience(rawValue: name), value != .editor else { throw CoreError.unknownAudience(name) }
        self = value
    }

    /// The audiences a report (a briefing, an export, a scheduled run) may be made for:
    /// `public` and `internal`. Confidential material never leaves the database in a report.
    public static let reportAudiences: [Audience] = [.public, .internal]

    /// The most sensitive level this audience may see.
    public var ceiling: Sensitivity {
        switch self {
        case .public: .public
        case .internal: .restricted
        case .editor: .confidential
        }
    }

    /// Whether material at `sensitivity` may be shown to this audience.
    public func allows(_ sensitivity: Sensitivity) -> Bool { sensitivity <= ceiling }
}

/// How far a fact has been checked.
public enum FactStatus: String, CaseIterable, Codable, Sendable {
    case reported, verified, disputed, retracted

    /// Parses a status name.
    ///
    /// - Throws: ``CoreError/unknownStatus(_:)``.
    public init(name: String) throws {
        guard let value = FactStatus(rawValue: name) else { throw CoreError.unknownStatus(name) }
        self = value
    }
}

/// What sort of place a facility is.
public enum FacilityKind: String, CaseIterable, Codable, Sendable {
    case prison
    case immigrationDetention = "immigration-detention"
    case policeCell = "police-cell"
    case juvenile
    case other

    /// Parses a kind name.
    ///
    /// - Throws: ``CoreError/unknownFacilityKind(_:)``.
    public init(name: String) throws {
        guard let value = FacilityKind(rawValue: name) else { throw CoreError.unknownFacilityKind(name) }
        self = value
    }
}

/// What sort of document a source is.
public enum SourceKind: String, CaseIterable, Codable, Sendable {
    case news
    case ngoReport = "ngo-report"
    case official
    case testimony
    case dataset

    /// Parses a kind name.
    ///
    /// - Throws: ``CoreError/unknownSourceKind(_:)``.
    public init(name: String) throws {
        guard let value = SourceKind(rawValue: name) else { throw CoreError.unknownSourceKind(name) }
        self = value
    }
}
