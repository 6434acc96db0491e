import Foundation
import RightsBriefCore
import RightsBriefStore

/// Writes the export tables as an Excel workbook through libxlsxwriter.
///
/// Sheets: Summary, Facilities, Facts (continued on `Facts (2)`… past Excel's row limit),
/// Sources, Events and About. Numbers are numeric cells, dates are date cells, text is always a
/// string (never a formula), every sheet has a bold frozen header and an autofilter. Occupancy
/// above 100 % is highlighted on Summary, which also gets an occupancy chart when it has 50
/// facilities or fewer. Source URLs are hyperlinks on the Sources sheet; on the Facts sheet
/// they are plain text, because libxlsxwriter keeps every hyperlink in memory until the file
/// is closed (about 200 MB for a sheet full of links), which would defeat streaming.
///
/// The workbook is written in constant-memory mode to a temporary file beside the target and
/// renamed into place only when `workbook_close` reports success.
public struct XLSXReportBuilder: Sendable {
    /// Called every 100,000 fact rows with the number written, for progress lines.
    public var progress: (@Sendable (Int) -> Void)?
    /// The language of sheet names, column headers and the About sheet; `nil` (English) keeps
    /// rightsbrief's own names (`Facts`, `facility_id`). Cell values stay as stored.
    public var catalogue: Catalogue?

    private var words: Words { Words(catalogue) }

    public init(progress: (@Sendable (Int) -> Void)? = nil) {
        self.progress = progress
    }

    /// Writes the workbook for `model` to `url`.
    ///
    /// - Throws: ``ReportError/outputNotWritable(path:reason:)`` when the folder is missing or
    ///   not writable or libxlsxwriter cannot finish the file; nothing is left at `url` then,
    ///   and a previous file there is kept.
    public func write(_ model: ReportModel, to url: URL, generatedAt: Date = Date()) throws {
        try write(tables: ExportTables(model), about: ExportAbout(model), to: url, generatedAt: generatedAt)
    }

    /// Writes a workbook of `tables` (for example streaming tables from the store) to `url`.
    ///
    /// - Throws: as ``write(_:to:generatedAt:)``.
    public func write(
        tables: ExportTables, about: ExportAbout, to url: URL, only: String? = nil, generatedAt: Date = Date()
    ) throws {
        try AtomicFile.write(to: url) { temporary in
            do {
                let workbook = try XLSXWorkbook(path: temporary.path, constantMemory: true)
                if let only, let table = tables.table(named: only) {
                    let series = try writeSheet(table, in: workbook, links: table.name == "sources", reportProgress: true)
                    try writeAbout(
                        workbook, tables: [table], counts: [series.dataRowCount], about: about, generatedAt: generatedAt)
                } else {
                    try fill(workbook, tables: tables, about: about, generatedAt: generatedAt)
                }
                try workbook.close()
            } catch let error as XLSXError {
                throw ReportError.outputNotWritable(path: url.path, reason: error.errorDescription ?? "\(error)")
            }
        }
    }

    private func fill(_ workbook: XLSXWorkbook, tables: ExportTables, about: ExportAbout, generatedAt: Date) throws {
        // Sheets appear in creation order, so Facts (and any Facts (2)) is written in full
        // before the sheets after it are added.
        let overview = try writeSheet(tables.overview, in: workbook, links: false)
        let summary = try writeSheet(tables.summary, in: workbook, links: false)
        let occupancyColumn = ExportTables.summaryColumns.firstIndex { $0.name == "occupancy_percent" } ?? 6
        try summary.highlightCells(inColumn: occupancyColumn, greaterThan: 100)
        let charted = summary.dataRowCount
        if (1...50).contains(charted) {
            try summary.sheets[0].insertBarChart(
                .bar, title: words.text("xlsx_chart_occupancy", english: "Occupancy (% of design capacity)"),
                categories: XLSXCellRange(sheet: summary.sheets[0], column: 1, rows: 1...charted),
                values: XLSXCellRange(sheet: summary.sheets[0], column: occupancyColumn, rows: 1...charted),
                row: charted + 2, column: 1)
        }
        let facilities = try writeSheet(tables.facilities, in: workbook, links: false)
        let facts = try writeSheet(tables.facts, in: workbook, links: false, reportProgress: true)
        let sources = try writeSheet(tables.sources, in: workbook, links: true)
        let events = try writeSheet(tables.events, in: workbook, links: false)
        let counts = [overview, summary, facilities, facts, sources, events].map(\.dataRowCount)
        try writeAbout(workbook, tables: tables.all, counts: counts, about: about, generatedAt: generatedAt)
    }

