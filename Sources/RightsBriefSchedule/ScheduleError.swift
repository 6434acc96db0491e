import Foundation

/// What can go wrong with report definitions, scheduled runs and the crontab.
public enum ScheduleError: Error, Equatable, Sendable {
    /// A definition file is wrong: `file:line: reason`.
    case definition(file: String, line: Int, reason: String)
    case definitionsFolderMissing(path: String)
    case unknownDefinition(name: String, folder: String)
    /// Another run holds the lock beside the database.
    case locked(path: String, waited: Int)
    case lockUnavailable(path: String, reason: String)
    case crontab(reason: String)
}

extension ScheduleError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .definition(let file, let line, let reason):
            "\(file):\(line): \(reason)"
        case .definitionsFolderMissing(let path):
            "No report definitions folder at '\(path)'."
        case .unknownDefinition(let name, let folder):
            "No report definition named '\(name)' in '\(folder)'; see the .yml files there."
        case .locked(let path, let waited):
            "Another rightsbrief run holds the lock '\(path)'" + (waited > 0 ? " (waited \(waited) s)" : "")
                + "."
        case .lockUnavailable(let path, let reason):
            "Cannot take the lock '\(path)' (\(reason)); check that the database folder is writable."
        case .crontab(let reason):
            "Cannot update the crontab: \(reason)."
        }
    }
}
