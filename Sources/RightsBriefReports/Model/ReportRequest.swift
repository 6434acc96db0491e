import RightsBriefCore
import RightsBriefStore

/// What a report should cover and for whom.
public struct ReportRequest: Sendable, Equatable {
    public var selection: Selection
    public var audience: Audience
    /// The cut-off for facts and events, and the date printed; `nil` means today (UTC).
    public var asOf: Day?
    /// A title; `nil` gives one built from the selection.
    public var title: String?
    /// How much a briefing about several facilities shows; `nil` means
    /// ``BriefingDetail/automatic(facilityCount:)``.
    public var detail: BriefingDetail?
    /// The order of the facilities in a briefing.
    public var order: FacilityOrder
    /// The language of country names (a BCP 47 code such as `en` or `es`).
    public var language: String

    public init(
        selection: Selection = Selection(), audience: Audience = .public, asOf: Day? = nil, title: String? = nil,
        detail: BriefingDetail? = nil, order: FacilityOrder = .occupancy, language: String = "en"
    ) {
        self.selection = selection
        self.audience = audience
        self.asOf = asOf
        self.title = title
        self.detail = detail
        self.order = order
        self.language = language
    }
}
