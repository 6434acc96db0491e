import Foundation
import RightsBriefCore

/// Population against design capacity over time for a briefing about one facility, from its
/// dated facts, ready for the `html/charts/trend` template.
///
/// Every standing fact is a point (retracted and superseded facts are not, as everywhere in a
/// briefing). A date on which sources disagree is drawn with hollow points for every side and
/// the line skips it, so no value is silently chosen. Drawn only when there are at least two
/// dates; one point says nothing about a trend.
public struct TrendChart: Sendable {
    public struct Point: Sendable {
        public var x: String
        public var y: String
        public var date: String
        public var value: String
        /// The number plotted, as in the fact.
        public var amount: Double
        public var disputed: Bool
        public var status: String
        public var notes: String?
    }

    public struct Series: Sendable {
        public var name: String
        public var colour: String
        public var dash: String
        public var path: String
        public var hasPath: Bool
        public var points: [Point]
        public var legendX: String
        public var legendTextX: String
    }

    public struct Tick: Sendable {
        public var position: String
        public var label: String
    }

    /// One row of the data table: a date and attribute with its value.
    public struct Row: Sendable {
        public var date: String
        public var series: String
        public var value: String
        public var status: String
        public var notes: String?
    }

    public var title: String
    public var description: String
    /// The chart's words in the briefing's language.
    public var t: Messages
    public var series: [Series]
    public var rows: [Row]
    public var yTicks: [Tick]
    public var xTicks: [Tick]
    public var width: String
    public var height: String
    public var plotLeft: String
    public var plotRight: String
    public var plotTop: String
    public var plotBottom: String
    public var axisLabelX: String
    public var dateLabelY: String
    public var legendY: String
    public var legendTextY: String

    static let chartWidth = 800.0
    static let chartHeight = 320.0
    static let left = 90.0
    static let right = 770.0
    static let top = 50.0
    static let bottom = 270.0

    /// The chart for a briefing about one facility, or `nil` for several facilities or fewer
    /// than two dates.
    public init?(_ model: ReportModel, catalogue: Catalogue? = nil) {
        guard model.facilities.count == 1, let report = model.facilities.first else { return nil }
        let words = Words(catalogue)
        t = catalogue.map(Messages.init) ?? Messages()
        let attributes: [(Attribute, String, String, String)] = [
            (.population, words.attribute(.population), "#b3261e", "none"),
            (.designCapacity, words.attribute(.designCapacity), "#1b1b1b", "6 4"),
        ]
        let facts = Facts.current(model.evidence.facts.filter {
            $0.facilityId == report.facility.id && $0.asOf <= model.asOf
                && ($0.attribute == .population || $0.attribute == .designCapacity) && $0.value.number != nil
        })
        let days = Set(facts.map(\.asOf)).sorted()
        guard days.count >= 2, let first = days.first, let last = days.last else { return nil }
        let maximum = facts.compactMap(\.value.number).max() ?? 1
        let step = Self.niceStep(maximum / 4)
        let yMax = max(step, (maximum / step).rounded(.up) * step)
        let span = max(1, last.startDate.timeIntervalSince(first.startDate))
        func x(_ day: Day) -> Double { Self.left + (Self.right - Self.left) * day.startDate.timeIntervalSince(first.startDate) / span }
        func y(_ value: Double) -> Double { Self.bottom - (Self.bottom - Self.top) * value / yMax }

        var allSeries: [Series] = []
        var rows: [Row] = []
        for (index, (attribute, name, colour, dash)) in attributes.enumerated() {
            let own = facts.filter { $0.attribute == attribute }
            var points: [Point] = []
            var line: [(Double, Double)] = []
            for (day, group) in Dictionary(grouping: own, by: \.asOf).sorted(by: { $0.key < $1.key }) {
                let values = Set(group.compactMap(\.value.number))
                let disputed = values.count > 1
                for fact in group.sorted(by: { ($0.value.number ?? 0) < ($1.value.number ?? 0) }) {
                    guard let amount = fact.value.number else { continue }
                    let notes = Formatting.citation(model.footnotes(fact.sourceIds))
                    let value = words.value(fact.value, attribute: attribute)
                    let status = words.status(disputed ? .disputed : fact.status)
                    points.append(Point(
                        x: SVGNumber.format(x(day)), y: SVGNumber.format(y(amount)), date: day.description,
                        value: value, amount: amount, disputed: disputed, status: status, notes: notes))
                    rows.append(Row(date: day.description, series: name, value: value, status: status, notes: notes))
                }
                if !disputed, let amount = values.first { line.append((x(day), y(amount))) }
            }
            let path = line.enumerated().map { offset, point in
                (offset == 0 ? "M" : "L") + SVGNumber.format(point.0) + " " + SVGNumber.format(point.1)
            }.joined(separator: " ")
            let legendX = Self.left + Double(index) * 200
            allSeries.append(Series(
                name: name, colour: colour, dash: dash, path: path, hasPath: line.count >= 2, points: points,
                legendX: SVGNumber.format(legendX), legendTextX: SVGNumber.format(legendX + 34)))
        }
        series = allSeries
        self.rows = rows.sorted { ($0.date, $0.series) < ($1.date, $1.series) }
        yTicks = stride(from: 0.0, through: yMax + 1e-9, by: step).map {
            Tick(position: SVGNumber.format(y($0)), label: words.count(Int($0.rounded())))
        }
        // Date labels at least 90 units apart (about six across), always the first and the last.
        var labelled: [Day] = []
        for day in days {
            guard let previous = labelled.last else {
                labelled.append(day)
                continue
            }
            if x(day) - x(previous) >= 90 {
                labelled.append(day)
            } else if day == last, labelled.count > 1 {
                labelled[labelled.count - 1] = day
            }
        }
        xTicks = labelled.map { Tick(position: SVGNumber.format(x($0)), label: $0.description) }
        let disputedDates = Set(facts.map(\.asOf)).filter { day in
            attributes.contains { attribute in
                Set(facts.filter { $0.asOf == day && $0.attribute == attribute.0 }.compactMap(\.value.number)).count > 1
            }
        }.count
        title = words.text("chart_trend_title", english: "Population against design capacity over time")
        let english =
            "Two lines over \(days.count) dates from \(first.description) to \(last.description): population "
            + "(solid, red) and design capacity (dashed, black), from every standing fact about "
            + "\(report.facility.name)."
            + (disputedDates > 0
                ? " On \(disputedDates) \(disputedDates == 1 ? "date" : "dates") sources disagree; each side is a hollow point and the line skips it."
                : "")
            + " The table that follows lists every point."
        description = words.format(
            "chart_trend_description", english: english,
            [
                "dates": words.count(days.count), "first": first.description, "last": last.description,
                "name": report.facility.name,
                "disputed": disputedDates > 0 ? words.counted("chart_trend_disputed", disputedDates, english: "") : "",
            ])
        width = SVGNumber.format(Self.chartWidth)
        height = SVGNumber.format(Self.chartHeight)
        plotLeft = SVGNumber.format(Self.left)
        plotRight = SVGNumber.format(Self.right)
        plotTop = SVGNumber.format(Self.top)
        plotBottom = SVGNumber.format(Self.bottom)
        axisLabelX = SVGNumber.format(Self.left - 8)
        dateLabelY = SVGNumber.format(Self.bottom + 20)
        legendY = "20"
        legendTextY = "24"
    }

    /// 1, 2 or 5 times a power of ten, at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, floor(log10(rough)))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * power >= rough { return max(1, factor * power) }
        return max(1, 10 * power)
    }
}
