import Mustache

/// The plain messages of one ``Catalogue``, as templates read them: `{{t.heading_sources}}`.
///
/// The view model carries one as `t`. Its messages are ours, not source text, but they still
/// pass through the template's content type like every other value. A key the catalogue does
/// not have renders as nothing; `CatalogueTests` checks that every `t.KEY` in the bundled
/// templates is in the English catalogue (and so, by the same-keys rule, in every other).
///
/// A class rather than a struct so that a template reaches it only through `child(named:)`.
public final class Messages: MustacheParent, Sendable {
    /// The catalogue's language.
    public let language: String
    private let texts: [String: String]

    /// The plain (non-plural) messages of `catalogue`.
    public init(_ catalogue: Catalogue) {
        language = catalogue.language
        var texts: [String: String] = [:]
        for (key, message) in catalogue.messages {
            if case .text(let text) = message { texts[key] = text }
        }
        self.texts = texts
    }

    /// No messages: every `t.KEY` renders as nothing (a templates folder without `locales/`).
    public init(language: String = Catalogue.referenceLanguage) {
        self.language = language
        texts = [:]
    }

    public func child(named name: String) -> Any? { texts[name] }
}
