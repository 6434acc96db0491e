import Foundation

/// Renders a ``ReportModel`` as Markdown through a Mustache template.
///
/// ```swift
/// let library = try TemplateLibrary(directory: locator.templates)
/// let markdown = try MarkdownReportBuilder(library: library).render(model)
/// ```
public struct MarkdownReportBuilder: Sendable {
    public var library: TemplateLibrary
    public var template: String

    /// - Parameters:
    ///   - library: the loaded templates.
    ///   - template: the template name, `briefing` by default.
    public init(library: TemplateLibrary, template: String = "briefing") {
        self.library = library
        self.template = template
    }

    /// Renders the report.
    ///
    /// - Returns: the Markdown text, ending with one newline.
    /// - Throws: ``ReportError/templateNotFound(name:)``.
    public func render(_ model: ReportModel) throws -> String {
        let text = try library.render(ReportContext(model), template: template)
        return Self.tidy(text)
    }

    /// Collapses runs of blank lines left by empty sections and ends with one newline, so the
    /// output is stable whatever sections are present.
    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.reversed().drop { $0 == " " }
            let clean = Substring(String(trimmed.reversed()))
            if clean.isEmpty {
                blank += 1
                if blank > 1 { continue }
            } else {
                blank = 0
            }
            lines.append(clean)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
