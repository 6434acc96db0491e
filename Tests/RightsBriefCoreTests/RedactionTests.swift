import RightsBriefCore
import Testing

@Suite("Redaction")
struct RedactionTests {
    /// Sources at each level; the public one cites the other two.
    let pub = Source(
        id: "pbs", url: "https://www.pbs.org/x", title: "Inside CECOT", publisher: "PBS",
        cites: ["partner-notes", "witness-7"])
    let restricted = Source(
        id: "partner-notes", url: nil, title: "Partner visit notes", publisher: "Partner NGO",
        sensitivity: .restricted)
    let confidential = Source(
        id: "witness-7", url: nil, title: "Witness statement 7", publisher: "Our team",
        sensitivity: .confidential,
        text: "Name withheld.")

    /// Facts covering every rule of the filter, keyed by what they test.
    var evidence: Evidence {
        Evidence(
            facilities: [facility()],
            facts: [
                fact(1, .population, 60000, sources: ["pbs"]),
                fact(2, .population, 61000, sources: ["pbs"], sensitivity: .restricted),
                fact(3, .population, 62000, sources: ["pbs"], sensitivity: .confidential),
                fact(4, .designCapacity, 40000, sources: ["witness-7"]),
                fact(5, .toilets, 100, sources: ["pbs", "partner-notes"]),
                fact(6, .floorAreaM2, 100, sources: ["partner-notes"]),
            ],
            sources: [pub, restricted, confidential],
            events: [
                Event(
                    id: "public-event", date: day("2025-02-03"), title: "Agreement",
                    sourceIds: ["pbs"]),
                Event(
                    id: "restricted-event", date: day("2025-02-04"), title: "Visit",
                    sensitivity: .restricted,
                    sourceIds: ["pbs"]),
                Event(
                    id: "confidential-event", date: day("2025-02-05"), title: "Testimony",
                    sensitivity: .confidential,
                    sourceIds: ["pbs"]),
                Event(
                    id: "hidden-support", date: day("2025-02-06"), title: "Transfer",
                    sourceIds: ["witness-7"]),
            ])
    }

    @Test("the public audience sees only public facts, sources and events")
    func publicAudience() {
        // Given evidence at all three levels
        // When it is filtered for the public
        let result = Redaction.filter(evidence, for: .public)

        // Then restricted and confidential material is gone
        #expect(result.sources.map(\.id) == ["pbs"])
        #expect(result.facts.compactMap(\.id) == [1, 5])
        #expect(result.events.map(\.id) == ["public-event"])
        #expect(result.facilities == [facility()])
    }

    @Test("a public fact whose only source is confidential is withheld")
    func onlySourceWithheld() {
        // Given a public fact resting only on a confidential testimony (fact 4)
        // When the evidence is filtered for either audience
        let forPublic = Redaction.filter(evidence, for: .public)
        let forPartners = Redaction.filter(evidence, for: .internal)

        // Then the fact is withheld from both, so its support cannot be inferred
        #expect(!forPublic.facts.contains { $0.id == 4 })
        #expect(!forPartners.facts.contains { $0.id == 4 })
        #expect(!forPublic.events.contains { $0.id == "hidden-support" })
    }

    @Test(
        "a fact with a public and a restricted source keeps only the public source id for the public"
    )
    func mixedSources() throws {
        // Given fact 5, resting on a public and a restricted source
        // When the evidence is filtered for each audience
        let forPublic = try #require(
            Redaction.filter(evidence, for: .public).facts.first { $0.id == 5 })
        let forPartners = try #require(
            Redaction.filter(evidence, for: .internal).facts.first { $0.id == 5 })

        // Then the public sees only the public source; partners see both
        #expect(forPublic.sourceIds == ["pbs"])
        #expect(forPartners.sourceIds == ["pbs", "partner-notes"])
    }

    @Test("the internal audience sees restricted material but never confidential")
    func internalAudience() {
        // Given evidence at all three levels
        // When it is filtered for partners
        let result = Redaction.filter(evidence, for: .internal)

        // Then restricted material is kept and confidential material is not
        #expect(result.sources.map(\.id) == ["pbs", "partner-notes"])
        #expect(result.facts.compactMap(\.id) == [1, 2, 5, 6])
        #expect(result.events.map(\.id) == ["public-event", "restricted-event"])
        #expect(!result.sources.contains { $0.sensitivity == .confidential })
        #expect(!result.facts.contains { $0.sensitivity == .confidential })
    }

    @Test("citations to withheld sources are dropped")
    func citations() throws {
        // Given a public source that cites a restricted and a confidential one
        // When the evidence is filtered for each audience
        let forPublic = try #require(
            Redaction.filter(evidence, for: .public).sources.first { $0.id == "pbs" })
        let forPartners = try #require(
            Redaction.filter(evidence, for: .internal).sources.first { $0.id == "pbs" })

        // Then each audience sees only the citations it may follow
        #expect(forPublic.cites == [])
        #expect(forPartners.cites == ["partner-notes"])
    }

    @Test("the audience ceiling orders the three levels")
    func audienceCeiling() throws {
        // Given the audiences and levels
        // When they are compared
        // Then public allows only public, internal allows up to restricted, nothing allows
        //   confidential
        #expect(Audience.public.allows(.public))
        #expect(!Audience.public.allows(.restricted))
        #expect(Audience.internal.allows(.restricted))
        #expect(!Audience.internal.allows(.confidential))
        #expect(Sensitivity.public < .restricted && Sensitivity.restricted < .confidential)
        #expect(throws: CoreError.unknownAudience("everyone")) { try Audience(name: "everyone") }
        #expect(throws: CoreError.unknownSensitivity("secret")) { try Sensitivity(name: "secret") }
    }

    @Test("empty evidence filters to empty evidence")
    func empty() {
        // Given nothing
        // When it is filtered
        // Then nothing comes out and nothing fails
        #expect(Redaction.filter(Evidence(), for: .public) == Evidence())
    }

    @Test("filtering up to a date equals cutting at that date and then filtering", arguments: [
        "2025-02-02", "2025-02-03", "2025-02-04", "2025-02-05", "2025-02-06", "2026-01-01",
    ])
    func upToDate(asOf text: String) {
        // Given the evidence with facts and events spread over several dates
        var dated = evidence
        dated.facts = dated.facts.enumerated().map { index, fact in
            var copy = fact
            copy.asOf = day(["2025-02-03", "2025-02-04", "2025-02-05"][index % 3])
            return copy
        }
        let asOf = day(text)
        for audience in [Audience.public, .internal] {
            // When it is filtered in one pass up to the date
            let onePass = Redaction.filter(dated, for: audience, upTo: asOf)

            // Then it equals the cut followed by the filter
            var cut = dated
            cut.facts = dated.facts.filter { $0.asOf <= asOf }
            cut.events = dated.events.filter { $0.date <= asOf }
            #expect(onePass == Redaction.filter(cut, for: audience))
        }
    }
}
