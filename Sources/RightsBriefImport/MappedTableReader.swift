import Foundation
import RightsBriefCore

/// Reads a foreign spreadsheet through a mapping into facilities and facts.
///
/// Rows that give the same facility id describe the same facility (a long-format file has one
/// row per facility per date) and must agree about it; when they do not, `disambiguate_by`
/// tells them apart, or each disagreeing row is a problem.
struct MappedTableReader {
    let resolved: ResolvedMapping
    let file: String
    let scope: Int
    /// For `match: {identifier: SCHEME}`: the stored facility each identifier of the scheme names.
    var storedIdentifiers: [String: String] = [:]
    /// Facilities merged into others (`facility merge`): dropped id → kept id.
    var merged: [String: String] = [:]
    var mapping: ImportMapping { resolved.mapping }

    /// What one row says about its facility, before ids are settled.
    private struct Row {
        var line: Int
        var baseId: String
        var idAt: ImportLocation
        var tag: String?
        var tagAt: ImportLocation?
        /// The header of the column that tells apart rows making the same id (the winning id
        /// rule's `disambiguate_by`), or `nil`.
        var tagHeader: String?
        /// Whether the id came from a stored identifier (`match:`) or a row with the same one.
        var matched = false
        /// Identifiers by scheme.
        var identifiers: [String: (value: String, at: ImportLocation)] = [:]
        var fields: [String: (text: String, at: ImportLocation)]
        /// Fields whose column left the cell empty: where, and the column's header.
        var blank: [String: (at: ImportLocation, header: String)]
    }

    struct Result {
        var facilities: [FacilityInput] = []
        var notes: [ImportProblem] = []
        var rows = 0
        /// The sources named by rows (`source:` of an attribute), each once, in file order.
        var rowSources: [SourceInput] = []
    }

    static let fieldOrder = ["name", "country", "region", "kind", "authority", "latitude", "longitude"]

    /// What the first pass keeps for the second: which facility each row's facts go to.
    struct Plan: Sendable {
        /// With `match:`, the facility id the first row giving each identifier made (or found).
        var firstByIdentifier: [String: String] = [:]
        /// Ids whose rows disagree and are told apart by `disambiguate_by`.
        var disambiguated: Set<String> = []
        /// Where each kind of row settled.
        var settled: [RowKey: String] = [:]
        /// Settled facilities that had no problem: only their rows' facts are written.
        var written: Set<String> = []
    }

    /// What the second pass gives: a fact to write, or a problem found only then.
    enum SecondPass {
        case fact(FactInput)
        case problem(ImportProblem)
    }

    /// Which rows settle together: the same id, matched or not, and the same tag.
    struct RowKey: Hashable, Sendable {
        var baseId: String
        var matched: Bool
        var tag: String?
    }

    /// What settling needs to know about one field of a group of rows, in file order: the first
    /// value, and the first row with another value.
    private struct FieldSummary {
        var first: (text: String, line: Int, at: ImportLocation)
        var other: (text: String, line: Int, at: ImportLocation)?
    }

    /// What settling needs to know about a group of rows with the same ``RowKey``; the rows
    /// themselves are not kept, so memory grows with the number of facilities, not of rows.
    private struct Group {
        var line: Int
        var idAt: ImportLocation
        var blank: [String: (at: ImportLocation, header: String)]
        var hasTagHeader = false
        var fields: [String: FieldSummary] = [:]

        init(_ row: Row) {
            line = row.line
            idAt = row.idAt
            blank = row.blank.filter { $0.key == "name" || $0.key == "country" }
            add(row)
        }

        mutating func add(_ row: Row) {
            if row.tagHeader != nil { hasTagHeader = true }
            for (field, given) in row.fields {
                if var summary = fields[field] {
                    if summary.other == nil, summary.first.text != given.text {
                        summary.other = (given.text, row.line, given.at)
                        fields[field] = summary
                    }
                } else {
                    fields[field] = FieldSummary(first: (given.text, row.line, given.at))
                }
            }
        }

