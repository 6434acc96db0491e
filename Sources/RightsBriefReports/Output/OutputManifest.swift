import Foundation

/// The mark rightsbrief leaves in a folder it writes: a small text file listing the entries
/// it wrote there, so that it may replace them later and nothing else.
///
/// The file is `.rightsbrief-output`: a comment line, then one entry name per line.
public enum OutputManifest {
    /// The manifest's file name.
    public static let fileName = ".rightsbrief-output"
    private static let header = "# Written by rightsbrief: the entries below are its output and may be replaced by it."

    /// The names listed in `folder`'s manifest, or `nil` when the folder has none.
    public static func read(in folder: URL) -> Set<String>? {
        let url = folder.appendingPathComponent(fileName)
        var info = stat()
        guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return nil }
        return Set(text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    /// The manifest's bytes for `names`.
    static func contents(_ names: some Sequence<String>) -> Data {
        Data(([header] + names.sorted()).joined(separator: "\n").appending("\n").utf8)
    }

    /// Writes the manifest of `folder` listing `names` (replacing a previous one atomically).
    ///
    /// - Throws: ``ReportError/outputNotWritable(path:reason:)``.
    static func write(_ names: some Sequence<String>, in folder: URL) throws {
        try AtomicFile.writeUnchecked(contents(names), to: folder.appendingPathComponent(fileName))
    }

    /// Records in `folder`'s manifest that rightsbrief is about to write `names` there, after
    /// checking that each is absent or already rightsbrief's.
    ///
    /// Used where rightsbrief writes several outputs into one folder that it does not replace
    /// as a whole (the demo folder). The names are recorded before the outputs are written, so
    /// an interrupted run cannot leave an output that the next run would refuse to replace.
    ///
    /// - Throws: ``ReportError/outputRefused(path:reason:)`` naming the first entry that
    ///   rightsbrief did not write; ``ReportError/outputNotWritable(path:reason:)``.
    public static func claim(_ names: [String], in folder: URL) throws {
        try check(names, in: folder)
        let listed = read(in: folder) ?? []
        let all = listed.union(names)
        if all != listed { try write(all, in: folder) }
    }

    /// Checks that each of `names` in `folder` is absent or listed in the folder's manifest.
    ///
    /// A missing folder is not an error.
    ///
    /// - Throws: ``ReportError/outputRefused(path:reason:)`` naming the first entry that
    ///   rightsbrief did not write.
    public static func check(_ names: [String], in folder: URL) throws {
        let listed = read(in: folder) ?? []
        for name in names where !listed.contains(name) {
            let entry = folder.appendingPathComponent(name)
            var info = stat()
            if lstat(entry.path, &info) == 0 {
                throw ReportError.outputRefused(
                    path: entry.path,
                    reason: "it already exists and rightsbrief did not write it; move it or give a new folder")
            }
        }
    }
}
