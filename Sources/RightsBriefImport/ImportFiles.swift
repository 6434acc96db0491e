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
        try checkRegular(url, named: name)
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw ImportError.unreadableFile(path: name, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
    }

    /// The first `count` bytes of a file (all of it when shorter): enough to tell a JSON document
    /// from CSV without reading a large file whole.
    ///
    /// - Throws: what ``read(_:named:)`` throws.
    static func head(_ url: URL, named name: String, count: Int = 64) throws -> Data {
        try checkRegular(url, named: name)
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            throw ImportError.unreadableFile(path: name, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
    }

    /// Refuses a missing file and anything that is not a regular file.
    ///
    /// - Throws: ``ImportError/missingFile(path:)``, ``ImportError/notRegularFile(path:kind:)`` or
    ///   ``ImportError/unreadableFile(path:reason:)``.
    static func checkRegular(_ url: URL, named name: String) throws {
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
    }

    /// A file's device, inode, size and modification time (empty when it cannot be read): when
    /// these are unchanged, so is the file, for a file read twice in one import.
    static func signature(_ url: URL) -> [Int] {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return [] }
        return [
            Int(info.st_dev), Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec),
        ]
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
    /// - Parameter hasLines: whether the file has any bytes (after a byte order mark); with no
    ///   header record found, those can only be line breaks.
    static func noHeader(hasLines: Bool, file: String) -> ImportProblem {
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
