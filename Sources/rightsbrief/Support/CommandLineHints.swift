import ArgumentParser
import RightsBriefCore
import RightsBriefImport
import RightsBriefReports
import RightsBriefSchedule
import RightsBriefStore

// The libraries' errors say what is wrong in the libraries' own terms; the command line adds
// what to type about it (a command to run, a flag to pass). This file is the one place those
// hints live.

extension ExitCodeProviding {
    /// What to type about the error, or `nil`; appended to the error's sentence.
    var commandLineHint: String? { nil }

    /// The error's sentence with the command-line hint joined on: one line.
    var commandLineMessage: String {
        let description = errorDescription ?? "\(self)"
        guard let hint = commandLineHint else { return description }
        let stem = description.hasSuffix(".") ? String(description.dropLast()) : description
        // A hint in parentheses is an aside to the sentence; any other is a clause of its own.
        return hint.hasPrefix("(") ? "\(stem) \(hint)." : "\(stem); \(hint)."
    }
}

extension CoreError {
    var commandLineHint: String? {
        switch self {
        case .noSource: "add --source ID (see 'rightsbrief source list')"
        default: nil
        }
    }
}

extension StoreError {
    var commandLineHint: String? {
        switch self {
        case .databaseMissing: "run 'rightsbrief init' (or pass --db PATH or set RIGHTSBRIEF_DB)"
        case .unknownFacility: "add it with 'rightsbrief facility add' or see 'rightsbrief facility list'"
        case .unknownSource: "add it with 'rightsbrief source add' or see 'rightsbrief source list'"
        case .unknownFact: "see 'rightsbrief fact list --history'"
        case .unknownEvent: "see 'rightsbrief event list'"
        case .supersedesRetracted: "add a new fact without --supersedes"
        case .needsUpgrade: "run 'rightsbrief init' to upgrade it"
        case .identifierTaken: "(merge the two records with 'rightsbrief facility merge' if they are one place)"
        case .mergeAcrossCountries: "(import a facilities table with --update-facilities)"
        case .invalid(let error): error.commandLineHint
        default: nil
        }
    }
}

extension ReportError {
    var commandLineHint: String? {
        switch self {
        case .templateNotFound: "run 'rightsbrief brief --list-templates' to see the names you can use"
        case .unknownFacility: "run 'rightsbrief facility list' to see the ids"
        case .unknownCountry: "run 'rightsbrief facility list' to see the countries"
        case .pdfEngineMissing, .pdfEngineFailed: "or write the page with --format html and print it from a browser"
        default: nil
        }
    }
}

extension ImportError {
    var commandLineHint: String? {
        switch self {
        case .problems: "(--dry-run checks without writing)"
        default: nil
        }
    }
}

extension RightsBrief.Import {
    /// A problem line with its remedy worded as the flag to pass.
    static func describe(_ problem: ImportProblem) -> String {
        switch problem.remedy {
        case .encoding: problem.description + ", or pass --encoding latin1 (or windows1252) if that is what it is"
        case .mapping: problem.description + ", and pass it with --mapping MAP.yml"
        case .updateFacilities: problem.description + ", or pass --update-facilities if the change is right"
        case .mergeFacilities(let keep, let drop):
            problem.description + " (if the two are one place, run 'rightsbrief facility merge \(keep) \(drop)' first)"
        case nil: problem.description
        }
    }
}

extension BundleError {
    var commandLineHint: String? {
        switch self {
        case .keyMissing: "'rightsbrief key generate --output DIR' makes one"
        case .keyMalformed: "'rightsbrief key generate' writes that form"
        default: nil
        }
    }
}

extension CronError {
    var commandLineHint: String? {
        switch self {
        case .noFireTimeAfter: "give an earlier --after"
        default: nil
        }
    }
}

extension ScheduleError {
    var commandLineHint: String? {
        switch self {
        case .definitionsFolderMissing: "pass --reports-dir DIR (the folder with the .yml definitions)"
        case .locked: "try again later or pass --wait SECONDS"
        default: nil
        }
    }
}
