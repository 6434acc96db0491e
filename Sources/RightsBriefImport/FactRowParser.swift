import Foundation
import RightsBriefCore

/// The column positions of a facts table, looked up once so that a million rows cost no
/// dictionary lookups.
struct FactColumns: Sendable {
    let factId: Int?
    let facilityId: Int
    let attribute: Int
    let value: Int
    let unit: Int?
    let asOf: Int
    let status: Int?
    let sensitivity: Int?
    let sourceIds: Int
    let quote: Int?
    let supersedes: Int?
    let retractionReason: Int?
    let retractedAt: Int?

    init?(header: [String]) {
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        guard let facilityId = index["facility_id"], let attribute = index["attribute"], let value = index["value"],
            let asOf = index["as_of"], let sourceIds = index["source_ids"]
        else { return nil }
        self.factId = index["fact_id"]
        self.facilityId = facilityId
        self.attribute = attribute
        self.value = value
        self.unit = index["unit"]
        self.asOf = asOf
        self.status = index["status"]
        self.sensitivity = index["sensitivity"]
        self.sourceIds = sourceIds
        self.quote = index["quote"]
        self.supersedes = index["supersedes"]
        self.retractionReason = index["retraction_reason"]
        self.retractedAt = index["retracted_at"]
    }
}

/// Reads fact rows of an exported facts table, one at a time, with few allocations.
struct FactRowParser {
    let columns: FactColumns
    let file: String
    let scope: Int
    private static let attributes = Dictionary(uniqueKeysWithValues: Attribute.allCases.map { ($0.rawValue, $0) })
    private static let statuses = Dictionary(uniqueKeysWithValues: FactStatus.allCases.map { ($0.rawValue, $0) })
    private static let sensitivities = Dictionary(uniqueKeysWithValues: Sensitivity.allCases.map { ($0.rawValue, $0) })
    /// Why a row with the status `retracted` is refused. Such rows are not what `export csv`
    /// writes for a retraction (it keeps the fact's status and fills the two retraction
    /// columns); they come from databases where the status was set by hand, without a reason.
    static let retractedStatus =
        "status 'retracted' is not imported: a retraction needs its reason and time; give the status the fact had (reported, verified or disputed) and fill retraction_reason and retracted_at"

    private func at(_ record: CSVRecord, _ position: Int?) -> ImportLocation {
        guard let position else { return ImportLocation(file: file, line: record.line, column: 1) }
        return ImportLocation(file: file, line: record.fieldLine(position), column: record.fieldColumn(position))
    }

    @inline(__always)
    private func cell(_ record: CSVRecord, _ position: Int?) -> String? {
        guard let position, position < record.fields.count else { return nil }
        let raw = record.fields[position]
        return raw.isEmpty ? nil : CSVNeutralisation.unneutralise(raw)
    }

    func fact(_ record: CSVRecord, _ problems: inout ProblemList) -> FactInput? {
        let before = problems.count
        func bad(_ position: Int?, _ message: String) { problems.add(at(record, position), message) }

        var localId: Int64?
        if let text = cell(record, columns.factId) {
            localId = Int64(text)
            if localId == nil { bad(columns.factId, "fact_id '\(text)' is not a whole number") }
        }
        let facilityId = cell(record, columns.facilityId)
        if let facilityId {
            if (try? Validation.identifier(facilityId)) == nil {
                bad(columns.facilityId, ImportText.sentence(CoreError.invalidIdentifier(facilityId)))
            }
        } else {
            bad(columns.facilityId, "facility_id is empty; every fact needs one")
        }
        var attribute: Attribute?
        if let text = cell(record, columns.attribute) {
            attribute = Self.attributes[text]
            if attribute == nil { bad(columns.attribute, ImportText.sentence(CoreError.unknownAttribute(text))) }
        } else {
            bad(columns.attribute, "attribute is empty; every fact needs one")
        }
        var value: FactValue?
        if let text = cell(record, columns.value) {
            if let attribute {
                do {
                    value = try FactValue(parsing: text, for: attribute)
                } catch let error as CoreError {
                    bad(columns.value, ImportText.sentence(error))
                } catch {
                    bad(columns.value, "\(error)")
                }
            }
        } else {
            bad(columns.value, "value is empty; every fact needs one")
        }
        var asOf: Day?
        if let text = cell(record, columns.asOf) {
            asOf = try? Day(text)
            if asOf == nil { bad(columns.asOf, ImportText.sentence(CoreError.invalidDate(text))) }
        } else {
            bad(columns.asOf, "as_of is empty; every fact needs a date")
        }
        var status = FactStatus.reported
        if let text = cell(record, columns.status) {
            if let known = Self.statuses[text] { status = known } else {
                bad(columns.status, ImportText.sentence(CoreError.unknownStatus(text)))
            }
            if status == .retracted {
                bad(columns.status, Self.retractedStatus)
            }
        }
        var sensitivity = Sensitivity.public
        if let text = cell(record, columns.sensitivity) {
            if let known = Self.sensitivities[text] { sensitivity = known } else {
                bad(columns.sensitivity, ImportText.sentence(CoreError.unknownSensitivity(text)))
            }
        }
        var sourceIds: [String] = []
        var badSource = false
        if let text = cell(record, columns.sourceIds) {
            for part in text.split(separator: ";") {
                let id = part.contains(" ") ? part.trimmingCharacters(in: .whitespaces) : String(part)
                if id.isEmpty { continue }
                if (try? Validation.identifier(id)) == nil {
                    bad(columns.sourceIds, ImportText.sentence(CoreError.invalidIdentifier(id)))
                    badSource = true
                    break
                }
                sourceIds.append(id)
            }
        }
        if sourceIds.isEmpty, !badSource {
            bad(columns.sourceIds, "source_ids is empty; every fact needs at least one source")
        }
        var localSupersedes: Int64?
        if let text = cell(record, columns.supersedes) {
            localSupersedes = Int64(text)
            if localSupersedes == nil { bad(columns.supersedes, "supersedes '\(text)' is not a whole number") }
        }
        var retraction: Fact.Retraction?
        let reason = cell(record, columns.retractionReason)
        let retractedAt = cell(record, columns.retractedAt)
        switch (reason, retractedAt) {
        case (let reason?, let time?):
            if ImportText.isStoredTimestamp(time) {
                retraction = Fact.Retraction(reason: reason, retractedAt: time)
            } else {
                bad(columns.retractedAt, ImportText.sentence(CoreError.invalidTimestamp(time)))
            }
        case (nil, nil):
            break
        case (nil, _):
            bad(columns.retractionReason, "retraction_reason is empty but retracted_at is set; give both or neither")
        case (_, nil):
            bad(columns.retractedAt, "retracted_at is empty but retraction_reason is set; give both or neither")
        }
        guard problems.count == before, let facilityId, let attribute, let value, let asOf else { return nil }
        let unit = cell(record, columns.unit)
        let fact = Fact(
            facilityId: facilityId, attribute: attribute, value: value, unit: unit, asOf: asOf, status: status,
            sensitivity: sensitivity, quote: cell(record, columns.quote), sourceIds: sourceIds)
        return FactInput(
            fact: fact, localId: localId, localSupersedes: localSupersedes, scope: scope, strictSupersedes: false,
            retraction: retraction, at: at(record, nil), facilityAt: at(record, columns.facilityId),
            sourcesAt: at(record, columns.sourceIds), supersedesAt: at(record, columns.supersedes))
    }
}
