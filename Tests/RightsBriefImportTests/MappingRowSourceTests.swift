import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// A list whose capacity column cites its own source per row.
private let listCSV = """
    Name,Capacity,Capacity source,Population\r
    Izalco,1100,Public records,900\r
    Mariona,2500,Audit  report 2019,3000\r
    Apanteos,,Public records,1200\r
    Quezaltepeque,800,,500\r

    """

private let listMap = """
    source: {id: two-lists, title: Two lists, publisher: Publisher A}
    facility: {id: {slug_of: Name}, name: Name, country: {value: SV}}
    as_of: {value: 2025-01-01}
    facts:
      design_capacity:
        column: Capacity
        source: {column: Capacity source, publisher: Publisher A, title: "{value} (as cited by Publisher A)", kind: official}
      population: Population

    """

@Suite("Import mappings: per-row sources")
struct MappingRowSourceTests {

    @Test("each distinct source cell becomes a source the dataset cites, and the fact cites it first")
    func rowSources() throws {
        // Given the list and its mapping
        let folder = try folder(["list.csv": listCSV, "list.yml": listMap])
        let store = try makeTestStore()

        // When it is imported
        let report = try importFiles(["list.csv"], from: folder, into: store, mapping: "list.yml")

        // Then the two named sources exist, cited by the dataset, and each capacity cites its own
        #expect(report.summary.added == ["facility": 4, "source": 3, "fact": 7])
        let evidence = try store.evidence(Selection())
        let sources = Dictionary(uniqueKeysWithValues: evidence.sources.map { ($0.id, $0) })
        #expect(sources.keys.sorted() == ["two-lists", "two-lists-audit-report-2019", "two-lists-public-records"])
        #expect(sources["two-lists"]?.cites == ["two-lists-audit-report-2019", "two-lists-public-records"])
        #expect(sources["two-lists-public-records"]?.title == "Public records (as cited by Publisher A)")
        #expect(sources["two-lists-audit-report-2019"]?.title == "Audit report 2019 (as cited by Publisher A)")
        #expect(sources["two-lists-public-records"]?.publisher == "Publisher A")
        #expect(sources["two-lists-public-records"]?.kind == .official)
        func cited(_ facility: String, _ attribute: Attribute) -> [String]? {
            evidence.facts.first { $0.facilityId == facility && $0.attribute == attribute }?.sourceIds
        }
        #expect(cited("izalco", .designCapacity) == ["two-lists-public-records", "two-lists"])
        #expect(cited("mariona", .designCapacity) == ["two-lists-audit-report-2019", "two-lists"])
        #expect(cited("quezaltepeque", .designCapacity) == ["two-lists"])
        #expect(cited("izalco", .population) == ["two-lists"])
    }

    @Test("re-importing adds nothing; a stored dataset that gains citations is updated and the change listed")
    func idempotentAndVisible() throws {
        // Given the dataset source stored already
        let folder = try folder(["list.csv": listCSV, "list.yml": listMap])
        let store = try makeTestStore()
        try store.addSource(Source(id: "two-lists", url: nil, title: "Two lists", publisher: "Publisher A", kind: .dataset))

        // When the list is imported twice
        let first = try importFiles(["list.csv"], from: folder, into: store, mapping: "list.yml")
        let before = try databaseDump(store)
        let again = try importFiles(["list.csv"], from: folder, into: store, mapping: "list.yml")

        // Then the first links the new sources to the dataset and lists that; the second changes nothing
        #expect(first.summary.added == ["facility": 4, "source": 2, "fact": 7])
        #expect(first.summary.updated == ["source": 1])
        #expect(first.changes.map(\.description) == [
            "source two-lists: cites (none) → two-lists-audit-report-2019;two-lists-public-records"
        ])
        #expect(again.summary.added.isEmpty && again.summary.updated.isEmpty && again.changes.isEmpty)
        #expect(try databaseDump(store) == before)
    }

    @Test("a source cell with no letters or digits is a problem at the cell; bad source rules are mapping problems")
    func badRowSources() throws {
        // Given a row whose source cell is a dash, and a mapping with broken source rules
        let data = listCSV.replacingOccurrences(of: "Mariona,2500,Audit  report 2019", with: "Mariona,2500,—")
        let folder = try folder(["list.csv": data, "list.yml": listMap])
        let store = try makeTestStore()
        let yaml = """
            source: {id: d, title: D, publisher: P}
            facility: {id: {slug_of: Name}, name: Name, country: {value: SV}}
            as_of: {value: 2025-01-01}
            facts:
              design_capacity: {column: Capacity, source: {column: Src}}
              population: {column: Pop, source: {column: Src, publisher: P, kind: rumour, prefix: -x}}

            """

        // When each is used
        let lines = problems(["list.csv"], from: folder, into: store, mapping: "list.yml")
        let mapping = try mappingLines(yaml)

        // Then each is named at its place
        #expect(lines == [
            "list.csv:3:14: '—' has no letters or digits to make a source id from (column Capacity source); leave the cell empty for the dataset's own source"
        ])
        #expect(mapping == [
            "map.yml:5:47: design_capacity: source: needs 'column:' and 'publisher:', for example source: {column: Capacity source, publisher: \"{value}\"}",
            "map.yml:6:71: 'rumour' is not a source kind; use one of: news, ngo-report, official, testimony, dataset",
            "map.yml:6:87: the prefix '-x' must be lowercase letters, digits and hyphens (up to 32), not starting with a hyphen, for example 'cap-'",
        ])
    }
}