    private func writeSheet(
        _ table: ExportTable, in workbook: XLSXWorkbook, links: Bool, reportProgress: Bool = false
    ) throws -> XLSXSheetSeries {
        let words = self.words
        let series = try workbook.addSheetSeries(
            named: sheetName(table),
            columns: table.columns.map { XLSXColumn(words.text("header_" + $0.name, english: $0.name), width: $0.width) })
        var written = 0
        let plan = table.rawPlan
        try table.forEachRawRow { row in
            let sheet = try series.beginRow()
            switch row {
            case .cells(let cells):
                for cell in cells { try Self.write(cell, to: sheet, links: links) }
            case .raw(let raw):
                for column in plan { try Self.write(column, from: raw, to: sheet) }
            }
            written += 1
            if reportProgress, written % 100_000 == 0 { progress?(written) }
        }
        return series
    }

    private static func write(_ cell: ExportCell, to sheet: XLSXWorksheet, links: Bool) throws {
        switch cell {
        case .text(let text): try sheet.write(string: text)
        case .boolean(let value): try sheet.write(boolean: value)
        case .number(let number): try sheet.write(number: number)
        case .date(let day): try sheet.write(date: (day.year, day.month, day.day))
        case .url(let url): links ? try sheet.write(url: url) : try sheet.write(string: url)
        case .empty: try sheet.writeBlank()
        }
    }

    private static func write(_ column: RawColumn, from row: RawRow, to sheet: XLSXWorksheet) throws {
        switch column {
        case .integer(let index):
            row.isNull(index) ? try sheet.writeBlank() : try sheet.write(number: Double(row.int64(index)))
        case .text(let index):
            row.isNull(index) ? try sheet.writeBlank() : try sheet.write(utf8: row.text(index))
        case .date(let index):
            let bytes = row.text(index)
            if let day = RawDay.parse(bytes) {
                try sheet.write(date: day)
            } else if row.isNull(index) {
                try sheet.writeBlank()
            } else {
                try sheet.write(utf8: bytes)
            }
        case .value(let number, let level):
            if row.isNull(number) {
                row.isNull(level) ? try sheet.writeBlank() : try sheet.write(utf8: row.text(level))
            } else {
                try sheet.write(number: row.double(number))
            }
        case .yesNo(let index):
            try sheet.write(boolean: row.int64(index) == 1)
        }
    }

    private func writeAbout(
        _ workbook: XLSXWorkbook, tables: [ExportTable], counts: [Int], about: ExportAbout, generatedAt: Date
    ) throws {
        let words = self.words
        func t(_ key: String, _ english: String) -> String { words.text(key, english: english) }
        let sheet = try workbook.addWorksheet(named: t("sheet_about", "About"))
        try sheet.writeHeader(
            [XLSXColumn(t("about_item", "item"), width: 26), XLSXColumn(t("about_value", "value"), width: 90)],
            autofilter: false)
        var rows: [(String, String, isCount: Bool)] = [
            (t("about_title", "title"), about.title, false),
            (t("about_selection", "selection"), about.selection, false),
            (t("about_audience", "audience"), words.audience(about.audience), false),
            (t("about_as_of", "as of"), about.asOf.description, false),
            (t("about_generated_at", "generated at"), Timestamp.string(generatedAt), false),
        ]
        for (table, count) in zip(tables, counts) {
            let name = sheetName(table)
            rows.append((words.format("about_rows_in", english: "rows in \(name)", ["sheet": name]), String(count), true))
        }
        let note = t("about_note", "note")
        rows.append((
            note, t("about_note_facts", "Facts are one row per fact with the ids of all its sources; source URLs are links on the Sources sheet."), false))
        rows.append((
            note, t("about_note_redaction", "Material above the audience's sensitivity is left out, and so is a fact whose only sources are withheld."), false))
        if catalogue != nil, words.language != Catalogue.referenceLanguage {
            rows.append((note, t("about_note_values", ""), false))
        }
        for document in about.standardDocuments {
            rows.append((t("about_standard", "standard"), "\(document.title) (\(document.reference)), \(document.publisher)", false))
        }
        for (item, value, isCount) in rows {
            try sheet.beginRow()
            try sheet.write(string: item)
            if let number = Double(value), isCount {
                try sheet.write(number: number)
            } else {
                try sheet.write(string: value)
            }
        }
    }
}

extension XLSXReportBuilder {
    /// A table's sheet name in the builder's language: `Facts`, `Hechos`.
    func sheetName(_ table: ExportTable) -> String {
        words.text("sheet_" + table.name, english: table.sheetName)
    }
}

/// What the About sheet says about an export.
public struct ExportAbout: Sendable {
    public var title: String
    public var selection: String
    public var audience: Audience
    public var asOf: Day
    public var standardDocuments: [StandardDocument]

    public init(title: String, selection: String, audience: Audience, asOf: Day, standardDocuments: [StandardDocument]) {
        self.title = title
        self.selection = selection
        self.audience = audience
        self.asOf = asOf
        self.standardDocuments = standardDocuments
    }

    /// The description of a report model.
    public init(_ model: ReportModel) {
        self.init(
            title: model.title, selection: model.selection.description, audience: model.audience, asOf: model.asOf,
            standardDocuments: model.standardDocuments)
    }
}

/// Parses `YYYY-MM-DD` bytes without building a string.
enum RawDay {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10) else { return nil }
        return (year, month, day)
    }
}
