import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// A publisher's list keyed by a national registry number, with our own id for some rows.
private let registryCSV = """
    Our id,Registry no,Name,State,Population\r
    bolduc,ME-001,Bolduc Correctional Facility,ME,900\r
    NA,ME-002,Maine State Prison,ME,1000\r
    NA,NA,Cumberland County Jail,ME,400\r

    """

private let registryMap = """
    source: {id: registry, title: State registry, publisher: Registry office}
    facility:
      id: [{column: Our id}, {slug_of: Name, prefix: me-}]
      identifiers: {registry: {column: Registry no, pattern: '[A-Z]{2}-[0-9]{3}'}}
      match: {identifier: registry}
      name: Name
      country: {value: US}
      region: State
    as_of: {value: 2025-01-01}
    facts:
      population: Population
    missing: [NA]

    """

@Suite("Import mappings: facility identifiers")
struct FacilityIdentifierImportTests {

    @Test("id rules are tried in order, skipping missing markers; identifiers are recorded on the facility")
    func orderedRulesAndRecording() throws {
        // Given a list whose id cell is NA on two rows
        let folder = try folder(["list.csv": registryCSV, "list.yml": registryMap])
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles(["list.csv"], from: folder, into: store, mapping: "list.yml")

        // Then rows with an id use it, the others fall back to the slug, and each registry number is recorded
        #expect(report.summary.added == ["facility": 3, "source": 1, "fact": 3])
        let facilities = try store.facilities()
        #expect(facilities.map(\.id) == ["bolduc", "me-cumberland-county-jail", "me-maine-state-prison"])
        #expect(facilities.map { FacilityIdentifier.joined($0.identifiers) } == ["registry:ME-001", "", "registry:ME-002"])
        #expect(try store.facility(id: "bolduc")?.identifiers == [FacilityIdentifier(scheme: "registry", value: "ME-001")])
    }

    @Test("a second publisher's rows match stored facilities by identifier, whatever their names make; re-import adds nothing")
    func matchByIdentifier() throws {
        // Given the registry imported, and another publisher's list with other names and no ids of ours
        let otherCSV = """
            Facility,Reg,Deaths\r
            BOLDUC CF (Warren),ME-001,1\r
            State Prison Warren,ME-002,2\r
            New Place,ME-009,0\r

            """
        let otherMap = """
            source: {id: other, title: Other list, publisher: Other NGO}
            facility:
              id: {slug_of: Facility, prefix: x-}
              identifiers: {registry: Reg}
              match: {identifier: registry}
              name: Facility
              country: {value: US}
            as_of: {value: 2025-02-01}
            facts:
              deaths_in_custody: Deaths

            """
        let folder = try folder([
            "list.csv": registryCSV, "list.yml": registryMap, "other.csv": otherCSV, "other.yml": otherMap,
        ])
        let store = try makeTestStore()
        try importFiles(["list.csv"], from: folder, into: store, mapping: "list.yml")

        // When the other list is imported, twice
        let report = try importFiles(["other.csv"], from: folder, into: store, mapping: "other.yml")
        let before = try databaseDump(store)
        let again = try importFiles(["other.csv"], from: folder, into: store, mapping: "other.yml")

        // Then its matched rows add facts to the stored facilities (renaming them, as a mapped row does), the unmatched one is new
        #expect(report.summary.added == ["facility": 1, "source": 1, "fact": 3])
        #expect(report.summary.updated == ["facility": 2])
        let facts = try store.evidence(Selection()).facts
        #expect(Set(facts.filter { $0.attribute == .deathsInCustody }.map(\.facilityId)) == ["bolduc", "me-maine-state-prison", "x-new-place"])
        #expect(try store.facility(id: "x-new-place")?.identifiers == [FacilityIdentifier(scheme: "registry", value: "ME-009")])
        #expect(again.summary.added.isEmpty && again.summary.updated.isEmpty)
        #expect(try databaseDump(store) == before)
    }

