import Foundation
import Testing

import TestSupport

/// A temporary folder laid out the way a coordinator sets up scheduled reports: a database
/// with the bundled CECOT sample and a reports folder holding copies of shipped definitions.
///
/// Used by the tests that run the built binary (`run`, `schedule`).
struct ScheduleWorkspace {
    /// The temporary folder holding everything.
    var root: URL

    var reports: URL { root.appendingPathComponent("reports", isDirectory: true) }
    var database: URL { root.appendingPathComponent("evidence.sqlite") }

    /// Creates the folder, copies `definitions` from the repository's reports/ and, when
    /// `sample` is true, creates the database with `rightsbrief init --sample`.
    static func make(definitions: [String] = ["sv-weekly-public.yml"], sample: Bool = true) throws
        -> ScheduleWorkspace
    {
        let workspace = ScheduleWorkspace(root: try makeTemporaryFolder("rightsbrief-schedule"))
        try FileManager.default.createDirectory(
            at: workspace.reports, withIntermediateDirectories: true)
        for name in definitions {
            try FileManager.default.copyItem(
                at: repositoryRoot.appendingPathComponent("reports").appendingPathComponent(name),
                to: workspace.reports.appendingPathComponent(name))
        }
        if sample {
            let result = try runRightsbrief(["init", "--sample", "--db", workspace.database.path])
            try #require(result.status == 0, "init --sample failed: \(result.stderr)")
        }
        return workspace
    }

    /// Writes a definition file into the reports folder.
    func writeDefinition(_ name: String, _ yaml: String) throws {
        try Data(yaml.utf8).write(to: reports.appendingPathComponent(name))
    }

    /// `reports/out/NAME`.
    func output(_ name: String) -> URL {
        reports.appendingPathComponent("out", isDirectory: true).appendingPathComponent(
            name, isDirectory: true)
    }

    /// Every entry of `reports/out/NAME`, sorted ([] when the folder is missing).
    func entries(_ name: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: output(name).path)) ?? []).sorted()
    }

    /// The dated run folders of `NAME`, sorted.
    func runFolders(_ name: String) -> [String] {
        entries(name).filter { !$0.hasPrefix(".") && $0 != "latest" }
    }

    /// Where `reports/out/NAME/latest` points, or nil.
    func latest(_ name: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(
            atPath: output(name).appendingPathComponent("latest").path)
    }

    /// `rightsbrief run ARGS… --db DB --reports-dir REPORTS`.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try runRightsbrief(
            ["run"] + arguments + ["--db", database.path, "--reports-dir", reports.path],
            environment: environment)
    }
}

extension CommandResult {
    /// The non-empty lines of stderr.
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}
