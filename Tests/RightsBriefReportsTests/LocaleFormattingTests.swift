import RightsBriefCore
import RightsBriefReports
import TestSupport
import Testing

@Suite("Dates and numbers per locale")
struct LocaleFormattingTests {
    @Test("Spanish dates are written out with 'de'; English ones stay as before")
    func dates() {
        #expect(LocaleFormatting.longDate(day("2025-02-03"), language: "es") == "3 de febrero de 2025")
        #expect(LocaleFormatting.longDate(day("2025-12-31"), language: "es") == "31 de diciembre de 2025")
        #expect(LocaleFormatting.longDate(day("2025-02-03"), language: "en") == "3 February 2025")
    }

    @Test("Spanish numbers use a point to group and a comma for decimals")
    func numbers() {
        #expect(LocaleFormatting.grouped(40_000, language: "es") == "40.000")
        #expect(LocaleFormatting.grouped(1_234_567, language: "es") == "1.234.567")
        #expect(LocaleFormatting.number(3.4, language: "es") == "3,4")
        #expect(LocaleFormatting.number(12_500.25, decimals: 2, language: "es") == "12.500,25")
        #expect(LocaleFormatting.number(3.0, language: "es") == "3")
        #expect(LocaleFormatting.grouped(40_000, language: "en") == "40,000")
        #expect(LocaleFormatting.number(12_500.25, decimals: 2, language: "en") == "12,500.25")
    }
}
