import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// The worked example of docs/import.md, imported from `docs/examples/two-publishers` itself,
/// so the documentation cannot drift from what the importer does.
@Suite("Import mappings: the two-publisher example in docs/examples")
struct TwoPublisherExampleTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/examples/two-publishers")

    static let shared = [
        "me-harbor-county-jail", "me-northfield-correctional-facility", "me-pine-ridge-womens-facility",
    ]

    @Test("after both imports each shared facility exists once, carries both publishers' facts, and each fact cites its per-row source")
    func bothPublishers() throws {
        // Given an empty database and the example's two lists
        let store = try makeTestStore()

        // When the register and then the monitor's log are imported
        let register = try importFiles(["registry.csv"], from: Self.example, into: store, mapping: "registry.yml")
        let monitor = try importFiles(["monitor.csv"], from: Self.example, into: store, mapping: "monitor.yml")

        // Then the monitor adds only the facility the register lacks, and changes none
        #expect(register.summary.added == ["facility": 4, "source": 3, "fact": 7])
        #expect(monitor.summary.added == ["facility": 1, "source": 3, "fact": 8])
        #expect(monitor.summary.unchanged == ["facility": 3])
        #expect(monitor.changes.isEmpty)
        let facilities = try store.facilities()
        #expect(facilities.map(\.id) == [
            "me-eastport-detention-annex", "me-harbor-county-jail", "me-northfield-correctional-facility",
            "me-pine-ridge-womens-facility", "me-riverside-reentry-center",
        ])
        // The register's names stay (stored: fill); the monitor's own facility has its number
        #expect(facilities.first { $0.id == "me-northfield-correctional-facility" }?.name == "Northfield Correctional Facility")
        #expect(facilities.first { $0.id == "me-eastport-detention-annex" }?.identifiers == [
            FacilityIdentifier(scheme: "registry", value: "ME-0207")
        ])

        // And each shared facility has facts from both datasets
        let evidence = try store.evidence(Selection())
        for id in Self.shared {
            let datasets = Set(evidence.facts.filter { $0.facilityId == id }.compactMap { $0.sourceIds.last })
            #expect(datasets == ["example-registry-2025", "example-monitor-2025"], "\(id)")
        }

        // And every fact cites its row's source first, then its dataset, which cites the row's source
        let sources = Dictionary(uniqueKeysWithValues: evidence.sources.map { ($0.id, $0) })
        #expect(evidence.facts.count == 15)
        for fact in evidence.facts {
            #expect(fact.sourceIds.count == 2, "\(fact)")
            guard fact.sourceIds.count == 2 else { continue }
            let (row, dataset) = (fact.sourceIds[0], fact.sourceIds[1])
            #expect(row.hasPrefix(dataset + "-"), "\(fact)")
            #expect(sources[dataset]?.cites.contains(row) == true, "\(fact)")
        }
        let northfield = evidence.facts.filter { $0.facilityId == "me-northfield-correctional-facility" }
        #expect(Set(northfield.map { "\($0.attribute.rawValue) \($0.value) \($0.asOf) \($0.sourceIds[0])" }) == [
            "design_capacity 1120 2025-03-01 example-registry-2025-annual-census-2025",
            "population 1034 2025-03-01 example-registry-2025-annual-census-2025",
            "population 1102 2025-04-15 example-monitor-2025-site-visit-april-2025",
            "deaths_in_custody 3 2024-12-31 example-monitor-2025-site-visit-april-2025",
        ])
        #expect(sources["example-monitor-2025-public-records-request-2025-07"]?.title
            == "Public records request 2025-07 (Example Prison Monitor)")
    }

    @Test("docs/import.md shows the example's files as they are")
    func docsShowTheFiles() throws {
        let docs = try String(
            contentsOf: Self.example.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("import.md"),
            encoding: .utf8)
        for name in ["registry.csv", "monitor.csv", "registry.yml"] {
            let text = try String(contentsOf: Self.example.appendingPathComponent(name), encoding: .utf8)
            #expect(docs.contains(text), "docs/import.md does not show \(name) as it is")
        }
    }

    @Test("importing both lists again, in either order, changes nothing")
    func idempotent() throws {
        // Given both lists imported
        let store = try makeTestStore()
        try importFiles(["registry.csv"], from: Self.example, into: store, mapping: "registry.yml")
        try importFiles(["monitor.csv"], from: Self.example, into: store, mapping: "monitor.yml")
        let before = try databaseDump(store)

        // When they are imported again
        let monitor = try importFiles(["monitor.csv"], from: Self.example, into: store, mapping: "monitor.yml")
        let register = try importFiles(["registry.csv"], from: Self.example, into: store, mapping: "registry.yml")

        // Then nothing is added or changed
        #expect(monitor.summary.added.isEmpty && monitor.summary.updated.isEmpty)
        #expect(register.summary.added.isEmpty && register.summary.updated.isEmpty)
        #expect(try databaseDump(store) == before)
    }

    @Test("without match by identifier, the monitor's renamed rows would make second records, which facility merge joins")
    func withoutMatchThenMerge() throws {
        // Given the register, and the monitor's mapping without match:
        let folder = try makeTemporaryFolder("two-publishers")
        for name in ["registry.csv", "registry.yml", "monitor.csv"] {
            try FileManager.default.copyItem(
                at: Self.example.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let yaml = try String(contentsOf: Self.example.appendingPathComponent("monitor.yml"), encoding: .utf8)
            .replacingOccurrences(of: "  match: {identifier: registry}\n", with: "")
            .replacingOccurrences(of: "  identifiers: {registry: {column: Reg. number, pattern: 'ME-[0-9]{4}'}}\n", with: "")
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("monitor.yml"))
        let store = try makeTestStore()
        try importFiles(["registry.csv"], from: folder, into: store, mapping: "registry.yml")
        try importFiles(["monitor.csv"], from: folder, into: store, mapping: "monitor.yml")
        #expect(try store.facility(id: "me-northfield-cf") != nil)

        // When the second record is merged into the register's, and the monitor's list imported again
        let report = try store.mergeFacility(keep: "me-northfield-correctional-facility", drop: "me-northfield-cf")
        let again = try importFiles(["monitor.csv"], from: folder, into: store, mapping: "monitor.yml")

        // Then the facts moved, and the re-import follows the merge instead of making the record again
        #expect(report.facts == 2)
        #expect(try store.facility(id: "me-northfield-cf") == nil)
        #expect(again.summary.added.isEmpty && again.summary.updated.isEmpty)
        let facts = try store.facts(FactQuery(facilityIds: ["me-northfield-correctional-facility"], history: true))
        #expect(facts.count == 4)
        #expect(try store.verify().problems.isEmpty)
    }
}
