import RightsBriefCore

/// A grid of facilities × sanitation, potable water, temperature control and ventilation, each
/// cell coloured by level and labelled with it in words (never colour alone), ready for the
/// `html/charts/conditions` template.
///
/// Only facilities with at least one condition figure are drawn, in the briefing's order, at
/// most ``limit``; the description says how many were left out. A disputed condition is shown
/// as `disputed`, one without evidence as `no evidence`.
public struct ConditionsChart: Sendable {
    public struct Cell: Sendable {
        public var x: String
        public var textX: String
        /// `adequate`, `inadequate`, `absent`, `unknown`, `disputed` or `no evidence`, in the
        /// briefing's language.
        public var label: String
        /// The CSS class that colours the cell: the English label without spaces.
        public var level: String
        /// The cell's fill colour (light, so the black label stays readable).
        public var fill: String
        public var notes: String?
    }

    /// The fill colour of each label.
    static let fills: [String: String] = [
        "adequate": "#b7e1b9", "inadequate": "#f7cf8b", "absent": "#ee9a93", "unknown": "#d9d9d9",
        "disputed": "#d5c2ee", "no evidence": "#f4f4f4",
    ]

    public struct Row: Sendable {
        public var facilityId: String
        public var name: String
        public var shortName: String
        public var y: String
        public var textY: String
        public var cells: [Cell]
    }

    public struct Column: Sendable {
        public var label: String
        public var x: String
    }

    /// How many facilities a grid shows at most.
    public static let limit = 30
    /// The attributes of the columns, in order.
    public static let attributes: [Attribute] = [.sanitation, .potableWater, .temperatureControl, .ventilation]

    public var title: String
    public var description: String
    /// The chart's words in the briefing's language.
    public var t: Messages
    public var columns: [Column]
    public var rows: [Row]
    public var omitted: Int
    public var hasOmitted: Bool
    public var width: String
    public var height: String
    public var cellWidth: String
    public var cellHeight: String
    public var labelX: String

    static let labelWidth = 270.0
    static let columnWidth = 130.0
    static let rowHeight = 26.0
    static let top = 40.0

    /// The grid for `model` in the language of `catalogue` (English without one), or `nil`
    /// when no facility has a condition figure.
    public init?(_ model: ReportModel, catalogue: Catalogue? = nil) {
        let words = Words(catalogue)
        t = catalogue.map(Messages.init) ?? Messages()
        let withConditions = model.facilities.filter { report in
            Self.attributes.contains { report.figures.latest[$0] != nil }
        }
        guard !withConditions.isEmpty else { return nil }
        let shown = Array(withConditions.prefix(Self.limit))
        omitted = withConditions.count - shown.count
        hasOmitted = omitted > 0
        columns = Self.attributes.enumerated().map { index, attribute in
            Column(label: words.attribute(attribute), x: SVGNumber.format(Self.labelWidth + (Double(index) + 0.5) * Self.columnWidth))
        }
        rows = shown.enumerated().map { index, report in
            let y = Self.top + Double(index) * Self.rowHeight
            let cells = Self.attributes.enumerated().map { column, attribute in
                let figure = report.figures.latest[attribute]
                let label: String
                let shown: String
                if let figure, figure.isDisputed {
                    (label, shown) = ("disputed", words.status(.disputed))
                } else if let value = figure?.value {
                    (label, shown) = (Formatting.value(value, attribute: attribute), words.value(value, attribute: attribute))
                } else {
                    (label, shown) = ("no evidence", words.text("level_no_evidence", english: "no evidence"))
                }
                let x = Self.labelWidth + Double(column) * Self.columnWidth
                return Cell(
                    x: SVGNumber.format(x + 2), textX: SVGNumber.format(x + Self.columnWidth / 2), label: shown,
                    level: label.replacingOccurrences(of: " ", with: "-"), fill: Self.fills[label] ?? "#f4f4f4",
                    notes: Formatting.citation(model.footnotes(figure?.sourceIds ?? [])))
            }
            return Row(
                facilityId: report.facility.id, name: report.facility.name,
                shortName: OccupancyChart.shortened(report.facility.name, to: 34),
                y: SVGNumber.format(y), textY: SVGNumber.format(y + Self.rowHeight / 2 + 4), cells: cells)
        }
        title = words.text("chart_conditions_title", english: "Conditions against the Nelson Mandela Rules")
        let short = shown.reduce(0) { count, report in
            count + Self.attributes.filter { attribute in
                guard let figure = report.figures.latest[attribute], !figure.isDisputed,
                    case .level(let level) = figure.value
                else { return false }
                return level == .inadequate || level == .absent
            }.count
        }
        let english =
            "A grid of " + (shown.count == 1 ? "1 facility" : "\(shown.count) facilities")
            + (hasOmitted ? " (\(omitted) more not shown)" : "")
            + " by sanitation, potable water, temperature control and ventilation. Each cell names the "
            + "latest reported level (adequate, inadequate, absent, unknown, disputed or no evidence); "
            + "\(short) " + (short == 1 ? "cell is" : "cells are") + " inadequate or absent. "
            + "The table that follows gives the same levels."
        description = words.format(
            "chart_conditions_description", english: english,
            [
                "facilities": words.counted("count_facilities", shown.count, english: ""),
                "omitted": hasOmitted
                    ? words.format("chart_conditions_omitted", english: "", ["omitted": words.count(omitted)]) : "",
                "cells": words.counted("chart_conditions_cells", short, english: ""),
            ])
        width = SVGNumber.format(Self.labelWidth + Double(Self.attributes.count) * Self.columnWidth + 4)
        height = SVGNumber.format(Self.top + Double(shown.count) * Self.rowHeight + 8)
        cellWidth = SVGNumber.format(Self.columnWidth - 4)
        cellHeight = SVGNumber.format(Self.rowHeight - 4)
        labelX = SVGNumber.format(Self.labelWidth - 8)
    }
}
