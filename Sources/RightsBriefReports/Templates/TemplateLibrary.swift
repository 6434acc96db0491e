import Foundation
import Mustache

/// The report templates in one folder, parsed and checked once, ready to render.
///
/// Every `*.mustache` file under the folder, in subfolders too, is a template. Its name is
/// its path relative to the folder without `.mustache`, so `partials/facility.mustache` is
/// `partials/facility`, and another template includes it with `{{> partials/facility}}`.
/// Partial names are always relative to the folder, not to the including file.
///
/// Loading refuses a template that would not escape what it prints:
/// - Each file must start with `{{% CONTENT_TYPE: MARKDOWN }}` (or `CSV` or `TEXT`) before any
///   text or tag other than comments and white space, and must not change it later.
///   swift-mustache 2.1.1 renders every template, and every partial again from its start,
///   with HTML escaping until it meets this pragma, and HTML escaping does not protect
///   Markdown or CSV.
/// - `{{{value}}}` and `{{&value}}` are refused because they print a value unescaped, and
///   `{{=<% %>=}}` because a changed delimiter would hide such tags from this check.
/// - A partial must exist and declare the same content type as every template that includes
///   it; `{{>*dynamic}}` partials are refused because that cannot be checked.
///
/// Templates may use LF or CRLF line endings and may start with a UTF-8 byte order mark;
/// the output always uses LF.
///
/// ```swift
/// let templates = try TemplateLibrary(directory: URL(fileURLWithPath: "templates"))
/// let markdown = try templates.render(["title": "CECOT"], template: "briefing")
/// ```
public struct TemplateLibrary: Sendable {
    /// The folder the templates were loaded from.
    public let directory: URL
    /// The names of all templates and partials, sorted, for `--list-templates`.
    public let templateNames: [String]

    private let library: MustacheLibrary

    /// Loads, parses and checks every `*.mustache` file under a folder.
    ///
    /// Files and folders whose names start with `.` are ignored. An empty folder is not an
    /// error; every render then throws ``ReportError/templateNotFound(name:)``.
    ///
    /// - Parameters:
    ///   - directory: The templates folder.
    /// - Throws: ``ReportError/templatesDirectoryMissing(path:)`` when the folder does not
    ///   exist; ``ReportError/templateUnreadable(path:reason:)`` when a file cannot be read as
    ///   UTF-8; ``ReportError/templateSyntax(file:line:column:reason:)`` with the file's path,
    ///   line and column when a file does not parse or breaks one of the rules above.
    public init(directory: URL) throws(ReportError) {
        ContentTypes.registerAll()
        let root = directory.standardizedFileURL
        var templates: [String: MustacheTemplate] = [:]
        var checked: [String: CheckedSource] = [:]
        for relativePath in try Self.templatePaths(in: root) {
            let file = root.appendingPathComponent(relativePath)
            let source = try Self.readSource(of: file)
            let name = String(relativePath.dropLast(Self.fileExtension.count))
            templates[name] = try Self.parse(source, file: file.path)
            checked[name] = try Self.check(source, file: file.path)
        }
        try Self.checkPartials(checked)
        self.directory = root
        self.templateNames = templates.keys.sorted()
        self.library = MustacheLibrary(templates: templates)
    }

    /// Renders a template with a context.
    ///
    /// The context can be any value: dictionaries are read by key and structs through their
    /// stored properties. Format dates and numbers before they reach the template, because a
    /// value prints with `String(describing:)` and then goes through the template's escaping.
    /// A name may end in `.mustache`. A key the context does not have prints nothing, which
    /// is not an error.
    ///
    /// - Parameters:
    ///   - context: The values the template reads.
    ///   - name: A template name from ``templateNames``, such as `briefing`.
    /// - Returns: The rendered report.
    /// - Throws: ``ReportError/templateNotFound(name:)`` when no template has that name, and
    ///   also when the name contains `..` or starts with `/`.
    public func render(_ context: Any, template name: String) throws(ReportError) -> String {
        guard let key = Self.libraryName(for: name),
            let output = library.render(context, withTemplate: key)
        else {
            throw .templateNotFound(name: name)
        }
        return output
    }
}

extension TemplateLibrary {
    private static let fileExtension = ".mustache"

