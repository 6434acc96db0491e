import Foundation
import Testing

import RightsBriefCore
import RightsBriefReports
import RightsBriefSchedule
import RightsBriefStore
import TestSupport

extension ReportRunnerTests {
    @Test("a run left 'running' by a killed process is marked interrupted by the next run, whose digest compares with the last succeeded run")
    func interruptedRunIsMarked() throws {
        // Given a succeeded run on 3 March,
        let run1 = try instant("2025-03-03T07:00:00Z")
        let fixture = try makeFixture(start: run1)
        try fixture.store.addFact(fact(.designCapacity, .number(40_000)))
        let weekly = try weekly()
        try fixture.run(weekly, at: run1)
        // and a population recorded an hour later,
        fixture.clock.set(run1.addingTimeInterval(3600))
        try fixture.store.addFact(fact(.population, .number(20_000)))
        // and a run on 10 March whose process was killed after recording its start,
        let killed = try instant("2025-03-10T07:00:00Z")
        fixture.clock.set(killed)
        let left = try fixture.store.startRun(name: "cecot-weekly", scheduledFor: killed)

        // When the next run is made on 10 March 08:00 (holding the run lock, as `run` does),
        let run3 = try instant("2025-03-10T08:00:00Z")
        try fixture.run(weekly, at: run3)

        // Then the killed run is marked interrupted, finished at the new run's time, with why,
        let runs = try fixture.store.runs(name: "cecot-weekly")
        #expect(runs.map(\.status) == ["succeeded", "interrupted", "succeeded"])
        let interrupted = try #require(runs.first { $0.id == left.id })
        #expect(interrupted.status == "interrupted")
        #expect(interrupted.finishedAt == Timestamp.precise(run3))
        #expect(interrupted.message == "interrupted: the process ended before the run finished")
        // and the new briefing compares with the succeeded run of 3 March, so the population
        // recorded before the killed run started is still listed as new.
        let briefing = try fixture.briefing("cecot-weekly", at: run3)
        #expect(briefing.contains("Since the previous report (2025-03-03T07:00:00Z):"), "\(briefing)")
        #expect(changeLines(briefing).contains("- Added: cecot population 20,000 as of 2025-02-10"))
    }

    @Test("marking interrupted runs touches only running runs of that definition")
    func markingIsPerDefinition() throws {
        // Given a running run of two definitions and a succeeded one,
        let start = try instant("2025-03-03T07:00:00Z")
        let fixture = try makeFixture(start: start)
        let weekly = try fixture.store.startRun(name: "cecot-weekly", scheduledFor: start)
        let daily = try fixture.store.startRun(name: "daily", scheduledFor: start)
        let done = try fixture.store.startRun(name: "cecot-weekly", scheduledFor: start)
        try fixture.store.finishRun(id: done.id, succeeded: true, output: "/out")

        // When the weekly definition's interrupted runs are marked,
        let count = try fixture.store.markInterruptedRuns(name: "cecot-weekly")

        // Then only its running row changed.
        #expect(count == 1)
        #expect(try fixture.store.runs(name: "cecot-weekly").map(\.status) == ["succeeded", "interrupted"])
        #expect(try fixture.store.runs(name: "daily").map(\.id) == [daily.id])
        #expect(try fixture.store.runs(name: "daily").map(\.status) == ["running"])
        #expect(weekly.id != daily.id)
    }
}
