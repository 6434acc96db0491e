import Foundation
import Yams

/// The words a briefing prints in one language, read from `templates/locales/<code>.yml`.
///
/// A catalogue is a flat YAML mapping from keys to messages. A message is either a string or,
/// for words that depend on a count, a mapping of plural forms (`one`, `other`) chosen by
/// ``PluralRule``. `{count}` in a message is replaced by the count.
///
/// ```yaml
/// heading.sources: Sources
/// count.facilities:
///   one: "{count} facility"
///   other: "{count} facilities"
/// ```
///
/// Every catalogue must have exactly the keys of the English one (``load(language:directory:)``
/// checks), so a missing translation is found when the catalogue is loaded, not in a briefing.
public struct Catalogue: Sendable, Equatable {
    /// One message: plain text, or plural forms by category.
    public enum Message: Sendable, Equatable {
        case text(String)
        case plural([PluralRule.Category: String])
    }

    /// The language code, such as `en` or `es`.
    public let language: String
    /// The messages by key.
    public let messages: [String: Message]

    /// The language every other catalogue is checked against.
    public static let referenceLanguage = "en"

    /// A catalogue from messages already parsed (for tests and for ``parse(_:language:path:)``).
    public init(language: String, messages: [String: Message]) {
        self.language = language
        self.messages = messages
    }

    /// The languages that have a catalogue in `directory`, sorted: `["en", "es"]`.
    public static func languages(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Loads the catalogue for `language` from `directory` (the `templates/locales` folder) and
    /// checks that it has exactly the keys of the English catalogue and that its plural forms
    /// are the ones its language uses.
    ///
    /// - Throws: ``ReportError/unsupportedLanguage(code:available:)`` when there is no file or
    ///   no plural rule for the language; ``ReportError/catalogueInvalid(path:reason:)`` when a
    ///   file cannot be read, is not a flat mapping of messages, or its keys differ from the
    ///   English catalogue's.
    public static func load(language: String, directory: URL) throws -> Catalogue {
        let available = languages(in: directory)
        guard language.range(of: "^[a-z]{2,3}$", options: .regularExpression) != nil,
            available.contains(language), PluralRule(language: language) != nil
        else {
            throw ReportError.unsupportedLanguage(code: language, available: available)
        }
        let catalogue = try read(language: language, directory: directory)
        if language != referenceLanguage {
            let reference = try read(language: referenceLanguage, directory: directory)
            try catalogue.checkKeys(against: reference, path: file(language, in: directory).path)
        }
        return catalogue
    }

    static func file(_ language: String, in directory: URL) -> URL {
        directory.appendingPathComponent("\(language).yml")
    }

    private static func read(language: String, directory: URL) throws -> Catalogue {
        let url = file(language, in: directory)
        guard let data = FileManager.default.contents(atPath: url.path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw ReportError.catalogueInvalid(path: url.path, reason: "the file cannot be read as UTF-8 text")
        }
        return try parse(text, language: language, path: url.path)
    }

    /// Parses a catalogue's YAML text.
    ///
    /// - Throws: ``ReportError/catalogueInvalid(path:reason:)``.
    public static func parse(_ text: String, language: String, path: String) throws -> Catalogue {
        func invalid(_ reason: String) -> ReportError { .catalogueInvalid(path: path, reason: reason) }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw invalid("it is not valid YAML")
        }
        guard let mapping = node?.mapping else { throw invalid("it is not a mapping of keys to messages") }
        guard let rule = PluralRule(language: language) else {
            throw invalid("there is no plural rule for '\(language)'")
        }
        var messages: [String: Message] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string, !key.isEmpty else { throw invalid("a key is not text") }
            guard messages[key] == nil else { throw invalid("the key '\(key)' appears twice") }
            if let scalar = valueNode.scalar {
                messages[key] = .text(scalar.string)
            } else if let forms = valueNode.mapping {
                var plural: [PluralRule.Category: String] = [:]
                for (formNode, textNode) in forms {
                    guard let name = formNode.scalar?.string, let category = PluralRule.Category(rawValue: name),
                        let form = textNode.scalar?.string
                    else {
                        throw invalid("'\(key)' has a plural form that is not one of zero, one, two, few, many, other")
                    }
                    plural[category] = form
                }
                let expected = Set(rule.categories)
                guard Set(plural.keys) == expected else {
                    let names = rule.categories.map(\.rawValue).joined(separator: ", ")
                    throw invalid("'\(key)' must have exactly the plural forms \(names)")
                }
                messages[key] = .plural(plural)
            } else {
                throw invalid("'\(key)' is neither a message nor a set of plural forms")
            }
        }
        return Catalogue(language: language, messages: messages)
    }

    /// Checks that this catalogue has exactly the keys of `reference`, and a plural message
    /// where `reference` has one.
    ///
    /// - Throws: ``ReportError/catalogueInvalid(path:reason:)`` naming the missing and extra keys.
    public func checkKeys(against reference: Catalogue, path: String) throws {
        let mine = Set(messages.keys)
        let theirs = Set(reference.messages.keys)
        var problems: [String] = []
        let missing = theirs.subtracting(mine).sorted()
        let extra = mine.subtracting(theirs).sorted()
        if !missing.isEmpty { problems.append("missing \(missing.joined(separator: ", "))") }
        if !extra.isEmpty { problems.append("not in \(reference.language).yml: \(extra.joined(separator: ", "))") }
        let kindDiffers = mine.intersection(theirs).sorted().filter { key in
            switch (messages[key], reference.messages[key]) {
            case (.text, .text), (.plural, .plural): false
            default: true
            }
        }
        if !kindDiffers.isEmpty {
            problems.append("plural in one catalogue only: \(kindDiffers.joined(separator: ", "))")
        }
        guard problems.isEmpty else {
            throw ReportError.catalogueInvalid(path: path, reason: problems.joined(separator: "; "))
        }
    }

    /// The message for `key`.
    ///
    /// - Throws: ``ReportError/messageMissing(key:language:)`` when there is no plain message
    ///   with this key.
    public func text(_ key: String) throws -> String {
        guard case .text(let text)? = messages[key] else {
            throw ReportError.messageMissing(key: key, language: language)
        }
        return text
    }

    /// The plural form of `key` for `count`, with `{count}` replaced by `formattedCount`
    /// (the count itself when `nil`).
    ///
    /// - Throws: ``ReportError/messageMissing(key:language:)`` when there is no plural message
    ///   with this key, or it lacks the form the count needs.
    public func plural(_ key: String, count: Int, formattedCount: String? = nil) throws -> String {
        guard case .plural(let forms)? = messages[key], let rule = PluralRule(language: language),
            let form = forms[rule.category(for: count)]
        else {
            throw ReportError.messageMissing(key: key, language: language)
        }
        return form.replacingOccurrences(of: "{count}", with: formattedCount ?? String(count))
    }
}
