import Crypto
import Foundation

/// The private half of an Ed25519 key pair that signs report bundles.
///
/// Text form (`rightsbrief.key`): PEM of the PKCS #8 `PrivateKeyInfo` of RFC 8410, the form
/// OpenSSL writes with `openssl genpkey -algorithm ed25519`:
///
/// ```
/// -----BEGIN PRIVATE KEY-----
/// MC4CAQAwBQYDK2VwBCIEI…
/// -----END PRIVATE KEY-----
/// ```
///
/// The key is never printed, logged, stored in a database or written into a bundle; only its
/// public half's fingerprint is.
public struct SigningKey: Sendable {
    /// The 32-byte seed (kept as bytes: Crypto's key type is not `Sendable`).
    private let seed: Data

    private var key: Curve25519.Signing.PrivateKey {
        // The seed was validated when the key was made or read.
        (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) ?? Curve25519.Signing.PrivateKey()
    }

    /// A new random key.
    public init() {
        seed = Curve25519.Signing.PrivateKey().rawRepresentation
    }

    init(key: Curve25519.Signing.PrivateKey) {
        seed = key.rawRepresentation
    }

    /// The public half.
    public var publicKey: VerifyingKey { VerifyingKey(raw: key.publicKey.rawRepresentation) }

    /// The detached Ed25519 signature (64 bytes) of `data`.
    ///
    /// - Throws: a `CryptoKitError` when the platform cannot sign (not expected).
    public func signature(for data: Data) throws -> Data {
        try key.signature(for: data)
    }

    /// The PEM text of the key (for writing `rightsbrief.key` only).
    var pem: String { PEM.encode(PEM.pkcs8Prefix + key.rawRepresentation, label: PEM.privateLabel) }

    /// Reads a private key from PEM text.
    ///
    /// - Throws: ``BundleError/keyIsPublic(path:)`` for a public key,
    ///   ``BundleError/keyMalformed(path:expected:)`` for anything else.
    static func parse(_ text: String, path: String) throws -> SigningKey {
        if PEM.decode(text, label: PEM.publicLabel) != nil { throw BundleError.keyIsPublic(path: path) }
        guard let der = PEM.decode(text, label: PEM.privateLabel), der.count == PEM.pkcs8Prefix.count + 32,
            der.prefix(PEM.pkcs8Prefix.count) == PEM.pkcs8Prefix,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
        else { throw BundleError.keyMalformed(path: path, expected: "private") }
        return SigningKey(key: key)
    }
}

/// The public half of a signing key, which recipients use to verify bundles.
///
/// Text form (`rightsbrief.pub`): PEM of the X.509 `SubjectPublicKeyInfo` of RFC 8410, which
/// OpenSSL reads as it is:
///
/// ```
/// -----BEGIN PUBLIC KEY-----
/// MCowBQYDK2VwAyEA…
/// -----END PUBLIC KEY-----
/// ```
public struct VerifyingKey: Sendable, Equatable {
    /// The 32 key bytes (validated when read).
    let raw: Data

    /// `SHA256:` and the lowercase hex SHA-256 of the key's DER `SubjectPublicKeyInfo` — the
    /// same digest as `openssl pkey -pubin -in rightsbrief.pub -outform DER | sha256sum`.
    public var fingerprint: String {
        "SHA256:" + SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
    }

    /// The PEM text of the key (the content of `rightsbrief.pub`).
    public var pem: String { PEM.encode(der, label: PEM.publicLabel) }

    private var der: Data { PEM.spkiPrefix + raw }

    /// Whether `signature` is this key's Ed25519 signature of `data`.
    public func isValidSignature(_ signature: Data, for data: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: data)
    }

    /// Reads a public key from PEM text.
    ///
    /// - Throws: ``BundleError/keyIsPrivate(path:)`` for a private key,
    ///   ``BundleError/keyMalformed(path:expected:)`` for anything else.
    static func parse(_ text: String, path: String) throws -> VerifyingKey {
        if PEM.decode(text, label: PEM.privateLabel) != nil { throw BundleError.keyIsPrivate(path: path) }
        guard let der = PEM.decode(text, label: PEM.publicLabel), der.count == PEM.spkiPrefix.count + 32,
            der.prefix(PEM.spkiPrefix.count) == PEM.spkiPrefix,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
        else { throw BundleError.keyMalformed(path: path, expected: "public") }
        return VerifyingKey(raw: key.rawRepresentation)
    }
}

/// PEM framing of the two fixed-length Ed25519 DER structures of RFC 8410.
enum PEM {
    static let privateLabel = "PRIVATE KEY"
    static let publicLabel = "PUBLIC KEY"
    /// `PrivateKeyInfo { version 0, AlgorithmIdentifier id-Ed25519, OCTET STRING { OCTET STRING (32) } }`.
    static let pkcs8Prefix = Data([
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ])
    /// `SubjectPublicKeyInfo { AlgorithmIdentifier id-Ed25519, BIT STRING (32 bytes, no unused bits) }`.
    static let spkiPrefix = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00])

    static func encode(_ der: Data, label: String) -> String {
        "-----BEGIN \(label)-----\n\(der.base64EncodedString())\n-----END \(label)-----\n"
    }

    /// The DER bytes between `-----BEGIN label-----` and `-----END label-----`, or `nil`.
    static func decode(_ text: String, label: String) -> Data? {
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
        else { return nil }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body))
    }
}
