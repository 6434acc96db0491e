import Foundation

/// The checks ``TemplateLibrary`` runs on every template before it is used: the content-type
/// pragma first, no unescaped tags, no changed delimiters, and partials that exist and share
/// the includer's content type (see ``TemplateLibrary`` for the rules and why).
///
/// It splits a template the way swift-mustache's tokenizer does, so it must follow that
/// tokenizer when swift-mustache changes.
enum TemplateLinter {
    /// What ``check(_:file:)`` learned about one template.
    struct CheckedSource {
        var contentType: String
        var partials: [PartialUse]
    }

    /// One `{{> name}}` or `{{< name}}` tag.
    struct PartialUse {
        var name: String
        var file: String
        var line: Int
        var column: Int
    }

    /// A place in a template file, counted from 1.
    struct Position {
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
    static func check(_ source: String, file: String) throws(ReportError)
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
    static func sectionProblem(in source: String) -> (reason: String, at: Position)? {
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

    static func syntaxError(
        _ file: String,
        _ position: Position,
        _ reason: String
    ) -> ReportError {
        .templateSyntax(file: file, line: position.line, column: position.column, reason: reason)
    }

    private static let missingPragmaReason =
        "the template must start with {{% CONTENT_TYPE: MARKDOWN }} (or HTML, CSV or TEXT) before "
        + "any text or tag, because swift-mustache escapes every template and partial as HTML "
        + "until it declares its content type"

    /// Checks that every included partial exists and has the includer's content type.
    static func checkPartials(_ checked: [String: CheckedSource]) throws(ReportError) {
        for name in checked.keys.sorted() {
            guard let including = checked[name] else { continue }
            for use in including.partials {
                guard let partial = checked[use.name] else {
                    throw .templateSyntax(
                        file: use.file,
                        line: use.line,
                        column: use.column,
                        reason: "there is no partial '\(use.name)'; add "
                            + "\(use.name)\(TemplateLibrary.fileExtension) to the templates folder (partial "
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