    @Test("an identifier of another facility, a second one in a scheme, a bad value and a bad match are problems; nothing is written")
    func identifierProblems() throws {
        // Given the registry imported
        let folder0 = try folder(["list.csv": registryCSV, "list.yml": registryMap])
        let store = try makeTestStore()
        try importFiles(["list.csv"], from: folder0, into: store, mapping: "list.yml")
        let before = try databaseDump(store)

        // When a list without match: gives bolduc's number to another facility, and another number to bolduc
        let clashCSV = """
            Id,Name,Reg\r
            cumberland,Cumberland,ME-001\r
            bolduc,Bolduc,ME-777\r
            odd,Odd,A;B\r

            """
        let clashMap = """
            facility: {id: Id, name: Name, country: {value: US}, identifiers: {registry: Reg}}

            """
        let badMatch = """
            facility: {id: Id, name: Name, country: {value: US}, identifiers: {registry: Reg}, match: {identifier: hifld}}

            """
        let folder = try folder(["clash.csv": clashCSV, "clash.yml": clashMap, "bad.yml": badMatch])
        let lines = problems(["clash.csv"], from: folder, into: store, mapping: "clash.yml")
        let mappingLines = problems(["clash.csv"], from: folder, into: store, mapping: "bad.yml")

        // Then each is named at its cell, and nothing changed
        #expect(lines == [
            "clash.csv:2:23: the identifier registry:ME-001 belongs to facility 'bolduc', not 'cumberland'; a scheme's identifier names one facility",
            "clash.csv:3:15: facility 'bolduc' is stored with the identifier registry:ME-001, and this row gives it registry:ME-777 too; check that the row is about this facility (the id rules may have matched the wrong one)",
            "clash.csv:4:9: 'A;B' is not a valid value for identifier: an identifier may not contain ';' (it separates identifiers in exported tables) (column Reg)",
        ])
        #expect(mappingLines == [
            "bad.yml:1:104: match: 'hifld' is not one of the facility's identifiers (registry)"
        ])
        #expect(try databaseDump(store) == before)
    }

    @Test("a row with no cell for any id rule names every column tried")
    func noRuleApplies() throws {
        let folder = try folder(["list.csv": registryCSV.replacingOccurrences(of: "Cumberland County Jail", with: "NA"), "list.yml": registryMap])
        let store = try makeTestStore()
        #expect(problems(["list.csv"], from: folder, into: store, mapping: "list.yml") == [
            "list.csv:4:1: the row has none of Our id, Name to make a facility id from (the id rules are tried in that order); fill one in or skip the row (skip_rows)"
        ])
    }

    @Test("identifiers survive an export and re-import of the facilities table")
    func canonicalTable() throws {
        // Given a facilities table with an identifiers column
        let table = csv(
            facilitiesHeader + ",identifiers",
            "bolduc,Bolduc,US,ME,prison,,,,,registry:ME-001; hifld:10002345",
            "plain,Plain,US,,prison,,,,,")
        let folder = try folder(["facilities.csv": table])
        let store = try makeTestStore()

        // When it is imported twice
        try importFiles(["facilities.csv"], from: folder, into: store)
        let again = try importFiles(["facilities.csv"], from: folder, into: store)

        // Then the identifiers are stored, sorted, and the second import changes nothing
        #expect(FacilityIdentifier.joined(try store.facility(id: "bolduc")?.identifiers ?? []) == "hifld:10002345; registry:ME-001")
        #expect(again.summary.unchanged == ["facility": 2])
        #expect(again.changes.isEmpty)
    }
}

@Suite("Import mappings: identifier and stored-facility keys")
struct FacilityIdentifierMappingKeyTests {
    @Test("match: without identifiers:, an empty id list, and rows of one id giving two identifiers are problems")
    func moreProblems() throws {
        let noIdentifiers = """
            facility: {id: [], name: Name, country: {value: US}, match: {identifier: hifld}}

            """
        let twoNumbers = """
            facility: {id: {slug_of: Name}, name: Name, country: {value: US}, identifiers: {registry: Reg}}

            """
        let folder = try folder([
            "a.csv": "Name,Reg\nBolduc,ME-001\nBolduc,ME-002\n", "none.yml": noIdentifiers, "two.yml": twoNumbers,
        ])
        let store = try makeTestStore()
        #expect(problems(["a.csv"], from: folder, into: store, mapping: "none.yml") == [
            "none.yml:1:16: id needs at least one rule, for example id: [{column: ID}, {slug_of: Name}]",
            "none.yml:1:74: match: 'hifld' is not one of the facility's identifiers; add identifiers: {hifld: COLUMN} to facility",
        ])
        #expect(problems(["a.csv"], from: folder, into: store, mapping: "two.yml") == [
            "a.csv:3:8: line 2 makes the same facility id 'bolduc' with identifier registry 'ME-001', this row says 'ME-002' (column Reg); make the ids unique (add disambiguate_by: COLUMN to the id rule, or slug_of: [NAME, COLUMN]) or skip one of the rows"
        ])
    }

    @Test("a bad scheme name, a constant identifier and an unknown stored: value are mapping problems")
    func keyProblems() throws {
        let yaml = """
            facility:
              id: Id
              name: Name
              country: {value: US}
              identifiers: {Bad Scheme: Reg, hifld: {value: "1"}}
              stored: sometimes

            """
        let folder = try folder(["a.csv": "Id,Name,Reg\nx,X,1\n", "a.yml": yaml])
        let store = try makeTestStore()
        #expect(problems(["a.csv"], from: folder, into: store, mapping: "a.yml") == [
            "a.yml:5:17: identifiers: 'Bad Scheme' is not a scheme name; use 1 to 32 lowercase letters, digits and hyphens, for example hifld",
            "a.yml:5:41: identifiers: hifld must name a column (every row has its own identifier)",
            "a.yml:6:11: stored must be 'update' (a mapped row changes a stored facility's fields) or 'fill' (it only fills fields the facility lacks), not 'sometimes'",
        ])
    }

    @Test("a table row that would add a merged-away facility again is a problem at its row")
    func mergedIdRetired() throws {
        // Given two records merged
        let store = try makeTestStore()
        try store.addFacility(Facility(id: "bolduc", name: "Bolduc", country: "US"))
        try store.addFacility(Facility(id: "pub-bolduc", name: "BOLDUC CF", country: "US"))
        try store.mergeFacility(keep: "bolduc", drop: "pub-bolduc")
        let before = try databaseDump(store)

        // When an older facilities table naming the dropped record is imported
        let folder = try folder(["facilities.csv": csv(facilitiesHeader, "pub-bolduc,BOLDUC CF,US,,prison,,,,")])

        // Then it is refused at the row, and nothing changes
        #expect(problems(["facilities.csv"], from: folder, into: store) == [
            "facilities.csv:2:1: facility 'pub-bolduc' was merged into 'bolduc' (facility merge), so its id is retired; write 'bolduc' instead, or leave the row out"
        ])
        #expect(try databaseDump(store) == before)
    }
}
