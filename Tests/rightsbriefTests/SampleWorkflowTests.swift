import Foundation
import TestSupport
import Testing

/// `init --sample`, then the read-only commands an advocate uses first.
@Suite("Sample workflow through the binary")
struct SampleWorkflowTests {
    let folder: URL

    init() throws {
        folder = try readOnlySample.get()
    }

    func run(_ arguments: [String]) throws -> CommandResult {
        try runRightsbrief(arguments, in: folder)
    }

    @Test("facility list shows CECOT")
    func facilityList() throws {
        // Given the sample database
        // When facilities are listed
        let result = try run(["facility", "list"])

        // Then CECOT is the one row, with its country and kind
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let rows = lines(result.stdout)
        #expect(rows.count == 3)
        #expect(rows.first?.hasPrefix("ID") == true)
        #expect(rows.last?.contains("cecot") == true)
        #expect(rows.last?.contains("SV") == true)
        #expect(rows.last?.contains("Terrorism Confinement Center (CECOT)") == true)
    }

    @Test("fact list shows the four sample facts with values and sources")
    func factList() throws {
        // Given the sample database
        // When CECOT's facts are listed
        let result = try run(["fact", "list", "--facility", "cecot"])

        // Then the capacity and the three absent conditions are listed with their sources
        #expect(result.status == 0)
        let rows = lines(result.stdout).dropFirst(2)
        #expect(rows.count == 4)
        let capacity = try #require(rows.first { $0.contains("design_capacity") })
        #expect(capacity.contains("40000"))
        #expect(capacity.contains("2025-02-03"))
        #expect(capacity.contains("bnd-el-salvador-offer"))
        for attribute in ["sanitation", "potable_water", "temperature_control"] {
            let row = try #require(rows.first { $0.contains(attribute) })
            #expect(row.contains("absent"))
            #expect(row.contains("pbs-cecot-conditions,bnd-el-salvador-offer"))
        }
    }

    @Test("facility show gives the current figures")
    func facilityShow() throws {
        // Given the sample database
        // When CECOT is shown
        let result = try run(["facility", "show", "cecot"])

        // Then its name, authority and figures appear
        #expect(result.status == 0)
        #expect(result.stdout.contains("Terrorism Confinement Center (CECOT) (cecot)"))
        #expect(result.stdout.contains("Authority: Government of El Salvador"))
        #expect(
            lines(result.stdout).contains {
                $0.hasPrefix("design_capacity") && $0.contains("40000")
            })
        #expect(
            lines(result.stdout).contains { $0.hasPrefix("sanitation") && $0.contains("absent") })
    }

    @Test("search finds the captured article and marks the match")
    func search() throws {
        // Given the sample database, whose one captured text mentions sanitation
        // When searching for sanitation
        let result = try run(["search", "sanitation"])

        // Then the article is found with the word in brackets
        #expect(result.status == 0)
        let output = lines(result.stdout)
        #expect(output.first?.hasPrefix("bnd-el-salvador-offer [public]") == true)
        #expect(output.count == 2)
        #expect(output.last?.contains("[sanitation]") == true)
    }

    @Test("search with no match says so on stderr and exits 0")
    func searchNoMatch() throws {
        // Given the sample database
        // When searching for a word it does not hold
        let result = try run(["search", "helicopter"])

        // Then nothing is printed on stdout and a note explains
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("helicopter"))
    }

    @Test("verify on the sample is OK")
    func verify() throws {
        // Given the sample database
        // When it is verified
        let result = try run(["verify"])

        // Then it passes with counts
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("OK:"))
        #expect(result.stdout.contains("1 captured text matches its SHA-256"))
        #expect(result.stdout.contains("1 facility, 4 sources, 4 facts, 1 event."))
    }

    @Test("--json output of every listing parses as JSON with the expected records")
    func jsonListings() throws {
        // Given the sample database
        // When each listing is printed as JSON
        let facilities = try #require(
            try json(try run(["facility", "list", "--json"]).stdout) as? [[String: Any]])
        let facts = try #require(
            try json(try run(["fact", "list", "--history", "--json"]).stdout) as? [[String: Any]])
        let sources = try #require(
            try json(try run(["source", "list", "--json"]).stdout) as? [[String: Any]])
        let events = try #require(
            try json(try run(["event", "list", "--json"]).stdout) as? [[String: Any]])
        let hits = try #require(
            try json(try run(["search", "sanitation", "--json"]).stdout) as? [[String: Any]])

        // Then each holds the sample's records
        #expect(facilities.map { $0["id"] as? String } == ["cecot"])
        #expect(facts.count == 4)
        #expect(
            Set(facts.compactMap { $0["attribute"] as? String })
                == ["design_capacity", "sanitation", "potable_water", "temperature_control"])
        #expect(sources.count == 4)
        #expect(
            sources.allSatisfy { $0["text"] == nil }, "source list --json leaves captured text out")
        #expect(sources.contains { ($0["textSHA256"] as? String)?.count == 64 })
        #expect(events.map { $0["id"] as? String } == ["us-sv-agreement-2025"])
        #expect(hits.first?["source"] as? String == "bnd-el-salvador-offer")
        #expect((hits.first?["snippet"] as? String)?.contains("[sanitation]") == true)
    }

    @Test("fact values in --json are plain numbers and level names")
    func jsonFactValues() throws {
        // Given the sample database
        // When facts are printed as JSON
        let facts = try #require(
            try json(try run(["fact", "list", "--json"]).stdout) as? [[String: Any]])

        // Then a script reads 40000 as a number and absent as a string
        let capacity = try #require(facts.first { $0["attribute"] as? String == "design_capacity" })
        let sanitation = try #require(facts.first { $0["attribute"] as? String == "sanitation" })
        #expect(
            (capacity["value"] as? NSNumber)?.intValue == 40000,
            "got \(String(describing: capacity["value"]))")
        #expect(
            sanitation["value"] as? String == "absent",
            "got \(String(describing: sanitation["value"]))")
    }

    @Test("source show --json includes the captured text")
    func sourceShowJSON() throws {
        // Given the sample database
        // When the captured article is shown as JSON
        let source = try #require(
            try json(try run(["source", "show", "bnd-el-salvador-offer", "--json"]).stdout)
                as? [String: Any])

        // Then its text and citations are there
        #expect((source["text"] as? String)?.contains("designed to hold 40,000 inmates") == true)
        #expect((source["cites"] as? [String])?.count == 3)
    }
}
