import Foundation
import RightsBriefCore

// Small builders shared by the Core tests. The Core test target depends only on
// RightsBriefCore, so these stand in for TestSupport.

/// The day, from text the test knows is valid.
func day(_ text: String) -> Day {
    do {
        return try Day(text)
    } catch {
        preconditionFailure("test date '\(text)' is not valid")
    }
}

/// A facility with the given id.
func facility(_ id: String = "cecot") -> Facility {
    Facility(id: id, name: "Facility \(id)", country: "SV")
}

/// A fact about `facility` with an explicit id, so supersession can point at it.
func fact(
    _ id: Int64, _ attribute: Attribute, _ value: FactValue, asOf: String = "2025-02-03",
    facility: String = "cecot", sources: [String] = ["pbs"], status: FactStatus = .reported,
    sensitivity: Sensitivity = .public, supersedes: Int64? = nil, retracted: Bool = false
) -> Fact {
    Fact(
        id: id, facilityId: facility, attribute: attribute, value: value, asOf: day(asOf),
        status: status, sensitivity: sensitivity, supersedes: supersedes, sourceIds: sources,
        retraction: retracted
            ? Fact.Retraction(reason: "wrong figure", retractedAt: "2025-03-01T12:00:00Z") : nil)
}

/// A numeric fact.
func fact(
    _ id: Int64, _ attribute: Attribute, _ number: Double, asOf: String = "2025-02-03",
    facility: String = "cecot", sources: [String] = ["pbs"], status: FactStatus = .reported,
    sensitivity: Sensitivity = .public, supersedes: Int64? = nil, retracted: Bool = false
) -> Fact {
    fact(
        id, attribute, .number(number), asOf: asOf, facility: facility, sources: sources,
        status: status,
        sensitivity: sensitivity, supersedes: supersedes, retracted: retracted)
}

/// A condition fact.
func fact(
    _ id: Int64, _ attribute: Attribute, _ level: ConditionLevel, asOf: String = "2025-02-03",
    facility: String = "cecot", sources: [String] = ["pbs"], status: FactStatus = .reported
) -> Fact {
    fact(
        id, attribute, .level(level), asOf: asOf, facility: facility, sources: sources,
        status: status)
}

/// The figures of the default facility computed from `facts`.
func figures(_ facts: [Fact], asOf: String? = nil) -> FacilityFigures {
    FacilityFigures(facility: facility(), facts: facts, asOf: asOf.map(day))
}
