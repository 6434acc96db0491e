import Foundation
import Testing

import TestSupport

/// `rightsbrief schedule print|install|remove` through the built binary, against a fake
/// `crontab` program ($RIGHTSBRIEF_CRONTAB) that keeps the crontab in a file.
@Suite("schedule install and remove")
struct ScheduleCrontabTests {
    /// A workspace plus a fake `crontab` that implements `-l` and `-` on `crontab.txt`.
    struct Fixture {
        var workspace: ScheduleWorkspace
        var program: URL
        var file: URL

        /// The crontab as the fake holds it, or nil when there is none.
        var crontab: String? {
            FileManager.default.fileExists(atPath: file.path)
                ? String(decoding: fileBytes(file), as: UTF8.self) : nil
        }

        func setCrontab(_ text: String) throws { try Data(text.utf8).write(to: file) }

        /// `rightsbrief schedule SUBCOMMAND --reports-dir reports --db evidence.sqlite`, run
        /// from the workspace with relative paths, in UTC, using the fake crontab.
        func schedule(_ subcommand: String) throws -> CommandResult {
            try runRightsbrief(
                ["schedule", subcommand, "--reports-dir", "reports", "--db", "evidence.sqlite"],
                in: workspace.root, environment: ["RIGHTSBRIEF_CRONTAB": program.path, "TZ": "UTC"])
        }
    }

