import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefReports
import RightsBriefSchedule
import RightsBriefStore
import Testing

@testable import rightsbrief

/// Library errors say what is wrong in their own terms; only the command line names commands
/// and flags (issue 11). These tests hold both halves.
@Suite("Command-line hints live in the command line")
struct CommandLineHintTests {
    /// One error of every case that used to carry command-line wording, and a few others.
    static let errors: [any ExitCodeProviding] = [
        StoreError.databaseMissing(path: "x.sqlite"), StoreError.unknownFacility(id: "f"),
        StoreError.unknownSource(id: "s"), StoreError.unknownFact(id: 3), StoreError.unknownEvent(id: "e"),
        StoreError.supersedesRetracted(id: 3), StoreError.needsUpgrade(path: "x.sqlite"),
        StoreError.invalid(.noSource(what: "A fact")), CoreError.noSource(what: "A fact"),
        ReportError.templateNotFound(name: "t"), ReportError.unknownFacility(id: "f"),
        ReportError.unknownCountry(code: "XX"), CronError.noFireTimeAfter(expression: "0 0 * * *", after: "2099"),
        ScheduleError.definitionsFolderMissing(path: "reports"), ScheduleError.locked(path: "x.lock", waited: 2),
        BundleError.keyMissing(path: "k.key"),
        StoreError.identifierTaken(identifier: "registry:ME-001", facilityId: "bolduc"),
        StoreError.mergeAcrossCountries(keep: "bolduc", keepCountry: "US", drop: "izalco", dropCountry: "SV"),
    ]

    @Test("no library error names a rightsbrief command or a flag")
    func librariesSayNoCommands() {
        for error in Self.errors {
            let text = error.errorDescription ?? ""
            #expect(!text.contains("'rightsbrief "), "\(text)")
            #expect(!text.contains(" --"), "\(text)")
        }
    }

    @Test("the command line adds its hint, keeping one line ending in a period")
    func commandLineAddsHint() {
        // Given errors whose fix is a command to run or a flag to pass
        // When the command line words them
        // Then the hint follows the library's sentence on the same line
        #expect(
            StoreError.databaseMissing(path: "x.sqlite").commandLineMessage
                == "No database at 'x.sqlite'; run 'rightsbrief init' (or pass --db PATH or set RIGHTSBRIEF_DB).")
        #expect(
            StoreError.invalid(.noSource(what: "A fact")).commandLineMessage
                == "A fact needs at least one source; add --source ID (see 'rightsbrief source list').")
        #expect(
            ScheduleError.locked(path: "x.lock", waited: 2).commandLineMessage
                == "Another rightsbrief run holds the lock 'x.lock' (waited 2 s); try again later or pass --wait SECONDS.")
        for error in Self.errors {
            #expect(!error.commandLineMessage.contains("\n"))
            #expect(error.commandLineMessage.hasSuffix("."))
            #expect(error.commandLineHint != nil, "\(error)")
        }
        // An import problem's remedy is worded here too, never in the library's message
        let clash = ImportProblem(
            file: "clash.csv", line: 2, column: 23,
            message: "the identifier registry:ME-001 belongs to facility 'bolduc', not 'cumberland'; a scheme's identifier names one facility",
            remedy: .mergeFacilities(keep: "bolduc", drop: "cumberland"))
        #expect(
            RightsBrief.Import.describe(clash)
                == "clash.csv:2:23: the identifier registry:ME-001 belongs to facility 'bolduc', not 'cumberland'; a scheme's identifier names one facility (if the two are one place, run 'rightsbrief facility merge bolduc cumberland' first)")
        #expect(StoreError.duplicate(kind: "facility", id: "x").commandLineHint == nil)
    }

    @Test("an import problem's remedy is worded as the flag to pass; the library's text names none")
    func importRemedies() {
        // Given the problems the importer reports for a non-UTF-8 file and an unknown header
        let encoding = ImportProblem(
            file: "a.csv", line: 2, column: 9, message: "the file is not UTF-8; re-save it as UTF-8", remedy: .encoding)
        let mapping = ImportProblem(file: "b.csv", line: 1, column: 1, message: "the header is unknown", remedy: .mapping)

        // When the command line words them
        // Then the flags appear only there
        #expect(!encoding.description.contains("--") && !mapping.description.contains("--"))
        #expect(
            RightsBrief.Import.describe(encoding)
                == "a.csv:2:9: the file is not UTF-8; re-save it as UTF-8, or pass --encoding latin1 (or windows1252) if that is what it is")
        #expect(RightsBrief.Import.describe(mapping).hasSuffix(", and pass it with --mapping MAP.yml"))
        #expect(
            ImportError.problems([encoding], total: 1).commandLineMessage.hasSuffix(
                "run it again (--dry-run checks without writing)."))
    }
}
