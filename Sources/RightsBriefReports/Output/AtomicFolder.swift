import Foundation

/// Writes a folder of outputs (CSV tables, a scheduled run) so that it appears whole or not at
/// all, replaces only a folder rightsbrief wrote, and keeps what others put in it.
///
/// `body` fills a locked temporary folder beside the target; rightsbrief's manifest is added
/// listing what `body` wrote; plain files and links that others left in the previous folder
/// are carried over (hard links, so they stay the very same files); then the two folders are
/// exchanged in one step (Linux `renameat2(RENAME_EXCHANGE)`), so a reader sees either the
/// whole old set or the whole new one. Where the file system cannot exchange, the previous
/// folder is moved aside for the moment of the swap (see ``TemporaryOutput``).
public enum AtomicFolder {
    /// Writes the folder `url` through `body`.
    ///
    /// - Parameters:
    ///   - url: The folder to create or replace (see ``OutputTarget/checkFolder(_:)``).
    ///   - body: Fills the given empty temporary folder.
    /// - Throws: ``ReportError/outputRefused(path:reason:)`` when `url` must not be replaced;
    ///   ``ReportError/outputNotWritable(path:reason:)`` when writing fails. The previous
    ///   folder is then untouched and no temporary folder is left.
    public static func write(to url: URL, _ body: (URL) throws -> Void) throws {
        try OutputTarget.checkFolder(url)
        let parent = url.deletingLastPathComponent()
        TemporaryOutput.removeStale(in: parent)
        let temporary = try TemporaryOutput(beside: url, folder: true)
        do {
            try body(temporary.url)
            let written = try FileManager.default.contentsOfDirectory(atPath: temporary.url.path)
            try OutputManifest.write(written, in: temporary.url)
            let foreign = try OutputTarget.checkFolder(url)
            try carry(foreign, from: url, to: temporary.url)
            try swap(temporary.url, into: url)
            temporary.release()
            // After the exchange the temporary path holds the previous folder.
            try? FileManager.default.removeItem(at: temporary.url)
            AtomicFile.syncFolder(parent)
        } catch {
            temporary.discard()
            throw AtomicFile.wrapped(error, for: url)
        }
    }

    /// Links the entries `names` of `old` into `new` (files by hard link, links re-created).
    private static func carry(_ names: [String], from old: URL, to new: URL) throws {
        for name in names {
            let source = old.appendingPathComponent(name).path
            let destination = new.appendingPathComponent(name).path
            var info = stat()
            guard lstat(source, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                let target = try FileManager.default.destinationOfSymbolicLink(atPath: source)
                guard symlink(target, destination) == 0 else {
                    throw ReportError.outputNotWritable(path: source, reason: TemporaryOutput.errnoText())
                }
            } else if link(source, destination) != 0 {
                throw ReportError.outputNotWritable(
                    path: old.path, reason: "cannot keep '\(name)' in the new folder: \(TemporaryOutput.errnoText())")
            }
        }
    }

    /// Puts the folder `new` at `url`: renamed when nothing is there, else exchanged with the
    /// folder there (which then sits at `new`'s path).
    private static func swap(_ new: URL, into url: URL) throws {
        var info = stat()
        if lstat(url.path, &info) != 0 {
            try AtomicFile.rename(new, to: url)
            return
        }
        if exchange(new.path, url.path) { return }
        // No atomic exchange here: move the previous folder aside for the moment of the swap.
        let asideName = TemporaryOutput.name(for: url.lastPathComponent, prefix: TemporaryOutput.asidePrefix)
        let aside = url.deletingLastPathComponent().appendingPathComponent(asideName)
        guard Foundation.rename(url.path, aside.path) == 0 else {
            throw ReportError.outputNotWritable(path: url.path, reason: TemporaryOutput.errnoText())
        }
        guard Foundation.rename(new.path, url.path) == 0 else {
            let reason = TemporaryOutput.errnoText()
            _ = Foundation.rename(aside.path, url.path)
            throw ReportError.outputNotWritable(path: url.path, reason: reason)
        }
        guard Foundation.rename(aside.path, new.path) == 0 else {
            try? FileManager.default.removeItem(at: aside)
            return
        }
    }

    private typealias RenameAt2 = @convention(c) (
        Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
    ) -> Int32

    /// `renameat2(RENAME_EXCHANGE)`, looked up at run time (Swift's Glibc module does not
    /// declare it). `false` when the system or the file system cannot exchange.
    private static func exchange(_ first: String, _ second: String) -> Bool {
        guard let function = renameAt2 else { return false }
        let renameExchange: UInt32 = 1 << 1
        return function(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
    }

    private static let renameAt2: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
}