    /// Relative paths of the template files under `root`, sorted so errors are reproducible.
    private static func templatePaths(in root: URL) throws(ReportError) -> [String] {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: root.path, isDirectory: &isDirectory),
            isDirectory.boolValue,
            let enumerator = fileManager.enumerator(atPath: root.path)
        else {
            throw .templatesDirectoryMissing(path: root.path)
        }
        var paths: [String] = []
        for case let path as String in enumerator {
            let hidden = path.split(separator: "/").contains { $0.hasPrefix(".") }
            guard path.hasSuffix(fileExtension), !hidden else { continue }
            var isFolder: ObjCBool = false
            let fullPath = root.appendingPathComponent(path).path
            guard fileManager.fileExists(atPath: fullPath, isDirectory: &isFolder),
                !isFolder.boolValue
            else { continue }
            paths.append(path)
        }
        return paths.sorted()
    }

    /// Reads a template as UTF-8, drops a byte order mark and turns CRLF and CR into LF.
    ///
    /// swift-mustache finds a parse error's column by walking back to a `"\n"` character,
    /// which a CRLF line never contains, so LF line endings also keep columns right.
    private static func readSource(of file: URL) throws(ReportError) -> String {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw .templateUnreadable(path: file.path, reason: "the file cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .templateUnreadable(path: file.path, reason: "it is not UTF-8 text")
        }
        var input = Substring(text).unicodeScalars
        if input.first == "\u{FEFF}" {
            input.removeFirst()
        }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in input {
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            scalars.append(previousWasCR ? "\n" : scalar)
        }
        return String(scalars)
    }

    private static func parse(_ source: String, file: String) throws(ReportError)
        -> MustacheTemplate
    {
        do {
            return try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            if let sectionError = error.error as? MustacheTemplate.Error,
                sectionError == .expectedSectionEnd || sectionError == .sectionCloseNameIncorrect,
                let problem = sectionProblem(in: source)
            {
                throw syntaxError(file, problem.at, problem.reason)
            }
            throw .templateSyntax(
                file: file,
                line: error.context.lineNumber,
                column: error.context.columnNumber,
                reason: reason(for: error.error)
            )
        } catch {
            throw .templateSyntax(
                file: file, line: 1, column: 1,
                reason: "the template could not be parsed; check its tags")
        }
    }

    /// A readable reason, with what to do, for each swift-mustache 2.1.1 parse error.
    private static func reason(for error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else {
            return "the file ends in the middle of a tag; close it with }}"
        }
        switch error {
        case .sectionCloseNameIncorrect:
            return "this closing tag does not match the section that is open; close sections "
                + "in the reverse order they were opened"
        case .unfinishedName:
            return "this tag is not closed with }} or its name is not valid; names use "
                + "letters, digits, '.', '-', '_' and '?'"
        case .expectedSectionEnd:
            return "a section opened with {{#name}} or {{^name}} is never closed; "
                + "add {{/name}}"
        case .invalidSetDelimiter:
            return "this set-delimiter tag is malformed; report templates keep {{ and }}"
        case .transformAppliedToInheritanceSection:
            return "a block {{$name}} cannot use a transform; remove the parentheses"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "inside {{<parent}} only block definitions {{$name}}…{{/name}} are allowed"
        case .invalidConfigVariableSyntax:
            return "this pragma is malformed; write it as {{% CONTENT_TYPE: MARKDOWN }}"
        case .unrecognisedConfigVariable:
            return "unknown pragma or content type; write {{% CONTENT_TYPE: MARKDOWN }}, "
                + "CSV or TEXT"
        }
    }

    /// Returns the library key for a requested name, or `nil` for a name that is refused.
    private static func libraryName(for requested: String) -> String? {
        var name = requested
        if name.hasSuffix(fileExtension) {
            name.removeLast(fileExtension.count)
        }
        guard !name.isEmpty, !name.contains(".."), !name.hasPrefix("/") else { return nil }
        return name
    }
}

extension TemplateLibrary {
    /// What ``check(_:file:)`` learned about one template.
    private struct CheckedSource {
        var contentType: String
        var partials: [PartialUse]
    }

    /// One `{{> name}}` or `{{< name}}` tag.
    private struct PartialUse {
        var name: String
        var file: String
        var line: Int
        var column: Int
    }

    /// A place in a template file, counted from 1.
    private struct Position {
        var line: Int
        var column: Int
    }

    /// A tag with the text between its braces, or the first non-blank character of a text run.
    private enum Piece {
        case tag(String, Position)
        case text(Position)
    }

    /// Splits a template the way swift-mustache's tokenizer does with the default delimiters:
    /// every `{{` opens a tag, its kind is the character right after `{{`, and the tag (a
    /// comment too) ends at the first `}}`.
    private static func pieces(of source: String) -> [Piece] {
        let characters = Array(source)
        var pieces: [Piece] = []
        var position = Position(line: 1, column: 1)
        var inBlankText = true
        var index = 0
        while index < characters.count {
            let next: Int
            if characters[index] == "{", index + 1 < characters.count,
                characters[index + 1] == "{"
            {
                let bodyEnd = closingBraces(in: characters, from: index + 2)
                pieces.append(.tag(String(characters[(index + 2)..<bodyEnd]), position))
                inBlankText = true
                next = min(bodyEnd + 2, characters.count)
            } else {
                if inBlankText, !characters[index].isWhitespace {
                    pieces.append(.text(position))
                    inBlankText = false
                }
                next = index + 1
            }
            while index < next {
                if characters[index] == "\n" {
                    position.line += 1
                    position.column = 1
                } else {
                    position.column += 1
                }
                index += 1
            }
        }
        return pieces
    }

