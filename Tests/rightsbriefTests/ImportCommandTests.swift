import Foundation
import Testing
import TestSupport

@testable import rightsbrief

/// The ICE sample and its mapping, from the Store tests' fixtures.
private let iceFolder = repositoryRoot.appendingPathComponent("Tests/RightsBriefImportTests/Fixtures/ice-detention-2020")
private let iceCSV = iceFolder.appendingPathComponent("COVID-19_Immigration_Detention_Facilities.csv").path
private let iceMap = iceFolder.appendingPathComponent("ice.yml").path

/// A fresh folder with an initialised database; returns the folder and the database path.
private func initialised() throws -> (URL, String) {
    let folder = try makeTemporaryFolder("rightsbrief-import-cli")
    let db = folder.appendingPathComponent("evidence.sqlite").path
    let result = try runRightsbrief(["init", "--db", db])
    #expect(result.status == 0, "\(result.stderr)")
    return (folder, db)
}

/// Every table of the database as SQL text (`sqlite3 .dump`), to compare before and after.
private func sqlDump(_ db: String) throws -> String {
    let result = try runProcess("/usr/bin/env", ["sqlite3", db, ".dump"])
    #expect(result.status == 0, "sqlite3 is needed for this test: \(result.stderr)")
    return result.stdout
}

@Suite("import command")
struct ImportCommandTests {

    @Test("arguments parse into the import command")
    func parses() throws {
        // Given an import command line
        // When it is parsed
        let command = try RightsBrief.parseAsRoot(["import", "a.csv", "b.json", "--mapping", "m.yml", "--dry-run", "--encoding", "latin1"])

        // Then every option is set
        let parsed = try #require(command as? RightsBrief.Import)
        #expect(parsed.files == ["a.csv", "b.json"])
        #expect(parsed.mapping == "m.yml")
        #expect(parsed.dryRun)
        #expect(parsed.encoding == .latin1)
    }