        /// Several groups' rows taken together (`groups` in order of their first rows).
        static func union(_ groups: [Group]) -> Group {
            var result = groups[0]
            for group in groups.dropFirst() {
                if group.hasTagHeader { result.hasTagHeader = true }
                for (field, summary) in group.fields {
                    guard let known = result.fields[field] else {
                        result.fields[field] = summary
                        continue
                    }
                    let first = known.first.line <= summary.first.line ? known.first : summary.first
                    var candidates: [(text: String, line: Int, at: ImportLocation)] = []
                    for part in [known, summary] {
                        if part.first.text != first.text {
                            candidates.append(part.first)
                        } else if let other = part.other {
                            candidates.append(other)
                        }
                    }
                    result.fields[field] = FieldSummary(first: first, other: candidates.min { $0.line < $1.line })
                }
            }
            return result
        }
    }

    /// The first pass: checks every row (every problem is reported here) and settles the
    /// facilities, keeping no row: facts are read again by ``readFacts(_:plan:_:)``.
    func read(_ reader: inout CSVReader, _ problems: inout ProblemList, progress: (Int) -> Void) -> (Result, Plan) {
        var result = Result()
        var plan = Plan()
        var groups: [RowKey: Group] = [:]
        var skipped: [String: (count: Int, first: Int)] = [:]
        var blank = 0
        var noDate = (count: 0, first: ImportLocation(file: file, line: 0, column: 0))
        var record = CSVRecord(fields: [], line: 0)
        var rowSourceIds: Set<String> = []
        while true {
            do {
                guard try reader.read(into: &record) else { break }
            } catch let error {
                problems.add(ImportFiles.problem(error, file: file))
                if case .raggedRow = error { continue }
                break
            }
            result.rows += 1
            if result.rows % 8192 == 0 { progress(result.rows) }
            if record.fields.allSatisfy({ ImportText.collapsed($0).isEmpty }) {
                blank += 1
                continue
            }
            if let rule = resolved.skips.first(where: { $0.equals.contains(cell(record, $0.column)) }) {
                let key = "\(rule.name) = \(cell(record, rule.column))"
                skipped[key, default: (0, record.line)].count += 1
                continue
            }
            // Every cell is checked, even when the row's facility cells have problems.
            let broken = checkConstraints(record, &problems)
            let row = self.row(record, broken: broken, &problems)
            let (_, undated, sources) = self.facts(record, broken: broken, &problems)
            for source in sources where rowSourceIds.insert(source.id).inserted {
                result.rowSources.append(source)
            }
            if undated {
                if noDate.count == 0 { noDate.first = undatedAt(record) }
                noDate.count += 1
            }
            guard var row else { continue }
            // With match:, rows giving the same identifier are one facility: the stored one, or
            // the one the first such row makes.
            if let scheme = mapping.facility.matchScheme, let value = row.identifiers[scheme]?.value {
                if let id = plan.firstByIdentifier[value] {
                    if row.baseId != id {
                        row.baseId = id
                        row.matched = true
                    }
                } else {
                    plan.firstByIdentifier[value] = row.baseId
                }
            }
            let key = RowKey(baseId: row.baseId, matched: row.matched, tag: row.tag)
            if groups[key] == nil {
                groups[key] = Group(row)
            } else {
                groups[key]?.add(row)
            }
        }
        if blank > 0 {
            result.notes.append(ImportProblem(file: file, line: 1, column: 1, message: "skipped \(blank) empty row\(blank == 1 ? "" : "s")"))
        }
        for (rule, info) in skipped.sorted(by: { $0.value.first < $1.value.first }) {
            result.notes.append(
                ImportProblem(
                    file: file, line: info.first, column: 1,
                    message: "skipped \(info.count) row\(info.count == 1 ? "" : "s") where \(rule) (skip_rows)"))
        }
        if noDate.count > 0 {
            result.notes.append(
                noDate.first.problem(
                    "\(noDate.count) row\(noDate.count == 1 ? " has" : "s have") values but no as-of date; those values were not imported (if_missing: skip)"))
        }
        settle(groups, into: &result, plan: &plan, &problems)
        return (result, plan)
    }

