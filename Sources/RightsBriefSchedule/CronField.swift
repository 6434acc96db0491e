/// One of the five fields of a cron expression, in the order they are written.
///
/// The raw value is the name used in error messages (`day-of-month`, `day-of-week`).
public enum CronField: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    case minute
    case hour
    case dayOfMonth = "day-of-month"
    case month
    case dayOfWeek = "day-of-week"

    /// The field's name as it appears in error messages, for example `day-of-month`.
    public var description: String { rawValue }

    /// The smallest value the field accepts.
    public var lowerBound: Int {
        switch self {
        case .minute, .hour, .dayOfWeek: 0
        case .dayOfMonth, .month: 1
        }
    }

    /// The largest value the field accepts (7 for day-of-week, which is Sunday like 0).
    public var upperBound: Int {
        switch self {
        case .minute: 59
        case .hour: 23
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        }
    }

    /// The largest step (`*/S`) the field accepts: the field's width, `upperBound - lowerBound`.
    ///
    /// A larger step could only ever select the first value of its range, which is almost always
    /// a typo (`*/60` in the minute field), so it is refused.
    public var maximumStep: Int { upperBound - lowerBound }

    /// The three-letter names the field accepts (case-insensitive), mapped to their values.
    var names: [String: Int] {
        switch self {
        case .month:
            [
                "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
                "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
            ]
        case .dayOfWeek:
            ["SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6]
        case .minute, .hour, .dayOfMonth:
            [:]
        }
    }

    /// What a user may write in this field, for the end of an error message.
    var allowedValuesHint: String {
        switch self {
        case .month: "JAN-DEC or 1-12"
        case .dayOfWeek: "SUN-SAT or 0-7, where 0 and 7 are Sunday"
        case .minute, .hour, .dayOfMonth: "\(lowerBound)-\(upperBound)"
        }
    }
}
