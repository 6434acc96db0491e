import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore

/// The selection and audience options shared by `brief` and `export`.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only this facility (repeatable).", valueName: "id"))
    var facility: [String] = []

    @Option(help: ArgumentHelp("Only facilities in this country (repeatable).", valueName: "cc"))
    var country: [String] = []

    @Option(help: ArgumentHelp("Who the report is for: public (default) or internal.", valueName: "audience"))
    var audience: String = "public"

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("Use facts up to this date and print it (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    /// The request these options describe.
    func request(title: String? = nil) throws -> ReportRequest {
        for code in country { try Validation.country(code) }
        return ReportRequest(
            selection: Selection(facilityIds: facility, countries: country),
            audience: try Audience(name: audience), asOf: try Parse.day(asOf), title: title)
    }
}

/// Loading the shared resources a report needs.