    /// The second pass: reads the file again (from just after its header) and gives each row's
    /// facts, with the facility the first pass settled, to `body`, in file order. Problems were
    /// reported by the first pass; the only ones added here are rows that needed a
    /// `disambiguate_by` cell and have none (known only once every row was seen).
    func readFacts(
        _ reader: inout CSVReader, plan: Plan, progress: (Int) -> Void, _ body: (SecondPass) throws -> Void
    ) throws {
        var record = CSVRecord(fields: [], line: 0)
        var scratch = ProblemList(kept: 1)
        var rows = 0
        while true {
            do {
                guard try reader.read(into: &record) else { break }
            } catch let error {
                if case .raggedRow = error { continue }
                // The first reading reported the file's CSV errors; a disk that fails only now
                // must not leave the rest of the facts out silently.
                if case .readFailed = error { try body(.problem(ImportFiles.problem(error, file: file))) }
                break
            }
            rows += 1
            if rows % 8192 == 0 { progress(rows) }
            if record.fields.allSatisfy({ ImportText.collapsed($0).isEmpty }) { continue }
            if resolved.skips.contains(where: { $0.equals.contains(cell(record, $0.column)) }) { continue }
            if !scratch.isEmpty { scratch = ProblemList(kept: 1) }
            let broken = checkConstraints(record, &scratch)
            guard var row = self.row(record, broken: broken, &scratch) else { continue }
            if let scheme = mapping.facility.matchScheme, let value = row.identifiers[scheme]?.value,
                let id = plan.firstByIdentifier[value], row.baseId != id
            {
                row.baseId = id
                row.matched = true
            }
            if plan.disambiguated.contains(row.baseId), !row.matched, row.tag == nil {
                try body(
                    .problem(
                        (row.tagAt ?? row.idAt).problem(
                            "rows for facility '\(row.baseId)' describe different facilities and this row has no \(row.tagHeader ?? header(resolved.disambiguator ?? 0)) to tell it apart; fill it in or skip the row")))
            }
            guard let id = plan.settled[RowKey(baseId: row.baseId, matched: row.matched, tag: row.tag)],
                plan.written.contains(id)
            else { continue }
            let (facts, _, _) = self.facts(record, broken: broken, &scratch)
            for var input in facts {
                input.fact.facilityId = id
                try body(.fact(input))
            }
        }
    }

    // MARK: One row

    /// Checks the row's cells against the mapping's constraints; each broken one is a problem
    /// at its cell.
    ///
    /// - Returns: the positions of the cells that broke a constraint, which no other rule reads
    ///   (so each cell has at most one problem).
    private func checkConstraints(_ record: CSVRecord, _ problems: inout ProblemList) -> Set<Int> {
        var broken: Set<Int> = []
        for item in resolved.constraints where !broken.contains(item.column) {
            let text = cell(record, item.column)
            guard !isMissing(text) else { continue }
            if let message = item.constraint.violation(text, header: item.header, numbers: mapping.numbers) {
                problems.add(at(record, item.column), message)
                broken.insert(item.column)
            }
        }
        return broken
    }

