import Foundation

/// A value that does not fit the domain model.
///
/// Every case names the offending text and says what is allowed, so the command line can print
/// it as one line. Constructing a domain value from untrusted text throws one of these.
public enum CoreError: Error, Equatable, Sendable {
    case invalidDate(String)
    case invalidTimestamp(String)
    case invalidIdentifier(String)
    case invalidCountry(String)
    case invalidURL(String)
    case unknownAttribute(String)
    case unknownLevel(String)
    case unknownSensitivity(String)
    case unknownStatus(String)
    case unknownFacilityKind(String)
    case unknownSourceKind(String)
    case unknownAudience(String)
    case invalidValue(attribute: String, value: String, reason: String)
    case invalidStandards(String)
    /// A fact or event names no source.
    case noSource(what: String)
    /// A text field holds a NUL character (U+0000), which storage would silently cut at.
    case nulCharacter(field: String)
    /// A new fact was given the status `retracted`; a retraction is recorded on its own, with
    /// its reason and time.
    case retractedStatus
}

extension CoreError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .invalidDate(let text):
            "'\(text)' is not a date; write it as YYYY-MM-DD, for example 2025-02-03."
        case .invalidTimestamp(let text):
            "'\(text)' is not a timestamp; write it as YYYY-MM-DDTHH:MM:SSZ (UTC), for example 2025-02-03T08:00:00Z."
        case .invalidIdentifier(let text):
            "'\(text)' is not a valid id; use 1 to 64 lowercase letters, digits and hyphens, starting with a letter or digit, for example 'cecot'."
        case .invalidCountry(let text):
            "'\(text)' is not an ISO 3166-1 alpha-2 country code; use two capital letters, for example SV."
        case .invalidURL(let text):
            "'\(text)' is not an http or https URL; give the full address, for example https://example.org/report."
        case .unknownAttribute(let text):
            "'\(text)' is not a known attribute; use one of: \(Attribute.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownLevel(let text):
            "'\(text)' is not a condition level; use one of: \(ConditionLevel.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownSensitivity(let text):
            "'\(text)' is not a sensitivity; use one of: \(Sensitivity.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownStatus(let text):
            "'\(text)' is not a fact status; use one of: \(FactStatus.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownFacilityKind(let text):
            "'\(text)' is not a facility kind; use one of: \(FacilityKind.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownSourceKind(let text):
            "'\(text)' is not a source kind; use one of: \(SourceKind.allCases.map(\.rawValue).joined(separator: ", "))."
        case .unknownAudience(let text):
            "'\(text)' is not an audience; use public or internal."
        case .invalidValue(let attribute, let value, let reason):
            "'\(value)' is not a valid value for \(attribute): \(reason)."
        case .noSource(let what):
            "\(what) needs at least one source."
        case .nulCharacter(let field):
            "The \(field) contains a NUL character (U+0000), which would cut it short when stored; remove it."
        case .retractedStatus:
            "A new fact cannot have the status retracted; give reported, verified or disputed, and record the retraction with its reason separately."
        case .invalidStandards(let reason):
            "The standards data file is not valid: \(reason)."
        }
    }
}
