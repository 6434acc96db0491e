import RightsBriefCore

/// Which facilities a report or listing covers.
///
/// Empty `facilityIds` and `countries` mean every facility. When both are given, a facility
/// is selected if it matches either.
public struct Selection: Sendable, Equatable {
    public var facilityIds: [String]
    public var countries: [String]

    public init(facilityIds: [String] = [], countries: [String] = []) {
        self.facilityIds = facilityIds
        self.countries = countries
    }

    /// Whether the selection covers every facility.
    public var isEverything: Bool { facilityIds.isEmpty && countries.isEmpty }
}
