import CXLSXWriter
import Foundation

/// What an ``XLSXWorkbook`` and its worksheets share: the libxlsxwriter workbook, its formats,
/// the scratch buffer for repaired text, and the names in use.
///
/// The worksheets hold this object, so a worksheet kept after its workbook is gone stays safe:
/// once the libxlsxwriter workbook is closed or discarded, every write throws
/// ``XLSXError/workbookClosed(path:)`` instead of touching freed memory.
final class XLSXWorkbookState {
    let path: String
    let limits: XLSXLimits
    let formats: XLSXFormats
    /// The libxlsxwriter workbook; `nil` once closed or discarded.
    private(set) var handle: UnsafeMutablePointer<lxw_workbook>?
    /// Reused for every cell whose text must be repaired, so the hot path never allocates.
    private var scratch: [UInt8] = []
    private var takenNames: Set<String> = []
    private var fills: [UInt32: UnsafeMutablePointer<lxw_format>] = [:]
    /// Every worksheet, in order. Cleared on close to break the worksheet → state cycle.
    private(set) var sheets: [XLSXWorksheet] = []

    /// Opens a libxlsxwriter workbook.
    ///
    /// - Parameters:
    ///   - path: Where ``close()`` writes the file.
    ///   - constantMemory: Whether rows are streamed to temporary files in the target's folder.
    ///   - limits: The Excel limits to honour.
    /// - Throws: ``XLSXError/library(operation:code:reason:)`` if libxlsxwriter cannot allocate
    ///   the workbook.
    init(path: String, constantMemory: Bool, limits: XLSXLimits) throws {
        self.path = path
        self.limits = limits
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let workbook = folder.withCString { tmpdir -> UnsafeMutablePointer<lxw_workbook>? in
            var options = lxw_workbook_options()
            options.constant_memory = constantMemory ? 1 : 0
            // libxlsxwriter copies the folder name; it falls back to the system temporary
            // folder if this one cannot hold its files.
            options.tmpdir = UnsafeMutablePointer(mutating: tmpdir)
            options.use_zip64 = 1
            return workbook_new_opt(path, &options)
        }
        guard let workbook else {
            throw XLSXError.library(
                operation: "workbook_new_opt",
                code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue),
                reason: "Memory allocation failed."
            )
        }
        guard let formats = XLSXFormats.make(in: workbook) else {
            lxw_workbook_free(workbook)
            throw XLSXError.library(
                operation: "workbook_add_format",
                code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue),
                reason: "Memory allocation failed."
            )
        }
        self.handle = workbook
        self.formats = formats
    }

    deinit {
        discard()
    }

    /// Adds a worksheet with a name derived from `base` that Excel accepts and no other sheet has.
    ///
    /// - Parameters:
    ///   - base: The wanted name; it is sanitized and shortened as needed.
    ///   - number: A first number to append as ` (n)`, or `nil` to try `base` alone first.
    /// - Returns: The new worksheet.
    /// - Throws: ``XLSXError/workbookClosed(path:)``, or a library error.
    func addWorksheet(base: String, number: Int?) throws -> XLSXWorksheet {
        let workbook = try openHandle()
        let name = XLSXSheetName.unique(
            XLSXSheetName.sanitized(base),
            startingAt: number,
            taken: takenNames
        )
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw XLSXError.library(
                operation: "workbook_add_worksheet",
                code: Int(LXW_ERROR_PARAMETER_VALIDATION.rawValue),
                reason: "libxlsxwriter refused the worksheet name '\(name)'."
            )
        }
        takenNames.insert(XLSXSheetName.key(name))
        let worksheet = XLSXWorksheet(state: self, sheet: sheet, name: name)
        sheets.append(worksheet)
        return worksheet
    }

    /// The libxlsxwriter workbook, if still open.
    ///
    /// - Returns: The open workbook.
    /// - Throws: ``XLSXError/workbookClosed(path:)`` after ``close()`` or ``discard()``.
    @inline(__always)
    func openHandle() throws -> UnsafeMutablePointer<lxw_workbook> {
        guard let handle else { throw XLSXError.workbookClosed(path: path) }
        return handle
    }

    /// A format that fills a cell with `color`, created on first use (for conditional formats).
    ///
    /// - Parameter color: The fill as `0xRRGGBB`.
    /// - Returns: The format.
    /// - Throws: ``XLSXError/workbookClosed(path:)``, or a library error.
    func fillFormat(_ color: UInt32) throws -> UnsafeMutablePointer<lxw_format> {
        if let format = fills[color] { return format }
        guard let format = workbook_add_format(try openHandle()) else {
            throw XLSXError.library(
                operation: "workbook_add_format",
                code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue),
                reason: "Memory allocation failed."
            )
        }
        format_set_bg_color(format, lxw_color_t(color))
        fills[color] = format
        return format
    }

    /// Calls `body` with the repaired, NUL-terminated form of `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 text that ``XLSXText/isClean(_:limit:)`` rejected.
    ///   - body: Receives a C string valid only during the call.
    /// - Returns: What `body` returns.
    func withRepaired<Result>(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafePointer<CChar>) -> Result
    ) -> Result {
        XLSXText.repair(bytes, into: &scratch)
        return scratch.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                // `repair` always appends a NUL, so the buffer is never empty.
                guard let start = chars.baseAddress else { return "".withCString(body) }
                return body(start)
            }
        }
    }

    /// Applies each worksheet's deferred features and writes the file.
    ///
    /// libxlsxwriter frees the workbook whatever the outcome, so the state is closed afterwards
    /// even when this throws.
    ///
    /// - Throws: ``XLSXError/cannotWriteFile(path:)`` when the folder is missing or not
    ///   writable, ``XLSXError/workbookClosed(path:)`` on a second call, or a library error.
    func close() throws {
        let workbook = try openHandle()
        var failure: (any Error)?
        for sheet in sheets {
            do {
                try sheet.finish()
            } catch {
                failure = failure ?? error
            }
        }
        sheets = []
        handle = nil
        let status = workbook_close(workbook)
        if let error = XLSXError.from(status, operation: "workbook_close", path: path) {
            throw error
        }
        if let failure { throw failure }
    }

    /// Frees the workbook without writing anything (a workbook dropped without ``close()``).
    func discard() {
        guard let handle else { return }
        for sheet in sheets { sheet.releaseTemporaryFile() }
        sheets = []
        self.handle = nil
        lxw_workbook_free(handle)
    }
}
