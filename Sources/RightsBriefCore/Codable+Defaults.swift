// Decoding with the defaults the domain model gives, so documents may leave optional keys out.

extension Facility {
    enum CodingKeys: String, CodingKey {
        case id, name, country, region, kind, authority, openedOn, latitude, longitude, identifiers
    }

    /// Optional fields are left out when empty, identifiers too, so a facility without
    /// identifiers encodes as it did before they existed.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(country, forKey: .country)
        try c.encodeIfPresent(region, forKey: .region)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(authority, forKey: .authority)
        try c.encodeIfPresent(openedOn, forKey: .openedOn)
        try c.encodeIfPresent(latitude, forKey: .latitude)
        try c.encodeIfPresent(longitude, forKey: .longitude)
        if !identifiers.isEmpty { try c.encode(identifiers, forKey: .identifiers) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            country: try c.decode(String.self, forKey: .country),
            region: try c.decodeIfPresent(String.self, forKey: .region),
            kind: try c.decodeIfPresent(FacilityKind.self, forKey: .kind) ?? .prison,
            authority: try c.decodeIfPresent(String.self, forKey: .authority),
            openedOn: try c.decodeIfPresent(Day.self, forKey: .openedOn),
            latitude: try c.decodeIfPresent(Double.self, forKey: .latitude),
            longitude: try c.decodeIfPresent(Double.self, forKey: .longitude),
            identifiers: try c.decodeIfPresent([FacilityIdentifier].self, forKey: .identifiers) ?? [])
    }
}

extension Source {
    enum CodingKeys: String, CodingKey {
        case id, url, title, publisher, author, publishedOn, retrievedAt, kind, language, sensitivity
        case text, textSHA256, cites, recordedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), url: try c.decodeIfPresent(String.self, forKey: .url),
            title: try c.decode(String.self, forKey: .title),
            publisher: try c.decode(String.self, forKey: .publisher),
            author: try c.decodeIfPresent(String.self, forKey: .author),
            publishedOn: try c.decodeIfPresent(Day.self, forKey: .publishedOn),
            retrievedAt: try c.decodeIfPresent(String.self, forKey: .retrievedAt),
            kind: try c.decodeIfPresent(SourceKind.self, forKey: .kind) ?? .news,
            language: try c.decodeIfPresent(String.self, forKey: .language),
            sensitivity: try c.decodeIfPresent(Sensitivity.self, forKey: .sensitivity) ?? .public,
            text: try c.decodeIfPresent(String.self, forKey: .text),
            textSHA256: try c.decodeIfPresent(String.self, forKey: .textSHA256),
            cites: try c.decodeIfPresent([String].self, forKey: .cites) ?? [],
            recordedAt: try c.decodeIfPresent(String.self, forKey: .recordedAt))
    }
}

extension Event {
    enum CodingKeys: String, CodingKey {
        case id, date, title, description, sensitivity, facilityIds = "facilities", sourceIds = "sources"
        case recordedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), date: try c.decode(Day.self, forKey: .date),
            title: try c.decode(String.self, forKey: .title),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            sensitivity: try c.decodeIfPresent(Sensitivity.self, forKey: .sensitivity) ?? .public,
            facilityIds: try c.decodeIfPresent([String].self, forKey: .facilityIds) ?? [],
            sourceIds: try c.decode([String].self, forKey: .sourceIds),
            recordedAt: try c.decodeIfPresent(String.self, forKey: .recordedAt))
    }
}
