import Foundation
import TestSupport
import Testing

/// The README's first command ends with `rightsbrief demo`; this is what a newcomer sees.
@Suite("rightsbrief demo, as a newcomer runs it")
struct DemoCommandTests {
    @Test("writes briefing.md, briefing.xlsx and csv/ with CECOT's figures, rules, timeline and sources")
    func demoOutputs() throws {
        // Given an empty folder
        let folder = try makeTemporaryFolder("demo")
        let output = folder.appendingPathComponent("out")

        // When the demo runs there
        let result = try runRightsbrief(
            ["demo", "--db", folder.appendingPathComponent("demo.sqlite").path, "--output", output.path,
             "--as-of", "2025-03-01"], in: folder)

        // Then it succeeds and the briefing says what the seed article reports, footnoted
        #expect(result.status == 0, "\(result.stderr)")
        let briefing = String(decoding: fileBytes(output.appendingPathComponent("briefing.md")), as: UTF8.self)
        #expect(briefing.contains("| Design capacity | 40,000 | 2025-02-03 | reported | [1] |"))
        for (condition, rule) in [("Sanitation", "Rule 15"), ("Potable water", "Rule 22(2)"), ("Temperature control", "Rule 13")] {
            #expect(briefing.contains("| Nelson Mandela Rules, \(rule) | falls short | \(condition) reported absent | [1, 2] |"))
        }
        #expect(briefing.contains("- **3 February 2025**: US–El Salvador agreement announced"))
        #expect(briefing.contains("1. Black News Daily, “El Salvador President Offers To Jail"))
        // And the HTML page and the PDF (WeasyPrint is installed by scripts/install-deps) are there
        let page = String(decoding: fileBytes(output.appendingPathComponent("briefing.html")), as: UTF8.self)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("40,000"))
        #expect(!page.contains("<script"))
        #expect(fileBytes(output.appendingPathComponent("briefing.pdf")).starts(with: Data("%PDF".utf8)))
        // And the Markdown links the conditions grid written beside it
        #expect(briefing.contains("![Conditions against the Nelson Mandela Rules](charts/conditions.svg)"))
        #expect(fileBytes(output.appendingPathComponent("charts/conditions.svg")).starts(with: Data("<?xml".utf8)))
        // And the spreadsheets are there
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("briefing.xlsx").path))
        for table in ["facilities", "facts", "sources", "events", "summary"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("csv/\(table).csv").path))
        }
    }

    @Test("openpyxl reads briefing.xlsx with numbers as numbers, dates as dates and no formulas")
    func workbookTypes() throws {
        // Given the demo's workbook
        let folder = try makeTemporaryFolder("demo-xlsx")
        let output = folder.appendingPathComponent("out")
        let run = try runRightsbrief(
            ["demo", "--db", folder.appendingPathComponent("demo.sqlite").path, "--output", output.path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")

        // When Python's openpyxl opens it
        let script = """
            import datetime, sys
            import openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            print(",".join(wb.sheetnames))
            facts = wb["Facts"]
            header = [c.value for c in facts[1]]
            rows = [dict(zip(header, r)) for r in facts.iter_rows(min_row=2, values_only=True)]
            cap = next(r for r in rows if r["attribute"] == "design_capacity")
            print(type(cap["value"]).__name__, cap["value"], isinstance(cap["as_of"], datetime.datetime), cap["as_of"].date())
            print(sum(1 for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"))
            print(wb["Facts"].freeze_panes, wb["Facts"].auto_filter.ref)
            """
        let result = try runProcess(
            "/usr/bin/python3", ["-c", script, output.appendingPathComponent("briefing.xlsx").path])

        // Then the sheets, types, frozen header and filter are what an analyst expects
        #expect(result.status == 0, "python3-openpyxl is needed (scripts/install-deps): \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Overview,Summary,Facilities,Facts,Sources,Events,About")
        #expect(lines.dropFirst().first == "int 40000 True 2025-02-03")
        #expect(lines.dropFirst(2).first == "0")
        #expect(lines.dropFirst(3).first == "A2 A1:R5")
    }
}
