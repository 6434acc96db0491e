import Foundation

/// What can go wrong building or writing a report.
public enum ReportError: Error, Equatable, Sendable {
    case resourcesMissing(searched: [String])
}

extension ReportError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .resourcesMissing(let searched):
            "Cannot find rightsbrief's templates and data (looked in \(searched.joined(separator: ", "))); set RIGHTSBRIEF_HOME to the folder that holds templates/ and data/."
        }
    }
}
