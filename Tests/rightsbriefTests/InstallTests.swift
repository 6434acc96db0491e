import Foundation
import Testing

import TestSupport

/// `scripts/install` puts rightsbrief where a Unix tool lives, and the installed tool uses its
/// installed `share/rightsbrief`, not the checkout it was built from. The tests install the
/// debug binary (`--binary`), so that no release build is needed.
@Suite("scripts/install")
struct InstallTests {
    /// A line only the installed copy of the briefing template holds.
    private static let marker = "Installed template in use."

    /// Installs the debug binary into a fresh prefix and returns the prefix (symlinks resolved).
    private func install() throws -> URL {
        let prefix = try makeTemporaryFolder("rightsbrief-install").appendingPathComponent("prefix")
        let result = try runProcess(
            repositoryRoot.appendingPathComponent("scripts/install").path,
            ["--prefix", prefix.path, "--binary", rightsbriefBinary().path], in: repositoryRoot)
        try #require(result.status == 0, "scripts/install failed: \(result.stderr)")
        return prefix.resolvingSymlinksInPath()
    }

    /// Runs the installed binary in `folder` with an environment holding only PATH, HOME and
    /// TZ: no RIGHTSBRIEF_HOME, as under cron.
    private func runInstalled(_ prefix: URL, _ arguments: [String], in folder: URL) throws -> CommandResult {
        try runProcess(
            prefix.appendingPathComponent("bin/rightsbrief").path, arguments, in: folder,
            environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path, "TZ": "UTC"], clean: true)
    }

    /// A working folder with a reports/ folder holding the shipped weekly definition.
    private func workingFolder() throws -> URL {
        let folder = try makeTemporaryFolder("rightsbrief-installed-work")
        let reports = folder.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("reports/sv-weekly-public.yml"),
            to: reports.appendingPathComponent("sv-weekly-public.yml"))
        return folder
    }

    @Test("installs bin/rightsbrief, share/rightsbrief/{templates,data} and bash, zsh and fish completions")
    func layout() throws {
        // Given a fresh prefix
        // When the debug binary is installed into it
        let prefix = try install()

        // Then the binary runs, the resources are copies of the repository's, and each shell
        // has a completion script for rightsbrief
        let manager = FileManager.default
        #expect(manager.isExecutableFile(atPath: prefix.appendingPathComponent("bin/rightsbrief").path))
        for file in ["templates/briefing.mustache", "data/standards.json", "data/sample/cecot.json"] {
            let installed = fileBytes(prefix.appendingPathComponent("share/rightsbrief/\(file)"))
            #expect(!installed.isEmpty && installed == fileBytes(repositoryRoot.appendingPathComponent(file)), "\(file)")
        }
        for (file, mark) in [
            ("share/bash-completion/completions/rightsbrief", "complete -"),
            ("share/zsh/site-functions/_rightsbrief", "#compdef rightsbrief"),
            ("share/fish/vendor_completions.d/rightsbrief.fish", "complete -c 'rightsbrief'"),
        ] {
            let text = String(decoding: fileBytes(prefix.appendingPathComponent(file)), as: UTF8.self)
            #expect(text.contains(mark), "\(file) lacks \(mark)")
        }
        #expect(try manager.contentsOfDirectory(atPath: prefix.appendingPathComponent("share/rightsbrief").path).sorted()
            == ["data", "templates"])
    }

    @Test("the installed tool runs demo and run --due from any folder, with the templates installed beside it")
    func installedToolUsesItsShare() throws {
        // Given an installed tool whose installed briefing template carries a marker line
        let prefix = try install()
        let template = prefix.appendingPathComponent("share/rightsbrief/templates/briefing.mustache")
        let original = try String(contentsOf: template, encoding: .utf8)
        let text = original.replacingOccurrences(of: "# {{title}}\n", with: "# {{title}}\n\n\(Self.marker)\n")
        try #require(text != original)
        try Data(text.utf8).write(to: template)
        let work = try workingFolder()

        // When demo and then run --due are run from a folder outside the checkout, with no
        // RIGHTSBRIEF_HOME
        let demo = try runInstalled(prefix, ["demo", "--db", "evidence.sqlite"], in: work)
        let run = try runInstalled(
            prefix, ["run", "--due", "--db", "evidence.sqlite", "--now", "2025-03-10T08:00:00Z"], in: work)

        // Then both succeed and both briefings come from the installed template
        #expect(demo.status == 0, "\(demo.stderr)")
        let demoBriefing = try String(
            contentsOf: work.appendingPathComponent("reports/out/demo/briefing.md"), encoding: .utf8)
        #expect(demoBriefing.contains(Self.marker))
        #expect(demoBriefing.contains("CECOT"))
        #expect(run.status == 0, "\(run.stderr)")
        let scheduled = try String(
            contentsOf: work.appendingPathComponent("reports/out/sv-weekly-public/latest/briefing.md"), encoding: .utf8)
        #expect(scheduled.contains(Self.marker))
    }

    @Test("schedule print from the installed tool puts the installed binary in the crontab lines")
    func crontabNamesInstalledBinary() throws {
        // Given an installed tool and a reports folder
        let prefix = try install()
        let work = try workingFolder().resolvingSymlinksInPath()

        // When it prints the crontab lines
        let printed = try runInstalled(
            prefix, ["schedule", "print", "--reports-dir", "reports", "--db", "evidence.sqlite"], in: work)

        // Then the line runs the installed binary, not the build's
        let bin = prefix.appendingPathComponent("bin/rightsbrief").path
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.contains(
            " cd / && \(bin) run --due sv-weekly-public --db \(work.path)/evidence.sqlite --reports-dir \(work.path)/reports "),
            "\(printed.stdout)")
    }

    @Test("a missing --binary exits 66 and installs nothing")
    func missingBinary() throws {
        // Given a fresh prefix and a binary path that does not exist
        let prefix = try makeTemporaryFolder("rightsbrief-install").appendingPathComponent("prefix")
        let missing = prefix.deletingLastPathComponent().appendingPathComponent("no-such-rightsbrief").path

        // When it is installed
        let result = try runProcess(
            repositoryRoot.appendingPathComponent("scripts/install").path,
            ["--prefix", prefix.path, "--binary", missing], in: repositoryRoot)

        // Then the script says so and creates nothing
        #expect(result.status == 66)
        #expect(result.stderr == "scripts/install: no executable at \(missing); build it or leave out --binary\n")
        #expect(!FileManager.default.fileExists(atPath: prefix.path))
    }
}
