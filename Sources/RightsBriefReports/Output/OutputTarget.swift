import Foundation

/// Decides whether rightsbrief may put its output at a path, so that nothing it did not write
/// is ever replaced or deleted.
///
/// Rules:
/// - A **file** output (a briefing, a workbook, one CSV table) may replace only a regular file
///   that is not an SQLite database (nor its write-ahead log). An existing folder, symbolic
///   link, device or pipe at the path is refused.
/// - A **folder** output (a folder of CSV tables, a scheduled run) may be created where nothing
///   is, may take the place of an empty folder, or may replace a folder that rightsbrief wrote
///   itself (it holds an ``OutputManifest``); then only the entries the manifest lists are
///   replaced, and other plain files in it (a spreadsheet's lock file, a note) are kept. A
///   folder that holds anything else, a folder that holds an SQLite database, the root folder,
///   the home folder, and the working folder or any folder above it are refused.
///
/// Commands call ``checkFile(_:)`` or ``checkFolder(_:)`` before they start, to fail fast;
/// ``AtomicFile`` and ``AtomicFolder`` check again just before they rename.
public enum OutputTarget {
    /// Checks that a file may be written at `url`.
    ///
    /// A missing file is not an error; neither is an existing regular file (it is replaced
    /// whole). The folder must exist and be writable.
    ///
    /// - Throws: ``ReportError/outputRefused(path:reason:)`` for a path that must not be
    ///   replaced; ``ReportError/outputNotWritable(path:reason:)`` for a missing or read-only
    ///   folder.
    public static func checkFile(_ url: URL) throws {
        try checkParent(of: url)
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if let kind = databaseKind(url) {
                throw ReportError.outputRefused(path: url.relativePath, reason: "it is \(kind); give the report another name")
            }
        case S_IFDIR:
            throw ReportError.outputRefused(
                path: url.relativePath, reason: "it is a folder; give a file name (for example inside that folder)")
        case S_IFLNK:
            throw ReportError.outputRefused(
                path: url.relativePath, reason: "it is a symbolic link; give the path of a regular file instead")
        default:
            throw ReportError.outputRefused(path: url.relativePath, reason: "it is not a regular file")
        }
    }

    /// Checks that a folder of output may be written at `url`.
    ///
    /// - Returns: the plain files and links in an existing folder that rightsbrief did not
    ///   write (they are kept when the folder is replaced); empty when the folder is new.
    /// - Throws: ``ReportError/outputRefused(path:reason:)`` or
    ///   ``ReportError/outputNotWritable(path:reason:)``.
    @discardableResult
    public static func checkFolder(_ url: URL) throws -> [String] {
        try refuseSpecialFolder(url)
        try checkParent(of: url)
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return [] }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            throw ReportError.outputRefused(
                path: url.relativePath, reason: "it is a symbolic link; give the path of a new folder instead")
        default:
            throw ReportError.outputRefused(path: url.relativePath, reason: "it is a file, not a folder; give a new folder")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw ReportError.outputNotWritable(path: url.path, reason: AtomicFile.reason(error))
        }
        let entries = names.filter { TemporaryOutput.target(of: $0) == nil }
        if entries.isEmpty { return [] }
        guard let manifest = OutputManifest.read(in: url) else {
            throw ReportError.outputRefused(
                path: url.relativePath,
                reason: "the folder already exists and rightsbrief did not write it (it holds "
                    + "\(listed(entries))); give a new folder")
        }
        let foreign = entries.filter { $0 != OutputManifest.fileName && !manifest.contains($0) }.sorted()
        for name in foreign {
            let entry = url.appendingPathComponent(name)
            var entryInfo = stat()
            guard lstat(entry.path, &entryInfo) == 0 else { continue }
            let type = entryInfo.st_mode & S_IFMT
            if type == S_IFREG, let kind = databaseKind(entry) {
                throw ReportError.outputRefused(
                    path: url.relativePath, reason: "the folder holds \(kind) ('\(name)'); give a folder of its own")
            }
            guard type == S_IFREG || type == S_IFLNK else {
                throw ReportError.outputRefused(
                    path: url.relativePath,
                    reason: "the folder holds '\(name)', which rightsbrief did not write; move it or give a new folder")
            }
        }
        return foreign
    }

    /// Refuses `/`, the home folder, and the working folder or any folder above it.
    static func refuseSpecialFolder(_ url: URL) throws {
        let resolved = canonical(url)
        if resolved == "/" {
            throw ReportError.outputRefused(path: url.relativePath, reason: "it is the root folder; give a new folder")
        }
        for home in homeFolders() where canonical(URL(fileURLWithPath: home)) == resolved {
            throw ReportError.outputRefused(path: url.relativePath, reason: "it is your home folder; give a new folder")
        }
        let working = canonical(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        if working == resolved || working.hasPrefix(resolved + "/") {
            throw ReportError.outputRefused(
                path: url.relativePath, reason: "it is the working folder or holds it; give a new folder")
        }
    }

    /// The folder must exist and be writable.
    static func checkParent(of url: URL) throws {
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ReportError.outputNotWritable(path: url.path, reason: "the folder '\(folder.path)' does not exist")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw ReportError.outputNotWritable(path: url.path, reason: "the folder '\(folder.path)' is not writable")
        }
    }

    /// "an SQLite database" or "an SQLite write-ahead log" when the file starts like one.
    static func databaseKind(_ url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 16) else { return nil }
        if head == Data("SQLite format 3\0".utf8) { return "an SQLite database" }
        if head.count >= 4, [0x37, 0x7F, 0x06].elementsEqual(head.prefix(3)), head[3] == 0x82 || head[3] == 0x83 {
            return "an SQLite write-ahead log"
        }
        return nil
    }

    /// The path with symbolic links and `.`/`..` resolved (as far as it exists).
    static func canonical(_ url: URL) -> String {
        let standard = url.standardizedFileURL.path
        guard let resolved = realpath(standard, nil) else { return standard }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func homeFolders() -> [String] {
        var homes = [NSHomeDirectory()]
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { homes.append(home) }
        return homes
    }

    private static func listed(_ names: [String]) -> String {
        let sorted = names.sorted()
        let shown = sorted.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        return sorted.count > 3 ? "\(shown) and \(sorted.count - 3) more" : shown
    }
}
