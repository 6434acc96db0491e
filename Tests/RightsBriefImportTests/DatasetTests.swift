import Foundation
import GRDB
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore
import TestSupport
import Testing

@Suite("Dataset documents through the importer")
struct DatasetTests {
    /// The sample document as a mutable JSON object.
    func sampleObject() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: try sampleDocument()) as? [String: Any])
    }

    /// A JSON object as a document's bytes.
    func document(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object)
    }

    /// The problems an import of `data` reports (it must fail with problems).
    func problems(_ data: Data, into store: FactStore, dryRun: Bool = false) throws -> [ImportProblem] {
        do {
            try importDocument(data, into: store, dryRun: dryRun)
        } catch ImportError.problems(let problems, _) {
            return problems
        }
        Issue.record("the import succeeded")
        return []
    }

    /// The sample document with keys of its last fact set to JSON values (`["value": "-5"]`).
    func sampleWithLastFact(_ changes: [String: String]) throws -> [String: Any] {
        var object = try sampleObject()
        var facts = try #require(object["facts"] as? [[String: Any]])
        for (key, json) in changes {
            facts[facts.count - 1][key] = try JSONSerialization.jsonObject(
                with: Data(json.utf8), options: .fragmentsAllowed)
        }
        object["facts"] = facts
        return object
    }

    @Test("the bundled CECOT sample loads: 1 facility, 4 sources, 4 facts, 1 event")
    func loadsSample() throws {
        // Given an empty store and the bundled sample
        let store = try makeTickingStore()

        // When it is imported
        let summary = try importDocument(try sampleDocument(), into: store)

        // Then everything is added and readable
        #expect(summary.added == ["facility": 1, "source": 4, "fact": 4, "event": 1])
        #expect(summary.updated.isEmpty)
        let counts = try store.counts()
        #expect(
            counts.facilities == 1 && counts.sources == 4 && counts.facts == 4 && counts.events == 1
        )
        let facts = try store.facts(FactQuery(facilityIds: ["cecot"]))
        #expect(facts.first { $0.attribute == .designCapacity }?.value == .number(40000))
        #expect(
            facts.first { $0.attribute == .sanitation }?.sourceIds == [
                "pbs-cecot-conditions", "bnd-el-salvador-offer",
            ])
        #expect(
            try store.source(id: "bnd-el-salvador-offer")?.cites
                == ["cnn-el-salvador-deal", "pbs-cecot-conditions", "reason-el-salvador-deal"])
        #expect(try store.events(facilityIds: ["cecot"]).first?.sourceIds.count == 3)
        #expect(try store.verify().isClean)
        #expect(summary.description == "added 1 facility, 4 sources, 4 facts, 1 event")
    }

    @Test("loading the sample twice changes nothing")
    func idempotent() throws {
        // Given a store with the sample loaded, and a clock that ticks on every write
        let store = try makeTickingStore()
        try importDocument(try sampleDocument(), into: store)
        let before = try databaseDump(store)

        // When it is imported again
        let summary = try importDocument(try sampleDocument(), into: store)

        // Then every record is reported unchanged and not one row differs
        #expect(summary.added.isEmpty)
        #expect(summary.updated.isEmpty)
        #expect(summary.unchanged == ["facility": 1, "source": 4, "fact": 4, "event": 1])
        #expect(try databaseDump(store) == before)
    }

    @Test(
        "an error in the last fact leaves the database unchanged",
        arguments: [
            ("unknown source", ["sources": #"["ghost"]"#]),
            ("unknown facility", ["facility": #""nowhere""#]),
            ("no source", ["sources": "[]"]),
            ("supersedes a fact not in the document", ["supersedes": "42"]),
        ])
    func allOrNothing(_ problem: String, _ changes: [String: String]) throws {
        // Given a store that already holds some evidence, and the sample with its last fact broken
        let store = try makeTickingStore()
        try Samples.load(into: store)
        let before = try databaseDump(store)
        let broken = try document(try sampleWithLastFact(changes))

        // When it is imported
        // Then it fails naming a place in the document, and nothing of it landed, not even the
        // earlier records
        let found = try problems(broken, into: store)
        #expect(!found.isEmpty, "\(problem)")
        #expect(found.allSatisfy { $0.file == "document.json" && $0.line > 0 }, "\(found)")
        #expect(try databaseDump(store) == before)
        #expect(try store.facility(id: "cecot")?.name == Samples.cecot.name)
    }

    @Test(
        "a bad value in the last fact is refused when the document is read",
        arguments: [
            ("negative count as text", ["attribute": #""design_capacity""#, "value": #""-5""#]),
            ("negative count", ["attribute": #""design_capacity""#, "value": "-5"]),
            ("fractional count", ["attribute": #""population""#, "value": "2.5"]),
            ("number for a condition", ["attribute": #""sanitation""#, "value": "3"]),
            ("unknown level", ["attribute": #""sanitation""#, "value": #""dirty""#]),
            ("unknown attribute", ["attribute": #""smell""#]),
            ("impossible date", ["asOf": #""2025-02-30""#]),
            ("malformed date", ["asOf": #""3 Feb 2025""#]),
            ("unknown status", ["status": #""rumoured""#]),
            ("unknown sensitivity", ["sensitivity": #""secret""#]),
        ])
    func badValues(_ problem: String, _ changes: [String: String]) throws {
        // Given the sample with a bad attribute, value, date or level name in its last fact
        let broken = try document(try sampleWithLastFact(changes))
        let store = try makeTickingStore()

        // When it is imported
        let found = try problems(broken, into: store)

        // Then it is refused with one-line problems in the last fact, and nothing landed
        #expect(!found.isEmpty, "\(problem)")
        #expect(found.allSatisfy { !$0.message.contains("\n") }, "\(problem): \(found)")
        #expect(try store.counts().facts == 0)
    }

    @Test("a dry run reports what it would add and writes nothing")
    func dryRun() throws {
        // Given an empty store
        let store = try makeTickingStore()
        let before = try databaseDump(store)

        // When the sample is imported as a dry run
        let summary = try importDocument(try sampleDocument(), into: store, dryRun: true)

        // Then the counts are those of a real load and the database is as it was
        #expect(summary.added == ["facility": 1, "source": 4, "fact": 4, "event": 1])
        #expect(try databaseDump(store) == before)
        #expect(try store.counts().facts == 0)
    }

    @Test("a dry run of a broken document throws like a real load")
    func dryRunError() throws {
        // Given the sample with an unknown source in its last fact
        let store = try makeTickingStore()
        let broken = try document(try sampleWithLastFact(["sources": #"["ghost"]"#]))

        // When it is dry-run
        // Then the problem is reported, naming the source
        let found = try problems(broken, into: store, dryRun: true)
        #expect(found.contains { $0.message.contains("ghost") }, "\(found)")
    }

    @Test("a textSHA256 that does not match the text is refused; a matching one is accepted")
    func textHash() throws {
        // Given the sample with a wrong and with the right hash for the captured article
        func withHash(_ hash: String) throws -> Data {
            var object = try sampleObject()
            var sources = try #require(object["sources"] as? [[String: Any]])
            let index = try #require(sources.firstIndex { $0["text"] != nil })
            sources[index]["textSHA256"] = hash
            object["sources"] = sources
            return try document(object)
        }
        let sources = try #require(try sampleObject()["sources"] as? [[String: Any]])
        let text = try #require(sources.compactMap { $0["text"] as? String }.first)
        let store = try makeTickingStore()
        let before = try databaseDump(store)

        // When each is imported
        let found = try problems(try withHash(String(repeating: "0", count: 64)), into: store)

        // Then the wrong one is refused at its place, and nothing landed; the right one loads
        #expect(found.contains { $0.message.contains("does not match its text") }, "\(found)")
        #expect(try databaseDump(store) == before)
        try importDocument(try withHash(FactStore.sha256Hex(text)), into: store)
        #expect(try store.counts().sources == 4)
    }

    @Test("facts in a document can supersede and retract earlier facts of the same document")
    func historyInDocument() throws {
        // Given a document with a fact, its correction, and a retracted fact
        let json = """
            {"facilities": [{"id": "cecot", "name": "CECOT", "country": "SV"}],
             "sources": [{"id": "pbs", "title": "T", "publisher": "PBS"}],
             "facts": [
               {"id": 1, "facility": "cecot", "attribute": "population", "value": 60000, "asOf": "2025-02-03", "sources": ["pbs"]},
               {"id": 2, "facility": "cecot", "attribute": "population", "value": 65000, "asOf": "2025-02-03", "sources": ["pbs"], "supersedes": 1},
               {"facility": "cecot", "attribute": "toilets", "value": "12", "asOf": "2025-02-03", "sources": ["pbs"],
                "retraction": {"reason": "Miscounted.", "retractedAt": "2025-02-10T09:00:00Z"}}
             ]}
            """
        let store = try makeTickingStore()

        // When it is imported
        let summary = try importDocument(Data(json.utf8), into: store)

        // Then the correction stands, the retraction is recorded, and history holds all three
        #expect(summary.added == ["facility": 1, "source": 1, "fact": 3, "retraction": 1])
        #expect(try store.facts().map(\.value) == [.number(65000)])
        let history = try store.facts(FactQuery(history: true))
        #expect(history.count == 3)
        #expect(history.first { $0.attribute == .toilets }?.retraction?.reason == "Miscounted.")
    }

    @Test("a document that is not the expected JSON says where it is wrong")
    func malformedDocument() throws {
        // Given documents with a missing key, a wrong type and no JSON at all
        let store = try makeTickingStore()
        let missingKey = Data(#"{"facilities": [{"id": "cecot", "country": "SV"}]}"#.utf8)
        let wrongType = Data(#"{"facts": "none"}"#.utf8)

        // When they are imported
        // Then each problem says where and what
        let first = try problems(missingKey, into: store)
        #expect(first.contains { $0.message.contains("name") }, "\(first)")
        let second = try problems(wrongType, into: store)
        #expect(second.contains { $0.message.contains("facts") }, "\(second)")
        #expect(try !problems(Data("not json".utf8), into: store).isEmpty)
        #expect(try store.counts().facilities == 0)
    }

    @Test("a bad date in a document names the date and its line")
    func badDatePath() throws {
        // Given the sample with an impossible date in its last fact
        let broken = try document(try sampleWithLastFact(["asOf": #""2025-02-30""#]))

        // When it is imported
        let found = try problems(broken, into: try makeTickingStore())

        // Then the message names the date, at a line of the document
        #expect(found.contains { $0.message.contains("2025-02-30") && $0.line > 0 }, "\(found)")
    }

    // MARK: Facility identifiers

    /// The sample document with `identifiers` (JSON text) on its facility.
    func sampleWithIdentifiers(_ json: String) throws -> Data {
        var object = try sampleObject()
        var facilities = try #require(object["facilities"] as? [[String: Any]])
        facilities[0]["identifiers"] = try JSONSerialization.jsonObject(with: Data(json.utf8))
        object["facilities"] = facilities
        return try document(object)
    }

    @Test("a facility's identifiers in a document are stored, and importing it again changes nothing")
    func identifiersInDocument() throws {
        // Given the sample with two identifiers on CECOT
        let data = try sampleWithIdentifiers(
            #"[{"scheme": "registry", "value": "SV-0001"}, {"scheme": "wpb", "value": "el-salvador/cecot"}]"#)
        let store = try makeTestStore()

        // When it is imported twice
        try importDocument(data, into: store)
        let second = try importDocument(data, into: store)

        // Then CECOT carries both, and the second import adds and changes nothing
        let cecot = try #require(try store.facility(id: "cecot"))
        #expect(cecot.identifiers.map(\.description) == ["registry:SV-0001", "wpb:el-salvador/cecot"])
        #expect(second.added.values.reduce(0, +) == 0)
    }

    @Test("a bad identifier in a document is a problem at its value, and nothing is written")
    func badIdentifierInDocument() throws {
        // Given an identifier value with a semicolon (it separates identifiers in exported tables)
        let data = try sampleWithIdentifiers(#"[{"scheme": "registry", "value": "SV;0001"}]"#)
        let store = try makeTestStore()

        // When it is imported
        let found = try problems(data, into: store)

        // Then the identifier is a problem at its value (the facility's facts and event then name
        // a facility that is not imported, as for any bad facility), and nothing is written
        let problem = try #require(found.first { $0.message.contains("SV;0001") })
        #expect(
            problem.message
                == "'SV;0001' is not a valid value for identifier: an identifier may not contain ';' (it separates identifiers in exported tables)")
        let text = String(decoding: data, as: UTF8.self)
        #expect(problem.line == 1)
        #expect(text[text.index(text.startIndex, offsetBy: problem.column - 1)...].hasPrefix(#""SV;0001""#))
        #expect(try store.facility(id: "cecot") == nil)
    }
}
