import Foundation
import RightsBriefCore
import RightsBriefStore

/// Everything a manifest says about a report except its files and key, gathered from the
/// report job before its outputs are written.
public struct BundleDescription: Sendable, Equatable {
    public var made: BundleOrigin
    public var audience: Audience
    public var asOf: Day
    public var language: String
    public var schemaVersion: String
    public var evidence: EvidenceFingerprint

    public init(
        made: BundleOrigin, audience: Audience, asOf: Day, language: String = "en", schemaVersion: String,
        evidence: EvidenceFingerprint
    ) {
        self.made = made
        self.audience = audience
        self.asOf = asOf
        self.language = language
        self.schemaVersion = schemaVersion
        self.evidence = evidence
    }
}

/// Writes signed bundles: a folder of outputs with `MANIFEST.json` and `MANIFEST.json.sig`.
///
/// The bundle is written like any folder output (``AtomicFolder``): whole or not at all, and
/// only over a folder rightsbrief wrote. Its `.rightsbrief-output` list names the outputs, the
/// manifest and the signature; the list itself is rightsbrief's housekeeping and is neither
/// in the manifest nor required by a recipient.
public enum SignedBundle {
    /// Writes the bundle folder `folder`: `body` fills the empty temporary folder with the
    /// outputs, then every file in it is hashed into the manifest, which is signed.
    ///
    /// - Parameters:
    ///   - folder: The bundle folder (see ``OutputTarget/checkFolder(_:)``).
    ///   - key: The signing key.
    ///   - description: What made the outputs.
    ///   - body: Writes the outputs into the given folder.
    /// - Returns: the manifest written.
    /// - Throws: the errors of ``AtomicFolder/write(to:_:)``, what `body` throws, and
    ///   ``ReportError/outputNotWritable(path:reason:)`` when an output cannot be hashed.
    @discardableResult
    public static func write(
        to folder: URL, key: SigningKey, description: BundleDescription, _ body: (URL) throws -> Void
    ) throws -> BundleManifest {
        var manifest: BundleManifest?
        try AtomicFolder.write(to: folder) { temporary in
            try body(temporary)
            manifest = try sign(temporary, key: key, description: description)
        }
        guard let manifest else { throw ReportError.outputNotWritable(path: folder.path, reason: "nothing was signed") }
        return manifest
    }

    /// Writes one signed file output, `file`, into its own bundle folder (the folder that holds
    /// it).
    ///
    /// The folder may be new, or a bundle of the same file written before (it is then replaced
    /// whole). A folder holding rightsbrief's other outputs is refused, so that two signed
    /// reports never share, and silently drop, each other's files.
    ///
    /// - Throws: ``BundleError/bundleFolderShared(path:other:)``, and as ``write(to:key:description:_:)``.
    @discardableResult
    public static func write(
        file: URL, key: SigningKey, description: BundleDescription, _ body: (URL) throws -> Void
    ) throws -> BundleManifest {
        let folder = file.deletingLastPathComponent()
        try checkFileBundle(file)
        return try write(to: folder, key: key, description: description) { temporary in
            try body(temporary.appendingPathComponent(file.lastPathComponent))
        }
    }

    /// Checks, before any work, that `file` may be written as a signed bundle of its own.
    ///
    /// - Throws: ``BundleError/bundleFolderShared(path:other:)``, ``ReportError/outputRefused(path:reason:)``
    ///   or ``ReportError/outputNotWritable(path:reason:)``.
    public static func checkFileBundle(_ file: URL) throws {
        let folder = file.deletingLastPathComponent()
        try OutputTarget.checkFolder(folder)
        let own: Set = [file.lastPathComponent, BundleManifest.fileName, BundleManifest.signatureName]
        if let other = (OutputManifest.read(in: folder) ?? []).subtracting(own).sorted().first {
            throw BundleError.bundleFolderShared(path: folder.path, other: other)
        }
    }

    /// Hashes the files in `folder` and writes the signed manifest there, for callers that fill
    /// their own temporary folder (a scheduled run, inside ``AtomicFolder/write(to:_:)``).
    ///
    /// - Returns: the manifest written.
    /// - Throws: ``ReportError/outputNotWritable(path:reason:)``.
    @discardableResult
    public static func sign(_ folder: URL, key: SigningKey, description: BundleDescription) throws -> BundleManifest {
        var files: [String: BundleManifest.FileEntry] = [:]
        for path in try BundleManifest.paths(in: folder).files {
            do {
                files[path] = try BundleManifest.entry(for: folder.appendingPathComponent(path))
            } catch {
                throw ReportError.outputNotWritable(path: path, reason: AtomicFile.reason(error))
            }
        }
        let manifest = BundleManifest(
            format: BundleManifest.currentFormat,
            tool: .init(name: "rightsbrief", version: ToolVersion.current),
            made: description.made, audience: description.audience.rawValue, asOf: description.asOf.description,
            language: description.language, schemaVersion: description.schemaVersion,
            evidence: .init(
                sha256: description.evidence.sha256, facts: description.evidence.facts,
                events: description.evidence.events, links: description.evidence.links),
            sources: description.evidence.sourceTextHashes, files: files,
            publicKey: .init(algorithm: "Ed25519", fingerprint: key.publicKey.fingerprint))
        let bytes = try manifest.encoded()
        let signature = try key.signature(for: bytes)
        try AtomicFile.write(bytes, to: folder.appendingPathComponent(BundleManifest.fileName))
        try AtomicFile.write(signature, to: folder.appendingPathComponent(BundleManifest.signatureName))
        return manifest
    }
}

extension ReportJob {
    /// The manifest description of this report, with the fingerprint of the evidence it reads
    /// (same selection, audience and as-of as its outputs).
    ///
    /// - Throws: ``StoreError`` when the store cannot be read.
    public func bundleDescription(made: BundleOrigin) throws -> BundleDescription {
        let asOf = request.asOf ?? Day(Date())
        let filter = ExportFilter(selection: request.selection, audience: request.audience, asOf: asOf)
        return BundleDescription(
            made: made, audience: request.audience, asOf: asOf, language: request.language,
            schemaVersion: try store.schemaVersion(),
            evidence: try store.evidenceFingerprint(filter))
    }
}
