import CXLSXWriter
import Foundation

/// A failure while building or saving an XLSX workbook.
///
/// Excel's own limits (rows per sheet, hyperlinks per sheet, characters per cell) are handled
/// by the writer and never surface here; these cases are real failures the caller must report.
public enum XLSXError: Error, Equatable, Sendable {
    /// The workbook file could not be written when it was closed (missing or read-only folder).
    case cannotWriteFile(path: String)
    /// libxlsxwriter could not create or read one of its temporary files.
    case temporaryFileFailed(path: String)
    /// The workbook was already closed (or failed to close) and cannot be used any more.
    case workbookClosed(path: String)
    /// A plain worksheet is full; continue on another sheet (``XLSXSheetSeries`` does this).
    case worksheetFull(sheet: String, rows: Int)
    /// A row or column number lies outside what a worksheet can hold.
    case cellOutOfRange(sheet: String, row: Int, column: Int)
    /// Any other libxlsxwriter failure, with the library's own explanation.
    case library(operation: String, code: Int, reason: String)

    /// Maps a libxlsxwriter status to an error, or `nil` for `LXW_NO_ERROR`.
    ///
    /// - Parameters:
    ///   - status: The value a libxlsxwriter function returned.
    ///   - operation: The C function that returned it, for the message.
    ///   - path: The workbook's file path.
    /// - Returns: The matching error, or `nil` when `status` means success.
    static func from(_ status: lxw_error, operation: String, path: String) -> XLSXError? {
        switch status {
        case LXW_NO_ERROR:
            return nil
        case LXW_ERROR_CREATING_XLSX_FILE:
            return .cannotWriteFile(path: path)
        case LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE:
            return .temporaryFileFailed(path: path)
        default:
            return .library(
                operation: operation,
                code: Int(status.rawValue),
                reason: lxw_strerror(status).map { String(cString: $0) } ?? "unknown error"
            )
        }
    }
}

extension XLSXError: LocalizedError {
    /// One sentence saying what failed and, where it helps, what to do.
    public var errorDescription: String? {
        switch self {
        case .cannotWriteFile(let path):
            return "Cannot write the workbook to '\(path)': "
                + "the folder does not exist or is not writable."
        case .temporaryFileFailed(let path):
            return "Cannot use temporary files while writing '\(path)': "
                + "check the free space and permissions of its folder."
        case .workbookClosed(let path):
            return "The workbook '\(path)' is already closed and cannot be written to."
        case .worksheetFull(let sheet, let rows):
            return "Worksheet '\(sheet)' already holds \(rows) rows, "
                + "the most a worksheet can hold; continue on another sheet."
        case .cellOutOfRange(let sheet, let row, let column):
            return "Cell at row \(row + 1), column \(column + 1) is outside "
                + "what worksheet '\(sheet)' can hold."
        case .library(let operation, let code, let reason):
            return "libxlsxwriter failed in \(operation) (error \(code)): \(reason)"
        }
    }
}
