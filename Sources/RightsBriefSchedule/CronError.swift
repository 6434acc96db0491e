import Foundation

/// Why a cron expression was refused.
///
/// Every case carries the offending text, and its message (``errorDescription``) is one sentence
/// that says which field and token are wrong and what to write instead, so the command line can
/// print it as a single diagnostic line.
public enum CronError: Error, Equatable, Sendable {
    /// The expression is empty or only whitespace.
    case emptyExpression
    /// The expression does not have exactly five whitespace-separated fields.
    case wrongFieldCount(found: Int)
    /// A list item, range end or step is missing, as in `1,,5`, `1-` or `*/`.
    case emptyValue(field: CronField, text: String)
    /// A number or name lies outside the field's range, as in `25` in the hour field.
    case valueOutOfRange(field: CronField, value: String)
    /// A step is not a whole number from 1 to the field's width, as in `*/0` or `*/60`.
    case invalidStep(field: CronField, step: String)
    /// A range runs backwards, as in `5-1`.
    case reversedRange(field: CronField, range: String)
    /// A step follows a single value, as in `5/10`, which cron refuses ("bad minute").
    case stepWithoutRange(field: CronField, item: String)
    /// A word in the month or day-of-week field is not a three-letter name, as in `FOO`.
    case unknownName(field: CronField, name: String)
    /// A token is not cron syntax at all, as in `L`, `15W`, `?` or `1-2-3`.
    case invalidToken(field: CronField, token: String)
    /// A word after `@` is not one of the shortcuts.
    case unknownShortcut(String)
    /// `@reboot` was given; it runs when the machine starts and has no fire times.
    case rebootHasNoFireTime
    /// The expression is valid but no calendar date matches it, as in `0 0 30 2 *`.
    case neverFires(expression: String)
    /// The expression fires, but not after the given time within the supported range of years.
    case noFireTimeAfter(expression: String, after: String)
}

extension CronError: LocalizedError {
    /// One sentence: what is wrong (which field, which token) and what to do about it.
    public var errorDescription: String? { message }
}

extension CronError: CustomStringConvertible {
    /// The same sentence as ``errorDescription``.
    public var description: String { message }
}

extension CronError {
    private static let fieldOrder = "minute hour day-of-month month day-of-week"
    private static let shortcuts =
        "@yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly"

    private var message: String {
        switch self {
        case .emptyExpression:
            "The cron expression is empty; write five fields (\(Self.fieldOrder)) such as "
                + "'0 8 * * MON', or a shortcut such as '@daily'."
        case .wrongFieldCount(let found):
            wrongFieldCountMessage(found)
        case .emptyValue(let field, let text):
            "Field '\(field)' has an empty value in '\(text)'; put a value there or remove the "
                + "extra ',', '-' or '/'."
        case .valueOutOfRange(let field, let value):
            "Field '\(field)' has '\(value)', which is outside \(field.lowerBound)-"
                + "\(field.upperBound); use a value in that range."
        case .invalidStep(let field, let step):
            "Field '\(field)' has the step '\(step)', which is not a whole number from 1 to "
                + "\(field.maximumStep); use a step in that range."
        case .reversedRange(let field, let range):
            reversedRangeMessage(field, range)
        case .stepWithoutRange(let field, let item):
            stepWithoutRangeMessage(field, item)
        case .unknownName(let field, let name):
            "Field '\(field)' has '\(name)', which is not a "
                + "\(field == .month ? "month" : "day") name; use \(field.allowedValuesHint)."
        case .invalidToken(let field, let token):
            "Field '\(field)' has '\(token)', which is not cron syntax; write values "
                + "(\(field.allowedValuesHint)) with only '*', ',', '-' and '/' between them."
        case .unknownShortcut(let text):
            "'\(text)' is not a cron shortcut; write one of \(Self.shortcuts) on its own, in "
                + "lowercase, or five fields such as '0 8 * * MON'."
        case .neverFires(let expression):
            "'\(expression)' never fires: no calendar date matches its day-of-month and month "
                + "fields (such as February 30 or April 31); check those two fields."
        case .noFireTimeAfter(let expression, let after):
            "'\(expression)' has no fire time after \(after) within the years rightsbrief "
                + "handles; start the search earlier."
        case .rebootHasNoFireTime:
            "'@reboot' runs only when the machine starts, so it has no fire times; use a timed "
                + "expression such as '@daily' or '0 6 * * *'."
        }
    }

    private func wrongFieldCountMessage(_ found: Int) -> String {
        let noun = found == 1 ? "field" : "fields"
        let advice = found < 5
            ? "add the missing fields, e.g. '0 8 * * MON'"
            : "remove the extra fields (the command does not belong in the expression)"
        return "The cron expression has \(found) \(noun) but needs 5 (\(Self.fieldOrder)); "
            + "\(advice)."
    }

    private func reversedRangeMessage(_ field: CronField, _ range: String) -> String {
        let parts = range.split(separator: "-", maxSplits: 1)
        let swapped = parts.count == 2 ? "'\(parts[1])-\(parts[0])'" : "the smaller value first"
        return "Field '\(field)' has the range '\(range)', whose start is after its end; write "
            + "\(swapped), or split a wrap-around into two ranges joined by ','."
    }

    private func stepWithoutRangeMessage(_ field: CronField, _ item: String) -> String {
        let parts = item.split(separator: "/", maxSplits: 1)
        let suggestion = parts.count == 2
            ? "'\(parts[0])-\(field.upperBound)/\(parts[1])'"
            : "a range with a step such as '0-\(field.upperBound)/5'"
        return "Field '\(field)' has '\(item)', a step after a single value, which cron refuses; "
            + "write \(suggestion) to step from that value to the end of the field."
    }
}
