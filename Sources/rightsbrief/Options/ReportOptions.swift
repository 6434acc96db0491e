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

    @Option(help: "Who the report is for (public leaves out restricted and confidential material).")
    var audience: Audience = .public

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("Use facts up to this date and print it (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(
        help: ArgumentHelp(
            "The language of the report's words: en (the default) or es. CSV column names and values stay English.",
            valueName: "code"))
    var language: BriefingLanguage = .en

    func validate() throws {
        for code in country {
            do { try Validation.country(code) } catch let error as CoreError {
                throw ValidationError(error.errorDescription ?? "'\(code)' is not a country code.")
            }
        }
        do { _ = try Parse.day(asOf) } catch let error as CoreError {
            throw ValidationError(error.errorDescription ?? "'--as-of' must be YYYY-MM-DD.")
        }
    }

    /// The request these options describe.
    func request(title: String? = nil) throws -> ReportRequest {
        ReportRequest(
            selection: Selection(facilityIds: facility, countries: country),
            audience: audience, asOf: try Parse.day(asOf), title: title, language: language.rawValue)
    }
}

/// Loading the shared resources a report needs.
