import Foundation
import RightsBriefCore

/// A fact as written in a dataset document.
public struct DatasetFact: Codable, Sendable {
    public var id: Int64?
    public var facility: String
    public var attribute: Attribute
    public var value: FactValue
    public var unit: String?
    public var asOf: Day
    public var status: FactStatus?
    public var sensitivity: Sensitivity?
    public var quote: String?
    public var supersedes: Int64?
    public var sources: [String]
    public var retraction: Fact.Retraction?

    enum CodingKeys: String, CodingKey {
        case id, facility, attribute, value, unit, asOf, status, sensitivity, quote, supersedes, sources, retraction
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int64.self, forKey: .id)
        facility = try container.decode(String.self, forKey: .facility)
        attribute = try container.decode(Attribute.self, forKey: .attribute)
        do {
            if let number = try? container.decode(Double.self, forKey: .value) {
                value = .number(number)
                try value.validate(for: attribute)
            } else {
                value = try FactValue(parsing: try container.decode(String.self, forKey: .value), for: attribute)
            }
        } catch let error as CoreError {
            throw DecodingError.dataCorruptedError(
                forKey: .value, in: container, debugDescription: error.errorDescription ?? "\(error)")
        }
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        asOf = try container.decode(Day.self, forKey: .asOf)
        status = try container.decodeIfPresent(FactStatus.self, forKey: .status)
        sensitivity = try container.decodeIfPresent(Sensitivity.self, forKey: .sensitivity)
        quote = try container.decodeIfPresent(String.self, forKey: .quote)
        supersedes = try container.decodeIfPresent(Int64.self, forKey: .supersedes)
        sources = try container.decode([String].self, forKey: .sources)
        retraction = try container.decodeIfPresent(Fact.Retraction.self, forKey: .retraction)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(facility, forKey: .facility)
        try container.encode(attribute, forKey: .attribute)
        switch value {
        case .number(let number): try container.encode(number, forKey: .value)
        case .level(let level): try container.encode(level.rawValue, forKey: .value)
        }
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encode(asOf, forKey: .asOf)
        try container.encodeIfPresent(status, forKey: .status)
        try container.encodeIfPresent(sensitivity, forKey: .sensitivity)
        try container.encodeIfPresent(quote, forKey: .quote)
        try container.encodeIfPresent(supersedes, forKey: .supersedes)
        try container.encode(sources, forKey: .sources)
        try container.encodeIfPresent(retraction, forKey: .retraction)
    }

    /// Creates a document fact from a stored fact.
    public init(_ fact: Fact) {
        id = fact.id
        facility = fact.facilityId
        attribute = fact.attribute
        value = fact.value
        unit = fact.unit
        asOf = fact.asOf
        status = fact.status
        sensitivity = fact.sensitivity
        quote = fact.quote
        supersedes = fact.supersedes
        sources = fact.sourceIds
        retraction = fact.retraction
    }
}
