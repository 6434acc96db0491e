import Foundation
import GRDB
import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

@Suite("Dataset load")
struct DatasetTests {
    /// The sample document as a mutable JSON object.
    func sampleObject() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: try sampleDocument()) as? [String: Any])
    }

    /// A dataset decoded from a JSON object.
    func dataset(_ object: [String: Any]) throws -> Dataset {
        try Dataset(json: try JSONSerialization.data(withJSONObject: object))
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
        let sample = try Dataset(json: try sampleDocument())

        // When it is loaded
        let summary = try store.load(sample)

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
        let sample = try Dataset(json: try sampleDocument())
        try store.load(sample)
        let before = try databaseDump(store)

        // When it is loaded again
        let summary = try store.load(sample)

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
        let broken = try dataset(try sampleWithLastFact(changes))

        // When it is loaded
        // Then it fails as a store error and nothing of it landed, not even the earlier records
        #expect(throws: StoreError.self, "\(problem)") { try store.load(broken) }
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
        let object = try sampleWithLastFact(changes)

        // When it is decoded
        let error = #expect(throws: StoreError.self, "\(problem)") { try dataset(object) }

        // Then it is refused as invalid input, with a one-line message
        guard case .invalidDocument(let location, _) = error else {
            Issue.record("expected .invalidDocument for \(problem), got \(String(describing: error))")
            return
        }
        #expect(location.hasPrefix("facts[3]"), "\(problem): \(location)")
        #expect(error?.errorDescription?.contains("\n") == false)
    }

    @Test("a dry run reports what it would add and writes nothing")
    func dryRun() throws {
        // Given an empty store
        let store = try makeTickingStore()
        let before = try databaseDump(store)

        // When the sample is loaded as a dry run
        let summary = try store.load(try Dataset(json: try sampleDocument()), dryRun: true)

        // Then the counts are those of a real load and the database is as it was
        #expect(summary.added == ["facility": 1, "source": 4, "fact": 4, "event": 1])
        #expect(try databaseDump(store) == before)
        #expect(try store.counts().facts == 0)
    }

    @Test("a dry run of a broken document throws like a real load")
    func dryRunError() throws {
        // Given the sample with an unknown source in its last fact
        let store = try makeTickingStore()
        let broken = try dataset(try sampleWithLastFact(["sources": #"["ghost"]"#]))

        // When it is dry-run
        // Then the problem is reported
        #expect(throws: StoreError.unknownSource(id: "ghost")) {
            try store.load(broken, dryRun: true)
        }
    }

    @Test("a textSHA256 that does not match the text is refused; a matching one is accepted")
    func textHash() throws {
        // Given the sample with a wrong and with the right hash for the captured article
        func withHash(_ hash: String) throws -> Dataset {
            var object = try sampleObject()
            var sources = try #require(object["sources"] as? [[String: Any]])
            let index = try #require(sources.firstIndex { $0["text"] != nil })
            sources[index]["textSHA256"] = hash
            object["sources"] = sources
            return try dataset(object)
        }
        let text = try #require(
            try Dataset(json: try sampleDocument()).sources?.compactMap(\.text).first)
        let store = try makeTickingStore()
        let before = try databaseDump(store)

        // When each is loaded
        let error = #expect(throws: StoreError.self) {
            try store.load(try withHash(String(repeating: "0", count: 64)))
        }

        // Then the wrong one is refused, naming textSHA256, and nothing landed; the right one loads
        guard case .invalid(.invalidValue(let attribute, _, _)) = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(attribute == "textSHA256")
        #expect(try databaseDump(store) == before)
        try store.load(try withHash(FactStore.sha256Hex(text)))
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

        // When it is loaded
        let summary = try store.load(try Dataset(json: Data(json.utf8)))

        // Then the correction stands, the retraction is recorded, and history holds all three
        #expect(summary.added == ["facility": 1, "source": 1, "fact": 3, "retraction": 1])
        #expect(try store.facts().map(\.value) == [.number(65000)])
        let history = try store.facts(FactQuery(history: true))
        #expect(history.count == 3)
        #expect(history.first { $0.attribute == .toilets }?.retraction?.reason == "Miscounted.")
    }

    @Test("a document that is not the expected JSON says where it is wrong")
    func malformedDocument() throws {
        // Given documents with a missing key and a wrong type
        let missingKey = Data(#"{"facilities": [{"id": "cecot", "country": "SV"}]}"#.utf8)
        let wrongType = Data(#"{"facts": "none"}"#.utf8)

        // When they are decoded
        // Then each error names the JSON path
        let first = #expect(throws: StoreError.self) { try Dataset(json: missingKey) }
        #expect(
            first?.errorDescription?.contains("facilities[0]") == true,
            "\(String(describing: first))")
        #expect(first?.errorDescription?.contains("name") == true)
        let second = #expect(throws: StoreError.self) { try Dataset(json: wrongType) }
        #expect(
            second?.errorDescription?.contains("facts") == true, "\(String(describing: second))")
        #expect(throws: StoreError.self) { try Dataset(json: Data("not json".utf8)) }
    }

    @Test("a bad date in a document names where it is")
    func badDatePath() throws {
        // Given the sample with an impossible date in its last fact
        let object = try sampleWithLastFact(["asOf": #""2025-02-30""#])

        // When it is decoded
        let error = #expect(throws: StoreError.self) { try dataset(object) }

        // Then the message names the date and where it is in the document
        #expect(error?.errorDescription?.contains("2025-02-30") == true)
        #expect(
            error?.errorDescription?.contains("facts[3].asOf") == true,
            "\(String(describing: error))")
    }
}
