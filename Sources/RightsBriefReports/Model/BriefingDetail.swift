import RightsBriefCore

/// How much of each facility a briefing shows.
///
/// A briefing about one facility always shows everything; these levels matter for briefings
/// that cover several facilities, which open with an overview.
public enum BriefingDetail: String, Sendable, Equatable, CaseIterable {
    /// The overview alone (counts, totals, standards, the most overcrowded facilities).
    case overview
    /// The overview, then one line per facility in a table.
    case summary
    /// The overview, a table of contents, then every facility's full section.
    case full

    /// The largest selection that gets ``full`` when no level is asked for.
    public static let fullUpTo = 25

    /// The level used when none is asked for: ``full`` for up to ``fullUpTo`` facilities,
    /// ``summary`` above that.
    public static func automatic(facilityCount: Int) -> BriefingDetail {
        facilityCount <= fullUpTo ? .full : .summary
    }
}

/// The order of the facilities in a briefing: never by id.
public enum FacilityOrder: String, Sendable, Equatable, CaseIterable {
    /// Highest occupancy first; facilities without an occupancy figure follow, by name.
    case occupancy
    /// By name.
    case name
    /// By region, then name; facilities without a region last.
    case region
}

extension FacilityOrder {
    /// A name compared without case, then as written, then by id, so the order is total.
    static func nameKey(_ facility: Facility) -> (String, String, String) {
        (facility.name.lowercased(), facility.name, facility.id)
    }

    /// `reports` in this order.
    func sorted(_ reports: [FacilityReport]) -> [FacilityReport] {
        let keyed = reports.map { (report: $0, name: Self.nameKey($0.facility)) }
        return keyed.sorted { a, b in
            switch self {
            case .name:
                return a.name < b.name
            case .occupancy:
                let x = a.report.figures.derived[.occupancy]?.value
                let y = b.report.figures.derived[.occupancy]?.value
                switch (x, y) {
                case (let x?, let y?) where x != y: return x > y
                case (.some, nil): return true
                case (nil, .some): return false
                default: return a.name < b.name
                }
            case .region:
                let x = a.report.facility.region.flatMap { $0.isEmpty ? nil : $0 }
                let y = b.report.facility.region.flatMap { $0.isEmpty ? nil : $0 }
                switch (x, y) {
                case (let x?, let y?) where x != y: return (x.lowercased(), x) < (y.lowercased(), y)
                case (.some, nil): return true
                case (nil, .some): return false
                default: return a.name < b.name
                }
            }
        }.map(\.report)
    }
}
