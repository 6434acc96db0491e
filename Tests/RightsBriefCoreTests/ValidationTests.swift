import RightsBriefCore
import Testing

@Suite("Validation")
struct ValidationTests {
    @Test(
        "slug ids of 1 to 64 lowercase letters, digits and hyphens are accepted",
        arguments: [
            "cecot", "ice-stewart", "a", "0", "2025-visit", "cecot-",
            String(repeating: "a", count: 64),
        ])
    func validIdentifier(_ id: String) throws {
        // Given a well-formed slug
        // When it is checked
        // Then it is returned unchanged
        #expect(try Validation.identifier(id) == id)
    }

    @Test(
        "other ids are refused",
        arguments: [
            "", "-cecot", "CECOT", "Cecot", "ce cot", "ce_cot", "ce.cot", "cécot", "cecot/../x",
            " cecot", "cecot\n",
            String(repeating: "a", count: 65),
        ])
    func invalidIdentifier(_ id: String) {
        // Given a malformed id
        // When it is checked
        // Then it is refused with the id in the error
        #expect(throws: CoreError.invalidIdentifier(id)) { try Validation.identifier(id) }
    }

    @Test("two capital ASCII letters are a country code", arguments: ["SV", "US", "GB"])
    func validCountry(_ code: String) throws {
        // Given an ISO 3166-1 alpha-2 code
        // When it is checked
        // Then it is accepted
        #expect(try Validation.country(code) == code)
    }

    @Test(
        "anything else is not a country code",
        arguments: ["", "sv", "Sv", "SLV", "S", "S1", "ÉS", " SV", "S V"])
    func invalidCountry(_ code: String) {
        // Given text that is not two capital ASCII letters
        // When it is checked
        // Then it is refused with the text in the error
        #expect(throws: CoreError.invalidCountry(code)) { try Validation.country(code) }
    }

    @Test(
        "absolute http and https URLs with a host are accepted",
        arguments: [
            "https://www.pbs.org/newshour/world/inside-cecot", "http://example.org",
            "HTTPS://EXAMPLE.ORG/a?b=c#d",
            "https://example.org:8443/path/%20encoded",
        ])
    func validURL(_ url: String) throws {
        // Given a web address
        // When it is checked
        // Then it is accepted
        #expect(Validation.isWebURL(url))
        #expect(try Validation.webURL(url) == url)
    }

    @Test(
        "non-web, relative and unsafe URLs are refused",
        arguments: [
            "javascript:alert(1)", "JavaScript:alert(document.cookie)",
            "ftp://example.org/report.pdf",
            "file:///etc/passwd", "data:text/html,<b>x</b>", "mailto:someone@example.org",
            "/relative/path",
            "../report.html", "example.org/page", "//example.org/page", "http://", "https://",
            "https:///path",
            "https://exa mple.org", "https://example.org/a b", " https://example.org",
            "https://example.org/\nx",
            "https://example.org/\"onmouseover=x", "https://example.org/<script>",
            "https://example.org/`x`",
            "http:example.org", "",
        ])
    func invalidURL(_ url: String) {
        // Given an address that is not a safe absolute web URL
        // When it is checked
        // Then it is refused with the text in the error
        #expect(!Validation.isWebURL(url))
        #expect(throws: CoreError.invalidURL(url)) { try Validation.webURL(url) }
    }

    @Test("a source checks its URL, its id, its title and that it does not cite itself")
    func sourceValidation() throws {
        // Given sources with one thing wrong each, and one without a URL at all
        let good = Source(
            id: "pbs", url: "https://www.pbs.org/x", title: "Inside CECOT", publisher: "PBS")
        var ftp = good
        ftp.url = "ftp://www.pbs.org/x"
        var selfCiting = good
        selfCiting.cites = ["pbs"]
        var blankTitle = good
        blankTitle.title = "  "
        var badRetrieved = good
        badRetrieved.retrievedAt = "yesterday"
        var noURL = good
        noURL.url = nil

        // When they are validated
        // Then each fault is named, and a missing URL is allowed (never invented)
        try good.validate()
        try noURL.validate()
        #expect(throws: CoreError.invalidURL("ftp://www.pbs.org/x")) { try ftp.validate() }
        #expect(throws: CoreError.self) { try selfCiting.validate() }
        #expect(throws: CoreError.self) { try blankTitle.validate() }
        #expect(throws: CoreError.invalidTimestamp("yesterday")) { try badRetrieved.validate() }
    }

