import Foundation
import RightsBriefCore

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

    public init(progress: (@Sendable (Int) -> Void)? = nil) {
        self.progress = progress
    }

    /// Writes the workbook for `model` to `url`.
    ///
    /// - Throws: ``ReportError/outputNotWritable(path:reason:)`` when the folder is missing or
    ///   not writable or libxlsxwriter cannot finish the file; nothing is left at `url` then,
    ///   and a previous file there is kept.
    public func write(_ model: ReportModel, to url: URL, generatedAt: Date = Date()) throws {
        try write(tables: ExportTables(model), model: model, to: url, generatedAt: generatedAt)
    }

    func write(tables: ExportTables, model: ReportModel, to url: URL, generatedAt: Date) throws {
        try AtomicFile.write(to: url) { temporary in
            do {
                let workbook = try XLSXWorkbook(path: temporary.path, constantMemory: true)
                try fill(workbook, tables: tables, model: model, generatedAt: generatedAt)
                try workbook.close()
            } catch let error as XLSXError {
                throw ReportError.outputNotWritable(path: url.path, reason: error.errorDescription ?? "\(error)")
            }
        }
    }

    private func fill(_ workbook: XLSXWorkbook, tables: ExportTables, model: ReportModel, generatedAt: Date) throws {
        // Sheets appear in creation order, so Facts (and any Facts (2)) is written in full
        // before the sheets after it are added.
        let summary = try writeSheet(tables.summary, in: workbook, links: false)
        let occupancyColumn = 5
        try summary.highlightCells(inColumn: occupancyColumn, greaterThan: 100)
        let charted = tables.summary.rowCount
        if (1...50).contains(charted) {
            try summary.sheets[0].insertBarChart(
                .bar, title: "Occupancy (% of design capacity)",
                categories: XLSXCellRange(sheet: summary.sheets[0], column: 1, rows: 1...charted),
                values: XLSXCellRange(sheet: summary.sheets[0], column: occupancyColumn, rows: 1...charted),
                row: charted + 2, column: 1)
        }
        _ = try writeSheet(tables.facilities, in: workbook, links: false)
        _ = try writeSheet(tables.facts, in: workbook, links: false, reportProgress: true)
        _ = try writeSheet(tables.sources, in: workbook, links: true)
        _ = try writeSheet(tables.events, in: workbook, links: false)
        try writeAbout(workbook, tables: tables, model: model, generatedAt: generatedAt)
    }

    private func writeSheet(
        _ table: ExportTable, in workbook: XLSXWorkbook, links: Bool, reportProgress: Bool = false
    ) throws -> XLSXSheetSeries {
        let series = try workbook.addSheetSeries(
            named: table.sheetName, columns: table.columns.map { XLSXColumn($0.name, width: $0.width) })
        var written = 0
        try table.forEachRow { cells in
            let sheet = try series.beginRow()
            for cell in cells {
                switch cell {
                case .text(let text): try sheet.write(string: text)
                case .number(let number): try sheet.write(number: number)
                case .date(let day): try sheet.write(date: (day.year, day.month, day.day))
                case .url(let url): links ? try sheet.write(url: url) : try sheet.write(string: url)
                case .empty: try sheet.writeBlank()
                }
            }
            written += 1
            if reportProgress, written % 100_000 == 0 { progress?(written) }
        }
        return series
    }

    private func writeAbout(_ workbook: XLSXWorkbook, tables: ExportTables, model: ReportModel, generatedAt: Date) throws {
        let sheet = try workbook.addWorksheet(named: "About")
        try sheet.writeHeader([XLSXColumn("item", width: 26), XLSXColumn("value", width: 90)], autofilter: false)
        var rows: [(String, String)] = [
            ("title", model.title),
            ("selection", model.selection.description),
            ("audience", model.audience.rawValue),
            ("as of", model.asOf.description),
            ("generated at", Timestamp.string(generatedAt)),
        ]
        for table in tables.all {
            rows.append(("rows in \(table.sheetName)", String(table.rowCount)))
        }
        rows.append(
            ("note", "Facts are one row per fact with the ids of all its sources; source URLs are links on the Sources sheet."))
        rows.append(
            ("note", "Material above the audience's sensitivity is left out, and so is a fact whose only sources are withheld."))
        for document in model.standardDocuments {
            rows.append(("standard", "\(document.title) (\(document.reference)), \(document.publisher)"))
        }
        for (item, value) in rows {
            try sheet.beginRow()
            try sheet.write(string: item)
            if let number = Double(value), item.hasPrefix("rows in") {
                try sheet.write(number: number)
            } else {
                try sheet.write(string: value)
            }
        }
    }
}
