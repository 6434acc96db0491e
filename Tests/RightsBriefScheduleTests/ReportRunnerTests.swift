import Foundation
import Testing

import RightsBriefCore
import RightsBriefReports
import RightsBriefSchedule
import RightsBriefStore
import TestSupport

/// Scheduled runs in process: which definitions are due, the "changes since the previous
/// report" digest (with redaction), pruning, and what a failed run leaves behind.
///
/// The store's clock and the run's `now` are both set by the test, so the digest's
/// "recorded since the previous run" comparison is exact to the millisecond.
@Suite("ReportRunner")
struct ReportRunnerTests {
    // MARK: - Helpers

    /// A clock the test moves by hand.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current: Date

        init(_ start: Date) { current = start }

        var now: Date { lock.withLock { current } }

        func set(_ date: Date) { lock.withLock { current = date } }
    }

    /// A store with the sample facilities and sources, a runner writing under a fresh reports
    /// folder, and the clock both use.
    struct Fixture {
        var clock: ManualClock
        var store: FactStore
        var reports: URL
        var runner: ReportRunner

        func base(_ name: String) -> URL { runner.outputFolder(for: name) }

        /// The dated run folders of `name`, sorted.
        func runFolders(_ name: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: base(name).path)
                .filter { !$0.hasPrefix(".") && $0 != "latest" }.sorted()
        }

        /// Where `latest` points.
        func latest(_ name: String) throws -> String {
            try FileManager.default.destinationOfSymbolicLink(
                atPath: base(name).appendingPathComponent("latest").path)
        }

        /// The briefing of the run made at `now`.
        func briefing(_ name: String, at now: Date) throws -> String {
            let url = base(name).appendingPathComponent(ReportRunner.stamp(now))
                .appendingPathComponent("briefing.md")
            return try String(contentsOf: url, encoding: .utf8)
        }

        /// Sets the store's clock to `now` and runs `definition` for `now`.
        @discardableResult
        func run(_ definition: ReportDefinition, at now: Date) throws -> RunOutcome {
            clock.set(now)
            return try runner.run(definition, now: now)
        }
    }

    func makeFixture(start: Date) throws -> Fixture {
        let clock = ManualClock(start)
        let store = try makeTestStore(clock: { clock.now })
        try Samples.load(into: store)
        let reports = try makeTemporaryFolder("rightsbrief-runner")
        let runner = ReportRunner(
            store: store, reportsFolder: reports, locator: ResourceLocator(root: repositoryRoot))
        return Fixture(clock: clock, store: store, reports: reports, runner: runner)
    }

    func instant(_ text: String) throws -> Date { try Timestamp.parse(text) }

    private func definition(_ yaml: String) throws -> ReportDefinition {
        try ReportDefinition(yaml: yaml, file: "test.yml")
    }

    /// A weekly public Markdown briefing about CECOT, Mondays 07:00 UTC.
    func weekly(keep: Int = 10, formats: String = "[markdown]") throws -> ReportDefinition {
        try definition(
            """
            name: cecot-weekly
            schedule: "0 7 * * MON"
            audience: public
            facilities: [cecot]
            formats: \(formats)
            keep: \(keep)
            """)
    }

    func fact(
        _ attribute: Attribute, _ value: FactValue, asOf: String = "2025-02-10",
        sources: [String] = ["pbs"],
        sensitivity: Sensitivity = .public, supersedes: Int64? = nil
    ) -> Fact {
        Fact(
            facilityId: "cecot", attribute: attribute, value: value, asOf: day(asOf),
            sensitivity: sensitivity,
            supersedes: supersedes, sourceIds: sources)
    }

    /// The bullet lines of the "Changes since the previous report" section.
    func changeLines(_ briefing: String) -> [String] {
        guard let start = briefing.range(of: "## Changes since the previous report") else {
            return []
        }
        let rest = briefing[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        return section.split(separator: "\n").map(String.init).filter { $0.hasPrefix("- ") }
    }

    // MARK: - Due computation

    @Test(
        "a weekly report: due at its first slot, not a minute later, and caught up once after three missed weeks"
    )
    func dueAcrossPeriods() throws {
        // Given a weekly Monday 07:00 definition that never ran, and Monday 10 March 2025 07:00,
        let monday = try instant("2025-03-10T07:00:00Z")
        let fixture = try makeFixture(start: monday)
        let weekly = try weekly()

        // Then it is due (its schedule fired within the past year and it never ran).
        #expect(try fixture.runner.due([weekly], now: monday).map(\.name) == ["cecot-weekly"])

        // When it runs at T, then it is not due at T+1 minute, nor just before next Monday.
        try fixture.run(weekly, at: monday)
        #expect(try fixture.runner.due([weekly], now: monday.addingTimeInterval(60)).isEmpty)
        #expect(try fixture.runner.due([weekly], now: try instant("2025-03-17T06:59:59Z")).isEmpty)
        #expect(
            try fixture.runner.due([weekly], now: try instant("2025-03-17T07:00:00Z")).count == 1)

        // Given the machine was off for three Mondays (17, 24, 31 March), on Tuesday 1 April
        // 09:00 it is due once: one catch-up run covers the three missed slots,
        let tuesday = try instant("2025-04-01T09:00:00Z")
        #expect(try fixture.runner.due([weekly], now: tuesday).count == 1)
        try fixture.run(weekly, at: tuesday)

        // Then it is not due again after the catch-up, until the next Monday 07:00.
        #expect(try fixture.runner.due([weekly], now: tuesday.addingTimeInterval(60)).isEmpty)
        #expect(try fixture.runner.due([weekly], now: try instant("2025-04-07T06:59:00Z")).isEmpty)
        #expect(
            try fixture.runner.due([weekly], now: try instant("2025-04-07T07:00:00Z")).count == 1)
        // And exactly two runs were recorded, both succeeded, the second for the catch-up time.
        let runs = try fixture.store.runs(name: "cecot-weekly")
        #expect(runs.map(\.status) == ["succeeded", "succeeded"])
        #expect(runs.first?.scheduledFor == "2025-04-01T09:00:00Z")
        #expect(try fixture.runFolders("cecot-weekly") == ["2025-03-10T0700Z", "2025-04-01T0900Z"])
    }

    @Test("due looks at each definition on its own")
    func dueIsPerDefinition() throws {
        // Given a daily and a monthly definition, both having run on 1 March 06:00,
        let first = try instant("2025-03-01T06:00:00Z")
        let fixture = try makeFixture(start: first)
        let daily = try definition("name: daily\nschedule: \"0 6 * * *\"\nformats: [csv]\n")
        let monthly = try definition("name: monthly\nschedule: \"0 6 1 * *\"\nformats: [csv]\n")
        try fixture.run(daily, at: first)
        try fixture.run(monthly, at: first)

        // When asked on 2 March 06:00, then only the daily one is due.
        let due = try fixture.runner.due(
            [daily, monthly], now: try instant("2025-03-02T06:00:00Z"))
        #expect(due.map(\.name) == ["daily"])
    }

    // MARK: - Change digest

    @Test(
        "the digest lists facts added, corrected and retracted since the previous run, and changed figures"
    )
    func digestAfterAddingAndRetracting() throws {
        // Given CECOT with a capacity, a population and a toilet count recorded on 1 March,
        let fixture = try makeFixture(start: try instant("2025-03-01T10:00:00Z"))
        try fixture.store.addFact(fact(.designCapacity, .number(40_000)))
        let population = try fixture.store.addFact(fact(.population, .number(20_000)))
        let toilets = try fixture.store.addFact(fact(.toilets, .number(100)))
        let weekly = try weekly()

        // When the first report runs on Monday 3 March,
        let run1 = try instant("2025-03-03T07:00:00Z")
        try fixture.run(weekly, at: run1)

        // Then it says it is the first of its series and lists no changes.
        let first = try fixture.briefing("cecot-weekly", at: run1)
        #expect(first.contains("## Changes since the previous report"))
        #expect(first.contains("This is the first report of this series"))
        #expect(changeLines(first).isEmpty)

        // Given, one millisecond after that run started, a correction of the population, a new
        // ventilation fact and the retraction of the toilet count,
        fixture.clock.set(run1.addingTimeInterval(0.001))
        try fixture.store.addFact(fact(.population, .number(21_500), supersedes: population))
        fixture.clock.set(run1.addingTimeInterval(0.002))
        try fixture.store.addFact(fact(.ventilation, .level(.inadequate), asOf: "2025-03-05"))
        fixture.clock.set(run1.addingTimeInterval(3600))
        try fixture.store.retractFact(id: toilets, reason: "Misread the report")

        // When the next weekly report runs,
        let run2 = try instant("2025-03-10T07:00:00Z")
        try fixture.run(weekly, at: run2)

        // Then its digest names the previous report's time and lists each change once.
        let second = try fixture.briefing("cecot-weekly", at: run2)
        #expect(!second.contains("This is the first report"))
        #expect(second.contains("Since the previous report (2025-03-03T07:00:00Z):"))
        let lines = changeLines(second)
        #expect(lines.contains("- Added: cecot population 21,500 as of 2025-02-10"), "\(lines)")
        #expect(
            lines.contains("- Added: cecot ventilation inadequate as of 2025-03-05"), "\(lines)")
        #expect(
            lines.contains("- Corrected: cecot population 20,000 as of 2025-02-10 was superseded"),
            "\(lines)")
        #expect(
            lines.contains(
                "- Retracted: cecot working toilets 100 as of 2025-02-10 (Misread the report)"),
            "\(lines)")
        #expect(
            lines.contains {
                $0.hasPrefix("- Changed: cecot population from 20,000") && $0.contains("21,500")
            })
        #expect(lines.contains { $0.hasPrefix("- Changed: cecot working toilets from 100") })
        #expect(
            lines.contains {
                $0.hasPrefix("- Changed: cecot ventilation from no value to inadequate")
            })
        // The unchanged capacity is not mentioned.
        #expect(!lines.contains { $0.contains("design capacity") }, "\(lines)")

        // When a third report runs with nothing new in between,
        let run3 = try instant("2025-03-17T07:00:00Z")
        try fixture.run(weekly, at: run3)

        // Then it compares with the second and says nothing changed.
        let third = try fixture.briefing("cecot-weekly", at: run3)
        #expect(third.contains("Since the previous report (2025-03-10T07:00:00Z):"))
        #expect(third.contains("No facts, sources or events were added, retracted or superseded."))
        #expect(changeLines(third).isEmpty)
    }

    @Test("a fact recorded in the same millisecond the previous run started is not reported twice")
    func digestBoundaryIsTheRunStart() throws {
        // Given a first run at T, and a fact recorded at exactly T (so the first run saw it)
        // and another at T + 1 ms,
        let run1 = try instant("2025-03-03T07:00:00Z")
        let fixture = try makeFixture(start: run1)
        let weekly = try weekly()
        try fixture.store.addFact(fact(.toilets, .number(80)))
        try fixture.run(weekly, at: run1)
        fixture.clock.set(run1.addingTimeInterval(0.001))
        try fixture.store.addFact(fact(.deathsInCustody, .number(3), asOf: "2025-03-01"))

        // When the next run is made,
        let run2 = try instant("2025-03-10T07:00:00Z")
        try fixture.run(weekly, at: run2)

        // Then only the later fact is listed as added.
        let added = changeLines(try fixture.briefing("cecot-weekly", at: run2)).filter {
            $0.hasPrefix("- Added:")
        }
        #expect(added == ["- Added: cecot deaths in custody 3 as of 2025-03-01"])
    }

    @Test("nothing confidential added between runs reaches a public report's digest")
    func digestIsRedacted() throws {
        // Given a first public run,
        let run1 = try instant("2025-03-03T07:00:00Z")
        let fixture = try makeFixture(start: run1)
        let weekly = try weekly()
        try fixture.store.addFact(fact(.population, .number(20_000)))
        try fixture.run(weekly, at: run1)

        // Given, after it: a confidential fact, a public fact resting only on a confidential
        // witness, a restricted fact, a new confidential source, a retraction of nothing public,
        // and one public fact,
        fixture.clock.set(run1.addingTimeInterval(60))
        try fixture.store.addFact(fact(.population, .number(98_765), sensitivity: .confidential))
        try fixture.store.addFact(
            fact(.deathsInCustody, .number(17), asOf: "2025-03-01", sources: ["witness-7"]))
        try fixture.store.addFact(fact(.floorAreaM2, .number(4_321), sources: ["partner-notes"]))
        let secretPopulation = try fixture.store.addFact(
            fact(.population, .number(87_654), asOf: "2025-02-20", sensitivity: .confidential))
        try fixture.store.retractFact(id: secretPopulation, reason: "Secret reason")
        try fixture.store.addSource(
            Source(
                id: "witness-9", url: nil, title: "Secret witness nine", publisher: "Hidden team",
                kind: .testimony, sensitivity: .confidential))
        try fixture.store.addFact(fact(.toilets, .number(120)))

        // When the public report runs again,
        let run2 = try instant("2025-03-10T07:00:00Z")
        try fixture.run(weekly, at: run2)

        // Then its digest lists the public fact and nothing withheld, in any spelling.
        let briefing = try fixture.briefing("cecot-weekly", at: run2)
        let lines = changeLines(briefing)
        #expect(lines.contains("- Added: cecot working toilets 120 as of 2025-02-10"), "\(lines)")
        #expect(lines.allSatisfy { !$0.contains("population") }, "\(lines)")
        #expect(lines.allSatisfy { !$0.contains("deaths") && !$0.contains("floor") }, "\(lines)")
        for secret in [
            "98,765", "98765", "87,654", "87654", "4,321", "4321", "Secret", "witness", "Witness",
            "Hidden team",
            "Partner",
        ] {
            #expect(!briefing.contains(secret), "the public briefing shows '\(secret)'")
        }
    }

    // MARK: - Pruning

    @Test(
        "keep: 2 leaves the two newest dated folders after four runs, and latest points to the newest"
    )
    func pruning() throws {
        // Given a definition that keeps two runs,
        let fixture = try makeFixture(start: try instant("2025-03-03T07:00:00Z"))
        let weekly = try weekly(keep: 2, formats: "[markdown, csv]")

        // When it runs on four Mondays,
        let mondays = [
            "2025-03-03T07:00:00Z", "2025-03-10T07:00:00Z", "2025-03-17T07:00:00Z",
            "2025-03-24T07:00:00Z",
        ]
        for monday in mondays { try fixture.run(weekly, at: try instant(monday)) }

        // Then only the last two dated folders remain, complete, with latest on the newest,
        // and no temporary or hidden entries are left beside them.
        #expect(try fixture.runFolders("cecot-weekly") == ["2025-03-17T0700Z", "2025-03-24T0700Z"])
        #expect(try fixture.latest("cecot-weekly") == "2025-03-24T0700Z")
        let entries = try FileManager.default.contentsOfDirectory(
            atPath: fixture.base("cecot-weekly").path)
        #expect(Set(entries) == ["2025-03-17T0700Z", "2025-03-24T0700Z", "latest"])
        let newest = fixture.base("cecot-weekly").appendingPathComponent("latest")
        #expect(
            FileManager.default.fileExists(
                atPath: newest.appendingPathComponent("briefing.md").path))
        #expect(FileManager.default.fileExists(atPath: newest.appendingPathComponent("csv").path))
        // And all four runs are on record.
        #expect(try fixture.store.runs(name: "cecot-weekly").count == 4)
    }

    @Test("pruning leaves files that are not dated run folders alone")
    func pruningKeepsForeignFiles() throws {
        // Given a keep: 1 definition and a note the user put in its output folder,
        let fixture = try makeFixture(start: try instant("2025-03-03T07:00:00Z"))
        let weekly = try weekly(keep: 1)
        try fixture.run(weekly, at: try instant("2025-03-03T07:00:00Z"))
        let note = fixture.base("cecot-weekly").appendingPathComponent("README.txt")
        try Data("mine".utf8).write(to: note)

        // When two more runs are made,
        try fixture.run(weekly, at: try instant("2025-03-10T07:00:00Z"))
        try fixture.run(weekly, at: try instant("2025-03-17T07:00:00Z"))

        // Then one dated folder remains and the note is untouched.
        #expect(try fixture.runFolders("cecot-weekly") == ["2025-03-17T0700Z", "README.txt"])
        #expect(fileBytes(note) == Data("mine".utf8))
    }

    // MARK: - Failure

    struct DiskFull: Error, LocalizedError {
        var errorDescription: String? { "No space left on device" }
    }

    @Test("formats: [markdown, html, pdf] writes briefing.md, briefing.html and briefing.pdf from one model")
    func htmlAndPDFFormats() throws {
        // Given a definition asking for all three briefing formats
        let now = try instant("2025-03-03T07:00:00Z")
        let fixture = try makeFixture(start: now)
        let weekly = try weekly(formats: "[markdown, html, pdf]")

        // When it runs
        let outcome = try fixture.run(weekly, at: now)

        // Then the folder has the three briefings, the page with the same changes section
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: outcome.folder.path))
        #expect(names.isSuperset(of: ["briefing.md", "briefing.html", "briefing.pdf"]), "\(names)")
        let html = String(decoding: fileBytes(outcome.folder.appendingPathComponent("briefing.html")), as: UTF8.self)
        #expect(html.contains("<h2>Changes since the previous report</h2>"))
        #expect(!html.contains("<script"))
        #expect(fileBytes(outcome.folder.appendingPathComponent("briefing.pdf")).starts(with: Data("%PDF".utf8)))
    }

    @Test("language: es makes the whole run Spanish: briefing, digest, workbook and the CSV README")
    func spanishRun() throws {
        // Given a Spanish definition with every spreadsheet format
        let now = try instant("2025-03-03T07:00:00Z")
        let fixture = try makeFixture(start: now)
        let spanish = try definition(
            """
            name: cecot-es
            schedule: "0 7 * * MON"
            facilities: [cecot]
            formats: [markdown, html, xlsx, csv]
            language: es
            """)

        // When it runs
        let outcome = try fixture.run(spanish, at: now)

        // Then the briefing, its change digest and the page are Spanish
        let briefing = try fixture.briefing("cecot-es", at: now)
        #expect(briefing.contains("## Cambios desde el informe anterior"))
        #expect(briefing.contains("Este es el primer informe de esta serie"))
        let html = String(decoding: fileBytes(outcome.folder.appendingPathComponent("briefing.html")), as: UTF8.self)
        #expect(html.contains("<html lang=\"es\">"))
        // And the CSV folder has its Spanish README, the workbook its Spanish sheets
        let readme = String(decoding: fileBytes(outcome.folder.appendingPathComponent("csv/README.txt")), as: UTF8.self)
        #expect(readme.hasPrefix("Exportación CSV de rightsbrief"))
        let workbook = String(decoding: fileBytes(outcome.folder.appendingPathComponent("cecot-es.xlsx")), as: UTF8.self)
        #expect(!workbook.isEmpty)
    }

    @Test("a run that fails at the last moment leaves the previous folder and latest as they were")
    func failureLeavesLatestAlone() throws {
        // Given a successful first run,
        let run1 = try instant("2025-03-03T07:00:00Z")
        let fixture = try makeFixture(start: run1)
        try fixture.store.addFact(fact(.population, .number(20_000)))
        let weekly = try weekly(formats: "[markdown, xlsx, csv]")
        try fixture.run(weekly, at: run1)
        let before = try fixture.briefing("cecot-weekly", at: run1)

        // When the next run fails just before its folder would be moved into place,
        fixture.runner.beforeCommit = { _ in throw DiskFull() }
        let run2 = try instant("2025-03-10T07:00:00Z")
        #expect(throws: ReportError.self) { try fixture.run(weekly, at: run2) }

        // Then the previous folder and latest are unchanged, and nothing temporary remains.
        #expect(try fixture.latest("cecot-weekly") == "2025-03-03T0700Z")
        let entries = try FileManager.default.contentsOfDirectory(
            atPath: fixture.base("cecot-weekly").path)
        #expect(Set(entries) == ["2025-03-03T0700Z", "latest"], "\(entries)")
        #expect(try fixture.briefing("cecot-weekly", at: run1) == before)
        // And the run is recorded as failed, with a reason, while the last success is the first.
        let runs = try fixture.store.runs(name: "cecot-weekly")
        #expect(runs.map(\.status) == ["failed", "succeeded"])
        #expect(
            runs.first?.message?.contains("No space left on device") == true,
            "\(runs.first?.message ?? "nil")")
        #expect(
            try fixture.store.lastSuccessfulRun(name: "cecot-weekly")?.scheduledFor
                == "2025-03-03T07:00:00Z")
        // And because it failed, the report is still due, and runs once the problem is gone.
        #expect(try fixture.runner.due([weekly], now: run2).count == 1)
        fixture.runner.beforeCommit = nil
        try fixture.run(weekly, at: run2)
        #expect(try fixture.latest("cecot-weekly") == "2025-03-10T0700Z")
        #expect(
            try fixture.briefing("cecot-weekly", at: run2).contains(
                "Since the previous report (2025-03-03T07:00:00Z):"))
    }

    @Test("the folder stamp is the run's UTC minute")
    func stamp() throws {
        // Given times with seconds and fractions, then the stamp keeps the minute only.
        #expect(ReportRunner.stamp(try instant("2025-03-10T07:00:00Z")) == "2025-03-10T0700Z")
        #expect(ReportRunner.stamp(try instant("2025-12-31T23:59:59.999Z")) == "2025-12-31T2359Z")
    }
}
