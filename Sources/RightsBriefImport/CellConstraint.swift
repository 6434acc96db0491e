import Foundation

/// What a mapping says a column's cells must look like: one of some `allowed:` texts, a whole
/// match of a `pattern:` (a regular expression), or a number in a `range:`.
///
/// Constraints catch rows that slipped by a column (a city in the state column, a state in the
/// region column) before they reach the database. They check the cell as every other rule sees
/// it: trimmed, with runs of spaces and line breaks made one space, before any `values:`
/// translation, unit or scale. Missing cells (empty, or a `missing:` marker) are not checked.
struct CellConstraint: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to share between threads.
    var allowed: (values: [String], at: ImportLocation)?
    var pattern: (text: String, regex: NSRegularExpression, at: ImportLocation)?
    var range: (min: Double?, max: Double?, text: (min: String?, max: String?), at: ImportLocation)?

    var isEmpty: Bool { allowed == nil && pattern == nil && range == nil }

    /// Why `cell` breaks the constraint (a message without location), or `nil` when it keeps it.
    ///
    /// - Parameters:
    ///   - cell: the normalised cell text.
    ///   - header: the column's header as messages show it.
    ///   - numbers: how the file writes numbers, for `range:`.
    func violation(_ cell: String, header: String, numbers: ImportNumberFormat) -> String? {
        if let allowed, !allowed.values.contains(cell) {
            let shown = allowed.values.prefix(10).joined(separator: ", ")
            let more = allowed.values.count > 10 ? ", … (\(allowed.values.count) in all)" : ""
            return "'\(cell)' in column \(header) is not an allowed value; allowed: \(shown)\(more) (\(allowed.at.description))"
        }
        if let pattern {
            let whole = NSRange(cell.startIndex..<cell.endIndex, in: cell)
            if pattern.regex.firstMatch(in: cell, options: [], range: whole)?.range != whole {
                return "'\(cell)' in column \(header) does not match the pattern \(pattern.text) (\(pattern.at.description))"
            }
        }
        if let range {
            let bounds = Self.describe(range.text)
            guard let number = numbers.number(from: cell) else {
                return "'\(cell)' in column \(header) is not a number, which the range \(bounds) needs (\(range.at.description))"
            }
            if let min = range.min, number < min {
                return "'\(cell)' in column \(header) is below the minimum \(range.text.min ?? "") (\(range.at.description))"
            }
            if let max = range.max, number > max {
                return "'\(cell)' in column \(header) is above the maximum \(range.text.max ?? "") (\(range.at.description))"
            }
        }
        return nil
    }

    /// `0 to 5000`, `at least 0` or `at most 5000`.
    static func describe(_ text: (min: String?, max: String?)) -> String {
        switch (text.min, text.max) {
        case (let min?, let max?): "\(min) to \(max)"
        case (let min?, nil): "at least \(min)"
        case (nil, let max?): "at most \(max)"
        case (nil, nil): "any number"
        }
    }

    /// Compiles a pattern to match a whole cell, or `nil` when it is not a regular expression.
    static func regex(_ pattern: String) -> NSRegularExpression? {
        // The pattern must be valid on its own, so the wrapping cannot hide an unbalanced ')'.
        guard !pattern.isEmpty, (try? NSRegularExpression(pattern: pattern, options: [])) != nil else { return nil }
        return try? NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z", options: [])
    }
}

extension ImportLocation {
    /// `FILE:LINE:COLUMN`, to point from a data problem at the mapping rule it broke.
    var description: String { "\(file):\(line):\(column)" }
}
