import Foundation

/// Why an import did not happen. In every case nothing was written.
public enum ImportError: Error, Equatable, Sendable {
    /// A file named on the command line (or the mapping) does not exist.
    case missingFile(path: String)
    /// A file exists but cannot be read (no permission, an I/O error).
    case unreadableFile(path: String, reason: String)
    /// The path names something other than a regular file: a folder, a device such as
    /// `/dev/null`, a named pipe or a socket.
    case notRegularFile(path: String, kind: FileKind)
    /// The input has problems. `problems` holds the first ones (up to the request's
    /// `maxProblems`, or 1,000 if that is more) in the order
    /// the files were given, then by line and column; `total` counts them all.
    case problems([ImportProblem], total: Int)

    /// The lines to print for a `problems` error: up to `limit` problems as
    /// `FILE:LINE:COLUMN: …`, then `… and N more problems` when there are more.
    /// - Parameters:
    ///   - limit: How many problems to list.
    ///   - describe: How one problem is worded (its description by default; a caller adds
    ///     its own wording of the problem's ``ImportProblem/remedy``).
    public func problemLines(
        limit: Int = 20, describe: (ImportProblem) -> String = { $0.description }
    ) -> [String] {
        guard case .problems(let problems, let total) = self else { return [] }
        var lines = problems.prefix(limit).map(describe)
        let rest = total - lines.count
        if rest > 0 { lines.append("… and \(rest) more problem\(rest == 1 ? "" : "s")") }
        return lines
    }
}

extension ImportError {
    /// What stands at a path that is not a regular file.
    public enum FileKind: String, Sendable {
        case folder = "a folder"
        case device = "a device"
        case pipe = "a named pipe (FIFO)"
        case socket = "a socket"
    }
}

extension ImportError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .missingFile(let path):
            "Cannot read '\(path)': no such file; check the path."
        case .unreadableFile(let path, let reason):
            "Cannot read '\(path)' (\(reason)); check the path and permissions."
        case .notRegularFile(let path, .folder):
            "'\(path)' is a folder, not a file; name the files in it, for example \(path)/*.csv."
        case .notRegularFile(let path, let kind):
            "'\(path)' is \(kind.rawValue), not a regular file; name a CSV or JSON file (save piped data to a file first)."
        case .problems(_, let total):
            "The import found \(total) problem\(total == 1 ? "" : "s") and imported nothing; fix "
                + "\(total == 1 ? "it" : "them") and run it again."
        }
    }
}
