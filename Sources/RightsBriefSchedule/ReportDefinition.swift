import Foundation
import RightsBriefCore
import RightsBriefReports
import Yams

/// An output format of a scheduled report.
public enum ReportFormat: String, CaseIterable, Sendable {
    case markdown, html, pdf, xlsx, csv
}

/// One scheduled report, read from a YAML file in the reports folder.
///
/// ```yaml
/// name: sv-weekly-public
/// title: "El Salvador: weekly public briefing"
/// schedule: "0 7 * * MON"      # cron expression, evaluated in time_zone
/// time_zone: UTC               # optional IANA name, default UTC
/// audience: public             # public or internal
/// countries: [SV]              # optional; facilities: [cecot] also works; neither means all
/// formats: [markdown, xlsx]    # any of markdown, html, pdf, xlsx, csv
/// template: briefing           # optional Mustache template (html and pdf render html/NAME)
/// keep: 8                      # how many past runs to keep
/// sign: keys/rightsbrief.key    # optional private key: each run folder is a signed bundle
/// language: es                 # optional: en (the default) or es
/// ```
///
/// A relative `sign:` path is relative to the definition file's folder; `~/` is the home folder.
public struct ReportDefinition: Sendable, Equatable {
    public var name: String
    public var title: String?
    public var schedule: CronExpression
    public var timeZone: TimeZone
    public var audience: Audience
    public var facilityIds: [String]
    public var countries: [String]
    public var formats: [ReportFormat]
    public var template: String
    public var keep: Int
    /// The private key that signs each run's folder (`sign:`), or `nil`.
    public var signingKey: URL?
    /// The language of the report's words (`language:`, `en` by default).
    public var language: String
    /// The file the definition came from.
    public var file: String

    static let keys = [
        "name", "title", "schedule", "time_zone", "audience", "facilities", "countries", "formats", "template", "keep",
        "sign", "language",
    ]

    /// Parses one definition file.
    ///
    /// - Throws: ``ScheduleError/definition(file:line:reason:)`` naming the line of an unknown key,
    ///   a bad cron expression, an unknown format, audience or time zone, or a missing key.
    public init(yaml text: String, file: String) throws {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _) {
            throw ScheduleError.definition(file: file, line: mark.line, reason: "not valid YAML: \(problem)")
        } catch {
            throw ScheduleError.definition(file: file, line: 1, reason: "not valid YAML")
        }
        guard let mapping = root?.mapping else {
            throw ScheduleError.definition(
                file: file, line: root?.mark?.line ?? 1, reason: "a definition is a mapping of keys such as name: and schedule:")
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            let line = key.mark?.line ?? 1
            guard let name = key.string else {
                throw ScheduleError.definition(file: file, line: line, reason: "keys must be plain words")
            }
            guard Self.keys.contains(name) else {
                throw ScheduleError.definition(
                    file: file, line: line,
                    reason: "unknown key '\(name)'; use one of \(Self.keys.joined(separator: ", "))")
            }
            values[name] = value
        }
        func fail(_ key: String, _ reason: String) -> ScheduleError {
            .definition(file: file, line: values[key]?.mark?.line ?? mapping.mark?.line ?? 1, reason: reason)
        }
        /// Like `fail`, on the line of `item` in the list under `key` (a block list puts each
        /// item on its own line).
        func fail(_ key: String, item: String, _ reason: String) -> ScheduleError {
            let node = values[key]?.sequence?.first { $0.scalar?.string == item } ?? values[key]
            return .definition(file: file, line: node?.mark?.line ?? mapping.mark?.line ?? 1, reason: reason)
        }
        func string(_ key: String) throws -> String? {
            guard let node = values[key] else { return nil }
            guard let text = node.scalar?.string else { throw fail(key, "'\(key)' must be a single value") }
            return text
        }
        func list(_ key: String) throws -> [String] {
            guard let node = values[key] else { return [] }
            if let scalar = node.scalar { return [scalar.string] }
            guard let sequence = node.sequence else { throw fail(key, "'\(key)' must be a list such as [a, b]") }
            return try sequence.map { item in
                guard let text = item.scalar?.string else { throw fail(key, "'\(key)' must list plain values") }
                return text
            }
        }