    /// Enforces the rules in the type's discussion on a template that already parsed.
    private static func check(_ source: String, file: String) throws(ReportError)
        -> CheckedSource
    {
        var contentType: String?
        var partials: [PartialUse] = []
        for piece in pieces(of: source) {
            let body: String
            let position: Position
            switch piece {
            case .text(let at):
                guard contentType != nil else {
                    throw syntaxError(file, at, missingPragmaReason)
                }
                continue
            case .tag(let text, let at):
                body = text
                position = at
            }
            switch body.first {
            case "!":
                break
            case "%":
                let declared = pragmaValue(body.dropFirst())
                guard ContentTypes.allowed.contains(declared) else {
                    throw syntaxError(
                        file, position,
                        "content type '\(declared)' is not for reports; declare "
                            + ContentTypes.allowed.joined(separator: ", ")
                    )
                }
                if let contentType, contentType != declared {
                    throw syntaxError(
                        file, position,
                        "this template already declared \(contentType); a template keeps the "
                            + "one content type it declares at its start"
                    )
                }
                contentType = declared
            case "{":
                throw syntaxError(
                    file, position,
                    "{{{…}}} prints a value without escaping; use {{…}} in report templates"
                )
            case "&":
                throw syntaxError(
                    file, position,
                    "{{&…}} prints a value without escaping; use {{…}} in report templates"
                )
            case "=":
                throw syntaxError(
                    file, position,
                    "changing delimiters with {{=…=}} is not allowed in report templates; "
                        + "keep {{ and }}"
                )
            case let kind:
                guard contentType != nil else {
                    throw syntaxError(file, position, missingPragmaReason)
                }
                guard kind == ">" || kind == "<" else { break }
                let name = body.dropFirst().trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("*") {
                    throw syntaxError(
                        file, position,
                        "dynamic partials {{>*…}} are not allowed in report templates; name "
                            + "the partial"
                    )
                }
                partials.append(
                    PartialUse(
                        name: name, file: file, line: position.line, column: position.column)
                )
            }
        }
        guard let contentType else {
            throw syntaxError(file, Position(line: 1, column: 1), missingPragmaReason)
        }
        return CheckedSource(contentType: contentType, partials: partials)
    }

    /// Explains a section error better than swift-mustache's position alone.
    ///
    /// swift-mustache reports an unclosed section at the end of the file, and a wrong closing
    /// tag without saying which section is open. This scan finds the opening tag the author
    /// has to look at. Returns `nil` when delimiters change, because the scan only knows `{{`
    /// and `}}`, or when it finds nothing wrong.
    private static func sectionProblem(in source: String) -> (reason: String, at: Position)? {
        var open: [(name: String, tag: String, at: Position)] = []
        for case .tag(let body, let position) in pieces(of: source) {
            let name = body.dropFirst().trimmingCharacters(in: .whitespaces)
            switch body.first {
            case "=":
                return nil
            case "#", "^", "$", "<":
                open.append((name: name, tag: "{{\(body.prefix(1))\(name)}}", at: position))
            case "/":
                guard let innermost = open.popLast() else {
                    return ("{{/\(name)}} closes a section that was never opened", position)
                }
                if innermost.name != name {
                    return (
                        "{{/\(name)}} does not close the open section \(innermost.tag) from line "
                            + "\(innermost.at.line); close sections in the reverse order they "
                            + "were opened", position
                    )
                }
            default:
                break
            }
        }
        guard let unclosed = open.last else { return nil }
        return (
            "the section \(unclosed.tag) opened here is never closed; add {{/\(unclosed.name)}}",
            unclosed.at
        )
    }

    private static func syntaxError(
        _ file: String,
        _ position: Position,
        _ reason: String
    ) -> ReportError {
        .templateSyntax(file: file, line: position.line, column: position.column, reason: reason)
    }

    private static let missingPragmaReason =
        "the template must start with {{% CONTENT_TYPE: MARKDOWN }} (or CSV or TEXT) before "
        + "any text or tag, because swift-mustache escapes every template and partial as HTML "
        + "until it declares its content type"

    /// Checks that every included partial exists and has the includer's content type.
    private static func checkPartials(_ checked: [String: CheckedSource]) throws(ReportError) {
        for name in checked.keys.sorted() {
            guard let including = checked[name] else { continue }
            for use in including.partials {
                guard let partial = checked[use.name] else {
                    throw .templateSyntax(
                        file: use.file,
                        line: use.line,
                        column: use.column,
                        reason: "there is no partial '\(use.name)'; add "
                            + "\(use.name)\(fileExtension) to the templates folder (partial "
                            + "names are relative to that folder)"
                    )
                }
                if partial.contentType != including.contentType {
                    throw .templateSyntax(
                        file: use.file,
                        line: use.line,
                        column: use.column,
                        reason: "the partial '\(use.name)' declares \(partial.contentType) but "
                            + "this template declares \(including.contentType); include only "
                            + "partials of the same content type"
                    )
                }
            }
        }
    }

    /// The index of the first `}}` at or after `start`, or the end of the text.
    private static func closingBraces(in characters: [Character], from start: Int) -> Int {
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "}", characters[index + 1] == "}" {
                return index
            }
            index += 1
        }
        return characters.count
    }

    /// The value of `CONTENT_TYPE: VALUE` (white space allowed around both parts).
    private static func pragmaValue(_ body: Substring) -> String {
        let parts = body.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return "" }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
