/// A place where people are held: a prison, an immigration detention centre, a police cell.
public struct Facility: Hashable, Codable, Sendable {
    /// A short slug such as `cecot`.
    public var id: String
    public var name: String
    /// ISO 3166-1 alpha-2 code, for example `SV`.
    public var country: String
    public var region: String?
    public var kind: FacilityKind
    public var authority: String?
    public var openedOn: Day?
    public var latitude: Double?
    public var longitude: Double?
    /// Identifiers other registers give the place (``FacilityIdentifier``), sorted; only ever
    /// added to by imports.
    public var identifiers: [FacilityIdentifier]

    public init(
        id: String, name: String, country: String, region: String? = nil,
        kind: FacilityKind = .prison, authority: String? = nil, openedOn: Day? = nil,
        latitude: Double? = nil, longitude: Double? = nil, identifiers: [FacilityIdentifier] = []
    ) {
        self.id = id
        self.name = name
        self.country = country
        self.region = region
        self.kind = kind
        self.authority = authority
        self.openedOn = openedOn
        self.latitude = latitude
        self.longitude = longitude
        self.identifiers = identifiers.sorted()
    }

    /// Checks every field against the domain rules.
    ///
    /// - Throws: ``CoreError`` naming the first field that is wrong.
    public func validate() throws {
        try Validation.identifier(id)
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CoreError.invalidValue(attribute: "name", value: name, reason: "a facility needs a name")
        }
        try Validation.country(country)
        try Validation.text(name, field: "name")
        try Validation.text(region, field: "region")
        try Validation.text(authority, field: "authority")
        if let latitude, !(-90.0...90.0).contains(latitude) {
            throw CoreError.invalidValue(attribute: "latitude", value: "\(latitude)", reason: "use -90 to 90")
        }
        if let longitude, !(-180.0...180.0).contains(longitude) {
            throw CoreError.invalidValue(attribute: "longitude", value: "\(longitude)", reason: "use -180 to 180")
        }
        for identifier in identifiers { try identifier.validate() }
    }
}
