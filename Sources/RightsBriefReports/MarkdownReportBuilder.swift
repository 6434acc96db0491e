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
    ///
    /// Works on UTF-8 bytes: a briefing about thousands of facilities has hundreds of thousands
    /// of lines, and trimming them as `Character`s took a fifth of the rendering time.
    static func tidy(_ text: String) -> String {
        let space = UInt8(ascii: " ")
        let newline = UInt8(ascii: "\n")
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 1)
        var pendingBlank = false
        for line in text.utf8.split(separator: newline, omittingEmptySubsequences: false) {
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)] == space { end = line.index(before: end) }
            if end == line.startIndex {
                // Keep at most one blank line, and none before the first text.
                pendingBlank = !out.isEmpty
                continue
            }
            if pendingBlank { out.append(newline) }
            pendingBlank = false
            out.append(contentsOf: line[line.startIndex..<end])
            out.append(newline)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