    /// What the row says about its facility, or `nil` when any of its facility cells has a
    /// problem. Every facility cell is checked, even after one has failed, and every problem
    /// about a cell names its column.
    private func row(_ record: CSVRecord, broken: Set<Int>, _ problems: inout ProblemList) -> Row? {
        let before = problems.count
        let firstId = resolved.idColumns.first ?? 0
        let idAt = at(record, firstId)
        // Identifiers from other registers; with match:, a stored one gives the row's facility.
        var identifiers: [String: (value: String, at: ImportLocation)] = [:]
        for (scheme, position) in resolved.identifiers where !broken.contains(position) {
            let text = cell(record, position)
            if isMissing(text) { continue }
            do {
                try FacilityIdentifier.validate(value: text)
                identifiers[scheme] = (text, at(record, position))
            } catch let error as CoreError {
                problems.add(at(record, position), ImportText.sentence(error) + " (column \(header(position)))")
            } catch {
                problems.add(at(record, position), "\(error) (column \(header(position)))")
            }
        }
        var baseId: String?
        var matched = false
        var tag: String?
        var tagAt: ImportLocation?
        var tagHeader: String?
        if let scheme = mapping.facility.matchScheme, let given = identifiers[scheme],
            let stored = storedIdentifiers[given.value]
        {
            baseId = stored
            matched = true
        } else if let rule = resolved.idRules.first(where: { rule in
            // The first rule with a broken cell or a present one decides: a broken cell has its
            // problem already, and a later rule must not hide it.
            rule.columns.contains(where: broken.contains) || rule.columns.contains { !isMissing(cell(record, $0)) }
        }) {
            if !rule.columns.contains(where: broken.contains) {
                baseId = makeId(record, rule, &problems)
                if let position = rule.disambiguator {
                    let text = cell(record, position)
                    if !isMissing(text) {
                        let slug = ImportSlug.make(text)
                        if !slug.isEmpty { tag = ImportSlug.truncated(slug, to: 24) }
                    }
                    tagAt = at(record, position)
                    tagHeader = header(position)
                }
            }
        } else if resolved.idRules.count == 1 {
            let rule = resolved.idRules[0]
            if rule.isSlug {
                let headers = rule.columns.map { header($0) }
                problems.add(idAt, "the row has no \(headers.joined(separator: " or ")) to make a facility id from; fill it in or skip the row (skip_rows)")
            } else {
                problems.add(idAt, "the facility id is empty; every row needs one (column \(header(firstId)))")
            }
        } else {
            let headers = resolved.idRules.flatMap { $0.columns.map { header($0) } }
            problems.add(
                idAt,
                "the row has none of \(headers.joined(separator: ", ")) to make a facility id from (the id rules are tried in that order); fill one in or skip the row (skip_rows)")
        }
        var fields: [String: (text: String, at: ImportLocation)] = [:]
        var blank: [String: (at: ImportLocation, header: String)] = [:]
        func take(_ key: String, _ value: ResolvedMapping.Value?, _ check: (String) -> String?) {
            guard let value else { return }
            let text: String
            let location: ImportLocation
            var column = ""
            switch value {
            case .constant(let constant):
                text = constant
                location = mappingLocation(key)
            case .column(let position, let translations):
                // A cell that broke a constraint has its problem already.
                guard !broken.contains(position) else { return }
                let found = cell(record, position)
                guard !isMissing(found) else {
                    blank[key] = (at(record, position), header(position))
                    return
                }
                text = translations[found] ?? found
                location = at(record, position)
                column = " (column \(header(position)))"
            }
            if let message = check(text) {
                problems.add(location, message + column)
            } else {
                fields[key] = (text, location)
            }
        }
        take("name", resolved.name) { _ in nil }
        take("country", resolved.country) { text in
            (try? Validation.country(text.uppercased())) == nil ? ImportText.sentence(CoreError.invalidCountry(text)) : nil
        }
        if let country = fields["country"] { fields["country"] = (country.text.uppercased(), country.at) }
        take("region", resolved.region) { _ in nil }
        take("kind", resolved.kind) { text in
            FacilityKind(rawValue: text) == nil ? ImportText.sentence(CoreError.unknownFacilityKind(text)) + ", or translate it with values: in the mapping" : nil
        }
        take("authority", resolved.authority) { _ in nil }
        take("latitude", resolved.latitude) { text in
            guard let value = mapping.numbers.number(from: text) else { return "'\(text)' is not a number" }
            return (-90.0...90.0).contains(value) ? nil : "latitude \(text) is out of range; use -90 to 90"
        }
        take("longitude", resolved.longitude) { text in
            guard let value = mapping.numbers.number(from: text) else { return "'\(text)' is not a number" }
            return (-180.0...180.0).contains(value) ? nil : "longitude \(text) is out of range; use -180 to 180"
        }
        for (scheme, given) in identifiers { fields["identifier " + scheme] = (given.value, given.at) }
        guard problems.count == before, !broken.contains(where: { resolved.facilityColumns.contains($0) }), let baseId
        else { return nil }
        return Row(
            line: record.line, baseId: baseId, idAt: idAt, tag: tag, tagAt: tagAt, tagHeader: tagHeader, matched: matched,
            identifiers: identifiers, fields: fields, blank: blank)
    }

