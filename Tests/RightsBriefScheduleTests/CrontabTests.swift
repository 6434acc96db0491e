import Foundation
import Testing

import RightsBriefSchedule

/// The crontab block in process: its lines, quoting, and how it is put into the user's text.
///
/// The `schedule install|remove` commands are tested through the binary in rightsbriefTests.
@Suite("Crontab")
struct CrontabTests {
    private let crontab = Crontab(
        executable: "/opt/rb/bin/rightsbrief", database: "/srv/rb/evidence.sqlite",
        reportsFolder: "/srv/rb/reports")

    private func definition(_ yaml: String) throws -> ReportDefinition {
        try ReportDefinition(yaml: yaml, file: "test.yml")
    }

    private var utc: TimeZone { TimeZone(secondsFromGMT: 0) ?? .gmt }

    @Test(
        "a definition in the machine's zone gets its own cron fields; another zone is checked every 10 minutes"
    )
    func linesPerZone() throws {
        // Given a UTC definition and one in El Salvador's zone, on a UTC machine,
        let weekly = try definition("name: weekly\nschedule: \"0 7 * * MON\"\nformats: [csv]\n")
        let local = try definition(
            "name: local\nschedule: \"30 6 * * *\"\ntime_zone: America/El_Salvador\nformats: [csv]\n"
        )
        let zone = try #require(TimeZone(identifier: "UTC"))

        // When the lines are made,
        let lines = crontab.lines(for: [weekly, local], machineZone: zone)

        // Then the block is framed by markers naming the reports folder, the UTC one fires on
        // its own fields, and the other zone's one every 10 minutes with a comment saying why.
        #expect(lines.first == "# BEGIN rightsbrief /srv/rb/reports")
        #expect(lines.last == "# END rightsbrief /srv/rb/reports")
        #expect(
            lines.contains(
                "0 7 * * MON cd / && /opt/rb/bin/rightsbrief run --due weekly --db /srv/rb/evidence.sqlite --reports-dir /srv/rb/reports --log /srv/rb/reports/out/cron.log"
            ), "\(lines)")
        #expect(
            lines.contains(
                "*/10 * * * * cd / && /opt/rb/bin/rightsbrief run --due local --db /srv/rb/evidence.sqlite --reports-dir /srv/rb/reports --log /srv/rb/reports/out/cron.log"
            ), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("# local: '30 6 * * *' in America/El_Salvador") })

        // When the machine itself runs on El Salvador time, then that definition gets its fields.
        let salvador = try #require(TimeZone(identifier: "America/El_Salvador"))
        #expect(
            crontab.lines(for: [local], machineZone: salvador).contains {
                $0.hasPrefix("30 6 * * * cd / && ")
            })
    }

    @Test("paths with spaces, quotes and % are quoted for sh and escaped for cron")
    func quoting() throws {
        // Given paths a shell or cron would misread,
        let odd = Crontab(
            executable: "/opt/my tools/rightsbrief", database: "/srv/it's/100%.sqlite",
            reportsFolder: "/srv/rb/reports")
        let weekly = try definition("name: weekly\nschedule: \"0 7 * * MON\"\nformats: [csv]\n")

        // When the line is made,
        let line = try #require(
            odd.lines(for: [weekly], machineZone: utc).first { $0.hasPrefix("0 7") })

        // Then each is single-quoted, the apostrophe closed and escaped, and % escaped.
        #expect(line.contains("cd / && '/opt/my tools/rightsbrief' run --due weekly"), "\(line)")
        #expect(line.contains("--db '/srv/it'\\''s/100\\%.sqlite'"), "\(line)")
    }

    @Test("removing from an empty crontab gives an empty one; adding to it gives just the block")
    func emptyCrontab() {
        let block = [
            "# BEGIN rightsbrief /srv/rb/reports", "0 7 * * * x",
            "# END rightsbrief /srv/rb/reports",
        ]
        #expect(crontab.replacingBlock(in: "", with: nil) == "")
        #expect(crontab.replacingBlock(in: "", with: block) == block.joined(separator: "\n") + "\n")
    }

    @Test("a crontab without a final newline gets one, and the user's last line is kept")
    func missingFinalNewline() {
        let block = ["# BEGIN rightsbrief /srv/rb/reports", "# END rightsbrief /srv/rb/reports"]
        #expect(
            crontab.replacingBlock(in: "0 1 * * * /usr/bin/true", with: block)
                == "0 1 * * * /usr/bin/true\n# BEGIN rightsbrief /srv/rb/reports\n# END rightsbrief /srv/rb/reports\n"
        )
    }

    @Test("a begin marker whose end marker the user deleted does not swallow the lines after it")
    func unterminatedBlock() {
        // Given a crontab where our end marker was deleted by hand,
        let text =
            "# BEGIN rightsbrief /srv/rb/reports\n0 7 * * MON old line\n0 2 * * * /usr/local/bin/backup\n"

        // When our block is removed,
        let removed = crontab.replacingBlock(in: text, with: nil)

        // Then the user's backup line is still there.
        #expect(removed.contains("0 2 * * * /usr/local/bin/backup\n"), "\(removed)")
    }
}
