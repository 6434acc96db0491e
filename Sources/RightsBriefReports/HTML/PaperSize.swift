/// The paper size of a printed briefing (HTML print CSS and PDF).
public enum PaperSize: String, Sendable, CaseIterable {
    case a4
    case letter

    /// The CSS `@page` size keyword.
    var css: String {
        switch self {
        case .a4: "A4"
        case .letter: "letter"
        }
    }
}
