import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// A small country: the rich two-facility fixture (`north` 125 %, `south` disputed) plus
///
/// - `east` ("Eastern Women's Centre", Santa Ana): capacity 500, population 500, exactly
///   100 %, which is not overcrowding; sanitation adequate.
/// - `harbour` ("Harbour Police Cells", La Libertad): capacity 200, population 201 (100.5 %,
///   just over) from a public source, and a restricted later population of 260 that only an
///   internal briefing sees; 2 deaths in custody.
/// - `west` ("Western Juvenile Centre", La Libertad): no facts at all.
/// - `late` ("Lakeside Centre", no region): its only fact is dated after the as-of date.
enum CountryFixtures {
    static func store() throws -> FactStore {
        let store = try makeTestStore()
        try BriefingFixtures.loadRich(into: store)
        try store.addFacility(
            Facility(id: "east", name: "Eastern Women's Centre", country: "SV", region: "Santa Ana", kind: .prison))
        try store.addFacility(
            Facility(id: "harbour", name: "Harbour Police Cells", country: "SV", region: "La Libertad", kind: .policeCell))
        try store.addFacility(
            Facility(id: "west", name: "Western Juvenile Centre", country: "SV", region: "La Libertad", kind: .juvenile))
        try store.addFacility(Facility(id: "late", name: "Lakeside Centre", country: "SV", kind: .other))
        try store.addSource(
            Source(
                id: "east-audit", url: "https://example.gov/audits/east", title: "Audit of the eastern centre",
                publisher: "Ombudsman", publishedOn: day("2025-02-05"), kind: .official))
        try store.addSource(
            Source(
                id: "harbour-log", url: "https://example.org/harbour", title: "Harbour cells log",
                publisher: "Legal Aid Network", publishedOn: day("2025-02-18"), kind: .ngoReport))
        try store.addSource(
            Source(
                id: "partner-count", url: nil, title: "Partner head count", publisher: "Partner",
                publishedOn: day("2025-02-26"), kind: .testimony, sensitivity: .restricted))
        func fact(
            _ facility: String, _ attribute: Attribute, _ value: FactValue, _ asOf: String, _ sources: [String],
            _ sensitivity: Sensitivity = .public
        ) throws {
            try store.addFact(
                Fact(
                    facilityId: facility, attribute: attribute, value: value, asOf: day(asOf),
                    sensitivity: sensitivity, sourceIds: sources))
        }
        try fact("east", .designCapacity, .number(500), "2025-02-01", ["east-audit"])
        try fact("east", .population, .number(500), "2025-02-01", ["east-audit"])
        try fact("east", .sanitation, .level(.adequate), "2025-02-01", ["east-audit"])
        try fact("harbour", .designCapacity, .number(200), "2025-02-18", ["harbour-log"])
        try fact("harbour", .population, .number(201), "2025-02-18", ["harbour-log"])
        try fact("harbour", .deathsInCustody, .number(2), "2025-02-18", ["harbour-log"])
        try fact("harbour", .population, .number(260), "2025-02-26", ["partner-count"], .restricted)
        try fact("late", .population, .number(90), "2025-03-20", ["harbour-log"])
        return store
    }

    /// The country briefing at `detail` (as of ``BriefingFixtures/asOf``).
    static func markdown(
        _ store: FactStore, detail: BriefingDetail? = nil, order: FacilityOrder = .occupancy,
        audience: Audience = .public, asOf: Day = BriefingFixtures.asOf
    ) throws -> String {
        let request = ReportRequest(
            selection: Selection(countries: ["SV"]), audience: audience, asOf: asOf, detail: detail, order: order)
        return try BriefingFixtures.markdown(store, request)
    }
}
