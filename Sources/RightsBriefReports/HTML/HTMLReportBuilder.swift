import Foundation
import Mustache

/// Renders a ``ReportModel`` as one self-contained HTML page through the `html/` templates.
///
/// The page has its CSS inline (screen and print), its charts as inline SVG, no script, and a
/// `Content-Security-Policy` that forbids every request, so it opens the same from a mail
/// attachment, a USB stick or a web server. Values are escaped by the templates' `HTML` content
/// type (``HTMLEscaping``); the only markup the builder itself adds is the links of footnote
/// markers: each number inside a template's `<sup class="fn">[…]</sup>` becomes a link to
/// `#source-N` in the numbered source list (text from sources cannot spell that element, since
/// its `<` is escaped).
///
/// ```swift
/// let html = try HTMLReportBuilder(library: library).render(model)
/// ```
public struct HTMLReportBuilder: Sendable {
    public var library: TemplateLibrary
    /// The template name without the `html/` folder: `briefing` renders `html/briefing`.
    public var template: String
    public var paper: PaperSize

    /// The folder under the templates folder that holds the HTML templates.
    public static let folder = "html/"

    public init(library: TemplateLibrary, template: String = "briefing", paper: PaperSize = .a4) {
        self.library = library
        self.template = template
        self.paper = paper
    }

    /// Renders the report as HTML.
    ///
    /// The page is in the model's language: its words from the templates' catalogue, its
    /// `lang` attribute the language's code.
    ///
    /// - Returns: the HTML text, ending with one newline.
    /// - Throws: ``ReportError/templateNotFound(name:)`` when `html/<template>` does not exist;
    ///   ``ReportError/unsupportedLanguage(code:available:)`` when the templates have no
    ///   catalogue for the model's language.
    public func render(_ model: ReportModel) throws -> String {
        let catalogue = try library.catalogue(for: model.language)
        let context = HTMLReportContext(
            base: ReportContext(model, catalogue: catalogue), occupancyChart: OccupancyChart(model, catalogue: catalogue),
            trendChart: TrendChart(model, catalogue: catalogue),
            conditionsChart: ConditionsChart(model, catalogue: catalogue), pageSize: paper.css)
        let text = try library.render(context, template: Self.folder + template)
        return Self.linkFootnotes(Self.tidy(text))
    }

    /// The standalone SVG files of the charts, by file name (`occupancy.svg`, `trend.svg`,
    /// `conditions.svg`); charts without data are left out.
    ///
    /// - Throws: ``ReportError/templateNotFound(name:)`` when a chart template is missing;
    ///   ``ReportError/unsupportedLanguage(code:available:)`` as ``render(_:)``.
    public func charts(_ model: ReportModel) throws -> [(name: String, svg: String)] {
        try chartFiles(model).map { ($0.name, $0.svg) }
    }

    /// The charts of `model` as SVG files with their titles and descriptions.
    ///
    /// - Throws: as ``charts(_:)``.
    func chartFiles(_ model: ReportModel) throws -> [(name: String, svg: String, title: String, description: String)] {
        let catalogue = try library.catalogue(for: model.language)
        var out: [(String, String, String, String)] = []
        if let chart = OccupancyChart(model, catalogue: catalogue) {
            out.append(("occupancy.svg", try standalone(chart, template: "charts/occupancy"), chart.title, chart.description))
        }
        if let chart = TrendChart(model, catalogue: catalogue) {
            out.append(("trend.svg", try standalone(chart, template: "charts/trend"), chart.title, chart.description))
        }
        if let chart = ConditionsChart(model, catalogue: catalogue) {
            out.append(("conditions.svg", try standalone(chart, template: "charts/conditions"), chart.title, chart.description))
        }
        return out
    }

    private func standalone(_ chart: Any, template: String) throws -> String {
        let svg = try library.render(chart, template: Self.folder + template)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Self.tidy(svg)
    }

    /// Drops trailing spaces and runs of blank lines left by sections, ends with one newline
    /// (the Markdown builder's byte-wise tidying).
    static func tidy(_ text: String) -> String {
        MarkdownReportBuilder.tidy(text)
    }

    static let markerOpen = Array("<sup class=\"fn\">[".utf8)
    static let markerClose = Array("]</sup>".utf8)

    /// Turns the numbers in each footnote marker into links to the source list: `1, 3` and the
    /// ends of ranges such as `1–40`; other words (`… 1,204 sources in all`) stay text.
    ///
    /// Scans UTF-8 bytes once: a country briefing has tens of thousands of markers, and
    /// searching a `Substring` with Foundation copied the rest of the page at every marker.
    package static func linkFootnotes(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        func matches(_ marker: [UInt8], at index: Int) -> Bool {
            guard index + marker.count <= bytes.count else { return false }
            for offset in 0..<marker.count where bytes[index + offset] != marker[offset] { return false }
            return true
        }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == markerOpen[0], matches(markerOpen, at: index) else {
                out.append(bytes[index])
                index += 1
                continue
            }
            out.append(contentsOf: markerOpen)
            index += markerOpen.count
            var end = index
            while end < bytes.count, !(bytes[end] == markerClose[0] && matches(markerClose, at: end)) { end += 1 }
            guard end < bytes.count else { break }
            let inner = String(decoding: bytes[index..<end], as: UTF8.self)
            out.append(contentsOf: inner.components(separatedBy: ", ").map(linked).joined(separator: ", ").utf8)
            index = end
        }
        if index < bytes.count { out.append(contentsOf: bytes[index...]) }
        return String(decoding: out, as: UTF8.self)
    }

    private static func linked(_ part: String) -> String {
        func anchor(_ number: Substring) -> String {
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return String(number) }
            return "<a href=\"#source-\(number)\">\(number)</a>"
        }
        let ends = part.split(separator: "–", omittingEmptySubsequences: false)
        guard ends.count <= 2 else { return part }
        return ends.map(anchor).joined(separator: "–")
    }
}

/// What the HTML templates read: the shared ``ReportContext`` plus the charts and the page size.
///
/// A class, so that swift-mustache's casts of the context copy a pointer rather than the
/// whole view model (see ``TemplateNode``).
final class HTMLReportContext: MustacheParent {
    let base: ReportContext
    let occupancyChart: OccupancyChart?
    let trendChart: TrendChart?
    let conditionsChart: ConditionsChart?
    let pageSize: String

    init(
        base: ReportContext, occupancyChart: OccupancyChart?, trendChart: TrendChart?,
        conditionsChart: ConditionsChart?, pageSize: String
    ) {
        self.base = base
        self.occupancyChart = occupancyChart
        self.trendChart = trendChart
        self.conditionsChart = conditionsChart
        self.pageSize = pageSize
    }

    func child(named name: String) -> Any? {
        switch name {
        case "occupancyChart": occupancyChart
        case "trendChart": trendChart
        case "conditionsChart": conditionsChart
        case "hasCharts": occupancyChart != nil || trendChart != nil || conditionsChart != nil
        case "pageSize": pageSize
        default: base.child(named: name)
        }
    }
}
