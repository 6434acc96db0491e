import Crypto
import Foundation

/// `MANIFEST.json` of a signed bundle: what made the outputs, from which evidence, and the
/// SHA-256 of every output file. `MANIFEST.json.sig` is the detached Ed25519 signature of its
/// exact bytes.
///
/// The JSON is deterministic: keys sorted, two-space indentation, slashes unescaped, a final
/// line feed; the same report and key give the same bytes. It holds no private key and no
/// local path: the command is described by its selection, not by its arguments.
public struct BundleManifest: Codable, Sendable, Equatable {
    /// The manifest format this version writes and reads.
    public static let currentFormat = "rightsbrief-bundle-1"
    /// The manifest's file name in a bundle.
    public static let fileName = "MANIFEST.json"
    /// The signature's file name in a bundle.
    public static let signatureName = "MANIFEST.json.sig"

    /// ``currentFormat``.
    public var format: String
    /// The tool and version that wrote the bundle.
    public var tool: Tool
    /// The command or report definition that made it.
    public var made: BundleOrigin
    /// `public` or `internal`.
    public var audience: String
    /// The as-of date (YYYY-MM-DD).
    public var asOf: String
    /// The language of the text outputs (`en`, `es`: the report's `--language` or `language:`).
    public var language: String
    /// The database's schema version (its latest migration).
    public var schemaVersion: String
    /// The fingerprint of the evidence the report read.
    public var evidence: Evidence
    /// The SHA-256 of the captured text of each cited, visible source, by source id.
    public var sources: [String: String]
    /// Every output file, by path relative to the bundle folder (`/`-separated).
    public var files: [String: FileEntry]
    /// The public key that verifies the signature.
    public var publicKey: PublicKeyInfo

    /// The tool that wrote a bundle.
    public struct Tool: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
    }

    /// The evidence fingerprint (see `FactStore.evidenceFingerprint`).
    public struct Evidence: Codable, Sendable, Equatable {
        public var sha256: String
        public var facts: Int
        public var events: Int
        public var links: Int
    }

    /// One output file.
    public struct FileEntry: Codable, Sendable, Equatable {
        public var bytes: Int64
        public var sha256: String

        public init(bytes: Int64, sha256: String) {
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// The signing key's public half, by fingerprint.
    public struct PublicKeyInfo: Codable, Sendable, Equatable {
        public var algorithm: String
        public var fingerprint: String
    }

    /// The deterministic bytes of the manifest.
    ///
    /// - Throws: an `EncodingError` (not expected for these types).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads a manifest, or `nil` when `data` is not one of this format.
    public static func decode(_ data: Data) -> BundleManifest? {
        guard let manifest = try? JSONDecoder().decode(BundleManifest.self, from: data),
            manifest.format == currentFormat
        else { return nil }
        return manifest
    }

    /// The size and lowercase hex SHA-256 of the file at `url`, read in 1 MiB pieces.
    ///
    /// - Throws: the file system's error when the file cannot be read.
    static func entry(for url: URL) throws -> FileEntry {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += Int64(chunk.count)
        }
        return FileEntry(bytes: bytes, sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// The relative paths of the regular files under `folder`, except the manifest, the
    /// signature and rightsbrief's `.rightsbrief-output` lists; plus the paths of anything that
    /// is neither a regular file nor a folder (links, devices), which a bundle never holds.
    static func paths(in folder: URL, prefix: String = "") throws -> (files: [String], others: [String]) {
        var files: [String] = []
        var others: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let path = prefix + name
            if path == fileName || path == signatureName || name == OutputManifest.fileName { continue }
            var info = stat()
            guard lstat(folder.appendingPathComponent(name).path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG: files.append(path)
            case S_IFDIR:
                let inner = try paths(in: folder.appendingPathComponent(name), prefix: path + "/")
                files += inner.files
                others += inner.others
            default: others.append(path)
            }
        }
        return (files, others)
    }

    /// Whether a path read from a manifest stays inside the bundle (no `..`, no absolute path).
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0 != "." && $0 != ".."
        }
    }
}

/// What made a bundle: a command with its selection, or a scheduled report definition.
public struct BundleOrigin: Codable, Sendable, Equatable {
    /// `brief`, `export csv`, `export xlsx` or `run`.
    public var command: String
    /// The facilities selected (empty: all, or by country).
    public var facilities: [String]
    /// The countries selected.
    public var countries: [String]
    /// The template of a briefing.
    public var template: String?
    /// The title given instead of the default one.
    public var title: String?
    /// The one table exported, when only one was.
    public var table: String?
    /// The report definition's name, for a scheduled run.
    public var report: String?
    /// The definition file's name (without its folder), for a scheduled run.
    public var definition: String?
    /// The time a scheduled run is for (`YYYY-MM-DDTHH:MM:SSZ`).
    public var scheduledFor: String?

    public init(
        command: String, facilities: [String] = [], countries: [String] = [], template: String? = nil,
        title: String? = nil, table: String? = nil, report: String? = nil, definition: String? = nil,
        scheduledFor: String? = nil
    ) {
        self.command = command
        self.facilities = facilities
        self.countries = countries
        self.template = template
        self.title = title
        self.table = table
        self.report = report
        self.definition = definition
        self.scheduledFor = scheduledFor
    }
}
