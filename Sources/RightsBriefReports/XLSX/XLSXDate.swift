/// Calendar checks for the dates Excel can hold as numbers (1900-01-01 to 9999-12-31).
enum XLSXDate {
    /// Tells whether the day exists in the proleptic Gregorian calendar and Excel can hold it.
    ///
    /// - Parameters:
    ///   - year: The year.
    ///   - month: The month, 1 to 12.
    ///   - day: The day of the month.
    /// - Returns: `true` for a real day from 1900-01-01 to 9999-12-31.
    static func isExcelDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1900...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        return day <= daysIn(month: month, year: year)
    }

    /// The date as `YYYY-MM-DD` text, for dates Excel cannot hold as numbers.
    ///
    /// - Parameters:
    ///   - year: The year.
    ///   - month: The month.
    ///   - day: The day.
    /// - Returns: ISO 8601 text with zero-padded fields.
    static func isoText(year: Int, month: Int, day: Int) -> String {
        let sign = year < 0 ? "-" : ""
        return sign + padded(abs(year), to: 4)
            + "-" + padded(month, to: 2) + "-" + padded(day, to: 2)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    private static func padded(_ value: Int, to width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
