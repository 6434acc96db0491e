import Foundation
import RightsBriefCore
import Yams

/// The sections of a mapping: facility, identifiers, as-of date, facts, source, skipped rows
/// and values.
extension MappingParser {
    mutating func facilityRule(_ node: Node) -> FacilityRule? {
        guard let entries = pairs(node, "facility") else { return nil }
        checkKeys(entries, allowed: Self.facilityKeys, in: "facility")
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var ids: [IdentifierRule] = []
        var idsOK = true
        if let entry = table["id"] {
            // A list is tried in order: the first rule whose cells are present gives the id.
            let items = entry.value.sequence.map(Array.init) ?? [entry.value]
            if items.isEmpty { add(entry.value, "id needs at least one rule, for example id: [{column: ID}, {slug_of: Name}]") }
            for item in items {
                if let rule = identifierRule(item) { ids.append(rule) } else { idsOK = false }
            }
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
        var identifiers: [ExternalIdentifierRule] = []
        if let entry = table["identifiers"], let items = pairs(entry.value, "identifiers") {
            for item in items {
                if (try? FacilityIdentifier.validate(scheme: item.key)) == nil {
                    add(item.keyNode, "identifiers: '\(item.key)' is not a scheme name; use 1 to 32 lowercase letters, digits and hyphens, for example hifld")
                    continue
                }
                guard case .column(let column, let values)? = valueRule(item.value, item.key) else {
                    if item.value.mapping?["value"] != nil {
                        add(item.value, "identifiers: \(item.key) must name a column (every row has its own identifier)")
                    }
                    continue
                }
                if !values.isEmpty { add(item.value, "identifiers: \(item.key) takes no 'values:'") }
                identifiers.append(ExternalIdentifierRule(scheme: item.key, column: column))
            }
        }
        var matchScheme: String?
        if let entry = table["match"], let items = pairs(entry.value, "match") {
            checkKeys(items, allowed: ["identifier"], in: "match")
            if let item = items.first(where: { $0.key == "identifier" }), let scheme = scalar(item.value, "match identifier") {
                if identifiers.contains(where: { $0.scheme == scheme }) {
                    matchScheme = scheme
                } else {
                    let known = identifiers.map(\.scheme)
                    add(
                        item.value,
                        "match: '\(scheme)' is not one of the facility's identifiers"
                            + (known.isEmpty ? "; add identifiers: {\(scheme): COLUMN} to facility" : " (\(known.joined(separator: ", ")))"))
                }
            }
        }
        var fillOnly = false
        if let entry = table["stored"], let text = scalar(entry.value, "stored") {
            switch text {
            case "update": fillOnly = false
            case "fill": fillOnly = true
            default: add(entry.value, "stored must be 'update' (a mapped row changes a stored facility's fields) or 'fill' (it only fills fields the facility lacks), not '\(text)'")
            }
        }
        guard idsOK, !ids.isEmpty else { return nil }
        return FacilityRule(
            ids: ids, identifiers: identifiers, matchScheme: matchScheme, fillOnly: fillOnly, name: name, country: country,
            region: value("region"), kind: kind, authority: value("authority"),
            latitude: value("latitude"), longitude: value("longitude"), location: location(node))
    }

    mutating func identifierRule(_ node: Node) -> IdentifierRule? {
        if node.scalar != nil {
            guard let name = scalar(node, "id") else { return nil }
            return IdentifierRule(origin: .column(column(name, node)), prefix: "", disambiguateBy: nil, location: location(node))
        }
        guard let entries = pairs(node, "id") else { return nil }
        checkKeys(entries, allowed: ["column", "slug_of", "prefix", "disambiguate_by"] + Self.constraintKeys, in: "id")
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let check = constraint(table, "id")
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
            var idColumn = column(name, entry.value)
            idColumn.constraint = check
            return IdentifierRule(
                origin: .column(idColumn), prefix: prefix, disambiguateBy: disambiguateBy,
                location: location(node))
        case (nil, let entry?):
            let columns = list(entry.value).compactMap { item in
                scalar(item, "slug_of").map { MappingColumn(name: $0, location: location(item), constraint: check) }
            }
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
            quote: nil, status: .reported, sensitivity: .public, asOf: nil, rowSource: nil, location: location(node))
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
        rule.column.constraint = constraint(table, attribute.rawValue, numeric: attribute.kind != .condition)
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
                        rule.levels[ImportText.collapsed(translation.key)] = level
                    } else {
                        add(translation.value, ImportText.sentence(CoreError.unknownLevel(target)))
                    }
                }
            }
        }
        if let entry = table["quote"], let text = scalar(entry.value, "quote") {
            rule.quote = text
        }
        if let entry = table["source"] {
            guard let own = rowSourceRule(entry.value, attribute.rawValue) else { return nil }
            rule.rowSource = own
        }
        if let entry = table["as_of"] {
            // A broken date rule is a problem already; leaving the attribute out keeps it from
            // being reported as undated too.
            guard let own = asOfRule(entry.value) else { return nil }
            rule.asOf = own
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

    /// `source: {column: NAME, publisher: TEXT, title: TEXT, kind: KIND, prefix: TEXT}` of an
    /// attribute: the column naming each row's source.
    mutating func rowSourceRule(_ node: Node, _ what: String) -> RowSourceRule? {
        let usage = "\(what): source: needs 'column:' and 'publisher:', for example source: {column: Capacity source, publisher: \"{value}\"}"
        guard let entries = pairs(node, "\(what) source") else { return nil }
        checkKeys(entries, allowed: Self.rowSourceKeys, in: "\(what) source")
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        guard let columnEntry = table["column"], let name = scalar(columnEntry.value, "column"),
            let publisherEntry = table["publisher"], let publisher = scalar(publisherEntry.value, "publisher")
        else {
            add(node, usage)
            return nil
        }
        var rule = RowSourceRule(
            column: column(name, columnEntry.value), prefix: nil, title: "{value}", publisher: publisher, kind: .dataset,
            location: location(node))
        if let entry = table["title"], let title = scalar(entry.value, "title") { rule.title = title }
        if let entry = table["kind"], let value = scalar(entry.value, "kind") {
            if let kind = SourceKind(rawValue: value) {
                rule.kind = kind
            } else {
                add(entry.value, ImportText.sentence(CoreError.unknownSourceKind(value)))
            }
        }
        if let entry = table["prefix"], let text = scalar(entry.value, "prefix") {
            let bytes = Array(text.utf8)
            let ok = bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
            if !ok || bytes.isEmpty || bytes.first == 0x2D || bytes.count > 32 {
                add(entry.value, "the prefix '\(text)' must be lowercase letters, digits and hyphens (up to 32), not starting with a hyphen, for example 'cap-'")
            } else {
                rule.prefix = text
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
            .map { ImportText.collapsed($0) }
        return SkipRule(column: column(name, columnEntry.value), equals: Set(values))
    }

    mutating func valueRule(_ node: Node, _ key: String) -> MappingValue? {
        if node.scalar != nil {
            guard let name = scalar(node, key) else { return nil }
            return .column(column(name, node), values: [:])
        }
        guard let entries = pairs(node, key) else { return nil }
        checkKeys(entries, allowed: ["column", "value", "values"] + Self.constraintKeys, in: key)
        let table = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        switch (table["column"], table["value"]) {
        case (let entry?, nil):
            guard let name = scalar(entry.value, "column") else { return nil }
            var cells = column(name, entry.value)
            cells.constraint = constraint(table, key)
            var translations: [String: String] = [:]
            if let valuesEntry = table["values"], let items = pairs(valuesEntry.value, "values") {
                for item in items {
                    if let target = scalar(item.value, "a value") {
                        translations[ImportText.collapsed(item.key)] = target
                    }
                }
            }
            return .column(cells, values: translations)
        case (nil, let entry?):
            if table["values"] != nil { add(node, "\(key): 'values:' only applies to a column") }
            if let entry = Self.constraintKeys.compactMap({ table[$0] }).first {
                add(entry.keyNode, "\(key): allowed:, pattern: and range: check a column's cells; they do not apply to 'value:'")
            }
            guard let text = scalar(entry.value, "value") else { return nil }
            return .constant(text, location(entry.value))
        default:
            add(node, "\(key) needs exactly one of 'column: NAME' or 'value: TEXT'")
            return nil
        }
    }
}
