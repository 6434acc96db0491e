import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

@Suite("Spanish spreadsheets")
struct SpanishExportTests {
    static func job(language: String) throws -> ReportJob {
        let request = ReportRequest(
            selection: Selection(countries: ["SV"]), asOf: BriefingFixtures.asOf, language: language)
        return try ReportJob(
            store: try CountryFixtures.store(), request: request, locator: ResourceLocator(root: repositoryRoot))
    }

    @Test("An XLSX in Spanish has Spanish sheet names, headers and About sheet; cell values stay as stored")
    func workbook() throws {
        let folder = try makeTemporaryFolder("xlsx-es")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given the country workbook in Spanish and in English
        let spanish = folder.appendingPathComponent("es.xlsx")
        let english = folder.appendingPathComponent("en.xlsx")
        let es = try Self.job(language: "es")
        try es.workbookBuilder().write(tables: try es.tables(), about: es.about, to: spanish)
        let en = try Self.job(language: "en")
        try en.workbookBuilder().write(tables: try en.tables(), about: en.about, to: english)
        let book = try XLSXReading(url: spanish)
        // Then the sheets and headers are Spanish
        #expect(book.sheetNames == ["Panorama", "Resumen", "Centros", "Hechos", "Fuentes", "Sucesos", "Acerca de"])
        let facts = try book.sheet("Hechos")
        #expect(facts["A1"]?.value == "id del hecho")
        #expect(facts["E1"]?.value == "atributo")
        // And the values are the stored ones, as in English
        let englishFacts = try XLSXReading(url: english).sheet("Facts")
        #expect(englishFacts["A1"]?.value == "fact_id")
        #expect(facts["E2"]?.value == englishFacts["E2"]?.value)
        // And the About sheet speaks Spanish
        let about = try book.sheet("Acerca de")
        let items = (1...about.lastRow).compactMap { about["A\($0)"]?.value }
        let values = (1...about.lastRow).compactMap { about["B\($0)"]?.value }
        #expect(items.prefix(6) == ["elemento", "título", "selección", "público destinatario", "fecha de corte", "generado el"])
        #expect(items.contains("filas en Hechos"))
        #expect(values.contains("Informe: lugares de detención en El Salvador"))
        #expect(values.contains("El Salvador (SV)"))
        #expect(values.contains("público general"))
        #expect(values.contains { $0.hasPrefix("Reglas mínimas de las Naciones Unidas para el tratamiento de los reclusos") })
        // And the English workbook keeps its English names
        #expect(try XLSXReading(url: english).sheetNames == ["Overview", "Summary", "Facilities", "Facts", "Sources", "Events", "About"])
    }

    @Test("A signed bundle's manifest names the report's language")
    func manifestLanguage() throws {
        let made = BundleOrigin(command: "export csv", facilities: [], countries: ["SV"], table: nil)
        #expect(try Self.job(language: "es").bundleDescription(made: made).language == "es")
        #expect(try Self.job(language: "en").bundleDescription(made: made).language == "en")
    }

    @Test("A CSV folder in Spanish keeps the English headers and gets a Spanish README.txt; English gets none")
    func csvFolder() throws {
        let folder = try makeTemporaryFolder("csv-es")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given the country's CSV folders in Spanish and in English
        let es = try Self.job(language: "es")
        let en = try Self.job(language: "en")
        try es.csvBuilder().writeFolder(try es.tables(), to: folder.appendingPathComponent("es"))
        try en.csvBuilder().writeFolder(try en.tables(), to: folder.appendingPathComponent("en"))
        // Then every table is the same bytes in both languages
        for name in ExportTables.names {
            let spanish = FileManager.default.contents(atPath: folder.appendingPathComponent("es/\(name).csv").path)
            let english = FileManager.default.contents(atPath: folder.appendingPathComponent("en/\(name).csv").path)
            #expect(spanish != nil && spanish == english, "\(name).csv")
        }
        // And only the Spanish folder has a README, in Spanish, explaining every column
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("en/README.txt").path))
        let readme = try String(contentsOf: folder.appendingPathComponent("es/README.txt"), encoding: .utf8)
        #expect(readme.hasPrefix("Exportación CSV de rightsbrief\r\n"))
        #expect(readme.contains("facts.csv — Hechos: una fila por hecho con los ids de todas sus fuentes"))
        #expect(readme.contains("  fact_id: id del hecho"))
        #expect(readme.contains("adequate = adecuado"))
        #expect(readme.contains("fecha de corte: 1 de marzo de 2025"))
        for table in ExportTables(try BriefingFixtures.model(try CountryFixtures.store())).all {
            for column in table.columns {
                #expect(readme.contains("\r\n  \(column.name): "), "\(table.name).\(column.name) not explained")
            }
        }
    }
}
