import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

@Suite("FactStore search")
struct FactStoreSearchTests {
    /// Runs `body` with a fresh store of `backend` holding three sources with captured text.
    func withSources(_ backend: StoreBackend, _ body: (BackendStore) async throws -> Void) async throws {
        try await backend.withStore { store in
            try await store.write { store in
                try store.addSource(
                    Source(
                        id: "a-article", url: nil, title: "El Salvador offers to jail deportees",
                        publisher: "BND",
                        text:
                            "The prison was designed to hold 40,000 inmates. It is said to lack basic amenities "
                            + "such as sanitation, potable water and temperature control."))
                try store.addSource(
                    Source(
                        id: "b-report", url: nil, title: "Sanitation in Central American prisons",
                        publisher: "NGO",
                        text: "Overcrowding is the main concern in this report."))
                try store.addSource(
                    Source(
                        id: "c-other", url: nil, title: "Unrelated", publisher: "X", text: "Nothing here."))
            }
            try await body(store)
        }
    }

    @Test("a word in captured text is found with the match in brackets", arguments: StoreBackend.testable)
    func findsText(_ backend: StoreBackend) async throws {
        try await withSources(backend) { store in
            // Given sources with captured text
            // When searching for a word only one text contains
            let hits = try await store.read { try $0.search("amenities") }

            // Then that source is found and the snippet marks the word
            #expect(hits.map(\.sourceId) == ["a-article"])
            #expect(hits.first?.snippet.contains("[amenities]") == true)
            #expect(hits.first?.title == "El Salvador offers to jail deportees")
            #expect(hits.first?.sensitivity == .public)
        }
    }

    @Test("sanitation is found in text and title, and a title match ranks first", arguments: StoreBackend.testable)
    func ranking(_ backend: StoreBackend) async throws {
        try await withSources(backend) { store in
            // Given one source with sanitation in its text and one (sorting later by id) with it in the
            //   title
            // When searching for sanitation
            let hits = try await store.read { try $0.search("sanitation") }

            // Then both are found, the title match first, each with a bracketed snippet
            #expect(hits.map(\.sourceId) == ["b-report", "a-article"])
            #expect(
                hits.allSatisfy {
                    $0.snippet.contains("[Sanitation]") || $0.snippet.contains("[sanitation]")
                })
            #expect(hits.last?.snippet.contains("[sanitation]") == true)
        }
    }

    @Test("no match is an empty result, not an error", arguments: StoreBackend.testable)
    func noMatch(_ backend: StoreBackend) async throws {
        try await withSources(backend) { store async throws in
            // Given sources with captured text
            // When searching for a word none holds
            // Then the result is empty
            let read1 = try await store.read { try $0.search("helicopter") }
            #expect(read1.isEmpty)
        }
    }

    /// Every query that is not valid FTS5, on every backend.
    static let invalidQueries: [(StoreBackend, String)] = StoreBackend.testable.flatMap { backend in
        ["\"unbalanced", "AND", "sanitation NOT", "("].map { (backend, $0) }
    }

    @Test("an invalid query is refused as invalid input", arguments: invalidQueries)
    func invalidQuery(_ backend: StoreBackend, _ query: String) async throws {
        try await withSources(backend) { store in
            // Given a query that is not valid FTS5
            // When searching
            // Then the store says the query is invalid (exit 65 on the command line), not an I/O
            //   failure
            let error = await #expect(throws: StoreError.self) { try await store.read { try $0.search(query) } }
            guard case .invalid(.invalidValue(let attribute, let value, _)) = error else {
                Issue.record("expected .invalid, got \(String(describing: error))")
                return
            }
            #expect(attribute == "query")
            #expect(value == query)
        }
    }

    @Test("the limit caps the number of hits", arguments: StoreBackend.testable)
    func limit(_ backend: StoreBackend) async throws {
        try await withSources(backend) { store async throws in
            // Given two sources mentioning sanitation
            // When searching with a limit of 1
            // Then only the best match is returned
            let read2 = try await store.read { try $0.search("sanitation", limit: 1) }
            #expect(read2.map(\.sourceId) == ["b-report"])
        }
    }

    @Test(
        "the index follows a replaced source's text on a file; the server, which only adds, refuses the replacement",
        arguments: StoreBackend.testable)
    func indexFollowsUpdates(_ backend: StoreBackend) async throws {
        try await withSources(backend) { store in
            // Given the article
            // When it is replaced with different text
            let article = try await store.read { try $0.source(id: "a-article") }
            var replaced = try #require(article)
            replaced.text = "Now about ventilation only."
            let replace = { try await store.write { _ = try $0.addSource(replaced, replacing: true) } }

            switch backend {
            case .file:
                // Then the old words are no longer found and the new ones are
                try await replace()
                let read3 = try await store.read { try $0.search("amenities") }
                #expect(read3.isEmpty)
                let read4 = try await store.read { try $0.search("ventilation") }
                #expect(read4.map(\.sourceId) == ["a-article"])
            case .server:
                // Then the server refuses to change the captured text, and the old text is still found
                let error = await #expect(throws: (any Error).self) { try await replace() }
                #expect(error.map(isServerWouldChange) == true, "\(String(describing: error))")
                let read5 = try await store.read { try $0.search("amenities") }
                #expect(read5.map(\.sourceId) == ["a-article"])
                let read6 = try await store.read { try $0.search("ventilation") }
                #expect(read6.isEmpty)
            }
        }
    }
}
