import Foundation

/// Reading and writing key files: `rightsbrief.key` (private, mode 0600) and `rightsbrief.pub`
/// (public) in one folder.
public enum KeyFiles {
    /// The private key's file name.
    public static let privateName = "rightsbrief.key"
    /// The public key's file name.
    public static let publicName = "rightsbrief.pub"

    /// What ``generate(in:)`` wrote.
    public struct Generated: Sendable {
        /// The private key file.
        public var privateKey: URL
        /// The public key file.
        public var publicKey: URL
        /// The public key's fingerprint (see ``VerifyingKey/fingerprint``).
        public var fingerprint: String
    }

    /// Writes a new key pair into `folder` (created, mode 0700, when missing; its parent must
    /// exist).
    ///
    /// The private key file is created with mode 0600 before any byte is written, and appears
    /// whole or not at all; neither file is ever replaced.
    ///
    /// - Throws: ``BundleError/keyExists(path:)`` when the folder already holds either file;
    ///   ``BundleError/keyNotWritable(path:reason:)`` when writing fails (nothing is left).
    public static func generate(in folder: URL) throws -> Generated {
        let privateURL = folder.appendingPathComponent(privateName)
        let publicURL = folder.appendingPathComponent(publicName)
        if mkdir(folder.path, 0o700) != 0, errno != EEXIST {
            throw BundleError.keyNotWritable(path: privateURL.path, reason: TemporaryOutput.errnoText())
        }
        for url in [privateURL, publicURL] where exists(url) {
            throw BundleError.keyExists(path: url.path)
        }
        let key = SigningKey()
        try writeNew(Data(key.pem.utf8), to: privateURL, mode: 0o600)
        do {
            try writeNew(Data(key.publicKey.pem.utf8), to: publicURL, mode: 0o644)
        } catch {
            unlink(privateURL.path)
            throw error
        }
        return Generated(privateKey: privateURL, publicKey: publicURL, fingerprint: key.publicKey.fingerprint)
    }

    /// Reads the private key at `url`.
    ///
    /// - Throws: ``BundleError/keyMissing(path:)``, ``BundleError/keyUnreadable(path:reason:)``,
    ///   ``BundleError/keyIsPublic(path:)``, ``BundleError/keyMalformed(path:expected:)``, or
    ///   ``BundleError/keyExposed(path:)`` when group or others may read or write the file.
    public static func loadPrivate(_ url: URL) throws -> SigningKey {
        let (text, mode) = try read(url)
        let key = try SigningKey.parse(text, path: url.path)
        guard mode & 0o077 == 0 else { throw BundleError.keyExposed(path: url.path) }
        return key
    }

    /// Reads the public key at `url`.
    ///
    /// - Throws: ``BundleError/keyMissing(path:)``, ``BundleError/keyUnreadable(path:reason:)``,
    ///   ``BundleError/keyIsPrivate(path:)`` or ``BundleError/keyMalformed(path:expected:)``.
    public static func loadPublic(_ url: URL) throws -> VerifyingKey {
        try VerifyingKey.parse(try read(url).text, path: url.path)
    }

    /// The text of a small key file and its permission bits.
    private static func read(_ url: URL) throws -> (text: String, mode: mode_t) {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw BundleError.keyMissing(path: url.path) }
            throw BundleError.keyUnreadable(path: url.path, reason: TemporaryOutput.errnoText())
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw BundleError.keyUnreadable(path: url.path, reason: "it is not a regular file")
        }
        // A key is a few hundred bytes; anything large is not one.
        guard info.st_size < 16_384 else { throw BundleError.keyMalformed(path: url.path, expected: "Ed25519") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BundleError.keyUnreadable(path: url.path, reason: "permission denied")
        }
        return (String(decoding: data, as: UTF8.self), info.st_mode & 0o777)
    }

    private static func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    /// Writes `data` to a new file `url` with `mode`: a temporary file created with that mode,
    /// flushed, then hard-linked to `url` (which fails if `url` exists) and unlinked.
    private static func writeNew(_ data: Data, to url: URL, mode: mode_t) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(TemporaryOutput.name(for: url.lastPathComponent)).path
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw BundleError.keyNotWritable(path: url.path, reason: TemporaryOutput.errnoText())
        }
        defer { unlink(temporary) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        let failure = TemporaryOutput.errnoText()
        close(descriptor)
        guard written == data.count, synced else {
            throw BundleError.keyNotWritable(path: url.path, reason: failure)
        }
        // The mode given to open() is reduced by the umask; a public key stays readable.
        chmod(temporary, mode)
        guard link(temporary, url.path) == 0 else {
            if errno == EEXIST { throw BundleError.keyExists(path: url.path) }
            throw BundleError.keyNotWritable(path: url.path, reason: TemporaryOutput.errnoText())
        }
        AtomicFile.syncFolder(url.deletingLastPathComponent())
    }
}
