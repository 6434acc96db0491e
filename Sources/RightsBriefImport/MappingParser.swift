import Foundation
import RightsBriefCore
import Yams

/// Walks the YAML tree, collecting every problem with its line and column.
struct MappingParser {
    let file: String
    var problems = ProblemList()

    init(file: String) { self.file = file }

    static let topKeys = ["source", "facility", "as_of", "facts", "missing", "thousands", "decimal", "skip_rows", "version"]
    static let facilityKeys = [
        "id", "name", "country", "region", "kind", "authority", "latitude", "longitude", "identifiers", "match", "stored",
    ]
    static let sourceKeys = [
        "id", "title", "publisher", "url", "author", "published_on", "retrieved_at", "kind", "language", "sensitivity",
    ]
    static let constraintKeys = ["allowed", "pattern", "range"]
    static let attributeKeys =
        ["column", "unit", "scale", "values", "quote", "status", "sensitivity", "as_of", "source"] + constraintKeys
    static let rowSourceKeys = ["column", "prefix", "title", "publisher", "kind"]

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
                let undated = facts.filter { $0.asOf == nil }
                if undated.count == facts.count {
                    add(entry.keyNode, "facts need an as-of date: add 'as_of: {column: NAME, format: M/D/YY}' or 'as_of: {value: YYYY-MM-DD}'")
                } else {
                    for rule in undated {
                        problems.add(
                            rule.location,
                            "\(rule.attribute.rawValue) has no as-of date: give it its own 'as_of:' or add a default 'as_of:' for the whole mapping")
                    }
                }
            }
        }
        var missing: Set<String> = [""]
        if let entry = table["missing"] {
            for node in list(entry.value) {
                if let text = scalar(node, "a missing-value marker") {
                    missing.insert(ImportText.collapsed(text))
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

    // MARK: Constraints

    /// The `allowed:`, `pattern:` and `range:` entries of a section, checked; `nil` when it has
    /// none (or only broken ones, which are problems).
    ///
    /// - Parameters:
    ///   - table: the section's entries.
    ///   - what: the field, for messages.
    ///   - numeric: `false` when the field cannot hold numbers (a condition level), so a `range:`
    ///     is a problem.
    mutating func constraint(
        _ table: [String: (key: String, keyNode: Node, value: Node)], _ what: String, numeric: Bool = true
    ) -> CellConstraint? {
        var result = CellConstraint()
        if let entry = table["allowed"] {
            let values = list(entry.value).compactMap { scalar($0, "an allowed value") }.map { ImportText.collapsed($0) }
            if values.isEmpty {
                add(entry.value, "\(what): allowed: needs at least one value, for example allowed: [ME, NH, VT]")
            } else {
                result.allowed = (values, location(entry.value))
            }
        }
        if let entry = table["pattern"], let text = scalar(entry.value, "pattern") {
            if let regex = CellConstraint.regex(text) {
                result.pattern = (text, regex, location(entry.value))
            } else {
                add(entry.value, "\(what): '\(text)' is not a valid regular expression; check its brackets, parentheses and backslashes (in YAML, quote it with single quotes)")
            }
        }
        if let entry = table["range"] {
            if !numeric {
                add(entry.keyNode, "\(what): range: checks numbers, and \(what) is a condition level; use allowed: to list the words a cell may hold")
            } else if let range = numberRange(entry.value, what) {
                result.range = range
            }
        }
        return result.isEmpty ? nil : result
    }

    /// `[MIN, MAX]` or `{min: N, max: N}` (either may be left out of the second form).
    private mutating func numberRange(
        _ node: Node, _ what: String
    ) -> (min: Double?, max: Double?, text: (min: String?, max: String?), at: ImportLocation)? {
        let usage = "\(what): range: needs two numbers, [MIN, MAX], or {min: N, max: N}"
        var texts: (min: String?, max: String?) = (nil, nil)
        var nodes: [Node] = []
        if let sequence = node.sequence {
            guard sequence.count == 2 else {
                add(node, usage)
                return nil
            }
            texts = (scalar(sequence[0], "a range bound"), scalar(sequence[1], "a range bound"))
            nodes = Array(sequence)
        } else if let entries = pairs(node, "range") {
            checkKeys(entries, allowed: ["min", "max"], in: "range")
            let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            texts = (table["min"].flatMap { scalar($0.value, "min") }, table["max"].flatMap { scalar($0.value, "max") })
            nodes = [table["min"]?.value ?? node, table["max"]?.value ?? node]
            if table["min"] == nil, table["max"] == nil {
                add(node, usage)
                return nil
            }
        } else {
            return nil
        }
        var bounds: [Double?] = []
        for (index, text) in [texts.min, texts.max].enumerated() {
            guard let text else {
                bounds.append(nil)
                continue
            }
            guard let number = Double(text), number.isFinite else {
                add(nodes[index], "\(what): range bound '\(text)' is not a number")
                return nil
            }
            bounds.append(number)
        }
        if let min = bounds[0], let max = bounds[1], min > max {
            add(node, "\(what): the range's minimum \(texts.min ?? "") is above its maximum \(texts.max ?? "")")
            return nil
        }
        return (bounds[0], bounds[1], texts, location(node))
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