    private func makeFixture(sample: Bool = false) throws -> Fixture {
        let workspace = try ScheduleWorkspace.make(
            definitions: ["internal-monthly.yml", "sv-weekly-public.yml"], sample: sample)
        let bin = try makeTemporaryFolder("rightsbrief-fake-crontab")
        let program = bin.appendingPathComponent("crontab")
        let file = bin.appendingPathComponent("crontab.txt")
        let script = """
            #!/bin/sh
            # A stand-in for crontab(1): -l prints the crontab, - replaces it with stdin.
            file='\(file.path)'
            case "$1" in
              -l) if [ -f "$file" ]; then cat "$file"; else echo "no crontab for $(id -un)" >&2; exit 1; fi ;;
              -) cat > "$file" ;;
              *) echo "usage: crontab [-l | -]" >&2; exit 2 ;;
            esac
            """
        try Data(script.utf8).write(to: program)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: program.path)
        return Fixture(workspace: workspace, program: program, file: file)
    }

    /// The lines between (and including) our markers.
    private func block(in text: String, reports: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let begin = lines.firstIndex(of: "# BEGIN rightsbrief \(reports)"),
            let end = lines[begin...].firstIndex(of: "# END rightsbrief \(reports)")
        else { return [] }
        return Array(lines[begin...end])
    }

    @Test(
        "install into an empty crontab adds one marked block with absolute paths, --db and --reports-dir"
    )
    func installIntoEmpty() throws {
        // Given no crontab yet, and relative paths on the command line,
        let fixture = try makeFixture()
        #expect(fixture.crontab == nil)

        // When the schedules are installed,
        let result = try fixture.schedule("install")

        // Then the crontab holds exactly our block: markers naming the absolute reports folder,
        // and one line per definition with its cron fields and absolute paths everywhere.
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let crontab = try #require(fixture.crontab)
        let reports = fixture.workspace.reports.path
        let database = fixture.workspace.database.path
        let binary = rightsbriefBinary().resolvingSymlinksInPath().path
        let lines = block(in: crontab, reports: reports)
        #expect(lines.count >= 4, "\(crontab)")
        #expect(crontab == lines.joined(separator: "\n") + "\n")
        let jobs = lines.filter { !$0.hasPrefix("#") }
        #expect(jobs.count == 2)
        #expect(
            jobs.contains(
                "0 6 1 * * cd / && \(binary) run --due internal-monthly --db \(database) --reports-dir \(reports) --log \(reports)/out/cron.log"
            ), "\(jobs)")
        #expect(
            jobs.contains(
                "0 7 * * MON cd / && \(binary) run --due sv-weekly-public --db \(database) --reports-dir \(reports) --log \(reports)/out/cron.log"
            ), "\(jobs)")
        for job in jobs {
            #expect(!job.contains(" reports "), "a relative path slipped in: \(job)")
            #expect(!job.contains("%"), "cron reads % as a newline: \(job)")
        }

        // And schedule print shows the same lines.
        let printed = try fixture.schedule("print")
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout == lines.joined(separator: "\n") + "\n")
    }

    @Test(
        "install keeps foreign lines before and after byte for byte; installing twice gives the same crontab"
    )
    func installKeepsForeignLines() throws {
        // Given a crontab with the user's own lines (comments, a variable, odd spacing, a
        // blank line, a line with a % escape),
        let fixture = try makeFixture()
        let before =
            "MAILTO=ops@example.org\n# nightly backup\n0 3 * * *\t/usr/local/bin/backup  --all \\% \n\n"
        try fixture.setCrontab(before)

        // When installed,
        let first = try fixture.schedule("install")
        #expect(first.status == 0, "\(first.stderr)")
        let installed = try #require(fixture.crontab)

        // Then the user's lines come first, unchanged, followed by our block.
        let ours = block(in: installed, reports: fixture.workspace.reports.path)
        #expect(!ours.isEmpty)
        #expect(installed.hasPrefix(before), "\(installed)")
        #expect(installed.hasSuffix(ours.joined(separator: "\n") + "\n"))

        // Given the user then adds lines after our block,
        let after = "# added later\n*/5 * * * * /usr/bin/true\n"
        try fixture.setCrontab(installed + after)
        let edited = try #require(fixture.crontab)

        // When installed again, twice,
        let second = try fixture.schedule("install")
        let afterSecond = try #require(fixture.crontab)
        let third = try fixture.schedule("install")
        let afterThird = try #require(fixture.crontab)

        // Then nothing changes: the block is replaced where it stands, every other byte kept.
        #expect(second.status == 0 && third.status == 0)
        #expect(afterSecond == edited, "reinstalling moved or changed lines:\n\(afterSecond)")
        #expect(afterThird == afterSecond)

        // When removed,
        let removed = try fixture.schedule("remove")

        // Then exactly the user's lines are left, before and after, byte for byte.
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(fixture.crontab == before + after)
    }

    @Test("remove takes out only this reports folder's block, not another installation's")
    func removeOnlyOurs() throws {
        // Given a crontab with a foreign line and another installation's block for another folder,
        let fixture = try makeFixture()
        let other = """
            # BEGIN rightsbrief /srv/other/reports
            0 7 * * MON cd / && /usr/local/bin/rightsbrief run --due x --db /srv/other/db --reports-dir /srv/other/reports
            # END rightsbrief /srv/other/reports

            """
        let foreign = "15 1 * * * /usr/bin/logrotate /etc/logrotate.conf\n"
        try fixture.setCrontab(foreign + other)

        // When ours is installed and then removed,
        let install = try fixture.schedule("install")
        #expect(install.status == 0, "\(install.stderr)")
        #expect(
            try #require(fixture.crontab).contains(
                "# BEGIN rightsbrief \(fixture.workspace.reports.path)"))
        let remove = try fixture.schedule("remove")

        // Then the foreign line and the other block are still there.
        #expect(remove.status == 0, "\(remove.stderr)")
        #expect(fixture.crontab == foreign + other)
    }

    @Test("remove with no crontab at all succeeds and creates none")
    func removeWithoutCrontab() throws {
        let fixture = try makeFixture()
        let result = try fixture.schedule("remove")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(fixture.crontab == nil)
    }

    @Test("install with a broken definition changes nothing and exits 65 with FILE:LINE")
    func installRefusesBrokenDefinition() throws {
        // Given a crontab and a broken definition next to the good ones,
        let fixture = try makeFixture()
        try fixture.setCrontab("# mine\n")
        try fixture.workspace.writeDefinition(
            "zz-broken.yml", "name: zz\nschedule: \"0 7 * * MON\"\nformats: [odt]\n")

        // When installing,
        let result = try fixture.schedule("install")

        // Then it exits 65 naming the file and line, and the crontab is unchanged.
        #expect(result.status == 65)
        #expect(result.stderr.contains("zz-broken.yml:3: unknown format 'odt'"), "\(result.stderr)")
        #expect(fixture.crontab == "# mine\n")
    }

    @Test("a crontab program that fails is reported as one line, exit 74")
    func crontabFails() throws {
        // Given a crontab program whose -l fails for another reason than "no crontab",
        let fixture = try makeFixture()
        try Data("#!/bin/sh\necho 'crontab: cannot open spool' >&2\nexit 1\n".utf8).write(
            to: fixture.program)

        // Then install exits 74 with one line quoting the problem.
        let result = try fixture.schedule("install")
        #expect(result.status == 74)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot open spool"))
    }

    @Test("the installed line, run by sh in cron's empty environment, makes the report")
    func installedLineWorks() throws {
        // Given the schedules installed for a workspace with a sample database,
        let fixture = try makeFixture(sample: true)
        let install = try fixture.schedule("install")
        try #require(install.status == 0, "\(install.stderr)")
        let crontab = try #require(fixture.crontab)
        let job = try #require(
            crontab.split(separator: "\n").first { $0.contains("run --due sv-weekly-public") })

        // When its command (after the five time fields) is run as cron would, with sh, only
        // PATH and HOME, from an unrelated folder,
        let command = job.split(separator: " ", maxSplits: 5).last.map(String.init) ?? ""
        let home = try makeTemporaryFolder("rightsbrief-home")
        let result = try runProcess(
            "/bin/sh", ["-c", command], in: home,
            environment: ["PATH": "/usr/bin:/bin", "HOME": home.path],
            clean: true)

        // Then it succeeds silently, writes the report and a log line.
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
        #expect(fixture.workspace.runFolders("sv-weekly-public").count == 1)
        let log = fixture.workspace.reports.appendingPathComponent("out/cron.log")
        #expect(
            String(decoding: fileBytes(log), as: UTF8.self).contains("sv-weekly-public succeeded"))
    }
}
