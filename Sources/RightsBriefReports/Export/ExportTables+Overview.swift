import RightsBriefCore

extension ExportTables {
    static let overviewColumns = [
        ExportColumn("section", width: 18), ExportColumn("item", width: 36), ExportColumn("measure", width: 24),
        ExportColumn("value", width: 12), ExportColumn("source_ids", width: 40),
    ]

    /// The overview in long form: one row per number, with the source ids behind it, so a
    /// spreadsheet can filter it. Facility rankings name facilities by id.
    static func overviewRows(_ overview: ReportOverview) -> [[ExportCell]] {
        var rows: [[ExportCell]] = []
        func row(_ section: String, _ item: String, _ measure: String, _ value: Double, _ sourceIds: [String] = []) {
            rows.append([
                .text(section), .text(item), .text(measure), .number(value),
                .text(sourceIds.joined(separator: ";")),
            ])
        }
        row("facilities", "all", "facilities", Double(overview.facilities))
        row("facilities", "without evidence", "facilities", Double(overview.withoutEvidence))
        // Figures no facility has are left out (a spreadsheet filter does not need zero rows).
        for figure in overview.figures where figure.facilities + figure.disputed > 0 {
            row("figures", figure.key, "facilities with a value", Double(figure.facilities), figure.sourceIds)
            row("figures", figure.key, "facilities disputed", Double(figure.disputed))
        }
        let totals = overview.totals
        row("totals", "facilities with population and capacity", "facilities", Double(totals.facilities))
        row("totals", "facilities with population and capacity", "population", totals.population, totals.sourceIds)
        row("totals", "facilities with population and capacity", "design_capacity", totals.designCapacity, totals.sourceIds)
        if let occupancy = totals.occupancy {
            row("totals", "facilities with population and capacity", "occupancy_percent", percent(occupancy), totals.sourceIds)
        }
        row("overcrowding", "above 100 % of design capacity", "facilities", Double(overview.overcrowded),
            overview.overcrowdedSourceIds)
        for tally in overview.standards {
            let id = tally.standard.id
            row("standards", id, "falls short", Double(tally.fallsShort), tally.fallsShortSourceIds)
            row("standards", id, "meets", Double(tally.meets), tally.meetsSourceIds)
            row("standards", id, "disputed", Double(tally.disputed), tally.disputedSourceIds)
            row("standards", id, "not enough evidence", Double(tally.notEnoughEvidence))
        }
        for entry in overview.mostOvercrowded {
            row("most overcrowded", entry.facility.id, "occupancy_percent", percent(entry.value), entry.sourceIds)
        }
        row("deaths in custody", "all facilities", "deaths", overview.deaths, overview.deathsSourceIds)
        row("deaths in custody", "all facilities", "facilities reporting", Double(overview.deathsReported))
        for entry in overview.mostDeaths {
            row("most deaths in custody", entry.facility.id, "deaths", entry.value, entry.sourceIds)
        }
        for region in overview.regions {
            let name = region.region ?? "not recorded"
            row("regions", name, "facilities", Double(region.facilities))
            row("regions", name, "facilities with evidence", Double(region.withEvidence))
            row("regions", name, "population", region.totals.population, region.totals.sourceIds)
            row("regions", name, "design_capacity", region.totals.designCapacity, region.totals.sourceIds)
            row("regions", name, "above 100 % of design capacity", Double(region.overcrowded), region.overcrowdedSourceIds)
        }
        return rows
    }

    /// A ratio as a percentage with one decimal, as the summary's occupancy column.
    private static func percent(_ ratio: Double) -> Double {
        (ratio * 1000).rounded() / 10
    }
}
