import Foundation

/// A temporary file or folder beside an output, held under a lock while a process fills it.
///
/// Its name is `.rightsbrief-tmp-TARGET-RANDOM`: recognisable, hidden, and without a process
/// id (process ids are reused, so a name cannot tell whether its maker is alive). Instead the
/// maker holds an exclusive `flock` on the item for as long as it works on it; the lock goes
/// away with the process, however it ends. ``removeStale(in:)`` removes every such item whose
/// lock it can take, which is exactly the litter of processes that were killed or crashed.
///
/// Folder swaps that cannot exchange two folders atomically move the previous folder aside as
/// `.rightsbrief-old-TARGET-RANDOM` for a moment; when a process dies right then, the next
/// clean-up puts it back if the target is missing (nothing is lost) or removes it otherwise.
public final class TemporaryOutput {
    /// The name prefix of temporary items.
    public static let prefix = ".rightsbrief-tmp-"
    /// The name prefix of a previous folder moved aside during a non-atomic swap.
    public static let asidePrefix = ".rightsbrief-old-"
    /// The length of the random suffix (hex digits).
    static let randomLength = 12

    /// The temporary path.
    let url: URL
    private var descriptor: Int32 = -1

    /// Creates and locks a temporary file (`folder == false`) or folder beside `target`.
    ///
    /// - Throws: ``ReportError/outputNotWritable(path:reason:)`` when it cannot be created.
    init(beside target: URL, folder: Bool) throws {
        // Another process's ``removeStale(in:)`` can find the new item before it is locked
        // (between creating and locking it), take its lock and remove it. So the lock is
        // waited for, and the item made again under a new name when it is gone by then.
        for _ in 0..<Self.attempts {
            let name = Self.name(for: target.lastPathComponent, prefix: Self.prefix)
            let url = target.deletingLastPathComponent().appendingPathComponent(name, isDirectory: folder)
            let descriptor: Int32
            if folder {
                guard mkdir(url.path, 0o777) == 0 else {
                    throw ReportError.outputNotWritable(path: target.path, reason: Self.errnoText())
                }
                descriptor = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                // Removed before it could be opened: make another.
                if descriptor < 0 && errno == ENOENT { continue }
            } else {
                descriptor = open(url.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o666)
            }
            guard descriptor >= 0 else {
                throw ReportError.outputNotWritable(path: target.path, reason: Self.errnoText())
            }
            if flock(descriptor, LOCK_EX) == 0, Self.isStill(url, descriptor) {
                self.url = url
                self.descriptor = descriptor
                return
            }
            close(descriptor)
        }
        throw ReportError.outputNotWritable(
            path: target.path, reason: "its temporary item was removed by another process \(Self.attempts) times")
    }

    /// How often a temporary item is made again when another process removed it.
    static let attempts = 50

    /// Whether `url` is still the item open as `descriptor` (same device and inode).
    private static func isStill(_ url: URL, _ descriptor: Int32) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(descriptor, &open) == 0, lstat(url.path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    deinit { release() }

    /// Lets go of the lock (the item stays where it is).
    func release() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }

    /// Removes the item and lets go of the lock.
    func discard() {
        try? FileManager.default.removeItem(at: url)
        release()
    }

    /// `PREFIX` + target + `-` + random hex digits: a fresh temporary name for `target`.
    public static func name(for target: String, prefix: String = TemporaryOutput.prefix) -> String {
        let random = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return prefix + target + "-" + random.prefix(randomLength)
    }

    /// The target name encoded in a temporary or aside name, or `nil` for other names.
    static func target(of name: String) -> String? {
        for prefix in [Self.prefix, asidePrefix] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard rest.count > randomLength + 1 else { return nil }
            let cut = rest.index(rest.endIndex, offsetBy: -(randomLength + 1))
            guard rest[cut] == "-" else { return nil }
            return String(rest[..<cut])
        }
        return nil
    }

    /// Removes the temporary items in `folder` that no live process holds, and restores or
    /// removes folders left aside by an interrupted swap.
    ///
    /// Items that another process is still filling are left alone. Errors are not thrown: a
    /// leftover that cannot be removed now is tried again next time.
    ///
    /// - Returns: the names removed or restored.
    @discardableResult
    public static func removeStale(in folder: URL) -> [String] {
        var handled: [String] = []
        for name in stale(in: folder) {
            let item = folder.appendingPathComponent(name)
            if name.hasPrefix(asidePrefix), let target = target(of: name),
                !FileManager.default.fileExists(atPath: folder.appendingPathComponent(target).path)
            {
                if rename(item.path, folder.appendingPathComponent(target).path) == 0 { handled.append(name) }
                continue
            }
            // Removed while holding its lock: a maker waiting for the lock then finds it gone
            // and makes another, rather than filling an item that is being removed.
            let descriptor = open(item.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            if descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                close(descriptor)
                continue
            }
            if (try? FileManager.default.removeItem(at: item)) != nil { handled.append(name) }
            if descriptor >= 0 { close(descriptor) }
        }
        return handled
    }

    /// The names of temporary and aside items in `folder` that no live process holds.
    ///
    /// A missing or unreadable folder has none.
    public static func stale(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { name in
            guard target(of: name) != nil else { return false }
            if name.hasPrefix(asidePrefix) { return true }
            return isUnlocked(folder.appendingPathComponent(name))
        }
    }

    /// Whether nobody holds the lock of the item at `url` (a symbolic link counts as unlocked).
    private static func isUnlocked(_ url: URL) -> Bool {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return false }
        if (info.st_mode & S_IFMT) == S_IFLNK { return true }
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
