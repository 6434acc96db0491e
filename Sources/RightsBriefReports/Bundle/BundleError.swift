import Foundation

/// What can go wrong with signing keys and signed report bundles.
///
/// The command line maps the cases to exit codes; each message is one sentence that says what
/// to do. No message ever holds a private key's bytes.
public enum BundleError: Error, Equatable, Sendable {
    /// No key file at this path.
    case keyMissing(path: String)
    /// The key file exists but cannot be read.
    case keyUnreadable(path: String, reason: String)
    /// The file is not a key in the expected form (`private` or `public`).
    case keyMalformed(path: String, expected: String)
    /// A public key was given where the private key is needed.
    case keyIsPublic(path: String)
    /// A private key was given where the public key is needed.
    case keyIsPrivate(path: String)
    /// The private key file can be read or written by other users.
    case keyExposed(path: String)
    /// `key generate` would replace an existing key file.
    case keyExists(path: String)
    /// A key file cannot be written.
    case keyNotWritable(path: String, reason: String)
    /// The folder to verify does not exist or holds no `MANIFEST.json`.
    case bundleMissing(path: String)
    /// The bundle has a manifest but no `MANIFEST.json.sig`.
    case signatureMissing(path: String)
    /// Verification found problems (listed one per line by the caller).
    case verificationFailed(path: String, changed: Int, missing: Int, added: Int, signatureValid: Bool)
    /// A signed file output needs a folder of its own, and this one holds another report.
    case bundleFolderShared(path: String, other: String)
}

extension BundleError: LocalizedError {
    /// A one-sentence message saying what failed and what to do.
    public var errorDescription: String? {
        switch self {
        case .keyMissing(let path):
            "No key file at '\(path)'; check the path or create a key pair."
        case .keyUnreadable(let path, let reason):
            "Cannot read the key file '\(path)' (\(reason)); check its owner and permissions."
        case .keyMalformed(let path, let expected):
            "'\(path)' is not a rightsbrief \(expected) key (an Ed25519 key in PEM form)."
        case .keyIsPublic(let path):
            "'\(path)' is a public key; signing needs the private key (rightsbrief.key) from the same folder."
        case .keyIsPrivate(let path):
            "'\(path)' is a private key; verify with the public key (rightsbrief.pub), and never send the private key to anyone."
        case .keyExposed(let path):
            "The private key '\(path)' can be read by other users; run 'chmod 600 \(path)' (and consider making a new key if others may have copied it)."
        case .keyExists(let path):
            "'\(path)' already exists; rightsbrief never replaces a key, so keep it or move it away first."
        case .keyNotWritable(let path, let reason):
            "Cannot write the key file '\(path)' (\(reason)); check that the folder is writable."
        case .bundleMissing(let path):
            "'\(path)' is not a signed bundle (no folder with a MANIFEST.json); give the folder that holds MANIFEST.json and MANIFEST.json.sig."
        case .signatureMissing(let path):
            "The bundle '\(path)' has no MANIFEST.json.sig; ask the sender for the complete folder."
        case .verificationFailed(let path, let changed, let missing, let added, let signatureValid):
            "The bundle '\(path)' does not verify (\(signatureValid ? "signature good" : "signature bad"), "
                + "\(changed) changed, \(missing) missing, \(added) added); do not rely on it and ask the sender for a fresh copy."
        case .bundleFolderShared(let path, let other):
            "The folder '\(path)' already holds another signed report ('\(other)'); give each signed report a folder of its own."
        }
    }
}
