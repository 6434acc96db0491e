import Foundation
import RightsBriefCore

/// Parsers for option values, turning bad text into one-line ``CoreError``s (exit 65).
enum Parse {
    static func day(_ text: String?) throws -> Day? {
        try text.map { try Day($0) }
    }

    /// Decimal degrees written as a plain decimal (`-88.9`; not `0x10` or `1e1`).
    static func degrees(_ text: String?, _ name: String) throws -> Double? {
        guard let text else { return nil }
        guard let value = Validation.decimalNumber(text) else {
            throw CoreError.invalidValue(attribute: name, value: text, reason: "expected decimal degrees such as 13.6 or -88.9")
        }
        return value
    }

    /// A UTF-8 text file, refused when it holds a NUL character: stored text would be cut at
    /// it while its hash covers the whole file.
    static func readText(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw CommandError.missingFile(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError.message("Cannot read '\(path)'; check its permissions.", Exit.noInput)
        }
        if let nul = data.firstIndex(of: 0) {
            let line = data[data.startIndex..<nul].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw CommandError.message(
                "'\(path)' line \(line) contains a NUL character (U+0000), which would cut the captured text short; remove it (a file full of them is probably UTF-16: save it as UTF-8).",
                Exit.dataError)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandError.message("'\(path)' is not UTF-8 text; convert it to UTF-8 first.", Exit.dataError)
        }
        return text
    }
}
