import Foundation
import RightsBriefCore
import RightsBriefStore

/// One report as every caller makes it — `brief`, `export`, `demo` and scheduled runs: the
/// resources found, the standards loaded, the request checked against the store once, then the
/// model, the streamed export tables, the Markdown and the About description from the same
/// place.
///
/// ```swift
/// let job = try ReportJob(store: store, request: request, locator: try ResourceLocator())
/// let markdown = try job.markdown(job.model(), templates: job.templates())
/// try XLSXReportBuilder().write(tables: try job.tables(), about: job.about, to: url)
/// ```
public struct ReportJob {
    /// The evidence store the report reads.
    public let store: FactStore
    /// The request, with its as-of date fixed (the request's own, else `today`).
    public let request: ReportRequest
    /// Where the templates and data files are.
    public let locator: ResourceLocator
    /// The standards the figures are checked against.
    public let standards: Standards
    /// The About description shared by every format (one title and wording), in the
    /// request's language.
    public let about: ExportAbout
    /// The catalogue of the request's language for spreadsheets (sheet names, headers, the
    /// About sheet and the CSV README); `nil` for English, whose words are rightsbrief's own.
    public let catalogue: Catalogue?

    /// Prepares a report: loads the standards and checks that every facility and country the
    /// request names exists.
    ///
    /// An empty store or a selection without facts is not an error; the report says there is no
    /// evidence yet.
    ///
    /// - Throws: ``ReportError/unsupportedLanguage(code:available:)`` or
    ///   ``ReportError/catalogueInvalid(path:reason:)`` for a language other than English
    ///   without a good catalogue; ``ReportError/standardsUnreadable(path:reason:)``,
    ///   ``ReportError/unknownFacility(id:)``, ``ReportError/unknownCountry(code:)``, or
    ///   ``StoreError`` when the store cannot be read.
    public init(store: FactStore, request: ReportRequest, locator: ResourceLocator, today: Day = Day(Date())) throws {
        try Self.check(request.selection, in: store)
        var fixed = request
        fixed.asOf = request.asOf ?? today
        self.store = store
        self.request = fixed
        self.locator = locator
        standards = try ReportBuilder.loadStandards(from: locator.standards)
        let facilities = try store.facilities(request.selection)
        catalogue =
            fixed.language == Catalogue.referenceLanguage
            ? nil
            : try Catalogue.load(
                language: fixed.language, directory: locator.templates.appendingPathComponent("locales", isDirectory: true))
        let words = Words(catalogue)
        let summary = ReportSelectionSummary(
            facilityIds: fixed.selection.facilityIds, countries: fixed.selection.countries)
        let english = ReportBuilder.defaultTitle(facilities: facilities, selection: fixed.selection, language: fixed.language)
        about = ExportAbout(
            title: fixed.title ?? words.title(names: facilities.map(\.name), selection: summary, english: english),
            selection: words.selection(summary), audience: fixed.audience, asOf: fixed.asOf ?? today,
            standardDocuments: standards.documents.map(words.document))
    }

    /// The XLSX writer for this report, in its language.
    public func workbookBuilder(progress: (@Sendable (Int) -> Void)? = nil) -> XLSXReportBuilder {
        var builder = XLSXReportBuilder(progress: progress)
        builder.catalogue = catalogue
        return builder
    }

    /// The CSV writer for this report: in a language other than English, its folders get a
    /// `README.txt` in that language (column names and values stay English).
    public func csvBuilder(byteOrderMark: Bool = false) -> CSVReportBuilder {
        var builder = CSVReportBuilder(byteOrderMark: byteOrderMark)
        builder.readme = catalogue.map { CSVReadme.text(about: about, words: Words($0)) }
        return builder
    }

    /// The redacted report model (for briefings: its sources carry no captured text, which no
    /// briefing prints; spreadsheets stream theirs through ``tables()``).
    ///
    /// - Throws: ``StoreError`` when the store cannot be read.
    public func model() throws -> ReportModel {
        try ReportBuilder(standards: standards).build(from: store, request: request, includingSourceText: false)
    }

    /// The export tables, streamed from the store (for spreadsheets of any size).
    ///
    /// - Throws: ``StoreError`` when the store cannot be read.
    public func tables() throws -> ExportTables {
        try ExportTables(store: store, request: request, standards: standards)
    }

