import Foundation

/// One thing wrong with a bundle.
public enum BundleProblem: Sendable, Equatable, CustomStringConvertible {
    /// The signature does not match the manifest with the key given. `signedBy` is the
    /// fingerprint the manifest names when it differs from the key given (then the key is
    /// probably not the signer's).
    case badSignature(signedBy: String?, given: String)
    /// The manifest cannot be read as a manifest.
    case manifestUnreadable(reason: String)
    /// A listed file's bytes differ from the manifest.
    case changed(path: String)
    /// A listed file is gone.
    case missing(path: String)
    /// A file that the manifest does not list.
    case added(path: String)

    /// One line naming the file and what is wrong with it.
    public var description: String {
        switch self {
        case .badSignature(let signedBy?, let given):
            "bad signature: \(BundleManifest.signatureName) does not match \(BundleManifest.fileName) with this key "
                + "(\(given)); the manifest names the key \(signedBy), so either the wrong public key was given or "
                + "\(BundleManifest.fileName) was changed"
        case .badSignature(nil, _):
            "bad signature: \(BundleManifest.fileName) or \(BundleManifest.signatureName) was changed "
                + "(the signature does not match the manifest with this key)"
        case .manifestUnreadable(let reason): "changed: \(BundleManifest.fileName) (\(reason))"
        case .changed(let path): "changed: \(path)"
        case .missing(let path): "missing: \(path)"
        case .added(let path): "added: \(path)"
        }
    }
}

/// The outcome of checking a bundle.
public struct BundleVerification: Sendable {
    /// The manifest, when it could be read (trust it only when ``isVerified``).
    public var manifest: BundleManifest?
    /// Whether the signature matches the manifest's bytes with the key given.
    public var signatureValid: Bool
    /// Every problem found, signature first, then files in path order.
    public var problems: [BundleProblem]

    /// Whether the signature is good and every file matches.
    public var isVerified: Bool { signatureValid && problems.isEmpty }

    func count(_ kind: (BundleProblem) -> Bool) -> Int { problems.filter(kind).count }

    /// The error that sums the problems up (for a caller that prints ``problems`` first).
    public func failure(folder: URL) -> BundleError {
        BundleError.verificationFailed(
            path: folder.path,
            changed: count {
                if case .changed = $0 { return true }
                if case .manifestUnreadable = $0 { return true }
                return false
            },
            missing: count { if case .missing = $0 { true } else { false } },
            added: count { if case .added = $0 { true } else { false } },
            signatureValid: signatureValid)
    }
}

/// Checks a signed bundle with a public key; needs no database.
public enum BundleVerifier {
    /// Checks the signature of `folder`'s manifest and every file against it.
    ///
    /// Files are compared against the manifest even when the signature fails, so the report
    /// names what differs; nothing in such a bundle should be relied on.
    ///
    /// - Throws: ``BundleError/bundleMissing(path:)`` when `folder` holds no `MANIFEST.json`,
    ///   ``BundleError/signatureMissing(path:)`` when it holds no `MANIFEST.json.sig`.
    public static func verify(_ folder: URL, key: VerifyingKey) throws -> BundleVerification {
        let manifestURL = folder.appendingPathComponent(BundleManifest.fileName)
        let signatureURL = folder.appendingPathComponent(BundleManifest.signatureName)
        guard let bytes = regularFileContents(manifestURL) else { throw BundleError.bundleMissing(path: folder.path) }
        guard let signature = regularFileContents(signatureURL) else {
            throw BundleError.signatureMissing(path: folder.path)
        }
        let manifest = BundleManifest.decode(bytes)
        let signatureValid = key.isValidSignature(signature, for: bytes)
        var problems: [BundleProblem] = []
        if !signatureValid {
            let named = manifest?.publicKey.fingerprint
            problems.append(.badSignature(signedBy: named == key.fingerprint ? nil : named, given: key.fingerprint))
        }
        guard let manifest else {
            problems.append(.manifestUnreadable(reason: "it is not a rightsbrief bundle manifest"))
            return BundleVerification(manifest: nil, signatureValid: signatureValid, problems: problems)
        }
        if let unsafe = manifest.files.keys.sorted().first(where: { !BundleManifest.isSafe($0) }) {
            problems.append(.manifestUnreadable(reason: "it lists a path outside the bundle, '\(unsafe)'"))
            return BundleVerification(manifest: manifest, signatureValid: signatureValid, problems: problems)
        }
        let present: (files: [String], others: [String])
        do {
            present = try BundleManifest.paths(in: folder)
        } catch {
            throw BundleError.bundleMissing(path: folder.path)
        }
        let presentFiles = Set(present.files)
        var fileProblems: [(String, BundleProblem)] = []
        for (path, expected) in manifest.files {
            guard presentFiles.contains(path) else {
                fileProblems.append((path, .missing(path: path)))
                continue
            }
            let actual = try? BundleManifest.entry(for: folder.appendingPathComponent(path))
            if actual != expected { fileProblems.append((path, .changed(path: path))) }
        }
        for path in present.files + present.others where manifest.files[path] == nil {
            fileProblems.append((path, .added(path: path)))
        }
        problems += fileProblems.sorted { $0.0 < $1.0 }.map(\.1)
        return BundleVerification(manifest: manifest, signatureValid: signatureValid, problems: problems)
    }

    /// The bytes of a regular file (not a link or folder), or `nil`.
    private static func regularFileContents(_ url: URL) -> Data? {
        var info = stat()
        guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileManager.default.contents(atPath: url.path)
    }
}
