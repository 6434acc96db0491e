/// The value a fact records: a number (count or measure) or a condition level.
public enum FactValue: Hashable, Codable, Sendable, CustomStringConvertible {
    case number(Double)
    case level(ConditionLevel)

    /// Parses command-line or file text for `attribute`.
    ///
    /// Counts must be whole and non-negative, measures non-negative and finite, conditions one of
    /// the four levels, and numbers at most the attribute's ``Attribute/upperBound``. A number
    /// is a plain decimal (see ``Validation/decimalNumber(_:)``): `0x10`, `1e3`, `+5` and `nan`
    /// are not numbers. Thousands separators are not accepted here (importers strip them).
    ///
    /// - Throws: ``CoreError/invalidValue(attribute:value:reason:)`` or ``CoreError/unknownLevel(_:)``.
    public init(parsing text: String, for attribute: Attribute) throws {
        switch attribute.kind {
        case .condition:
            self = .level(try ConditionLevel(name: text))
        case .count, .measure:
            guard let number = Validation.decimalNumber(text) else {
                throw CoreError.invalidValue(
                    attribute: attribute.rawValue, value: text, reason: Self.notANumber)
            }
            self = .number(number)
            try validate(for: attribute)
        }
    }

    /// Checks that this value suits `attribute`.
    ///
    /// - Throws: ``CoreError/invalidValue(attribute:value:reason:)``.
    public func validate(for attribute: Attribute) throws {
        switch (attribute.kind, self) {
        case (.condition, .level):
            return
        case (.condition, .number(let number)):
            throw CoreError.invalidValue(
                attribute: attribute.rawValue, value: Self.format(number),
                reason: "expected one of \(ConditionLevel.allCases.map(\.rawValue).joined(separator: ", "))")
        case (_, .level(let level)):
            throw CoreError.invalidValue(attribute: attribute.rawValue, value: level.rawValue, reason: "expected a number")
        case (let kind, .number(let number)):
            guard number.isFinite, number >= 0 else {
                throw CoreError.invalidValue(
                    attribute: attribute.rawValue, value: Self.format(number), reason: "it must not be negative")
            }
            if kind == .count, number.rounded(.towardZero) != number {
                throw CoreError.invalidValue(
                    attribute: attribute.rawValue, value: Self.format(number), reason: "a count must be a whole number")
            }
            if let bound = attribute.upperBound, number > bound {
                throw CoreError.invalidValue(
                    attribute: attribute.rawValue, value: Self.format(number),
                    reason: "it is above \(Self.grouped(bound)) \(attribute.unit), more than any one facility plausibly has; check the figure and its unit")
            }
        }
    }

    /// Why text for a count or measure is refused.
    static let notANumber = "expected a plain decimal number such as 40000 or 12.5"

    /// A whole bound with thousands separators, for messages: `1,000,000`.
    static func grouped(_ value: Double) -> String {
        let digits = Array(format(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    /// The number, if this is one.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The level, if this is one.
    public var level: ConditionLevel? {
        if case .level(let value) = self { return value }
        return nil
    }

    /// Machine text: `40000`, `12.5` or `absent`.
    public var description: String {
        switch self {
        case .number(let value): Self.format(value)
        case .level(let level): level.rawValue
        }
    }

    /// Decodes a JSON number as `.number` and a level name as `.level`.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for a string that is not a level.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
            return
        }
        let name = try container.decode(String.self)
        guard let level = ConditionLevel(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: CoreError.unknownLevel(name).errorDescription ?? name)
        }
        self = .level(level)
    }

    /// Encodes a number as a JSON number and a level as its name, as dataset documents do.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .level(let level): try container.encode(level.rawValue)
        }
    }

    /// A number without a trailing `.0` and never in scientific notation below 1e15.
    public static func format(_ value: Double) -> String {
        if value.rounded(.towardZero) == value, abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}

/// One dated observation about one facility, resting on one or more sources.
///
/// Facts are never edited: a correction is a new fact that ``supersedes`` the old one, and a
/// withdrawal is a retraction recorded beside it, so the history stays auditable.
public struct Fact: Hashable, Codable, Sendable, Identifiable {
    /// Assigned by the store; `nil` before insertion.
    public var id: Int64?
    public var facilityId: String
    public var attribute: Attribute
    public var value: FactValue
    public var unit: String
    public var asOf: Day
    public var status: FactStatus
    public var sensitivity: Sensitivity
    public var quote: String?
    public var supersedes: Int64?
    /// Ids of the sources the fact rests on; at least one.
    public var sourceIds: [String]
    /// Set when the fact has been retracted.
    public var retraction: Retraction?
    /// When the fact was recorded (UTC timestamp); set by the store.
    public var recordedAt: String?

    /// Why and when a fact was withdrawn.
    public struct Retraction: Hashable, Codable, Sendable {
        public var reason: String
        public var retractedAt: String
        public init(reason: String, retractedAt: String) {
            self.reason = reason
            self.retractedAt = retractedAt
        }
    }

    public init(
        id: Int64? = nil, facilityId: String, attribute: Attribute, value: FactValue,
        unit: String? = nil, asOf: Day, status: FactStatus = .reported,
        sensitivity: Sensitivity = .public, quote: String? = nil, supersedes: Int64? = nil,
        sourceIds: [String], retraction: Retraction? = nil, recordedAt: String? = nil
    ) {
        self.id = id
        self.facilityId = facilityId
        self.attribute = attribute
        self.value = value
        self.unit = unit ?? attribute.unit
        self.asOf = asOf
        self.status = status
        self.sensitivity = sensitivity
        self.quote = quote
        self.supersedes = supersedes
        self.sourceIds = sourceIds
        self.retraction = retraction
        self.recordedAt = recordedAt
    }

    /// Checks the value against the attribute, the text fields, that the fact names a source,
    /// and that it is not given the status `retracted` (a retraction is its own record).
    ///
    /// - Throws: ``CoreError``, including ``CoreError/retractedStatus`` and
    ///   ``CoreError/nulCharacter(field:)``.
    public func validate() throws {
        try Validation.identifier(facilityId)
        try value.validate(for: attribute)
        if status == .retracted { throw CoreError.retractedStatus }
        try Validation.text(unit, field: "unit")
        try Validation.text(quote, field: "quote")
        guard !sourceIds.isEmpty else {
            throw CoreError.noSource(what: "A fact")
        }
        for id in sourceIds { try Validation.identifier(id) }
    }

    /// Whether the fact has been withdrawn (by a retraction or by its status).
    public var isRetracted: Bool { retraction != nil || status == .retracted }
}
