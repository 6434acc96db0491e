import RightsBriefCore

/// The view model templates render: every string already formatted, every list already sorted.
///
/// Templates only place these values; escaping for the output format happens in the template's
/// content type, so text from sources cannot change the document's structure. Booleans named
/// `has…` drive optional sections.
public struct ReportContext: Sendable {
    public struct KeyFigure: Sendable {
        public var label: String
        public var value: String
        public var asOf: String
        public var status: String
        public var notes: String?
        public var disputed: Bool
    }

    public struct Check: Sendable {
        public var outcome: String
        public var fallsShort: Bool
        public var standard: String
        public var source: String
        public var detail: String
        public var notes: String?
    }

    public struct FacilitySection: Sendable {
        public var id: String
        /// The stable anchor `facility-<id>` (only in briefings about several facilities).
        public var anchor: String?
        public var name: String
        /// The country's name (``CountryNames``), the code when the name is unknown.
        public var country: String
        public var countryCode: String
        public var kind: String
        public var region: String?
        public var authority: String?
        public var keyFigures: [KeyFigure]
        /// The standards table; in a briefing about several facilities, only the standards
        /// with evidence (the others are named in ``lackingEvidence``).
        public var checks: [Check]
        public var hasChecks: Bool
        /// "Occupancy, Toilets, …": the standards without evidence, collapsed into one line
        /// (several facilities only).
        public var lackingEvidence: String?
        public var shortfalls: [Check]
        public var hasShortfalls: Bool
        public var quotes: [Quote]
        public var hasQuotes: Bool
    }

    public struct Quote: Sendable {
        public var label: String
        public var text: String
        public var notes: String?
        /// The quote's language code (from its source) when it differs from the briefing's,
        /// for HTML's `lang` attribute; `nil` when it is the same or not recorded.
        public var otherLanguage: String?
        /// "in English", "en inglés": the quote's language in words when it differs.
        public var languageName: String?
    }

    public struct DisputeSide: Sendable {
        public var value: String
        public var status: String
        public var notes: String?
        /// Whether this is the last side (templates put a separator after the others).
        public var last: Bool
    }

    public struct Dispute: Sendable {
        public var facility: String
        public var attribute: String
        public var asOf: String
        public var sides: [DisputeSide]
    }

    public struct TimelineEntry: Sendable {
        public var date: String
        public var title: String
        public var description: String?
        public var facilities: String
        public var notes: String?
    }

    public struct SourceEntry: Sendable {
        public var number: Int
        public var publisher: String
        public var title: String
        public var author: String?
        public var published: String
        public var url: String?
        public var retrieved: String?
        public var hash: String?
        public var kind: String
        public var cites: String?
    }

    public struct DocumentEntry: Sendable {
        public var title: String
        public var reference: String
        public var publisher: String
    }

    public struct ChangeLine: Sendable {
        public var text: String
    }

    public struct Changes: Sendable {
        public var first: Bool
        public var since: String
        public var none: Bool
        /// Counts first ("3 facts added, …"), before the details.
        public var summary: String?
        /// Facilities that newly fall short of a standard, with the standards.
        public var newlyShort: [ChangeLine]
        public var hasNewlyShort: Bool
        public var lines: [ChangeLine]
    }

    /// One line of the summary table or the contents (several facilities).
    public struct FacilityLine: Sendable {
        public var anchor: String
        public var name: String
        /// The region, "–" when none is recorded.
        public var region: String
        /// The region, `nil` when none is recorded.
        public var regionName: String?
        public var population: String
        public var capacity: String
        public var occupancy: String
        public var conditions: String
        public var shortfalls: String
        public var notes: String?
    }

    public var title: String
    public var audience: String
    public var isPublic: Bool
    public var asOf: String
    public var asOfISO: String
    public var selection: String
    /// The full sections of the facilities that have evidence (``BriefingDetail/full`` only).
    public var facilities: [FacilitySection]
    public var hasFacilities: Bool
    /// The overview of a briefing about several facilities.
    public var overview: Overview?
    /// A table of contents linking each section (full briefings about several facilities).
    public var contents: [FacilityLine]
    public var hasContents: Bool
    /// One line per facility with evidence (``BriefingDetail/summary``).
    public var summary: [FacilityLine]
    public var hasSummary: Bool
    /// Facilities without any evidence, listed once by name (not given empty tables).
    public var withoutEvidence: [FacilityLine]
    public var hasWithoutEvidence: Bool
    /// Whether the disputes and the timeline are shown (not in an overview alone).
    public var showDetails: Bool
    public var noEvidence: Bool
    public var disputes: [Dispute]
    public var hasDisputes: Bool
    public var events: [TimelineEntry]
    public var hasEvents: Bool
    public var sources: [SourceEntry]
    public var hasSources: Bool
    public var documents: [DocumentEntry]
    public var changes: Changes?
    /// The briefing's words in its language, read by templates as `{{t.KEY}}`.
    public var t: Messages
    /// The briefing's language code (`en`, `es`), for HTML's `lang` attribute.
    public var language: String
}
