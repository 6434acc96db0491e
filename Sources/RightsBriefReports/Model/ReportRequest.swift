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

    public init(selection: Selection = Selection(), audience: Audience = .public, asOf: Day? = nil, title: String? = nil) {
        self.selection = selection
        self.audience = audience
        self.asOf = asOf
        self.title = title
    }
}
