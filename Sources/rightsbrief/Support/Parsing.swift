import Foundation
import RightsBriefCore

/// Parsers for option values, turning bad text into one-line ``CoreError``s (exit 65).
enum Parse {
    static func day(_ text: String?) throws -> Day? {
        try text.map { try Day($0) }
    }

    static func sensitivity(_ text: String?) throws -> Sensitivity? {
        try text.map { try Sensitivity(name: $0) }
    }

    static func readText(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw CommandError.missingFile(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError.message("Cannot read '\(path)'; check its permissions.", Exit.noInput)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandError.message("'\(path)' is not UTF-8 text; convert it to UTF-8 first.", Exit.dataError)
        }
        return text
    }
}
