import Foundation
import Testing

@testable import RightsBriefReports

@Suite("XLSX workbook writer")
struct XLSXWorkbookTests {
    // MARK: - Typed cells

    @Test("Given numbers, dates and text, when written, then each cell has its Excel type")
    func typedCells() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("typed.xlsx").path
            let workbook = try XLSXWorkbook(path: path)
            let sheet = try workbook.addWorksheet(named: "Facts")
            try sheet.writeHeader([XLSXColumn("Name"), XLSXColumn("Population")])
            try sheet.beginRow()
            try sheet.write(string: "CECOT")
            try sheet.write(number: 40_000)
            try sheet.write(number: 1.25, style: .percent)
            try sheet.write(date: (year: 2025, month: 2, day: 3))
            try sheet.writeBlank()
            try sheet.write(string: "after blank")
            try workbook.close()

            let cells = try XLSXReading(url: URL(fileURLWithPath: path)).sheet("Facts")
            #expect(cells["A1"]?.value == "Name")
            #expect(cells["A2"]?.isString == true)
            #expect(cells["A2"]?.value == "CECOT")
            #expect(cells["B2"]?.kind == .number)
            #expect(cells["B2"]?.number == 40_000)
            #expect(cells["C2"]?.number == 1.25)
            #expect(cells["C2"]?.numberFormat == "0.0%")
            #expect(cells["D2"]?.kind == .number)
            #expect(cells["D2"]?.isDate == true)
            #expect(cells["D2"]?.numberFormat == "yyyy-mm-dd")
            // 2025-02-03 is day 45,691 of Excel's 1900 date system.
            #expect(cells["D2"]?.number == 45_691)
            #expect(cells["E2"] == nil)
            #expect(cells["F2"]?.value == "after blank")
        }
    }

    @Test("Given text that looks like a formula, when written, then it stays a string cell")
    func formulaLookingTextStaysText() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("formulas.xlsx").path
            let workbook = try XLSXWorkbook(path: path)
            let sheet = try workbook.addWorksheet(named: "Facts")
            let texts = ["=1+2", "@SUM(A1)", "+1", "-1", "=HYPERLINK(\"http://x\")"]
            for text in texts { try sheet.write(string: text) }
            try workbook.close()

            let cells = try XLSXReading(url: URL(fileURLWithPath: path)).sheet("Facts")
            for (offset, text) in texts.enumerated() {
                let cell = cells["\(["A", "B", "C", "D", "E"][offset])1"]
                #expect(cell?.isString == true)
                #expect(cell?.value == text)
                #expect(cell?.formula == nil)
            }
            #expect(!cells.xml.contains("<f>"))
            #expect(!cells.xml.contains("<f "))
        }
    }

    @Test("Given a day Excel cannot hold or a NaN, when written, then the value is kept as text")
    func unrepresentableValuesBecomeText() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("odd.xlsx").path
            let workbook = try XLSXWorkbook(path: path)
            let sheet = try workbook.addWorksheet(named: "Odd")
            try sheet.write(date: (year: 1899, month: 12, day: 31))
            try sheet.write(date: (year: 2023, month: 2, day: 29))
            try sheet.write(number: .nan)
            try sheet.write(number: -.infinity)
            try sheet.write(date: (year: 2024, month: 2, day: 29))
            try workbook.close()

            let cells = try XLSXReading(url: URL(fileURLWithPath: path)).sheet("Odd")
            #expect(cells["A1"]?.value == "1899-12-31")
            #expect(cells["B1"]?.value == "2023-02-29")
            #expect(cells["C1"]?.value == "NaN")
            #expect(cells["D1"]?.value == "-Infinity")
            #expect(cells["E1"]?.isDate == true)
        }
    }

    // MARK: - Text hygiene

    @Test("Given text containing _x0041_, when written, then Excel will show it literally")
    func escapeSequencesRoundTrip() throws {
        for constantMemory in [true, false] {
            try withFolder { folder in
                let path = folder.appendingPathComponent("escapes.xlsx").path
                let workbook = try XLSXWorkbook(path: path, constantMemory: constantMemory)
                let sheet = try workbook.addWorksheet(named: "Text")
                let texts = ["_x0041_", "a_x0041_x0042_b", "_X00ff_", "_x00G1_", "_x000D_"]
                for text in texts { try sheet.write(string: text) }
                try workbook.close()

                let reading = try XLSXReading(url: URL(fileURLWithPath: path))
                let cells = try reading.sheet("Text")
                for (offset, text) in texts.enumerated() {
                    #expect(cells["\(["A", "B", "C", "D", "E"][offset])1"]?.value == text)
                }
                let stored = constantMemory ? cells.xml : try reading.part("xl/sharedStrings.xml")
                #expect(stored.contains("_x005F_x0041_"))
                #expect(stored.contains("a_x005F_x0041_x005F_x0042_b"))
                #expect(stored.contains("_x00G1_"))
            }
        }
    }

    @Test("Given control characters, when written, then they become U+FFFD and TAB/LF/CR stay")
    func controlCharactersReplaced() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("controls.xlsx").path
            let workbook = try XLSXWorkbook(path: path)
            let sheet = try workbook.addWorksheet(named: "Text")
            try sheet.write(string: "bell\u{07}nul\u{00}end")
            try sheet.write(string: "tab\tline\nreturn\r.")
            try sheet.write(string: "non\u{FFFE}char\u{FFFF}")
            try sheet.write(string: "ünïcødé 🚀")
            try workbook.close()

            let cells = try XLSXReading(url: URL(fileURLWithPath: path)).sheet("Text")
            #expect(cells["A1"]?.value == "bell\u{FFFD}nul\u{FFFD}end")
            #expect(cells["B1"]?.value == "tab\tline\nreturn\r.")
            #expect(cells["C1"]?.value == "non\u{FFFD}char\u{FFFD}")
            #expect(cells["D1"]?.value == "ünïcødé 🚀")
        }
    }

    @Test("Given a 32,768-character text, when written, then it is cut with a visible marker")
    func longTextTruncated() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("long.xlsx").path
            let workbook = try XLSXWorkbook(path: path)
            let sheet = try workbook.addWorksheet(named: "Text")
            let tooLong = String(repeating: "a", count: 32_768)
            let exact = String(repeating: "b", count: 32_767)
            let emoji = String(repeating: "🚀", count: 20_000)
            try sheet.write(string: tooLong)
            try sheet.write(string: exact)
            try sheet.write(string: emoji)
            try workbook.close()

            let cells = try XLSXReading(url: URL(fileURLWithPath: path)).sheet("Text")
            let cut = try #require(cells["A1"]?.value)
            #expect(cut.utf16.count <= 32_767)
            let marker = XLSXText.marker(omitting: 32_768 - (cut.utf16.count - markerLength(cut)))
            #expect(cut.hasSuffix(marker))
            #expect(cut.hasPrefix(String(repeating: "a", count: 32_000)))
            #expect(cells["B1"]?.value == exact)
            let rockets = try #require(cells["C1"]?.value)
            #expect(rockets.utf16.count <= 32_767)
            #expect(rockets.hasSuffix(" characters]"))
            #expect(rockets.unicodeScalars.allSatisfy { $0 == "🚀" || $0.isASCII || $0 == "…" })
        }
    }

    @Test("Given repair rules, when applied to bytes, then output matches and stays in budget")
    func repairUnit() {
        func repaired(_ text: String, limit: Int = XLSXText.maxCellUnits) -> String {
            var output: [UInt8] = []
            var copy = text
            copy.withUTF8 { XLSXText.repair($0, into: &output, limit: limit) }
            #expect(output.last == 0)
            return String(decoding: output.dropLast(), as: UTF8.self)
        }
        func clean(_ text: String) -> Bool {
            var copy = text
            return copy.withUTF8 { XLSXText.isClean($0) }
        }
        #expect(clean("plain text, with ünïcode and _x00_ and x0041_"))
        #expect(!clean("_x0041_"))
        #expect(!clean("a\u{1F}"))
        #expect(!clean("\u{FFFF}"))
        #expect(clean("\u{FFFD}\u{EFFF}"))
        #expect(repaired("_x0041__x0042_") == "_x005F_x0041__x005F_x0042_")
        #expect(repaired("x\u{0}y") == "x\u{FFFD}y")
        let short = repaired(String(repeating: "z", count: 100), limit: 40)
        #expect(short.utf16.count <= 40)
        let kept = short.utf16.count - markerLength(short)
        #expect(short.hasSuffix(XLSXText.marker(omitting: 100 - kept)))
    }

    // MARK: - Hyperlinks

    @Test("Given more URLs than the hyperlink limit, when written, then the rest are plain text")
    func hyperlinkLimitFallsBackToText() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("links.xlsx").path
            var limits = XLSXLimits.excel
            limits.hyperlinksPerSheet = 2
            #expect(XLSXLimits.excel.hyperlinksPerSheet == 65_530)
            let workbook = try XLSXWorkbook(path: path, constantMemory: true, limits: limits)
            let sheet = try workbook.addWorksheet(named: "Sources")
            for index in 1...4 {
                try sheet.beginRow()
                let url = "https://example.org/\(index)?a=1&b=2"
                try sheet.write(url: url, text: "Source \(index)")
            }
            try sheet.beginRow()
            try sheet.write(url: "javascript:alert(1)")
            #expect(sheet.hyperlinkCount == 2)
            try workbook.close()

            let cells = try XLSXReading(url: URL(fileURLWithPath: path)).sheet("Sources")
            #expect(cells["A1"]?.value == "Source 1")
            #expect(cells.hyperlinks["A1"] == "https://example.org/1?a=1&b=2")
            #expect(cells.hyperlinks["A2"] == "https://example.org/2?a=1&b=2")
            #expect(cells.hyperlinks["A3"] == nil)
            #expect(cells["A3"]?.value == "https://example.org/3?a=1&b=2")
            #expect(cells["A4"]?.value == "https://example.org/4?a=1&b=2")
            #expect(cells["A5"]?.value == "javascript:alert(1)")
            #expect(cells.hyperlinks["A5"] == nil)
        }
    }

    // MARK: - Sheets

    @Test("Given more rows than a sheet holds, when written via a series, then it continues")
    func sheetSeriesContinues() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("series.xlsx").path
            var limits = XLSXLimits.excel
            limits.rowsPerSheet = 3
            #expect(XLSXLimits.excel.rowsPerSheet == 1_048_576)
            let workbook = try XLSXWorkbook(path: path, constantMemory: true, limits: limits)
            let columns = [XLSXColumn("Id", width: 10), XLSXColumn("Occupancy", width: 12)]
            let series = try workbook.addSheetSeries(named: "Facts", columns: columns)
            try series.highlightCells(inColumn: 1, greaterThan: 1.0)
            for index in 1...5 {
                let sheet = try series.beginRow()
                try sheet.write(string: "fact-\(index)")
                try sheet.write(number: Double(index) / 2, style: .percent)
            }
            #expect(series.dataRowCount == 5)
            #expect(series.sheets.map(\.name) == ["Facts", "Facts (2)", "Facts (3)"])
            try workbook.close()

            let reading = try XLSXReading(url: URL(fileURLWithPath: path))
            #expect(reading.sheetNames == ["Facts", "Facts (2)", "Facts (3)"])
            var ids: [String] = []
            for name in reading.sheetNames {
                let sheet = try reading.sheet(name)
                #expect(sheet["A1"]?.value == "Id")
                #expect(sheet["B1"]?.value == "Occupancy")
                #expect(sheet.xml.contains("<pane ySplit=\"1\""))
                #expect(sheet.xml.contains("<cfRule type=\"cellIs\""))
                #expect(sheet.xml.contains("<autoFilter ref=\"A1:B"))
                for row in 2...3 {
                    if let id = sheet["A\(row)"]?.value { ids.append(id) }
                }
            }
            #expect(ids == (1...5).map { "fact-\($0)" })
        }
    }

    @Test("Given a plain worksheet at its row limit, when a row is begun, then it throws")
    func plainWorksheetFull() throws {
        try withFolder { folder in
            var limits = XLSXLimits.excel
            limits.rowsPerSheet = 2
            let path = folder.appendingPathComponent("full.xlsx").path
            let workbook = try XLSXWorkbook(path: path, constantMemory: true, limits: limits)
            let sheet = try workbook.addWorksheet(named: "Small")
            try sheet.beginRow()
            try sheet.beginRow()
            #expect(sheet.isFull)
            #expect(throws: XLSXError.worksheetFull(sheet: "Small", rows: 2)) {
                try sheet.beginRow()
            }
            try workbook.close()
        }
    }

    @Test("Given awkward sheet names, when added, then they are sanitized, short and unique")
    func sheetNamesSanitized() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("names.xlsx").path
            let workbook = try XLSXWorkbook(path: path)
            let names = try [
                "SV/El Salvador: [2025]*?", "facts", "FACTS", "'quoted'", "History",
                String(repeating: "n", count: 40), String(repeating: "n", count: 35), "",
            ].map { try workbook.addWorksheet(named: $0).name }
            try workbook.close()

            #expect(names[0] == "SV_El Salvador_ _2025___")
            #expect(names[1] == "facts")
            #expect(names[2] == "FACTS (2)")
            #expect(names[3] == "quoted")
            #expect(names[4] == "History (2)")
            #expect(names[5] == String(repeating: "n", count: 31))
            #expect(names[6] == String(repeating: "n", count: 27) + " (2)")
            #expect(names[7] == "Sheet")
            #expect(names.allSatisfy { $0.utf16.count <= 31 })
            let reading = try XLSXReading(url: URL(fileURLWithPath: path))
            #expect(reading.sheetNames == names)
        }
    }

    @Test("Given sheet features, when the workbook closes, then filter, panes, widths, chart exist")
    func sheetFeatures() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("features.xlsx").path
            let workbook = try XLSXWorkbook(path: path)
            let sheet = try workbook.addWorksheet(named: "Occupancy by facility")
            try sheet.writeHeader([XLSXColumn("Facility", width: 30), XLSXColumn("Occupancy")])
            for (name, value) in [("CECOT", 1.4), ("La Esperanza", 2.9), ("Izalco", 0.8)] {
                try sheet.beginRow()
                try sheet.write(string: name)
                try sheet.write(number: value, style: .percent)
            }
            try sheet.setColumnWidth(1, width: 14)
            try sheet.highlightCells(inColumn: 1, greaterThan: 1.0)
            try sheet.insertBarChart(
                .bar,
                title: "=Occupancy",
                categories: XLSXCellRange(sheet: sheet, column: 0, rows: 1...3),
                values: XLSXCellRange(sheet: sheet, column: 1, rows: 1...3),
                row: 5,
                column: 3
            )
            try workbook.close()

            let reading = try XLSXReading(url: URL(fileURLWithPath: path))
            let xml = try reading.sheet("Occupancy by facility").xml
            #expect(xml.contains("<autoFilter ref=\"A1:B4\"/>"))
            #expect(xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""))
            #expect(xml.contains("<col min=\"1\" max=\"1\" width=\"30.7109375\""))
            #expect(xml.contains("<col min=\"2\" max=\"2\" width=\"14.7109375\""))
            #expect(xml.contains(
                "<conditionalFormatting sqref=\"B2:B4\"><cfRule type=\"cellIs\""
            ))
            #expect(xml.contains("<drawing r:id="))
            let chart = try reading.part("xl/charts/chart1.xml")
            #expect(chart.contains("<c:barDir val=\"bar\"/>"))
            #expect(chart.contains("'Occupancy by facility'!$A$2:$A$4"))
            #expect(chart.contains("'Occupancy by facility'!$B$2:$B$4"))
            #expect(chart.contains("<a:t> =Occupancy</a:t>"))
            let styles = try reading.part("xl/styles.xml")
            #expect(styles.contains("FFFFC7CE"))
        }
    }

    // MARK: - Errors and lifetime

    @Test("Given a path in a missing folder, when closed, then close throws cannotWriteFile")
    func closeIntoMissingFolder() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("missing/out.xlsx").path
            let workbook = try XLSXWorkbook(path: path)
            let sheet = try workbook.addWorksheet(named: "Facts")
            try sheet.write(string: "x")
            let error = #expect(throws: XLSXError.self) { try workbook.close() }
            #expect(error == .cannotWriteFile(path: path))
            #expect(
                error?.localizedDescription == "Cannot write the workbook to '\(path)': "
                    + "the folder does not exist or is not writable."
            )
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("Given a closed workbook, when a kept worksheet is written, then it throws")
    func useAfterClose() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("closed.xlsx").path
            let workbook = try XLSXWorkbook(path: path)
            let sheet = try workbook.addWorksheet(named: "Facts")
            try workbook.close()
            #expect(throws: XLSXError.workbookClosed(path: path)) { try sheet.write(string: "x") }
            #expect(throws: XLSXError.workbookClosed(path: path)) { try workbook.close() }
            #expect(throws: XLSXError.workbookClosed(path: path)) {
                try workbook.addWorksheet(named: "More")
            }
        }
    }

    @Test("Given a workbook released without close, when it goes away, then no file is written")
    func releasedWithoutClose() throws {
        try withFolder { folder in
            let path = folder.appendingPathComponent("dropped.xlsx").path
            var sheet: XLSXWorksheet?
            do {
                let workbook = try XLSXWorkbook(path: path)
                sheet = try workbook.addWorksheet(named: "Facts")
                try sheet?.write(string: "x")
            }
            #expect(throws: XLSXError.workbookClosed(path: path)) { try sheet?.write(string: "y") }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }
}

/// Runs `body` with a fresh folder under the temporary directory, removed afterwards.
private func withFolder(_ body: (URL) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("XLSXWorkbookTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try body(folder)
}

/// The UTF-16 length of the truncation marker that ends `text`.
private func markerLength(_ text: String) -> Int {
    guard let start = text.range(of: "… [truncated: ", options: .backwards) else { return 0 }
    return text[start.lowerBound...].utf16.count
}