    /// The id one rule makes from the row's cells, or `nil` (and a problem).
    private func makeId(
        _ record: CSVRecord, _ rule: ResolvedMapping.IdRule, _ problems: inout ProblemList
    ) -> String? {
        let first = rule.columns.first ?? 0
        let idAt = at(record, first)
        let headers = rule.columns.map { header($0) }
        if rule.isSlug {
            let parts = rule.columns.map { cell(record, $0) }.filter { !isMissing($0) }
            let slug = ImportSlug.make(parts.joined(separator: " "))
            if slug.isEmpty {
                problems.add(
                    idAt,
                    "'\(parts.joined(separator: " "))' has no letters or digits to make a facility id from; use an id column (column\(headers.count == 1 ? "" : "s") \(headers.joined(separator: ", ")))")
                return nil
            }
            return ImportSlug.truncated(rule.prefix + slug, to: 64)
        }
        let text = cell(record, first)
        if (try? Validation.identifier(rule.prefix + text)) == nil {
            problems.add(idAt, ImportText.sentence(CoreError.invalidIdentifier(rule.prefix + text)) + " (column \(header(first)))")
            return nil
        }
        return rule.prefix + text
    }

    /// The row's facts, each with its own as-of date (or the mapping's). Every value cell is
    /// checked; a date is read once per row however many attributes share it.
    ///
    /// - Returns: the facts, and whether values were left out because their date was missing
    ///   (`if_missing: skip`).
    private func facts(
        _ record: CSVRecord, broken: Set<Int>, _ problems: inout ProblemList
    ) -> (facts: [FactInput], undated: Bool, sources: [SourceInput]) {
        guard let sourceId = mapping.sourceId else { return ([], false, []) }
        var result: [FactInput] = []
        var sources: [SourceInput] = []
        var days: [Int: Day?] = [:]
        var undated = false
        func day(_ index: Int) -> Day? {
            if let known = days[index] { return known }
            var found: Day?
            switch resolved.dates[index] {
            case .constant(let constant):
                found = constant
            case .column(let position, let format, let skip, let name):
                let text = cell(record, position)
                if broken.contains(position) {
                    break  // its problem is reported already
                } else if isMissing(text) {
                    if skip {
                        undated = true
                    } else {
                        problems.add(
                            at(record, position),
                            "\(name) is empty, so the values in this row have no as-of date; fill it in, or add if_missing: skip to as_of to leave such values out")
                    }
                } else if let parsed = format.day(from: text) {
                    found = parsed
                } else {
                    problems.add(at(record, position), "'\(text)' is not a date in the format \(format) (column \(name))")
                }
            }
            days[index] = .some(found)
            return found
        }
        for item in resolved.facts {
            let rule = item.rule
            let text = cell(record, item.column)
            if isMissing(text) || broken.contains(item.column) { continue }
            let location = at(record, item.column)
            let value: FactValue?
            do {
                value = try self.value(text, rule)
            } catch let error as CoreError {
                problems.add(location, ImportText.sentence(error) + " (column \(item.header))")
                value = nil
            } catch {
                problems.add(location, "\(error) (column \(item.header))")
                value = nil
            }
            var sourceIds = [sourceId]
            var sourcesAt = mapping.source?.location ?? location
            if let (position, header) = item.source, let rowRule = rule.rowSource, !broken.contains(position) {
                let name = cell(record, position)
                if !isMissing(name) {
                    guard let id = rowRule.id(for: name, dataset: sourceId) else {
                        problems.add(
                            at(record, position),
                            "'\(name)' has no letters or digits to make a source id from (column \(header)); leave the cell empty for the dataset's own source")
                        continue
                    }
                    sourcesAt = at(record, position)
                    if id != sourceId {
                        sourceIds = [id, sourceId]
                        let source = Source(
                            id: id, url: nil, title: rowRule.fill(rowRule.title, cell: name, header: header),
                            publisher: rowRule.fill(rowRule.publisher, cell: name, header: header), kind: rowRule.kind)
                        sources.append(
                            SourceInput(
                                source: source, id: id, onlyIfAbsent: true, at: sourcesAt, citesAt: sourcesAt, hashAt: sourcesAt,
                                claimedHash: nil))
                    }
                }
            }
            guard let asOf = day(item.date), let value else { continue }
            let quote = rule.quote.map {
                $0.replacingOccurrences(of: "{header}", with: item.header).replacingOccurrences(of: "{value}", with: text)
            }
            let fact = RightsBriefCore.Fact(
                facilityId: "", attribute: rule.attribute, value: value, asOf: asOf, status: rule.status,
                sensitivity: rule.sensitivity, quote: quote, sourceIds: sourceIds)
            result.append(
                FactInput(
                    fact: fact, localId: nil, localSupersedes: nil, scope: scope, strictSupersedes: true, retraction: nil,
                    at: location, facilityAt: location, sourcesAt: sourcesAt,
                    supersedesAt: location))
        }
        return (result, undated, sources)
    }

