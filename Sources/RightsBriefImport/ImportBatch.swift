import RightsBriefCore

// The importer turns every input (an exported table, a dataset document, a mapped spreadsheet)
// into these items, each carrying where it came from, and then writes them all in one
// transaction. Facts from a large exported facts table are not collected here: they stream
// from the file straight into the transaction (see `FactWriter`).

/// A facility to add or update.
struct FacilityInput: Sendable {
    var id: String
    var name: String?
    var country: String?
    var region: String?
    var kind: FacilityKind?
    var authority: String?
    var openedOn: Day?
    var latitude: Double?
    var longitude: Double?
    /// Identifiers to add (never removed: a stored facility keeps those the input leaves out).
    var identifiers: [FacilityIdentifier] = []
    var identifiersAt: ImportLocation
    /// `true` (tables, documents): the record replaces the stored facility, so an empty field
    /// clears it. `false` (mapped spreadsheets): only the fields given change.
    var replaces: Bool
    /// A mapped row with `stored: fill`: a stored facility keeps the fields it has.
    var fillOnly = false
    var at: ImportLocation
    var nameAt: ImportLocation
    var countryAt: ImportLocation
    var regionAt: ImportLocation
    /// The columns of a mapped file that left the name or country empty, for messages.
    var nameColumn: String?
    var countryColumn: String?

    init(
        _ facility: Facility, at: ImportLocation, nameAt: ImportLocation? = nil, countryAt: ImportLocation? = nil,
        regionAt: ImportLocation? = nil, identifiersAt: ImportLocation? = nil
    ) {
        id = facility.id
        name = facility.name
        country = facility.country
        region = facility.region
        kind = facility.kind
        authority = facility.authority
        openedOn = facility.openedOn
        latitude = facility.latitude
        longitude = facility.longitude
        identifiers = facility.identifiers
        self.identifiersAt = identifiersAt ?? at
        replaces = true
        self.at = at
        self.nameAt = nameAt ?? at
        self.countryAt = countryAt ?? at
        self.regionAt = regionAt ?? at
    }

    init(partialId id: String, at: ImportLocation) {
        self.id = id
        replaces = false
        self.at = at
        identifiersAt = at
        nameAt = at
        countryAt = at
        regionAt = at
    }

    /// The facility to store, given the one stored now; `nil` when a new facility lacks a
    /// name or country.
    func merged(with existing: Facility?) -> Facility? {
        if replaces || existing == nil {
            guard let name, let country else { return nil }
            return Facility(
                id: id, name: name, country: country, region: region, kind: kind ?? existing?.kind ?? .prison,
                authority: authority, openedOn: openedOn, latitude: latitude, longitude: longitude,
                identifiers: Array(Set(identifiers).union(existing?.identifiers ?? [])))
        }
        guard var facility = existing else { return nil }
        if fillOnly {
            facility.region = facility.region ?? region
            facility.authority = facility.authority ?? authority
            facility.openedOn = facility.openedOn ?? openedOn
            if facility.latitude == nil, facility.longitude == nil {
                facility.latitude = latitude
                facility.longitude = longitude
            }
            facility.identifiers = Array(Set(identifiers).union(facility.identifiers)).sorted()
            return facility
        }
        if let name { facility.name = name }
        if let country { facility.country = country }
        if let region { facility.region = region }
        if let kind { facility.kind = kind }
        if let authority { facility.authority = authority }
        if let openedOn { facility.openedOn = openedOn }
        if let latitude { facility.latitude = latitude }
        if let longitude { facility.longitude = longitude }
        facility.identifiers = Array(Set(identifiers).union(facility.identifiers)).sorted()
        return facility
    }
}

/// A source to add or update.
struct SourceInput: Sendable {
    /// `nil` for a mapping's source given only by id (it must exist already).
    var source: Source?
    var id: String
    /// A mapping's source: created when absent, left as it is when present.
    var onlyIfAbsent: Bool
    var at: ImportLocation
    var citesAt: ImportLocation
    var hashAt: ImportLocation
    /// The hash the input claims, checked against the text.
    var claimedHash: String?
}

/// A fact to add (unless the same fact is stored already).
struct FactInput: Sendable {
    var fact: Fact
    /// The fact's id within its file (`fact_id` in a table, `id` in a document).
    var localId: Int64?
    /// The `fact_id`/`id` of the fact this one supersedes, in the same file.
    var localSupersedes: Int64?
    /// Which file the local ids belong to.
    var scope: Int
    /// Whether a `supersedes` naming a fact missing from the file is a problem (documents) or
    /// a note (exported tables, which leave out what the audience may not see).
    var strictSupersedes: Bool
    var retraction: Fact.Retraction?
    var at: ImportLocation
    var facilityAt: ImportLocation
    var sourcesAt: ImportLocation
    var supersedesAt: ImportLocation
}

/// An event to add or update.
struct EventInput: Sendable {
    var event: Event
    var at: ImportLocation
    var facilitiesAt: ImportLocation
    var sourcesAt: ImportLocation
}

/// Everything read from the inputs except streamed facts.
struct ImportBatch: Sendable {
    var facilities: [FacilityInput] = []
    var sources: [SourceInput] = []
    var facts: [FactInput] = []
    var events: [EventInput] = []
}
