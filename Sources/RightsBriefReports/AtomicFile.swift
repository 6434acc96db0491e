import Foundation

/// Writes report files so they appear whole or not at all.
///
/// The content goes to a hidden temporary file in the target's folder (same file system), is
/// flushed to disk, and is then renamed over the target. A failure at any point removes the
/// temporary file and leaves any previous file untouched.
public enum AtomicFile {
    /// Writes `data` to `url` atomically.
    ///
    /// - Throws: ``ReportError/outputNotWritable(path:reason:)`` when the folder is missing or
    ///   not writable, or the write fails (disk full).
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temporary in
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw ReportError.outputNotWritable(path: url.path, reason: "cannot create a file there")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        }
    }

    /// Lets `body` fill a temporary path beside `url`, then renames it over `url`.
    ///
    /// `body` may create a file or a folder at the temporary path. When `body` throws, the
    /// temporary path is removed and the error is rethrown (``ReportError`` as is, anything
    /// else as ``ReportError/outputNotWritable(path:reason:)``).
    public static func write(to url: URL, _ body: (URL) throws -> Void) throws {
        let folder = url.deletingLastPathComponent()
        try checkFolder(folder, for: url)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            try body(temporary)
            try replace(url, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let error = error as? ReportError { throw error }
            throw ReportError.outputNotWritable(path: url.path, reason: Self.reason(error))
        }
    }

    /// Checks that `folder` exists and is writable, so nothing is attempted otherwise.
    ///
    /// - Throws: ``ReportError/outputNotWritable(path:reason:)``.
    public static func checkFolder(_ folder: URL, for url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError.outputNotWritable(path: url.path, reason: "the folder '\(folder.path)' does not exist")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw ReportError.outputNotWritable(path: url.path, reason: "the folder '\(folder.path)' is not writable")
        }
    }

    /// Renames `temporary` over `url`. A folder target is swapped: the old folder is moved
    /// aside first and removed only after the new one is in place.
    static func replace(_ url: URL, with temporary: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            let aside = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).old-\(getpid())")
            try? manager.removeItem(at: aside)
            try manager.moveItem(at: url, to: aside)
            do {
                try manager.moveItem(at: temporary, to: url)
            } catch {
                try? manager.moveItem(at: aside, to: url)
                throw error
            }
            try? manager.removeItem(at: aside)
        } else if rename(temporary.path, url.path) != 0 {
            throw ReportError.outputNotWritable(path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}