    /// Where the first missing date of an undated row is (for the note counting such rows).
    private func undatedAt(_ record: CSVRecord) -> ImportLocation {
        for case .column(let position, _, true, _) in resolved.dates where isMissing(cell(record, position)) {
            return at(record, position)
        }
        return at(record, 0)
    }

    private func value(_ text: String, _ rule: AttributeRule) throws -> FactValue {
        let attribute = rule.attribute
        if attribute.kind == .condition {
            if let level = rule.levels[text] { return .level(level) }
            guard let level = ConditionLevel(rawValue: text.lowercased()) else {
                throw CoreError.invalidValue(
                    attribute: attribute.rawValue, value: text,
                    reason: "expected one of \(ConditionLevel.allCases.map(\.rawValue).joined(separator: ", ")) (translate other words with values: in the mapping)")
            }
            return .level(level)
        }
        guard let number = mapping.numbers.number(from: text) else {
            var how = "decimal mark '\(String(decoding: [mapping.numbers.decimal], as: UTF8.self))'"
            if let thousands = mapping.numbers.thousands {
                how = "thousands separator '\(String(decoding: [thousands], as: UTF8.self))', " + how
            }
            throw CoreError.invalidValue(attribute: attribute.rawValue, value: text, reason: "expected a number (\(how))")
        }
        var scaled = number * rule.factor
        if attribute.kind == .count, rule.factor != 1 {
            // Undo binary noise from the conversion (5.7 × 1000 = 5700.000000000001).
            let rounded = scaled.rounded()
            if abs(scaled - rounded) < 1e-9 * max(1, abs(scaled)) { scaled = rounded }
        }
        let value = FactValue.number(scaled)
        try value.validate(for: attribute)
        return value
    }

    // MARK: Settling ids