    @Test("the ICE sample imports through its mapping, and brief and export show its facilities")
    func iceThroughBinary() throws {
        // Given an initialised database
        let (folder, db) = try initialised()

        // When the sample is imported, then briefed and exported
        let imported = try runRightsbrief(["import", iceCSV, "--mapping", iceMap, "--db", db])
        let brief = try runRightsbrief(
            ["brief", "--country", "US", "--as-of", "2020-09-30", "--detail", "full", "--db", db])
        let summary = try runRightsbrief(["brief", "--country", "US", "--as-of", "2020-09-30", "--db", db])
        let out = folder.appendingPathComponent("us-csv").path
        let export = try runRightsbrief(["export", "csv", "--country", "US", "--as-of", "2020-09-30", "--output", out, "--db", db])

        // Then the import reports what it added, and both outputs name the facilities and deaths
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.isEmpty)
        #expect(imported.stderr.contains("note: skipped 1 row where Facility = TOTAL (skip_rows)"))
        #expect(imported.stderr.contains("Imported into \(db): added 105 "))
        #expect(!imported.stderr.contains("\r"))
        #expect(brief.status == 0, "\(brief.stderr)")
        #expect(brief.stdout.contains("## Stewart Detention Center"))
        #expect(brief.stdout.contains("Confirmed Deaths - ICE DATA (Detainees): 2"))
        // And without --detail, a country of this size gets the overview and one line each
        #expect(summary.stdout.hasPrefix("# Briefing: places of detention in United States\n"))
        #expect(summary.stdout.contains("\n| Stewart Detention Center | Georgia |"))
        #expect(!summary.stdout.contains("## Stewart Detention Center"))
        #expect(export.status == 0, "\(export.stderr)")
        let facilities = try String(contentsOfFile: out + "/facilities.csv", encoding: .utf8)
        #expect(facilities.contains("ice-stewart-detention-center,Stewart Detention Center,US,Georgia,immigration-detention,CoreCivic"))
    }

    @Test("bad input exits 65, lists each problem as FILE:LINE:COLUMN, and leaves the database as it was")
    func badInput() throws {
        // Given a database holding the sample, and a facts table whose last row is wrong
        let (folder, db) = try initialised()
        #expect(try runRightsbrief(["import", iceCSV, "--mapping", iceMap, "--db", db]).status == 0)
        let before = try sqlDump(db)
        let facts = """
            facility_id,attribute,value,as_of,source_ids\r
            ice-stewart-detention-center,population,1900,2020-09-09,ucla-covid-ice-facilities-2020-09\r
            ice-stewart-detention-center,population,many,2020-09-09,ucla-covid-ice-facilities-2020-09\r

            """
        try Data(facts.utf8).write(to: folder.appendingPathComponent("facts.csv"))

        // When it is imported, for real and as a dry run
        let result = try runRightsbrief(["import", "facts.csv", "--db", db], in: folder)
        let dry = try runRightsbrief(["import", "facts.csv", "--db", db, "--dry-run"], in: folder)

        // Then both exit 65 with the problem and a summary line, and nothing changed
        let expected = """
            facts.csv:3:41: 'many' is not a valid value for population: expected a plain decimal number such as 40000 or 12.5
            Error: The import found 1 problem and imported nothing; fix it and run it again (--dry-run checks without writing).

            """
        #expect(result.status == 65)
        #expect(result.stderr == expected)
        #expect(dry.status == 65)
        #expect(dry.stderr == expected)
        #expect(try sqlDump(db) == before)
    }

    @Test("a quote inside an unquoted field of a mapped file exits 65 at its line and column; the database is unchanged")
    func bareQuoteThroughMapping() throws {
        // Given an initialised database, and the ICE file with a bare quoted word in the facility
        // name on physical line 12 (after good rows and a multi-line header)
        let (folder, db) = try initialised()
        let before = try sqlDump(db)
        let original = try String(contentsOfFile: iceCSV, encoding: .utf8)
        let broken = original.replacingOccurrences(
            of: "\nStrafford County Corrections,", with: "\nStrafford \"County\" Corrections,")
        #expect(broken != original)
        try Data(broken.utf8).write(to: folder.appendingPathComponent("ice.csv"))

        // When it is imported with the mapping
        let result = try runRightsbrief(["import", "ice.csv", "--mapping", iceMap, "--db", db], in: folder)

        // Then it exits 65 naming line 12, column 11 (the quote), and nothing was written
        let expected = """
            ice.csv:12:11: this record has a quote inside a field that is not quoted; quote the whole field and double each quote inside it ("")
            Error: The import found 1 problem and imported nothing; fix it and run it again (--dry-run checks without writing).

            """
        #expect(result.status == 65)
        #expect(result.stderr == expected)
        #expect(try sqlDump(db) == before)
    }

    @Test("more than --max-problems problems end with a count")
    func problemLimit() throws {
        // Given 25 bad rows
        let (folder, db) = try initialised()
        var text = "facility_id,attribute,value,as_of,source_ids\n"
        for _ in 0..<25 { text += "nowhere,capacity,1,2025-01-01,x\n" }
        try Data(text.utf8).write(to: folder.appendingPathComponent("facts.csv"))

        // When it is imported
        let result = try runRightsbrief(["import", "facts.csv", "--db", db, "--max-problems", "3"], in: folder)

        // Then three problems and a count are listed
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(result.status == 65)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("facts.csv:2:9: 'capacity' is not a known attribute"))
        #expect(lines[3] == "… and 22 more problems")
    }

    @Test("--max-problems lists as many problems as asked, beyond a thousand")
    func problemLimitAboveAThousand() throws {
        // Given 1,100 bad rows
        let (folder, db) = try initialised()
        var text = "facility_id,attribute,value,as_of,source_ids\n"
        for _ in 0..<1_100 { text += "nowhere,capacity,1,2025-01-01,x\n" }
        try Data(text.utf8).write(to: folder.appendingPathComponent("facts.csv"))

        // When it is imported asking for 1,100 problems
        let result = try runRightsbrief(["import", "facts.csv", "--db", db, "--max-problems", "1100"], in: folder)

        // Then all of them are listed, with no count of more, then the error line
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(result.status == 65)
        #expect(lines.count == 1_101)
        #expect(lines[1_099].hasPrefix("facts.csv:1101:9: "))
        #expect(lines[1_100].hasPrefix("Error: The import found 1100 problems"))
    }

    @Test("a region change of a stored facility exits 65 naming --update-facilities; with it, the change is listed")
    func updateFacilities() throws {
        // Given 25 facilities in Maine, and the same file with every region changed
        let (folder, db) = try initialised()
        let map = "facility: {id: ID, name: Name, country: {value: US}, region: State}\n"
        let rows = (1...25).map { "f\($0),F\($0)" }
        try Data(map.utf8).write(to: folder.appendingPathComponent("map.yml"))
        try Data((["ID,Name,State"] + rows.map { $0 + ",ME" }).joined(separator: "\n").utf8)
            .write(to: folder.appendingPathComponent("me.csv"))
        try Data((["ID,Name,State"] + rows.map { $0 + ",NE" }).joined(separator: "\n").utf8)
            .write(to: folder.appendingPathComponent("ne.csv"))
        #expect(try runRightsbrief(["import", "me.csv", "--mapping", "map.yml", "--db", db], in: folder).status == 0)
        let before = try sqlDump(db)

        // When the changed file is imported without the flag, then as a dry run with it, then for real
        let refused = try runRightsbrief(["import", "ne.csv", "--mapping", "map.yml", "--db", db, "--max-problems", "1"], in: folder)
        let afterRefusal = try sqlDump(db)
        let dry = try runRightsbrief(
            ["import", "ne.csv", "--mapping", "map.yml", "--db", db, "--dry-run", "--update-facilities"], in: folder)
        let real = try runRightsbrief(["import", "ne.csv", "--mapping", "map.yml", "--db", db, "--update-facilities"], in: folder)

        // Then the refusal names the cell and the flag and writes nothing; the others list the
        // first 20 changes and a count
        #expect(refused.status == 65)
        #expect(refused.stderr == """
            ne.csv:2:7: facility 'f1' is stored with region 'ME', and this row would change it to 'NE'; an import does not move a stored facility unless asked (a row shifted by one column would do it silently), so check the row, or pass --update-facilities if the change is right
            … and 24 more problems
            Error: The import found 25 problems and imported nothing; fix them and run it again (--dry-run checks without writing).

            """)
        #expect(afterRefusal == before)
        #expect(dry.status == 0, "\(dry.stderr)")
        let dryLines = dry.stderr.split(separator: "\n").map(String.init)
        #expect(dryLines[1] == "Would change:")
        #expect(dryLines[2] == "  f1: region ME → NE")
        #expect(dryLines[21] == "  f20: region ME → NE")
        #expect(dryLines[22] == "  … and 5 more changed records (--max-problems N shows more).")
        #expect(dryLines[23] == "Dry run, nothing written to \(db): would have updated 25 facilities.")
        #expect(real.status == 0, "\(real.stderr)")
        #expect(real.stderr.contains("Changed:\n  f1: region ME → NE\n"))
        #expect(real.stderr.hasSuffix("Imported into \(db): updated 25 facilities.\n"))
    }

    @Test("a listed change shows control characters from the file as U+FFFD, not raw")
    func changesAreSafeOnATerminal() throws {
        // Given a stored facility, and a file renaming it with an escape sequence inside
        let (folder, db) = try initialised()
        try Data("facility: {id: ID, name: Name, country: {value: US}}\n".utf8).write(to: folder.appendingPathComponent("map.yml"))
        try Data("ID,Name\nbolduc,Bolduc\n".utf8).write(to: folder.appendingPathComponent("a.csv"))
        try Data("ID,Name\nbolduc,Bol\u{1B}[2Jduc\n".utf8).write(to: folder.appendingPathComponent("b.csv"))
        #expect(try runRightsbrief(["import", "a.csv", "--mapping", "map.yml", "--db", db], in: folder).status == 0)

        // When the renaming file is checked with a dry run
        let dry = try runRightsbrief(["import", "b.csv", "--mapping", "map.yml", "--db", db, "--dry-run"], in: folder)

        // Then the change is listed with the escape character replaced
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stderr.contains("  bolduc: name Bolduc → Bol\u{FFFD}[2Jduc\n"))
        #expect(!dry.stderr.contains("\u{1B}"))
    }

    @Test("a dry run says what would change and writes nothing")
    func dryRun() throws {
        // Given an initialised database
        let (_, db) = try initialised()
        let before = try sqlDump(db)

        // When the sample is imported as a dry run
        let result = try runRightsbrief(["import", iceCSV, "--mapping", iceMap, "--db", db, "--dry-run"])

        // Then it reports the additions and the database is untouched
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Dry run, nothing written to \(db): would have added 105 "))
        #expect(try sqlDump(db) == before)
    }

    @Test("missing files exit 66 and bad flags exit 64")
    func exitCodes() throws {
        // Given an initialised database
        let (folder, db) = try initialised()

        // When a missing file, a missing mapping or an unknown encoding is given
        let missing = try runRightsbrief(["import", "nope.csv", "--db", db], in: folder)
        let missingMap = try runRightsbrief(["import", iceCSV, "--mapping", "nope.yml", "--db", db], in: folder)
        let badFlag = try runRightsbrief(["import", iceCSV, "--encoding", "ebcdic", "--db", db], in: folder)

        // Then each exits with its sysexits code and one line saying what to do
        #expect(missing.status == 66)
        #expect(missing.stderr == "Error: Cannot read 'nope.csv': no such file; check the path.\n")
        #expect(missingMap.status == 66)
        #expect(missingMap.stderr == "Error: Cannot read 'nope.yml': no such file; check the path.\n")
        #expect(badFlag.status == 64)
        #expect(badFlag.stderr.contains("'ebcdic' is invalid for '--encoding <encoding>'. Please provide one of 'utf8', 'latin1' or 'windows1252'."))
    }

    @Test("a bad mapping exits 65 naming the mapping line, before the data is read")
    func badMapping() throws {
        // Given a mapping naming a column the file lacks
        let (folder, db) = try initialised()
        let map = try String(contentsOfFile: iceMap, encoding: .utf8)
            .replacingOccurrences(of: "column: Confirmed Deaths - ICE DATA (Detainees)", with: "column: Deaths")
        try Data(map.utf8).write(to: folder.appendingPathComponent("ice.yml"))

        // When it is used
        let result = try runRightsbrief(["import", iceCSV, "--mapping", "ice.yml", "--db", db], in: folder)

        // Then the problem is at the mapping's line
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("ice.yml:37:13: names the column 'Deaths', which \(iceCSV) does not have; its columns are 'Facility', "))
    }
}
