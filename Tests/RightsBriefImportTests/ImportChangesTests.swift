import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

private let statesMap = """
    facility:
      id: {column: ID}
      name: Name
      country: {value: US}
      region: State

    """

/// Three facilities in their states, as first imported.
private let goodStates = "ID,Name,State\nbolduc,Bolduc,ME\nwarren,Warren,ME\nconcord,Concord,NH\n"

@Suite("Import: changes are visible and deliberate")
struct ImportChangesTests {

    @Test("a change of a stored facility's region is refused, at its cell, unless asked for; nothing is written")
    func regionChangeRefused() throws {
        // Given the three facilities, and a file whose Bolduc row has slipped into another region
        let folder = try folder([
            "good.csv": goodStates, "map.yml": statesMap,
            "shifted.csv": "ID,Name,State\nbolduc,Bolduc,NE\nwarren,Warren,ME\nconcord,Concord Prison,NH\n",
        ])
        let store = try makeTestStore()
        try importFiles(["good.csv"], from: folder, into: store, mapping: "map.yml")
        let before = try databaseDump(store)

        // When it is imported, as a dry run, for real, and then with updateFacilities
        let refused = problems(["shifted.csv"], from: folder, into: store, mapping: "map.yml")
        #expect(try databaseDump(store) == before)
        var dryRunError: ImportError?
        do {
            try importFiles(["shifted.csv"], from: folder, into: store, mapping: "map.yml", dryRun: true)
        } catch let error as ImportError {
            dryRunError = error
        }
        let updated = try importFiles(["shifted.csv"], from: folder, into: store, mapping: "map.yml", updateFacilities: true)

        // Then the first two name the cell and change nothing; the third changes it and lists the changes
        #expect(refused == [
            "shifted.csv:2:15: facility 'bolduc' is stored with region 'ME', and this row would change it to 'NE'; an import does not move a stored facility unless asked (a row shifted by one column would do it silently), so check the row"
        ])
        #expect(dryRunError?.problemLines() == refused)
        #expect(updated.summary.updated == ["facility": 2])
        #expect(updated.changes.map(\.description) == ["bolduc: region ME → NE", "concord: name Concord → Concord Prison"])
        #expect(try store.facilities(Selection()).first { $0.id == "bolduc" }?.region == "NE")
    }

    @Test("a change of country is refused too; filling in an empty region is not a change of place")
    func countryChangeAndNewRegion() throws {
        // Given a stored facility with no region, and one in the US
        let store = try makeTestStore()
        try store.addFacility(Facility(id: "izalco", name: "Izalco", country: "SV"))
        try store.addFacility(Facility(id: "bolduc", name: "Bolduc", country: "US", region: "ME"))
        let folder = try folder([
            "a.csv": "ID,Name,Country,State\nizalco,Izalco Prison,SV,Sonsonate\nbolduc,Bolduc,CA,ME\n",
            "map.yml": "facility: {id: ID, name: Name, country: Country, region: State}\n",
            "b.csv": "ID,Name,Country,State\nizalco,Izalco Prison,SV,Sonsonate\n",
        ])

        // When the file moving Bolduc to Canada is imported, and then one filling in Izalco's region as a dry run
        let lines = problems(["a.csv"], from: folder, into: store, mapping: "map.yml")
        let dry = try importFiles(["b.csv"], from: folder, into: store, mapping: "map.yml", dryRun: true)

        // Then the country change is refused at its cell, and the new region is listed as a change
        #expect(lines == [
            "a.csv:3:15: facility 'bolduc' is stored with country 'US', and this row would change it to 'CA'; an import does not move a stored facility unless asked (a row shifted by one column would do it silently), so check the row"
        ])
        #expect(dry.changes.map(\.description) == ["izalco: name Izalco → Izalco Prison; region (none) → Sonsonate"])
        #expect(try store.facilities(Selection()).first { $0.id == "izalco" }?.region == nil)
    }

    @Test("changed fields of a stored source are listed; re-importing lists nothing")
    func sourceChanges() throws {
        // Given a stored source
        let store = try makeTestStore()
        try store.addSource(Source(id: "pbs", url: nil, title: "Inside CECOT", publisher: "PBS"))
        let table = csv(
            "id,url,title,publisher,author,published_on,retrieved_at,kind,language,sensitivity,cites,text_sha256,text",
            "pbs,https://www.pbs.org/x,Inside CECOT (updated),PBS,,,,news,,public,,,")
        let folder = try folder(["sources.csv": table])

        // When a sources table with another title and a URL is imported, twice
        let first = try importFiles(["sources.csv"], from: folder, into: store)
        let again = try importFiles(["sources.csv"], from: folder, into: store)

        // Then the first lists both fields, and the second nothing
        #expect(first.changes.map(\.description) == [
            "source pbs: title Inside CECOT → Inside CECOT (updated); url (none) → https://www.pbs.org/x"
        ])
        #expect(again.changes.isEmpty)
    }
}
