import Mustache

/// The Mustache content types that report templates declare with a `CONTENT_TYPE` pragma.
///
/// swift-mustache escapes every `{{value}}` for the content type in force: HTML unless the
/// template says otherwise. Report templates declare one of ours instead:
/// - `MARKDOWN` escapes with ``MarkdownEscaping/text(_:)``, so a value cannot open a link,
///   raw HTML, emphasis or a new table row.
/// - `CSV` quotes each value as one RFC 4180 field with `CSVEncoding.field(_:)`, which also
///   neutralises cells a spreadsheet would run as a formula.
/// - `HTML` escapes with ``HTMLEscaping/text(_:)``, for HTML briefings and SVG charts. It
///   replaces swift-mustache's own `HTML` type, which misses a `"` followed by a combining mark.
/// - `TEXT` (built into swift-mustache) leaves values as they are, for plain-text output.
///
/// ``TemplateLibrary`` registers these before it parses anything; code that builds a
/// `MustacheTemplate` itself calls ``registerAll()`` first, because swift-mustache treats an
/// unknown content type name as a parse error.
public enum ContentTypes {
    /// The pragma value for Markdown output: `{{% CONTENT_TYPE: MARKDOWN }}`.
    public static let markdown = "MARKDOWN"
    /// The pragma value for CSV output: `{{% CONTENT_TYPE: CSV }}`.
    public static let csv = "CSV"
    /// The pragma value for HTML and SVG output: `{{% CONTENT_TYPE: HTML }}`.
    public static let html = "HTML"
    /// The pragma value for unescaped plain text: `{{% CONTENT_TYPE: TEXT }}`.
    public static let text = "TEXT"
    /// The content types a report template may declare, in the order messages list them.
    public static let allowed: [String] = [markdown, html, csv, text]

    /// Registers `MARKDOWN`, `CSV` and our `HTML` with swift-mustache.
    ///
    /// Safe to call any number of times from any thread: the work happens once, in the
    /// initializer of a static constant, which Swift runs exactly once.
    public static func registerAll() {
        _ = registration
    }

    private static let registration: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: markdown)
        MustacheContentTypes.register(CSVContentType(), named: csv)
        MustacheContentTypes.register(HTMLContentType(), named: html)
    }()
}

/// Escapes values for Markdown; see ``MarkdownEscaping/text(_:)``.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        MarkdownEscaping.text(text)
    }
}

/// Escapes values as single CSV fields; see `CSVEncoding.field(_:)`.
struct CSVContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        CSVEncoding.field(text)
    }
}

/// Escapes values for HTML and SVG; see ``HTMLEscaping/text(_:)``.
struct HTMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        HTMLEscaping.text(text)
    }
}
