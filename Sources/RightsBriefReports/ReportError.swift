import Foundation

/// What can go wrong building or writing a report.
///
/// Each case carries what the message needs to name the template, file, line or id at fault.
/// The command line maps the cases to exit codes; the messages are one sentence each and say
/// what to do.
public enum ReportError: Error, Equatable, Sendable {
    /// The bundled templates and data could not be found in any of the places searched.
    case resourcesMissing(searched: [String])
    /// The standards data file cannot be read or is not valid.
    case standardsUnreadable(path: String, reason: String)
    /// No template has this name in the templates folder, or the name is not a plain
    /// relative name (it contains `..` or starts with `/`).
    case templateNotFound(name: String)
    /// A template file does not parse, or breaks a rule that keeps output escaped.
    case templateSyntax(file: String, line: Int, column: Int, reason: String)
    /// The templates folder does not exist or is not a folder.
    case templatesDirectoryMissing(path: String)
    /// A template file exists but cannot be read as UTF-8 text.
    case templateUnreadable(path: String, reason: String)
    /// The report could not be written to its destination.
    case outputNotWritable(path: String, reason: String)
    /// rightsbrief will not put its output at this path, because something it did not write
    /// (a folder, a database, someone's files) would be replaced.
    case outputRefused(path: String, reason: String)
    /// A report asked for a facility id that the database does not have.
    case unknownFacility(id: String)
    /// A report asked for a country in which the database has no facility.
    case unknownCountry(code: String)
    /// The program that turns HTML into PDF is not installed; `package` is the Debian package.
    case pdfEngineMissing(program: String, package: String)
    /// The PDF program ran but failed; `reason` is its last line of output or its status.
    case pdfEngineFailed(program: String, reason: String)
}

extension ReportError: LocalizedError {
    /// A one-sentence message saying what failed and what to do.
    public var errorDescription: String? {
        switch self {
        case .resourcesMissing(let searched):
            "Cannot find rightsbrief's templates and data (looked in "
                + "\(searched.joined(separator: ", "))); set RIGHTSBRIEF_HOME to the folder "
                + "that holds templates/ and data/."
        case .standardsUnreadable(let path, let reason):
            "Cannot read the standards data file '\(path)' (\(reason)); restore it from the "
                + "rightsbrief distribution or fix the file."
        case .templateNotFound(let name):
            "No template named '\(name)'."
        case .templateSyntax(let file, let line, let column, let reason):
            "\(file):\(line):\(column): \(reason)."
        case .templatesDirectoryMissing(let path):
            "The templates folder '\(path)' does not exist or is not a folder; create it or "
                + "point rightsbrief at the folder that holds your .mustache files."
        case .templateUnreadable(let path, let reason):
            "Cannot read the template '\(path)' (\(reason)); make it a readable UTF-8 text "
                + "file."
        case .outputNotWritable(let path, let reason):
            "Cannot write the report to '\(path)' (\(reason)); check that its folder exists "
                + "and is writable."
        case .outputRefused(let path, let reason):
            "Refusing to write to '\(path)': \(reason)."
        case .unknownFacility(let id):
            "No facility has the id '\(id)'."
        case .unknownCountry(let code):
            "No facility is recorded in country '\(code)'; check the ISO 3166-1 alpha-2 code "
                + "(for example SV)."
        case .pdfEngineMissing(let program, let package):
            "PDF output needs '\(program)', which is not on PATH; install the Debian package "
                + "'\(package)' (apt-get install \(package), or scripts/install-deps)."
        case .pdfEngineFailed(let program, let reason):
            "'\(program)' could not make the PDF (\(reason)); check that it runs on its own."
        }
    }
}