    @Test("a facility checks its id, name, country and coordinates")
    func facilityValidation() throws {
        // Given facilities with one thing wrong each
        let good = Facility(
            id: "cecot", name: "CECOT", country: "SV", latitude: 13.6, longitude: -88.9)
        var badId = good
        badId.id = "CECOT"
        var badCountry = good
        badCountry.country = "SLV"
        var noName = good
        noName.name = ""
        var badLatitude = good
        badLatitude.latitude = 91

        // When they are validated
        // Then only the good one passes
        try good.validate()
        #expect(throws: CoreError.invalidIdentifier("CECOT")) { try badId.validate() }
        #expect(throws: CoreError.invalidCountry("SLV")) { try badCountry.validate() }
        #expect(throws: CoreError.self) { try noName.validate() }
        #expect(throws: CoreError.self) { try badLatitude.validate() }
    }

    @Test("an event needs a source and well-formed ids")
    func eventValidation() throws {
        // Given an event without a source and one with a bad facility id
        let noSource = Event(
            id: "visit", date: day("2025-02-03"), title: "Visit refused", sourceIds: [])
        let badFacility = Event(
            id: "visit", date: day("2025-02-03"), title: "Visit refused", facilityIds: ["CECOT"],
            sourceIds: ["pbs"])

        // When they are validated
        // Then both are refused
        #expect(throws: CoreError.noSource(what: "An event")) { try noSource.validate() }
        #expect(throws: CoreError.invalidIdentifier("CECOT")) { try badFacility.validate() }
    }

    @Test("text holding U+0000 is refused in every text field, naming the field")
    func nulCharacter() throws {
        // Given a facility, a source, a fact and an event, each good, and copies with a NUL in
        //   one text field
        let facility = Facility(id: "cecot", name: "CECOT", country: "SV")
        let source = Source(id: "pbs", url: nil, title: "Inside CECOT", publisher: "PBS", text: "Cells.")
        let good = fact(1, .population, 60000)
        let event = Event(id: "visit", date: day("2025-02-03"), title: "Visit", sourceIds: ["pbs"])
        try facility.validate()
        try source.validate()
        try good.validate()
        try event.validate()
        var name = facility
        name.name = "CE\u{0}COT"
        var authority = facility
        authority.authority = "State\u{0}"
        var text = source
        text.text = "first part\u{0}hidden part"
        var title = source
        title.title = "\u{0}"
        var quote = good
        quote.quote = "held\u{0}"
        var description = event
        description.description = "a\u{0}b"

        // When they are validated
        // Then each copy is refused with the field named
        #expect(throws: CoreError.nulCharacter(field: "name")) { try name.validate() }
        #expect(throws: CoreError.nulCharacter(field: "authority")) { try authority.validate() }
        #expect(throws: CoreError.nulCharacter(field: "captured text")) { try text.validate() }
        #expect(throws: CoreError.nulCharacter(field: "title")) { try title.validate() }
        #expect(throws: CoreError.nulCharacter(field: "quote")) { try quote.validate() }
        #expect(throws: CoreError.nulCharacter(field: "description")) { try description.validate() }
        #expect(throws: CoreError.nulCharacter(field: "reason")) {
            try Validation.text("why\u{0}", field: "reason")
        }
        try Validation.text("tabs\tand\nline breaks are text", field: "quote")
        try Validation.text(nil, field: "quote")
    }

    @Test("error messages are one line that says what to do")
    func messages() {
        // Given some errors
        let errors: [CoreError] = [
            .invalidDate("2025-02-30"), .invalidURL("javascript:alert(1)"),
            .unknownAttribute("smell"),
            .noSource(what: "A fact"), .unknownLevel("dirty"),
        ]

        // When they are described
        let messages = errors.map { $0.errorDescription ?? "" }

        // Then each is a single line naming the bad text
        #expect(messages.allSatisfy { !$0.isEmpty && !$0.contains("\n") })
        #expect(messages[0].contains("2025-02-30") && messages[0].contains("YYYY-MM-DD"))
        #expect(messages[1].contains("javascript:alert(1)"))
        #expect(messages[2].contains("smell") && messages[2].contains("design_capacity"))
        #expect(messages[3].contains("needs at least one source") && !messages[3].contains("--"))
        #expect(messages[4].contains("adequate, inadequate, absent, unknown"))
    }
}
