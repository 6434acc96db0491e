import Foundation

/// Finds the files that ship with rightsbrief: `templates/`, `data/standards.json`,
/// `data/sample/` and the example `reports/`.
///
/// The built tool must find them from any working directory (cron starts in `$HOME`) without
/// a second copy kept by hand. In order, it uses:
/// 1. `$RIGHTSBRIEF_HOME`, when set;
/// 2. `../share/rightsbrief` beside the executable (an installed layout);
/// 3. the nearest folder above the executable that holds `templates/` and `data/standards.json`
///    (a build inside the source tree, `.build/debug/rightsbrief`);
/// 4. the source tree this module was compiled from.
public struct ResourceLocator: Sendable {
    /// The folder that holds `templates/` and `data/`.
    public let root: URL

    /// Locates the resource folder.
    ///
    /// - Throws: ``ReportError/resourcesMissing(searched:)`` naming the places looked at.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var candidates: [URL] = []
        if let home = environment["RIGHTSBRIEF_HOME"], !home.isEmpty {
            candidates.append(URL(fileURLWithPath: home))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let exeURL = Bundle.main.executableURL?.resolvingSymlinksInPath() ?? executable
        var folder = exeURL.deletingLastPathComponent()
        candidates.append(folder.appendingPathComponent("../share/rightsbrief").standardized)
        for _ in 0..<6 {
            candidates.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent())
        for candidate in candidates where Self.holdsResources(candidate) {
            root = candidate.standardized
            return
        }
        throw ReportError.resourcesMissing(searched: candidates.map(\.path))
    }

    /// Uses `root` as the resource folder without searching.
    public init(root: URL) {
        self.root = root
    }

    static func holdsResources(_ folder: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: folder.appendingPathComponent("templates").path)
            && manager.fileExists(atPath: folder.appendingPathComponent("data/standards.json").path)
    }

    /// The default templates folder.
    public var templates: URL { root.appendingPathComponent("templates", isDirectory: true) }
    /// The standards data file.
    public var standards: URL { root.appendingPathComponent("data/standards.json") }
    /// The bundled CECOT sample dataset.
    public var sample: URL { root.appendingPathComponent("data/sample/cecot.json") }
    /// The example report definitions.
    public var reports: URL { root.appendingPathComponent("reports", isDirectory: true) }
}