    /// The templates: the folder `override` names, else the bundled ones.
    ///
    /// - Throws: ``ReportError/templatesDirectoryMissing(path:)`` and the template errors of
    ///   ``TemplateLibrary``.
    public func templates(override: URL? = nil) throws -> TemplateLibrary {
        try Self.templates(override: override, locator: locator)
    }

    /// The templates in `override`, else the bundled ones `locator` finds (no store needed).
    ///
    /// - Throws: as ``templates(override:)``.
    public static func templates(override: URL?, locator: ResourceLocator) throws -> TemplateLibrary {
        try TemplateLibrary(directory: override ?? locator.templates)
    }

    /// The Markdown briefing of `model`, rendered with `template`.
    ///
    /// - Throws: ``ReportError/templateNotFound(name:)`` and rendering errors.
    public func markdown(_ model: ReportModel, templates: TemplateLibrary, template: String = "briefing") throws
        -> String
    {
        try MarkdownReportBuilder(library: templates, template: template).render(model)
    }

    /// Writes the Markdown briefing `briefing.md` into `folder` with its charts as SVG files
    /// in `charts/` beside it, linked from a "Charts" section with relative image links.
    ///
    /// For folders rightsbrief owns (a scheduled run's folder, the demo's): `charts/` is
    /// created when missing and its files replaced. A briefing without any chart gets no
    /// `charts/` folder and no section.
    ///
    /// - Returns: the URLs written, the briefing first.
    /// - Throws: ``ReportError/templateNotFound(name:)``, ``ReportError/outputNotWritable(path:reason:)``
    ///   and the other errors of ``AtomicFile/write(_:to:)``.
    @discardableResult
    public func writeMarkdown(
        _ model: ReportModel, templates: TemplateLibrary, template: String = "briefing", into folder: URL
    ) throws -> [URL] {
        let charts = try HTMLReportBuilder(library: templates).chartFiles(model)
        var written: [URL] = []
        if !charts.isEmpty {
            let chartsFolder = folder.appendingPathComponent("charts", isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: chartsFolder, withIntermediateDirectories: true)
            } catch {
                throw ReportError.outputNotWritable(path: chartsFolder.path, reason: "cannot create the folder")
            }
            for chart in charts {
                let url = chartsFolder.appendingPathComponent(chart.name)
                try AtomicFile.write(Data(chart.svg.utf8), to: url)
                written.append(url)
            }
        }
        let links = charts.map { ChartFile(title: $0.title, description: $0.description, path: "charts/" + $0.name) }
        let text = try MarkdownReportBuilder(library: templates, template: template).render(model, charts: links)
        let briefing = folder.appendingPathComponent("briefing.md")
        try AtomicFile.write(Data(text.utf8), to: briefing)
        return [briefing] + written
    }

    /// The briefing of `model` in `format`, as the bytes of the file.
    ///
    /// Markdown renders `template`; HTML and PDF render `html/<template>`, and PDF prints that
    /// page with ``PDFRenderer``.
    ///
    /// - Throws: ``ReportError/templateNotFound(name:)``, and for PDF
    ///   ``ReportError/pdfEngineMissing(program:package:)`` and
    ///   ``ReportError/pdfEngineFailed(program:reason:)``.
    public func briefing(
        _ model: ReportModel, format: BriefingFormat, templates: TemplateLibrary, template: String = "briefing",
        paper: PaperSize = .a4
    ) throws -> Data {
        switch format {
        case .markdown:
            return Data(try markdown(model, templates: templates, template: template).utf8)
        case .html:
            return Data(try HTMLReportBuilder(library: templates, template: template, paper: paper).render(model).utf8)
        case .pdf:
            let html = try HTMLReportBuilder(library: templates, template: template, paper: paper).render(model)
            return try PDFRenderer().render(html: html)
        }
    }

    /// Checks that every facility and country `selection` names is in the store.
    ///
    /// - Throws: ``ReportError/unknownFacility(id:)`` or ``ReportError/unknownCountry(code:)``.
    static func check(_ selection: Selection, in store: FactStore) throws {
        for code in selection.countries where try !store.hasCountry(code) {
            throw ReportError.unknownCountry(code: code)
        }
        for id in selection.facilityIds where try store.facility(id: id) == nil {
            throw ReportError.unknownFacility(id: id)
        }
    }
}
