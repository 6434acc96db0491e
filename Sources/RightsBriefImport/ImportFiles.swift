import Foundation

/// Reading input files and wording CSV errors for the importer.
enum ImportFiles {
    /// The whole file (memory-mapped when large).
    ///
    /// Only a regular file is read: a folder, a device such as `/dev/null`, a named pipe or a
    /// socket is refused before any reading (a pipe would block, a device has no table in it).
    ///
    /// - Throws: ``ImportError/missingFile(path:)``, ``ImportError/notRegularFile(path:kind:)`` or
    ///   ``ImportError/unreadableFile(path:reason:)``.
    static func read(_ url: URL, named name: String) throws -> Data {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw ImportError.missingFile(path: name) }
            throw ImportError.unreadableFile(path: name, reason: String(cString: strerror(code)))
        }
        switch Int(info.st_mode) & Int(S_IFMT) {
        case Int(S_IFREG): break
        case Int(S_IFDIR): throw ImportError.notRegularFile(path: name, kind: .folder)
        case Int(S_IFIFO): throw ImportError.notRegularFile(path: name, kind: .pipe)
        case Int(S_IFSOCK): throw ImportError.notRegularFile(path: name, kind: .socket)
        default: throw ImportError.notRegularFile(path: name, kind: .device)
        }
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw ImportError.unreadableFile(path: name, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
    }

    /// A CSV reading error as a problem at its line and column.
    static func problem(_ error: CSVError, file: String) -> ImportProblem {
        switch error {
        case .notUTF8:
            return ImportProblem(
                file: file, line: error.line, column: error.column,
                message: "the file is not UTF-8; re-save it as UTF-8", remedy: .encoding)
        default:
            return ImportProblem(
                file: file, line: error.line, column: error.column,
                message: "this record " + (error.errorDescription ?? "is not valid CSV"))
        }
    }

    /// The problem for a CSV file in which the reader found no header record: one with no
    /// characters at all is empty; one with line breaks but nothing else has no header row.
    static func noHeader(_ data: Data, file: String) -> ImportProblem {
        let hasLines = data.contains { $0 == 0x0A || $0 == 0x0D }
        let message = hasLines
            ? "the file has no header row, only blank lines; put the column names on its first line"
            : "the file is empty; a CSV file needs a header row"
        return ImportProblem(file: file, line: 1, column: 1, message: message)
    }

    /// Whether a file is a JSON dataset document rather than CSV: by its extension, or, for a
    /// file named neither `.json` nor `.csv`, by its first character.
    static func isJSON(_ data: Data, named name: String) -> Bool {
        let lower = name.lowercased()
        if lower.hasSuffix(".json") { return true }
        if lower.hasSuffix(".csv") { return false }
        var bytes = data.prefix(64)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return first == UInt8(ascii: "{")
    }
}
