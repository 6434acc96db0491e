import Foundation
import RightsBriefCore

/// Dates and numbers in a briefing's language, through Foundation's locale data.
///
/// English keeps ``Formatting`` and ``Day/longDescription`` exactly (`1 March 2025`,
/// `40,000`, `3.4`), so English briefings do not depend on the platform's locale data. Other
/// languages use the locale's month names, grouping and decimal separators: in Spanish
/// `3 de febrero de 2025`, `40.000`, `3,4`. Dates are calendar days, formatted in UTC so the
/// machine's time zone cannot move them.
public enum LocaleFormatting {
    /// A day written out: `3 February 2025`, `3 de febrero de 2025`.
    public static func longDate(_ day: Day, language: String) -> String {
        guard language != Catalogue.referenceLanguage else { return day.longDescription }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else {
            return day.description
        }
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: language)
        formatter.setLocalizedDateFormatFromTemplate("dMMMMy")
        return formatter.string(from: date)
    }

    /// A number with at most `decimals` decimals and no trailing zeros, grouped the locale's
    /// way: `1,250.5` in English, `1250,5` or `40.000` in Spanish.
    public static func number(_ value: Double, decimals: Int = 1, language: String) -> String {
        guard language != Catalogue.referenceLanguage else { return Formatting.number(value, decimals: decimals) }
        guard value.isFinite else { return "–" }
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: language)
        formatter.numberStyle = .decimal
        formatter.usesGroupingSeparator = true
        formatter.minimumFractionDigits = 0
        formatter.maximumFractionDigits = max(0, decimals)
        formatter.roundingMode = .halfUp
        return formatter.string(from: NSNumber(value: value)) ?? Formatting.number(value, decimals: decimals)
    }

    /// A whole number grouped the locale's way: `40,000`, `40.000`.
    public static func grouped(_ value: Int64, language: String) -> String {
        guard language != Catalogue.referenceLanguage else { return Formatting.grouped(value) }
        return number(Double(value), decimals: 0, language: language)
    }
}
