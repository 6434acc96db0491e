import Foundation
import RightsBriefCore

/// Small text helpers shared by the import readers.
enum ImportText {
    /// A domain error's message without its final period, to follow `FILE:LINE:COLUMN: `.
    static func sentence(_ error: CoreError) -> String {
        sentence(error.errorDescription ?? "\(error)")
    }

    static func sentence(_ text: String) -> String {
        text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    /// Whether `text` is a timestamp in a form the store keeps: `YYYY-MM-DDTHH:MM:SSZ` or
    /// `YYYY-MM-DDTHH:MM:SS.sssZ` (the schema refuses other forms).
    static func isStoredTimestamp(_ text: String) -> Bool {
        let count = text.utf8.count
        guard count == 20 || count == 24, text.hasSuffix("Z") else { return false }
        return (try? Timestamp.parse(text)) != nil
    }

    /// Trims spaces, tabs, no-break spaces and line breaks at both ends, and turns every run of
    /// them inside into one space (for names and places from foreign spreadsheets).
    static func collapsed(_ text: String) -> String {
        // Most cells (numbers, codes, dates) are plain ASCII without spaces: nothing to do.
        if !text.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
