import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// The real ICE detention sample (UCLA Law COVID Behind Bars, September 2020) and its mapping.
private func iceFolder() throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        .appendingPathComponent("ice-detention-2020")
}

private let iceFile = "COVID-19_Immigration_Detention_Facilities.csv"

@Suite("ICE detention sample")
struct ICEImportTests {

    @Test("the sample imports through its mapping: 105 facilities, one source, the death counts")
    func importsSample() throws {
        // Given the messy sample and its mapping
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles([iceFile], from: try iceFolder(), into: store, mapping: "ice.yml")

        // Then every facility row (not the TOTAL row) is a facility, and each dated death count a fact
        #expect(report.summary.added == ["facility": 105, "source": 1, "fact": 91])
        #expect(report.files == [.init(file: iceFile, kind: "mapped by ice.yml", records: 106)])
        #expect(report.notes.map(\.description) == [
            "\(iceFile):4:1: skipped 1 row where Facility = TOTAL (skip_rows)",
            "\(iceFile):105:105: 5 rows have values but no as-of date; those values were not imported (if_missing: skip)",
        ])
        let evidence = try store.evidence(Selection(countries: ["US"]))
        #expect(evidence.facilities.count == 105)
        #expect(evidence.facilities.allSatisfy { $0.kind == .immigrationDetention && $0.country == "US" })
        #expect(!evidence.facilities.contains { $0.name == "TOTAL" })

        // The deaths add up to the TOTAL row's 6, and are cited to the dataset with their column
        let deaths = evidence.facts.filter { $0.attribute == .deathsInCustody }
        #expect(deaths.count == 91)
        #expect(deaths.compactMap(\.value.number).reduce(0, +) == 6)
        let stewart = try #require(deaths.first { $0.facilityId == "ice-stewart-detention-center" })
        #expect(stewart.value == .number(2))
        #expect(stewart.asOf == day("2020-09-09"))
        #expect(stewart.quote == "Confirmed Deaths - ICE DATA (Detainees): 2")
        #expect(stewart.sourceIds == ["ucla-covid-ice-facilities-2020-09"])
        let source = try #require(evidence.sources.first)
        #expect(source.kind == .dataset && source.publishedOn == day("2020-09-13"))
    }

    @Test("the sample's oddities are kept as they are, not corrected")
    func oddities() throws {
        // Given the imported sample
        let store = try makeTestStore()
        try importFiles([iceFile], from: try iceFolder(), into: store, mapping: "ice.yml")
        let facilities = try store.facilities(Selection())
        func facility(_ id: String) -> Facility? { facilities.first { $0.id == id } }

        // Then the two "Adams County Correctional Center" rows are two facilities, told apart by state
        #expect(facility("ice-adams-county-correctional-center-mississippi")?.authority == "CoreCivic")
        #expect(facility("ice-adams-county-correctional-center-colorado")?.region == "Colorado")
        // A two-line name is one line, and a long one gives an id cut at a hyphen
        #expect(
            facility("ice-florence-services-processing-center-florence-staging")?.name
                == "Florence Services Processing Center (Florence Staging Facility)")
        #expect(facility("ice-aurora-contract-detention-facility-denver-contract-detention") != nil)
        #expect(facilities.allSatisfy { $0.id.count <= 64 })
        // The file's wrong state for Charleston (in South Carolina) is imported as written
        #expect(facility("ice-charleston-county-detention-center")?.region == "Georgia")
        // A facility whose row has no date is imported, without a death count
        let sherburne = try store.evidence(Selection(facilityIds: ["ice-sherburne-county-jail"]))
        #expect(sherburne.facilities.count == 1 && sherburne.facts.isEmpty)
    }

    @Test("importing the sample again changes nothing")
    func idempotent() throws {
        // Given the imported sample
        let store = try makeTestStore()
        try importFiles([iceFile], from: try iceFolder(), into: store, mapping: "ice.yml")
        let before = try databaseDump(store)

        // When it is imported again
        let again = try importFiles([iceFile], from: try iceFolder(), into: store, mapping: "ice.yml")

        // Then everything is unchanged
        #expect(again.summary.unchanged == ["facility": 105, "fact": 91])
        #expect(again.summary.added.isEmpty && again.summary.updated.isEmpty)
        #expect(try databaseDump(store) == before)
    }

    @Test("without disambiguate_by, the duplicate Adams County rows are refused, naming both lines")
    func duplicateNames() throws {
        // Given the mapping without disambiguate_by
        let original = try String(contentsOf: try iceFolder().appendingPathComponent("ice.yml"), encoding: .utf8)
        let changed = original.replacingOccurrences(of: ", disambiguate_by: State", with: "")
        #expect(changed != original)
        let folder = try makeTemporaryFolder("rightsbrief-ice")
        try Data(changed.utf8).write(to: folder.appendingPathComponent("ice.yml"))
        try FileManager.default.copyItem(
            at: try iceFolder().appendingPathComponent(iceFile), to: folder.appendingPathComponent(iceFile))
        let store = try makeTestStore()

        // When it is imported
        let lines = problems([iceFile], from: folder, into: store, mapping: "ice.yml")

        // Then the second row is named, with the first, and nothing is imported
        #expect(lines == [
            "\(iceFile):89:35: line 44 makes the same facility id 'ice-adams-county-correctional-center' with region 'Mississippi', this row says 'Colorado' (column State); make the ids unique (add disambiguate_by: COLUMN to the id rule, or slug_of: [NAME, COLUMN]) or skip one of the rows"
        ])
        #expect(try store.facilities(Selection()).isEmpty)
    }
}
