import Foundation

/// A document that sets a standard, such as the Nelson Mandela Rules.
public struct StandardDocument: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    /// How a briefing names the document in a table, for example "Nelson Mandela Rules".
    public var shortName: String
    public var reference: String
    public var publisher: String
    public var year: Int
    public var url: String?
}

/// One minimum standard a facility's figures can be checked against.
///
/// A standard is either numeric (a derived figure with a `minimum` or `maximum`) or a condition
/// rule (an attribute whose level must not be `inadequate` or `absent`). Rules that need
/// evidence the store does not record (`requires`) are always "not enough evidence".
public struct Standard: Codable, Sendable, Equatable {
    public var id: String
    public var document: String
    /// Where in the document, for example "Rule 15" or "§ 10".
    public var provision: String
    /// What the standard asks, in one sentence.
    public var summary: String
    /// A derived figure key (`occupancy`, `space_per_person_m2`, `people_per_toilet`).
    public var measure: String?
    public var minimum: Double?
    public var maximum: Double?
    /// An attribute key with condition levels (`sanitation`, `potable_water`, …).
    public var condition: String?
    /// Evidence the check needs that rightsbrief does not record, said in words.
    public var requires: String?
}

/// The standards data file: the documents and the standards drawn from them.
public struct Standards: Codable, Sendable, Equatable {
    public var documents: [StandardDocument]
    public var standards: [Standard]

    /// Decodes and checks a standards file.
    ///
    /// - Throws: ``CoreError/invalidStandards(_:)`` when the JSON is malformed, a standard names
    ///   an unknown document, measure or attribute, or has neither a limit nor a condition.
    public init(json: Data) throws {
        let decoded: Standards
        do {
            decoded = try JSONDecoder().decode(Standards.self, from: json)
        } catch {
            throw CoreError.invalidStandards("it is not the expected JSON (\(error.localizedDescription))")
        }
        let documentIds = Set(decoded.documents.map(\.id))
        for standard in decoded.standards {
            guard documentIds.contains(standard.document) else {
                throw CoreError.invalidStandards("standard '\(standard.id)' names unknown document '\(standard.document)'")
            }
            if let measure = standard.measure {
                guard DerivedFigure.Kind(rawValue: measure) != nil else {
                    throw CoreError.invalidStandards("standard '\(standard.id)' names unknown measure '\(measure)'")
                }
                guard standard.minimum != nil || standard.maximum != nil else {
                    throw CoreError.invalidStandards("standard '\(standard.id)' has no minimum or maximum")
                }
            } else if let condition = standard.condition {
                guard let attribute = Attribute(rawValue: condition), attribute.kind == .condition else {
                    throw CoreError.invalidStandards("standard '\(standard.id)' names unknown condition '\(condition)'")
                }
            } else {
                throw CoreError.invalidStandards("standard '\(standard.id)' has neither a measure nor a condition")
            }
        }
        self = decoded
    }

    /// The document a standard comes from.
    public func document(for standard: Standard) -> StandardDocument? {
        documents.first { $0.id == standard.document }
    }

    /// Checks one facility's figures against every standard, in file order.
    ///
    /// Missing facts give ``StandardCheck/Outcome/notEnoughEvidence``, never "meets".
    public func check(_ figures: FacilityFigures) -> [StandardCheck] {
        standards.map { standard in StandardCheck.evaluate(standard, against: figures) }
    }
}

/// The result of checking one standard for one facility.
public struct StandardCheck: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case fallsShort = "falls short"
        case meets
        case disputed
        case notEnoughEvidence = "not enough evidence"
    }

    public var standard: Standard
    public var outcome: Outcome
    /// The figure compared (a ratio for measures); `nil` for conditions and missing evidence.
    public var actual: Double?
    /// The level found, for condition rules.
    public var level: ConditionLevel?
    /// How far the figure is past the limit, in the measure's unit (positive means short).
    public var shortfall: Double?
    /// The facts the outcome rests on.
    public var facts: [Fact]
    /// Why the outcome is "not enough evidence" or "disputed", in words.
    public var note: String?

    /// Checks one standard against a facility's figures.
    ///
    /// Missing or disputed evidence is not an error; the outcome says so.
    public static func evaluate(_ standard: Standard, against figures: FacilityFigures) -> StandardCheck {
        var result = StandardCheck(
            standard: standard, outcome: .notEnoughEvidence, actual: nil, level: nil, shortfall: nil,
            facts: [], note: nil)
        if let requires = standard.requires {
            result.note = "needs \(requires), which is not recorded"
            return result
        }
        if let key = standard.condition, let attribute = Attribute(rawValue: key) {
            guard let figure = figures.latest[attribute] else {
                result.note = "no fact about \(attribute.label.lowercased())"
                return result
            }
            result.facts = figure.facts
            guard let level = figure.value?.level else {
                result.outcome = .disputed
                result.note = "sources disagree about \(attribute.label.lowercased())"
                return result
            }
            result.level = level
            switch level {
            case .inadequate, .absent: result.outcome = .fallsShort
            case .adequate: result.outcome = .meets
            case .unknown: result.note = "\(attribute.label.lowercased()) is reported as unknown"
            }
            return result
        }
        guard let key = standard.measure, let kind = DerivedFigure.Kind(rawValue: key),
            let derived = figures.derived[kind]
        else { return result }
        result.facts = derived.inputs.flatMap(\.facts)
        guard let value = derived.value else {
            if derived.hasDisputedInput { result.outcome = .disputed }
            result.note = derived.note
            return result
        }
        result.actual = value
        if let minimum = standard.minimum, value < minimum {
            result.outcome = .fallsShort
            result.shortfall = minimum - value
        } else if let maximum = standard.maximum, value > maximum {
            result.outcome = .fallsShort
            result.shortfall = value - maximum
        } else {
            result.outcome = .meets
        }
        return result
    }
}