    /// Groups rows by id, tells disagreeing facilities apart (or reports them), and emits one
    /// facility per id; `plan` says where each kind of row's facts go.
    private func settle(
        _ groups: [RowKey: Group], into result: inout Result, plan: inout Plan, _ problems: inout ProblemList
    ) {
        let keys = groups.keys.sorted { groups[$0]!.line < groups[$1]!.line }
        var byBase: [String: [RowKey]] = [:]
        var baseOrder: [String] = []
        for key in keys {
            if byBase[key.baseId] == nil { baseOrder.append(key.baseId) }
            byBase[key.baseId, default: []].append(key)
        }
        for id in baseOrder {
            guard let members = byBase[id] else { continue }
            let union = Group.union(members.compactMap { groups[$0] })
            if union.hasTagHeader, disagreement(union) != nil { plan.disambiguated.insert(id) }
        }
        var settled: [String: [RowKey]] = [:]
        var settledOrder: [String] = []
        for key in keys {
            var id = key.baseId
            if plan.disambiguated.contains(key.baseId), !key.matched, let tag = key.tag {
                id = ImportSlug.truncated(key.baseId, to: 64 - tag.utf8.count - 1) + "-" + tag
            }
            // An id merged into another facility (facility merge) is that facility now.
            id = merged[id] ?? id
            plan.settled[key] = id
            if settled[id] == nil { settledOrder.append(id) }
            settled[id, default: []].append(key)
        }
        for id in settledOrder {
            guard let members = settled[id] else { continue }
            let group = Group.union(members.compactMap { groups[$0] })
            if let (field, summary) = disagreement(group), let other = summary.other {
                let hint =
                    resolved.idRules.allSatisfy({ $0.disambiguator == nil })
                    ? "make the ids unique (add disambiguate_by: COLUMN to the id rule, or slug_of: [NAME, COLUMN]) or skip one of the rows"
                    : "the rows still clash after disambiguate_by; fix the file or skip one of the rows"
                problems.add(
                    other.at,
                    "line \(summary.first.line) makes the same facility id '\(id)' with \(field) '\(summary.first.text)', this row says '\(other.text)'\(columnNote(field)); \(hint)")
                continue
            }
            plan.written.insert(id)
            var facility = FacilityInput(partialId: id, at: group.idAt)
            facility.fillOnly = mapping.facility.fillOnly
            for (scheme, _) in resolved.identifiers {
                guard let given = group.fields["identifier " + scheme]?.first else { continue }
                if facility.identifiers.isEmpty { facility.identifiersAt = given.at }
                facility.identifiers.append(FacilityIdentifier(scheme: scheme, value: given.text))
            }
            for field in Self.fieldOrder {
                guard let given = group.fields[field]?.first else { continue }
                switch field {
                case "name":
                    facility.name = given.text
                    facility.nameAt = given.at
                case "country":
                    facility.country = given.text
                    facility.countryAt = given.at
                case "region":
                    facility.region = given.text
                    facility.regionAt = given.at
                case "kind": facility.kind = FacilityKind(rawValue: given.text)
                case "authority": facility.authority = given.text
                case "latitude": facility.latitude = mapping.numbers.number(from: given.text)
                case "longitude": facility.longitude = mapping.numbers.number(from: given.text)
                default: break
                }
            }
            // A new facility needs a name and a country: point at the first row's empty cell (or
            // at the mapping, when it names no column).
            if facility.name == nil {
                facility.nameAt = group.blank["name"]?.at ?? mappingLocation("name")
                facility.nameColumn = group.blank["name"]?.header
            }
            if facility.country == nil {
                facility.countryAt = group.blank["country"]?.at ?? mappingLocation("country")
                facility.countryColumn = group.blank["country"]?.header
            }
            result.facilities.append(facility)
        }
    }

    /// The first field on which a group's rows disagree, with its summary (whose `other` is set).
    private func disagreement(_ group: Group) -> (String, FieldSummary)? {
        for field in Self.fieldOrder + resolved.identifiers.map({ "identifier " + $0.scheme }) {
            if let summary = group.fields[field], summary.other != nil { return (field, summary) }
        }
        return nil
    }

    // MARK: Helpers

    /// A cell as every rule sees it and every message shows it: trimmed, with each run of
    /// spaces and line breaks inside made one space.
    private func cell(_ record: CSVRecord, _ position: Int) -> String {
        guard position < record.fields.count else { return "" }
        return ImportText.collapsed(record.fields[position])
    }

    private func isMissing(_ text: String) -> Bool {
        text.isEmpty || mapping.missing.contains(text)
    }

    private func at(_ record: CSVRecord, _ position: Int) -> ImportLocation {
        ImportLocation(file: file, line: record.fieldLine(position), column: record.fieldColumn(position))
    }

    private func header(_ position: Int) -> String {
        position < resolved.headers.count ? resolved.headers[position] : "column \(position + 1)"
    }

    /// ` (column HEADER)` when a facility field comes from a column, for messages.
    private func columnNote(_ field: String) -> String {
        let value: ResolvedMapping.Value? =
            switch field {
            case "name": resolved.name
            case "country": resolved.country
            case "region": resolved.region
            case "kind": resolved.kind
            case "authority": resolved.authority
            case "latitude": resolved.latitude
            case "longitude": resolved.longitude
            default: resolved.identifiers.first { "identifier " + $0.scheme == field }.map { .column($0.column, values: [:]) }
            }
        guard case .column(let position, _)? = value else { return "" }
        return " (column \(header(position)))"
    }

    /// Where the mapping sets a facility field (for problems about constants or missing names).
    private func mappingLocation(_ key: String) -> ImportLocation {
        let facility = mapping.facility
        let rule: MappingValue? =
            switch key {
            case "name": facility.name
            case "country": facility.country
            case "region": facility.region
            case "kind": facility.kind
            case "authority": facility.authority
            case "latitude": facility.latitude
            case "longitude": facility.longitude
            default: nil
            }
        return rule?.location ?? facility.location
    }
}
