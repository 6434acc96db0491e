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
    /// - Returns: the HTML text, ending with one newline.
    /// - Throws: ``ReportError/templateNotFound(name:)`` when `html/<template>` does not exist.
    public func render(_ model: ReportModel) throws -> String {
        let context = HTMLReportContext(
            base: ReportContext(model), occupancyChart: OccupancyChart(model), trendChart: TrendChart(model),
            conditionsChart: ConditionsChart(model), pageSize: paper.css)
        let text = try library.render(context, template: Self.folder + template)
        return Self.linkFootnotes(Self.tidy(text))
    }

    /// The standalone SVG files of the charts, by file name (`occupancy.svg`, `trend.svg`,
    /// `conditions.svg`); charts without data are left out.
    ///
    /// - Throws: ``ReportError/templateNotFound(name:)`` when a chart template is missing.
    public func charts(_ model: ReportModel) throws -> [(name: String, svg: String)] {
        try chartFiles(model).map { ($0.name, $0.svg) }
    }

    /// The charts of `model` as SVG files with their titles and descriptions.
    ///
    /// - Throws: as ``charts(_:)``.
    func chartFiles(_ model: ReportModel) throws -> [(name: String, svg: String, title: String, description: String)] {
        var out: [(String, String, String, String)] = []
        if let chart = OccupancyChart(model) {
            out.append(("occupancy.svg", try standalone(chart, template: "charts/occupancy"), chart.title, chart.description))
        }
        if let chart = TrendChart(model) {
            out.append(("trend.svg", try standalone(chart, template: "charts/trend"), chart.title, chart.description))
        }
        if let chart = ConditionsChart(model) {
            out.append(("conditions.svg", try standalone(chart, template: "charts/conditions"), chart.title, chart.description))
        }
        return out
    }

    private func standalone(_ chart: Any, template: String) throws -> String {
        let svg = try library.render(chart, template: Self.folder + template)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Self.tidy(svg)
    }

    /// Drops blank lines and trailing spaces left by sections, ends with one newline.
    static func tidy(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)] == " " { end = line.index(before: end) }
            guard end > line.startIndex else { continue }
            out += line[line.startIndex..<end]
            out += "\n"
        }
        return out
    }

    static let markerOpen = "<sup class=\"fn\">["
    static let markerClose = "]</sup>"

    /// Turns the numbers in each footnote marker into links to the source list: `1, 3` and the
    /// ends of ranges such as `1–40`; other words (`… 1,204 sources in all`) stay text.
    package static func linkFootnotes(_ html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count + html.utf8.count / 8)
        var rest = html[...]
        while let open = rest.range(of: markerOpen) {
            out += rest[..<open.upperBound]
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: markerClose) else { break }
            let inner = rest[..<close.lowerBound]
            out += inner.components(separatedBy: ", ").map(linked).joined(separator: ", ")
            rest = rest[close.lowerBound...]
        }
        out += rest
        return out
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
struct HTMLReportContext: MustacheParent {
    var base: ReportContext
    var occupancyChart: OccupancyChart?
    var trendChart: TrendChart?
    var conditionsChart: ConditionsChart?
    var pageSize: String

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
