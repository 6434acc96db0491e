import Foundation
import RightsBriefCore
import Yams

extension ImportMapping {
    /// Reads and checks a mapping file.
    ///
    /// - Parameters:
    ///   - url: the YAML file.
    ///   - file: the name to use in messages (as the user typed it).
    /// - Returns: the mapping, every key and value checked (columns are checked later against
    ///   each file's header by ``resolve(header:file:)``).
    /// - Throws: ``ImportError/missingFile(path:)``, ``ImportError/unreadableFile(path:reason:)``,
    ///   or ``ImportError/problems(_:total:)`` listing every problem as `MAP.yml:LINE:COLUMN: …`.
    public static func load(contentsOf url: URL, named file: String) throws -> ImportMapping {
        let data = try ImportFiles.read(url, named: file)
        guard let text = String(data: data, encoding: .utf8) else {
            throw ImportError.problems(
                [ImportProblem(file: file, line: 1, column: 1, message: "the mapping is not UTF-8 text; re-save it as UTF-8")],
                total: 1)
        }
        return try ImportMapping(yaml: text, file: file)
    }

    /// Parses and checks a mapping from YAML text.
    ///
    /// - Throws: ``ImportError/problems(_:total:)``.
    public init(yaml: String, file: String) throws {
        var parser = MappingParser(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ImportError.problems([parser.problem(for: error)], total: 1)
        }
        guard let root else {
            throw ImportError.problems(
                [ImportProblem(file: file, line: 1, column: 1, message: "the mapping is empty; see docs/import.md for the format")],
                total: 1)
        }
        guard let mapping = parser.mapping(root) else {
            throw ImportError.problems(parser.problems.problems, total: max(parser.problems.count, 1))
        }
        guard parser.problems.isEmpty else {
            throw ImportError.problems(parser.problems.sorted(fileOrder: [file]), total: parser.problems.count)
        }
        self = mapping
    }
}
