import RightsBriefCore
import RightsBriefStore
import TestSupport
import Testing

@Suite("FactStore search")
struct FactStoreSearchTests {
    let store: FactStore

    init() throws {
        store = try makeTestStore()
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

    @Test("a word in captured text is found with the match in brackets")
    func findsText() throws {
        // Given sources with captured text
        // When searching for a word only one text contains
        let hits = try store.search("amenities")

        // Then that source is found and the snippet marks the word
        #expect(hits.map(\.sourceId) == ["a-article"])
        #expect(hits.first?.snippet.contains("[amenities]") == true)
        #expect(hits.first?.title == "El Salvador offers to jail deportees")
        #expect(hits.first?.sensitivity == .public)
    }

    @Test("sanitation is found in text and title, and a title match ranks first")
    func ranking() throws {
        // Given one source with sanitation in its text and one (sorting later by id) with it in the
        //   title
        // When searching for sanitation
        let hits = try store.search("sanitation")

        // Then both are found, the title match first, each with a bracketed snippet
        #expect(hits.map(\.sourceId) == ["b-report", "a-article"])
        #expect(
            hits.allSatisfy {
                $0.snippet.contains("[Sanitation]") || $0.snippet.contains("[sanitation]")
            })
        #expect(hits.last?.snippet.contains("[sanitation]") == true)
    }

    @Test("no match is an empty result, not an error")
    func noMatch() throws {
        // Given sources with captured text
        // When searching for a word none holds
        // Then the result is empty
        #expect(try store.search("helicopter").isEmpty)
    }

    @Test(
        "an invalid query is refused as invalid input",
        arguments: ["\"unbalanced", "AND", "sanitation NOT", "("])
    func invalidQuery(_ query: String) {
        // Given a query that is not valid FTS5
        // When searching
        // Then the store says the query is invalid (exit 65 on the command line), not an I/O
        //   failure
        let error = #expect(throws: StoreError.self) { try store.search(query) }
        guard case .invalid(.invalidValue(let attribute, let value, _)) = error else {
            Issue.record("expected .invalid, got \(String(describing: error))")
            return
        }
        #expect(attribute == "query")
        #expect(value == query)
    }

    @Test("the limit caps the number of hits")
    func limit() throws {
        // Given two sources mentioning sanitation
        // When searching with a limit of 1
        // Then only the best match is returned
        #expect(try store.search("sanitation", limit: 1).map(\.sourceId) == ["b-report"])
    }

    @Test("the index follows a replaced source's text")
    func indexFollowsUpdates() throws {
        // Given the article
        // When it is replaced with different text
        var replaced = try #require(try store.source(id: "a-article"))
        replaced.text = "Now about ventilation only."
        try store.addSource(replaced, replacing: true)

        // Then the old words are no longer found and the new ones are
        #expect(try store.search("amenities").isEmpty)
        #expect(try store.search("ventilation").map(\.sourceId) == ["a-article"])
    }
}
