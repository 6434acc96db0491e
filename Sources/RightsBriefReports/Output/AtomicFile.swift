import Foundation

/// Writes report files so they appear whole or not at all, and never in place of something
/// rightsbrief must not replace (see ``OutputTarget``).
///
/// The content goes to a locked temporary file in the target's folder (same file system; see
/// ``TemporaryOutput``), is flushed to disk, and is then renamed over the target. A failure at
/// any point removes the temporary file and leaves any previous file untouched; a process
/// killed half-way leaves a temporary file that the next write into the folder removes.
public enum AtomicFile {
    /// Writes `data` to the file `url` atomically.
    ///
    /// - Throws: ``ReportError/outputRefused(path:reason:)`` when `url` is a folder, a link,
    ///   a database or anything but a regular file; ``ReportError/outputNotWritable(path:reason:)``
    ///   when the folder is missing or not writable, or the write fails (disk full).
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temporary in try fill(temporary, with: data) }
    }

    /// Lets `body` fill a temporary file beside `url` (it exists, empty), then renames it over
    /// `url`.
    ///
    /// When `body` throws, the temporary file is removed and the error is rethrown
    /// (``ReportError`` as is, anything else as ``ReportError/outputNotWritable(path:reason:)``).
    ///
    /// - Throws: as ``write(_:to:)``.
    public static func write(to url: URL, _ body: (URL) throws -> Void) throws {
        try OutputTarget.checkFile(url)
        TemporaryOutput.removeStale(in: url.deletingLastPathComponent())
        let temporary = try TemporaryOutput(beside: url, folder: false)
        do {
            try body(temporary.url)
            try OutputTarget.checkFile(url)
            try rename(temporary.url, to: url)
            temporary.release()
        } catch {
            temporary.discard()
            throw wrapped(error, for: url)
        }
    }

    /// Writes `data` to `url` atomically without the output checks (for files that
    /// rightsbrief owns by name, such as a folder's manifest).
    static func writeUnchecked(_ data: Data, to url: URL) throws {
        let temporary = try TemporaryOutput(beside: url, folder: false)
        do {
            try fill(temporary.url, with: data)
            try rename(temporary.url, to: url)
            temporary.release()
        } catch {
            temporary.discard()
            throw wrapped(error, for: url)
        }
    }

    /// Checks that `folder` exists and is writable, so nothing is attempted otherwise.
    ///
    /// - Throws: ``ReportError/outputNotWritable(path:reason:)``.
    public static func checkFolder(_ folder: URL, for url: URL) throws {
        try OutputTarget.checkParent(of: folder.appendingPathComponent(url.lastPathComponent))
    }

    private static func fill(_ file: URL, with data: Data) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
        try handle.synchronize()
    }

    /// Renames `temporary` over `url` and makes the rename durable.
    static func rename(_ temporary: URL, to url: URL) throws {
        guard Foundation.rename(temporary.path, url.path) == 0 else {
            throw ReportError.outputNotWritable(path: url.path, reason: TemporaryOutput.errnoText())
        }
        syncFolder(url.deletingLastPathComponent())
    }

    /// Flushes a folder's entries to disk (best effort).
    static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    static func wrapped(_ error: any Error, for url: URL) -> any Error {
        if error is ReportError { return error }
        return ReportError.outputNotWritable(path: url.path, reason: reason(error))
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
