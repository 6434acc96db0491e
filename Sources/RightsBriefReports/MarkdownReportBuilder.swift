import Foundation
import Mustache

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
    /// - Parameters:
    ///   - model: the report.
    ///   - charts: chart files written beside the briefing, linked as images in a "Charts"
    ///     section (relative paths such as `charts/occupancy.svg`); none by default, for a
    ///     briefing printed to stdout or written alone.
    /// - Returns: the Markdown text, ending with one newline.
    /// - Throws: ``ReportError/templateNotFound(name:)``;
    ///   ``ReportError/unsupportedLanguage(code:available:)`` when the templates have no
    ///   catalogue for the model's language.
    public func render(_ model: ReportModel, charts: [ChartFile] = []) throws -> String {
        let catalogue = try library.catalogue(for: model.language)
        let context = MarkdownReportContext(base: ReportContext(model, catalogue: catalogue), chartFiles: charts)
        let text = try library.render(context, template: template)
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

/// A chart written as an SVG file beside a Markdown briefing.
public struct ChartFile: Sendable {
    /// The chart's title, the image's alternative text.
    public var title: String
    /// What the chart shows, in words.
    public var description: String
    /// The path relative to the briefing, such as `charts/occupancy.svg`.
    public var path: String

    public init(title: String, description: String, path: String) {
        self.title = title
        self.description = description
        self.path = path
    }
}

/// What the Markdown templates read: the shared ``ReportContext`` plus the chart files.
///
/// A class, so that swift-mustache's casts of the context copy a pointer rather than the
/// whole view model (see ``TemplateNode``).
final class MarkdownReportContext: MustacheParent {
    let base: ReportContext
    let chartFiles: [ChartFile]

    init(base: ReportContext, chartFiles: [ChartFile]) {
        self.base = base
        self.chartFiles = chartFiles
    }

    func child(named name: String) -> Any? {
        switch name {
        case "chartFiles": chartFiles
        case "hasChartFiles": !chartFiles.isEmpty
        default: base.child(named: name)
        }
    }
}
