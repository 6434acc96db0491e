import RightsBriefCore

/// Occupancy of the selected facilities as horizontal bars against the 100 % line, ready for
/// the `html/charts/occupancy` template: every number and coordinate already a string.
///
/// Built from the same ``ReportModel`` as the briefing, so redaction and the as-of date apply.
/// Facilities whose occupancy cannot be computed (no agreed population or capacity) are not
/// drawn; at most ``limit`` facilities are, highest occupancy first, and the description says
/// how many were left out.
public struct OccupancyChart: Sendable {
    /// One facility's bar.
    public struct Bar: Sendable {
        public var facilityId: String
        public var name: String
        /// The facility's name, shortened for the chart's label column.
        public var shortName: String
        /// Population ÷ design capacity, as in the model.
        public var occupancy: Double
        /// `125 %`, as the briefing prints it.
        public var label: String
        public var population: String
        public var capacity: String
        public var notes: String?
        public var overCapacity: Bool
        // Geometry, in SVG user units.
        public var y: String
        public var textY: String
        public var width: String
        public var valueX: String
    }

    /// How many facilities a chart shows at most.
    public static let limit = 30

    public var title: String
    public var description: String
    /// The chart's words in the briefing's language (`{{t.KEY}}` in its template).
    public var t: Messages
    public var bars: [Bar]
    /// Facilities with an occupancy that were left out past ``limit``.
    public var omitted: Int
    public var hasOmitted: Bool
    // Geometry, in SVG user units.
    public var width: String
    public var height: String
    public var plotX: String
    public var plotWidth: String
    public var plotBottom: String
    public var limitX: String
    public var limitLabelX: String
    public var barHeight: String
    public var labelX: String
    /// Grid lines every 50 % (or 100 % on wide scales), with their labels.
    public var ticks: [Tick]

    public struct Tick: Sendable {
        public var x: String
        public var label: String
    }

    static let chartWidth = 800.0
    static let labelWidth = 270.0
    static let valueWidth = 80.0
    static let rowHeight = 24.0
    static let barThickness = 16.0
    static let top = 34.0
    static let bottom = 28.0

    /// The chart for `model` in the language of `catalogue` (English without one), or `nil`
    /// when no facility has an occupancy.
    public init?(_ model: ReportModel, catalogue: Catalogue? = nil) {
        let words = Words(catalogue)
        t = catalogue.map(Messages.init) ?? Messages()
        var rows: [(FacilityReport, Double)] = []
        for report in model.facilities {
            if let value = report.figures.derived[.occupancy]?.value, value.isFinite, value >= 0 {
                rows.append((report, value))
            }
        }
        guard !rows.isEmpty else { return nil }
        rows.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.facility.id < $1.0.facility.id }
        let shown = Array(rows.prefix(Self.limit))
        omitted = rows.count - shown.count
        hasOmitted = omitted > 0

        let maximum = max(1.0, shown.map(\.1).max() ?? 1.0)
        let step = maximum > 4 ? 1.0 : 0.5
        var scaleMax = (maximum / step).rounded(.up) * step
        if scaleMax - maximum < step * 0.1 { scaleMax += step }  // room for the value label
        let plotX = Self.labelWidth
        let plotWidth = Self.chartWidth - Self.labelWidth - Self.valueWidth
        func x(_ ratio: Double) -> Double { plotX + plotWidth * ratio / scaleMax }

        bars = shown.enumerated().map { index, row in
            let (report, value) = row
            let y = Self.top + Double(index) * Self.rowHeight
            let figures = report.figures
            return Bar(
                facilityId: report.facility.id, name: report.facility.name,
                shortName: Self.shortened(report.facility.name, to: 34),
                occupancy: value, label: words.occupancy(value),
                population: figures.latest[.population]?.value.map { words.value($0, attribute: .population) } ?? "–",
                capacity: figures.latest[.designCapacity]?.value.map { words.value($0, attribute: .designCapacity) } ?? "–",
                notes: Formatting.citation(model.footnotes(figures.derived[.occupancy]?.sourceIds ?? [])),
                overCapacity: value > 1,
                y: SVGNumber.format(y), textY: SVGNumber.format(y + Self.barThickness - 4),
                width: SVGNumber.format(max(0, x(value) - plotX)),
                // Past the 100 % line even for a short bar, so the label never crosses it.
                valueX: SVGNumber.format(max(x(value), x(1) + 2) + 6))
        }
        let plotBottom = Self.top + Double(shown.count) * Self.rowHeight
        let over = shown.filter { $0.1 > 1 }.count
        title = words.text("chart_occupancy_title", english: "Occupancy of design capacity")
        let english =
            "Horizontal bars: population as a percentage of design capacity for "
            + (shown.count == 1 ? "1 facility" : "\(shown.count) facilities")
            + (hasOmitted ? " (the \(shown.count) highest; \(omitted) more not shown)" : "")
            + ", highest first. A vertical line marks 100 %; \(over) of them "
            + (over == 1 ? "is" : "are") + " above it. The table that follows gives the same figures."
        description = words.format(
            "chart_occupancy_description", english: english,
            [
                "facilities": words.counted("count_facilities", shown.count, english: ""),
                "omitted": hasOmitted
                    ? words.format(
                        "chart_occupancy_omitted", english: "",
                        ["shown": words.count(shown.count), "omitted": words.count(omitted)]) : "",
                "above": words.counted("chart_occupancy_above", over, english: ""),
            ])
        width = SVGNumber.format(Self.chartWidth)
        height = SVGNumber.format(plotBottom + Self.bottom)
        self.plotX = SVGNumber.format(plotX)
        self.plotWidth = SVGNumber.format(plotWidth)
        self.plotBottom = SVGNumber.format(plotBottom)
        limitX = SVGNumber.format(x(1))
        limitLabelX = SVGNumber.format(x(1) + 4)
        barHeight = SVGNumber.format(Self.barThickness)
        labelX = SVGNumber.format(plotX - 8)
        ticks = stride(from: 0.0, through: scaleMax + 1e-9, by: step).map {
            Tick(x: SVGNumber.format(x($0)), label: Formatting.percent($0))
        }
    }

    /// `name` cut to `length` characters with an ellipsis, so a long name cannot run into the
    /// bars (the table beside the chart has it in full).
    static func shortened(_ name: String, to length: Int) -> String {
        name.count <= length ? name : String(name.prefix(length - 1)) + "…"
    }
}

/// Coordinates for SVG: locale-independent, at most one decimal, no grouping.
enum SVGNumber {
    static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else { return "0" }
        let whole = Int64(tenths) / 10
        let fraction = abs(Int64(tenths) % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
