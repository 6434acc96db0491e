/// The formats a briefing is written in.
public enum BriefingFormat: String, Sendable, CaseIterable {
    case markdown
    case html
    case pdf

    /// The usual file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .html: "html"
        case .pdf: "pdf"
        }
    }
}
