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

/// Walks the YAML tree, collecting every problem with its line and column.
private struct MappingParser {
    let file: String
    var problems = ProblemList()

    init(file: String) { self.file = file }

    static let topKeys = ["source", "facility", "as_of", "facts", "missing", "thousands", "decimal", "skip_rows", "version"]
    static let facilityKeys = ["id", "name", "country", "region", "kind", "authority", "latitude", "longitude"]
    static let sourceKeys = [
        "id", "title", "publisher", "url", "author", "published_on", "retrieved_at", "kind", "language", "sensitivity",
    ]
    static let attributeKeys = ["column", "unit", "scale", "values", "quote", "status", "sensitivity"]

    // MARK: Whole document

    mutating func mapping(_ root: Node) -> ImportMapping? {
        guard let top = pairs(root, "the mapping") else { return nil }
        checkKeys(top, allowed: Self.topKeys, in: "the mapping")
        let table = Dictionary(top.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

        if let version = table["version"], scalar(version.value, "version") != "1" {
            add(version.value, "version must be 1 (the only mapping version there is)")
        }
        var facility: FacilityRule?
        if let entry = table["facility"] {
            facility = facilityRule(entry.value)
        } else {
            add(root, "the mapping needs a 'facility:' section saying which columns give the facility's id, name and country")
        }
        let source = table["source"].flatMap { sourceRule($0.value) }
        let asOf = table["as_of"].flatMap { asOfRule($0.value) }
        var facts: [AttributeRule] = []
        if let entry = table["facts"] {
            facts = attributeRules(entry.value)
            if !facts.isEmpty, source == nil, table["source"] == nil {
                add(entry.keyNode, "facts need a source: add a 'source:' section with the id (and, to create it, the title and publisher) every imported fact cites")
            }
            if !facts.isEmpty, asOf == nil, table["as_of"] == nil {
                add(entry.keyNode, "facts need an as-of date: add 'as_of: {column: NAME, format: M/D/YY}' or 'as_of: {value: YYYY-MM-DD}'")
            }
        }
        var missing: Set<String> = [""]
        if let entry = table["missing"] {
            for node in list(entry.value) {
                if let text = scalar(node, "a missing-value marker") {
                    missing.insert(text.trimmingCharacters(in: .whitespaces))
                }
            }
        }
        var numbers = ImportNumberFormat()
        if let entry = table["thousands"], let text = scalar(entry.value, "thousands") {
            switch text {
            case "", "none": numbers.thousands = nil
            case ",", ".", " ", "'", "_", "\u{00A0}":
                numbers.thousands = text == "\u{00A0}" ? nil : Array(text.utf8)[0]
                if text == "\u{00A0}" { add(entry.value, "a no-break space as thousands separator is not supported; use ' ' or remove it first") }
            default:
                add(entry.value, "thousands must be one of \",\" \".\" \" \" \"'\" \"_\" or none, not '\(text)'")
            }
        }
        if let entry = table["decimal"], let text = scalar(entry.value, "decimal") {
            switch text {
            case ".", ",": numbers.decimal = Array(text.utf8)[0]
            default: add(entry.value, "decimal must be \".\" or \",\", not '\(text)'")
            }
        }
        if let thousands = numbers.thousands, thousands == numbers.decimal {
            add(table["thousands"]?.value ?? root, "thousands and decimal cannot both be '\(String(decoding: [thousands], as: UTF8.self))'; set decimal: \",\" with thousands: \".\"")
        }
        var skipRows: [SkipRule] = []
        if let entry = table["skip_rows"] {
            for node in list(entry.value) {
                if let rule = skipRule(node) { skipRows.append(rule) }
            }
        }
        guard let facility else { return nil }
        return ImportMapping(
            file: file, source: source, facility: facility, asOf: asOf, facts: facts, missing: missing,
            numbers: numbers, skipRows: skipRows)
    }

    // MARK: Sections

    mutating func facilityRule(_ node: Node) -> FacilityRule? {
        guard let entries = pairs(node, "facility") else { return nil }
        checkKeys(entries, allowed: Self.facilityKeys, in: "facility")
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var id: IdentifierRule?
        if let entry = table["id"] {
            id = identifierRule(entry.value)
        } else {
            add(node, "facility needs an 'id:' rule, for example id: {slug_of: Name} or id: {column: ID}")
        }
        if table["name"] == nil { add(node, "facility needs 'name:', the column that holds the facility's name") }
        if table["country"] == nil {
            add(node, "facility needs 'country:', a column or a constant such as {value: US}")
        }
        func value(_ key: String) -> MappingValue? { table[key].flatMap { valueRule($0.value, key) } }
        let name = value("name")
        let country = value("country")
        if case .constant(let code, let location) = country, (try? Validation.country(code)) == nil {
            problems.add(location, ImportText.sentence(CoreError.invalidCountry(code)))
        }
        let kind = value("kind")
        if case .constant(let text, let location) = kind, (try? FacilityKind(name: text)) == nil {
            problems.add(location, ImportText.sentence(CoreError.unknownFacilityKind(text)))
        }
        if case .column(_, let values) = kind {
            for (cell, target) in values where FacilityKind(rawValue: target) == nil {
                problems.add(
                    kind?.location ?? location(node),
                    "'\(cell)' is translated to '\(target)', which is not a facility kind; use one of: \(FacilityKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        guard let id else { return nil }
        return FacilityRule(
            id: id, name: name, country: country, region: value("region"), kind: kind, authority: value("authority"),
            latitude: value("latitude"), longitude: value("longitude"), location: location(node))
    }

    mutating func identifierRule(_ node: Node) -> IdentifierRule? {
        if node.scalar != nil {
            guard let name = scalar(node, "id") else { return nil }
            return IdentifierRule(origin: .column(column(name, node)), prefix: "", disambiguateBy: nil, location: location(node))
        }
        guard let entries = pairs(node, "id") else { return nil }
        checkKeys(entries, allowed: ["column", "slug_of", "prefix", "disambiguate_by"], in: "id")
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var prefix = ""
        if let entry = table["prefix"], let text = scalar(entry.value, "prefix") {
            prefix = text
            let bytes = Array(text.utf8)
            let ok = bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
            if !ok || bytes.first == 0x2D || bytes.count > 32 {
                add(entry.value, "the prefix '\(text)' must be lowercase letters, digits and hyphens (up to 32), not starting with a hyphen, for example 'ice-'")
            }
        }
        let disambiguateBy = table["disambiguate_by"].flatMap { entry in
            scalar(entry.value, "disambiguate_by").map { column($0, entry.value) }
        }
        switch (table["column"], table["slug_of"]) {
        case (let entry?, nil):
            guard let name = scalar(entry.value, "id column") else { return nil }
            return IdentifierRule(
                origin: .column(column(name, entry.value)), prefix: prefix, disambiguateBy: disambiguateBy,
                location: location(node))
        case (nil, let entry?):
            let columns = list(entry.value).compactMap { item in scalar(item, "slug_of").map { column($0, item) } }
            guard !columns.isEmpty else {
                add(entry.value, "slug_of needs a column name (or a list of them)")
                return nil
            }
            return IdentifierRule(origin: .slug(columns), prefix: prefix, disambiguateBy: disambiguateBy, location: location(node))
        default:
            add(node, "id needs exactly one of 'column:' (ids as written) or 'slug_of:' (ids made from names)")
            return nil
        }
    }

    mutating func asOfRule(_ node: Node) -> AsOfRule? {
        if node.scalar != nil {
            guard let name = scalar(node, "as_of") else { return nil }
            return .column(column(name, node), .iso, skipWhenMissing: false)
        }
        guard let entries = pairs(node, "as_of") else { return nil }
        checkKeys(entries, allowed: ["column", "format", "value", "if_missing"], in: "as_of")
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        if let entry = table["value"] {
            if table["column"] != nil || table["format"] != nil {
                add(node, "as_of takes either 'value:' or 'column:' (with 'format:'), not both")
            }
            guard let text = scalar(entry.value, "as_of value") else { return nil }
            guard let day = try? Day(text) else {
                add(entry.value, ImportText.sentence(CoreError.invalidDate(text)))
                return nil
            }
            return .constant(day, location(entry.value))
        }
        guard let entry = table["column"], let name = scalar(entry.value, "as_of column") else {
            add(node, "as_of needs 'column:' (with 'format:') or 'value: YYYY-MM-DD'")
            return nil
        }
        var format = ImportDateFormat.iso
        if let formatEntry = table["format"], let pattern = scalar(formatEntry.value, "format") {
            do {
                format = try ImportDateFormat(pattern)
            } catch {
                add(formatEntry.value, "the date format \(error.message)")
                return nil
            }
        }
        var skip = false
        if let missingEntry = table["if_missing"], let text = scalar(missingEntry.value, "if_missing") {
            switch text {
            case "skip": skip = true
            case "error": skip = false
            default: add(missingEntry.value, "if_missing must be 'error' (the default) or 'skip', not '\(text)'")
            }
        }
        return .column(column(name, entry.value), format, skipWhenMissing: skip)
    }

    mutating func attributeRules(_ node: Node) -> [AttributeRule] {
        guard let entries = pairs(node, "facts") else { return [] }
        var rules: [AttributeRule] = []
        for entry in entries {
            guard let attribute = Attribute(rawValue: entry.key) else {
                add(entry.keyNode, ImportText.sentence(CoreError.unknownAttribute(entry.key)))
                continue
            }
            if let rule = attributeRule(attribute, entry.value) { rules.append(rule) }
        }
        return rules
    }

    mutating func attributeRule(_ attribute: Attribute, _ node: Node) -> AttributeRule? {
        var rule = AttributeRule(
            attribute: attribute, column: MappingColumn(name: "", location: location(node)), factor: 1, levels: [:],
            quote: nil, status: .reported, sensitivity: .public, location: location(node))
        if node.scalar != nil {
            guard let name = scalar(node, attribute.rawValue) else { return nil }
            rule.column = column(name, node)
            return rule
        }
        guard let entries = pairs(node, attribute.rawValue) else { return nil }
        checkKeys(entries, allowed: Self.attributeKeys, in: attribute.rawValue)
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        guard let columnEntry = table["column"], let name = scalar(columnEntry.value, "column") else {
            add(node, "\(attribute.rawValue) needs 'column:', the column that holds its values")
            return nil
        }
        rule.column = column(name, columnEntry.value)
        if let entry = table["unit"], let unit = scalar(entry.value, "unit") {
            if let factor = MappingUnits.factor(unit, for: attribute) {
                rule.factor *= factor
            } else {
                add(entry.value, "'\(unit)' is not a unit for \(attribute.rawValue); use one of: \(MappingUnits.names(for: attribute))")
            }
        }
        if let entry = table["scale"], let text = scalar(entry.value, "scale") {
            if attribute.kind == .condition {
                add(entry.value, "\(attribute.rawValue) is a condition level and cannot be scaled")
            } else if let factor = Double(text), factor.isFinite, factor > 0 {
                rule.factor *= factor
            } else {
                add(entry.value, "scale must be a positive number, not '\(text)'")
            }
        }
        if let entry = table["values"] {
            if attribute.kind != .condition {
                add(entry.keyNode, "values: translates cells to condition levels; \(attribute.rawValue) is a number")
            } else if let translations = pairs(entry.value, "values") {
                for translation in translations {
                    guard let target = scalar(translation.value, "a level") else { continue }
                    if let level = ConditionLevel(rawValue: target) {
                        rule.levels[translation.key.trimmingCharacters(in: .whitespaces)] = level
                    } else {
                        add(translation.value, ImportText.sentence(CoreError.unknownLevel(target)))
                    }
                }
            }
        }
        if let entry = table["quote"], let text = scalar(entry.value, "quote") {
            rule.quote = text
        }
        if let entry = table["status"], let text = scalar(entry.value, "status") {
            if let status = FactStatus(rawValue: text), status != .retracted {
                rule.status = status
            } else {
                add(entry.value, "status must be reported, verified or disputed, not '\(text)'")
            }
        }
        if let entry = table["sensitivity"], let text = scalar(entry.value, "sensitivity") {
            if let sensitivity = Sensitivity(rawValue: text) {
                rule.sensitivity = sensitivity
            } else {
                add(entry.value, ImportText.sentence(CoreError.unknownSensitivity(text)))
            }
        }
        return rule
    }

    mutating func sourceRule(_ node: Node) -> SourceRule? {
        guard let entries = pairs(node, "source") else { return nil }
        checkKeys(entries, allowed: Self.sourceKeys, in: "source")
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        func text(_ key: String) -> String? { table[key].flatMap { scalar($0.value, key) } }
        guard let id = text("id") else {
            add(node, "source needs 'id:', the id of the source every imported fact cites")
            return nil
        }
        if (try? Validation.identifier(id)) == nil, let entry = table["id"] {
            add(entry.value, ImportText.sentence(CoreError.invalidIdentifier(id)))
        }
        var rule = SourceRule(
            id: id, title: text("title"), publisher: text("publisher"), url: text("url"), author: text("author"),
            publishedOn: nil, retrievedAt: nil, kind: .dataset, language: text("language"), sensitivity: .public,
            location: location(node))
        if (rule.title == nil) != (rule.publisher == nil) {
            add(node, "source needs both 'title:' and 'publisher:' to create the source (or neither, to cite an existing one)")
        }
        if let url = rule.url, !Validation.isWebURL(url), let entry = table["url"] {
            add(entry.value, ImportText.sentence(CoreError.invalidURL(url)))
        }
        if let entry = table["published_on"], let value = scalar(entry.value, "published_on") {
            rule.publishedOn = try? Day(value)
            if rule.publishedOn == nil { add(entry.value, ImportText.sentence(CoreError.invalidDate(value))) }
        }
        if let entry = table["retrieved_at"], let value = scalar(entry.value, "retrieved_at") {
            if (try? Timestamp.parse(value)) != nil {
                rule.retrievedAt = value
            } else {
                add(entry.value, ImportText.sentence(CoreError.invalidTimestamp(value)))
            }
        }
        if let entry = table["kind"], let value = scalar(entry.value, "kind") {
            if let kind = SourceKind(rawValue: value) {
                rule.kind = kind
            } else {
                add(entry.value, ImportText.sentence(CoreError.unknownSourceKind(value)))
            }
        }
        if let entry = table["sensitivity"], let value = scalar(entry.value, "sensitivity") {
            if let sensitivity = Sensitivity(rawValue: value) {
                rule.sensitivity = sensitivity
            } else {
                add(entry.value, ImportText.sentence(CoreError.unknownSensitivity(value)))
            }
        }
        return rule
    }

    mutating func skipRule(_ node: Node) -> SkipRule? {
        guard let entries = pairs(node, "a skip_rows entry") else { return nil }
        checkKeys(entries, allowed: ["column", "equals"], in: "skip_rows")
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        guard let columnEntry = table["column"], let name = scalar(columnEntry.value, "column"),
            let equalsEntry = table["equals"]
        else {
            add(node, "a skip_rows entry needs 'column:' and 'equals:', for example {column: Facility, equals: TOTAL}")
            return nil
        }
        let values = list(equalsEntry.value).compactMap { scalar($0, "equals") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return SkipRule(column: column(name, columnEntry.value), equals: Set(values))
    }

    mutating func valueRule(_ node: Node, _ key: String) -> MappingValue? {
        if node.scalar != nil {
            guard let name = scalar(node, key) else { return nil }
            return .column(column(name, node), values: [:])
        }
        guard let entries = pairs(node, key) else { return nil }
        checkKeys(entries, allowed: ["column", "value", "values"], in: key)
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        switch (table["column"], table["value"]) {
        case (let entry?, nil):
            guard let name = scalar(entry.value, "column") else { return nil }
            var translations: [String: String] = [:]
            if let valuesEntry = table["values"], let items = pairs(valuesEntry.value, "values") {
                for item in items {
                    if let target = scalar(item.value, "a value") {
                        translations[item.key.trimmingCharacters(in: .whitespaces)] = target
                    }
                }
            }
            return .column(column(name, entry.value), values: translations)
        case (nil, let entry?):
            if table["values"] != nil { add(node, "\(key): 'values:' only applies to a column") }
            guard let text = scalar(entry.value, "value") else { return nil }
            return .constant(text, location(entry.value))
        default:
            add(node, "\(key) needs exactly one of 'column: NAME' or 'value: TEXT'")
            return nil
        }
    }

    // MARK: Helpers

    func location(_ node: Node) -> ImportLocation {
        ImportLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func column(_ name: String, _ node: Node) -> MappingColumn {
        MappingColumn(name: name, location: location(node))
    }

    mutating func add(_ node: Node, _ message: String) {
        problems.add(location(node), message)
    }

    /// A mapping's entries with string keys, or `nil` (and a problem) when the node is not a mapping.
    mutating func pairs(_ node: Node, _ what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard let mapping = node.mapping else {
            add(node, "\(what) must be a set of 'key: value' entries")
            return nil
        }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                add(key, "keys in \(what) must be plain text")
                continue
            }
            result.append((name, key, value))
        }
        return result
    }

    /// A scalar's text, or `nil` (and a problem) when the node is a list or mapping or null.
    mutating func scalar(_ node: Node, _ what: String) -> String? {
        guard let scalar = node.scalar else {
            add(node, "\(what) must be a single value, not a list or a set of entries")
            return nil
        }
        if scalar.style == .plain, node.null != nil {
            add(node, "\(what) has no value")
            return nil
        }
        return scalar.string
    }

    /// A sequence's items, or the node itself as a one-item list.
    func list(_ node: Node) -> [Node] {
        if let sequence = node.sequence { return Array(sequence) }
        return [node]
    }

    mutating func checkKeys(_ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], in what: String) {
        for entry in entries where !allowed.contains(entry.key) {
            let suggestion = allowed.min { distance($0, entry.key) < distance($1, entry.key) }
            let hint = suggestion.map { distance($0, entry.key) <= 3 ? " (did you mean '\($0)'?)" : "" } ?? ""
            add(entry.keyNode, "'\(entry.key)' is not a key of \(what)\(hint); use one of: \(allowed.joined(separator: ", "))")
        }
    }

    func problem(for error: YamlError) -> ImportProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return ImportProblem(file: file, line: mark.line, column: mark.column, message: "the mapping is not valid YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ImportProblem(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "the key\(duplicates.count == 1 ? "" : "s") \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) appear\(duplicates.count == 1 ? "s" : "") twice in one section; keep one")
        default:
            return ImportProblem(file: file, line: 1, column: 1, message: "the mapping is not valid YAML: \(error)")
        }
    }

    /// Levenshtein distance, for "did you mean".
    func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
