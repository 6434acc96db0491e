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
/// - Each file must start with `{{% CONTENT_TYPE: MARKDOWN }}` (or `HTML`, `CSV` or `TEXT`) before any
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
        var checked: [String: TemplateLinter.CheckedSource] = [:]
        for relativePath in try Self.templatePaths(in: root) {
            let file = root.appendingPathComponent(relativePath)
            let source = try Self.readSource(of: file)
            let name = String(relativePath.dropLast(Self.fileExtension.count))
            templates[name] = try Self.parse(source, file: file.path)
            checked[name] = try TemplateLinter.check(source, file: file.path)
        }
        try TemplateLinter.checkPartials(checked)
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
    static let fileExtension = ".mustache"

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
                let problem = TemplateLinter.sectionProblem(in: source)
            {
                throw TemplateLinter.syntaxError(file, problem.at, problem.reason)
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
                + "HTML, CSV or TEXT"
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