        guard let name = try string("name") else { throw fail("name", "the key 'name' is missing") }
        do {
            try Validation.identifier(name)
        } catch {
            throw fail("name", "'\(name)' is not a valid name; use lowercase letters, digits and hyphens")
        }
        self.name = name
        title = try string("title")
        guard let expression = try string("schedule") else {
            throw fail("schedule", "the key 'schedule' is missing; give a cron expression such as \"0 7 * * MON\"")
        }
        do {
            schedule = try CronExpression(expression)
        } catch {
            throw fail("schedule", "bad cron expression '\(expression)': \(error.localizedDescription)")
        }
        let zone = try string("time_zone") ?? "UTC"
        guard let timeZone = TimeZone(identifier: zone) else {
            throw fail("time_zone", "unknown time zone '\(zone)'; use an IANA name such as UTC or America/El_Salvador")
        }
        self.timeZone = timeZone
        let audienceName = try string("audience") ?? "public"
        guard let audience = Audience(rawValue: audienceName), Audience.reportAudiences.contains(audience) else {
            throw fail("audience", "unknown audience '\(audienceName)'; use public or internal")
        }
        self.audience = audience
        facilityIds = try list("facilities")
        for id in facilityIds where (try? Validation.identifier(id)) == nil {
            throw fail("facilities", item: id, "'\(id)' is not a facility id")
        }
        countries = try list("countries")
        for code in countries where (try? Validation.country(code)) == nil {
            throw fail("countries", item: code, "'\(code)' is not a two-letter country code such as SV")
        }
        let formatNames = try list("formats")
        guard !formatNames.isEmpty else {
            throw fail("formats", "the key 'formats' is missing; list one or more of markdown, html, pdf, xlsx, csv")
        }
        formats = try formatNames.map { name in
            guard let format = ReportFormat(rawValue: name) else {
                throw fail("formats", item: name, "unknown format '\(name)'; use markdown, html, pdf, xlsx or csv")
            }
            return format
        }
        template = try string("template") ?? "briefing"
        let keepText = try string("keep") ?? "10"
        guard let keep = Int(keepText), keep >= 1 else {
            throw fail("keep", "'keep' must be a whole number of runs, at least 1")
        }
        self.keep = keep
        signingKey = try string("sign").map { path in
            guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("sign", "'sign' must be the path of a private key file such as keys/rightsbrief.key")
            }
            guard !path.hasSuffix(".pub") else {
                throw fail("sign", "'sign' names a public key ('\(path)'); give the private key, rightsbrief.key")
            }
            return Self.resolve(path, from: file)
        }
        let languageCode = try string("language") ?? Catalogue.referenceLanguage
        guard PluralRule.languages.contains(languageCode) else {
            throw fail(
                "language",
                "unknown language '\(languageCode)'; use \(Self.orList(PluralRule.languages))")
        }
        language = languageCode
        self.file = file
    }

    /// "en or es", "en, es or fr".
    static func orList(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + last
    }

    /// `path` with `~/` expanded, and relative to the folder of the definition `file`.
    static func resolve(_ path: String, from file: String) -> URL {
        if path.hasPrefix("~/") {
            return URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(String(path.dropFirst(2)))
        }
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path)
    }

    /// Loads every `*.yml` and `*.yaml` file in `folder`, sorted by file name.
    ///
    /// Each file is loaded on its own: a broken definition does not stop the others.
    ///
    /// - Returns: the definitions and the errors, in file order.
    /// - Throws: ``ScheduleError/definitionsFolderMissing(path:)``.
    public static func loadAll(from folder: URL) throws -> (definitions: [ReportDefinition], errors: [ScheduleError]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ScheduleError.definitionsFolderMissing(path: folder.path)
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var definitions: [ReportDefinition] = []
        var errors: [ScheduleError] = []
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let path = folder.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                errors.append(.definition(file: path, line: 1, reason: "cannot be read as UTF-8 text"))
                continue
            }
            do {
                let definition = try ReportDefinition(yaml: text, file: path)
                if let other = definitions.first(where: { $0.name == definition.name }) {
                    errors.append(
                        .definition(file: path, line: 1, reason: "the name '\(definition.name)' is already used by \(other.file)"))
                } else {
                    definitions.append(definition)
                }
            } catch let error as ScheduleError {
                errors.append(error)
            }
        }
        return (definitions, errors)
    }
}
