import RightsBriefCore
import Foundation
import RightsBriefStore

/// Writes the export tables as RFC 4180 CSV: UTF-8, CRLF, a header row, quoting only where
/// needed, text neutralised against formulas (see ``CSVEncoding``).
public struct CSVReportBuilder: Sendable {
    /// Whether files start with the UTF-8 byte-order mark Excel needs for non-ASCII text.
    public var byteOrderMark: Bool
    /// Called every 100,000 rows of a table with its name and the rows written, for progress lines.
    public var progress: (@Sendable (String, Int) -> Void)?
    /// A `README.txt` written beside the tables of a folder (for exports in a language other
    /// than English, whose column names and values stay English); `nil` writes none.
    public var readme: String?

    public init(byteOrderMark: Bool = false, progress: (@Sendable (String, Int) -> Void)? = nil) {
        self.byteOrderMark = byteOrderMark
        self.progress = progress
    }

    /// Writes one table to `sink` in chunks of about 1 MiB.
    ///
    /// - Parameters:
    ///   - table: the table.
    ///   - sink: receives the encoded bytes in order.
    /// - Throws: whatever `sink` throws.
    public func write(_ table: ExportTable, to sink: (Data) throws -> Void) throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        if byteOrderMark { buffer.append(contentsOf: CSVEncoding.byteOrderMarkBytes) }
        CSVEncoding.appendTextRow(table.columns.map(\.name), to: &buffer)
        let plan = table.rawPlan
        var written = 0
        try table.forEachRawRow { row in
            written += 1
            if written % 100_000 == 0 { progress?(table.name, written) }
            switch row {
            case .cells(let cells):
                for (index, cell) in cells.enumerated() {
                    if index > 0 { CSVEncoding.appendSeparator(to: &buffer) }
                    Self.append(cell, to: &buffer)
                }
            case .raw(let raw):
                for (index, column) in plan.enumerated() {
                    if index > 0 { CSVEncoding.appendSeparator(to: &buffer) }
                    Self.append(column, from: raw, to: &buffer)
                }
            }
            CSVEncoding.appendLineEnd(to: &buffer)
            if buffer.count >= 1 << 20 {
                try sink(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try sink(Data(buffer)) }
    }

    /// One table as a string (for tests and small outputs).
    public func string(_ table: ExportTable) -> String {
        var data = Data()
        try? write(table) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes every table into the folder `url` (`facts.csv`, `sources.csv`, …), atomically:
    /// the folder appears complete or not at all, and a previous folder stays until the new one
    /// is ready. An existing folder is replaced only when rightsbrief wrote it (see
    /// ``AtomicFolder``).
    ///
    /// - Throws: ``ReportError/outputRefused(path:reason:)``,
    ///   ``ReportError/outputNotWritable(path:reason:)``.
    public func writeFolder(_ tables: ExportTables, to url: URL) throws {
        try AtomicFolder.write(to: url) { temporary in try writeTables(tables, into: temporary) }
    }

    /// Writes every table as `NAME.csv` into the existing folder `folder` (not atomically;
    /// callers write into a temporary folder, as a signed bundle does).
    ///
    /// - Throws: ``ReportError/outputNotWritable(path:reason:)`` or ``StoreError``.
    public func writeTables(_ tables: ExportTables, into folder: URL) throws {
        for table in tables.all {
            try writeFile(table, to: folder.appendingPathComponent("\(table.name).csv"))
        }
        if let readme {
            let file = folder.appendingPathComponent(CSVReadme.fileName)
            guard FileManager.default.createFile(atPath: file.path, contents: Data(readme.utf8)) else {
                throw ReportError.outputNotWritable(path: file.path, reason: "cannot create the file")
            }
        }
    }

    /// Writes one table to a file (not atomically; callers write into a temporary place). An
    /// existing file (the locked temporary file of ``AtomicFile``) is written in place.
    public func writeFile(_ table: ExportTable, to file: URL) throws {
        guard FileManager.default.fileExists(atPath: file.path)
            || FileManager.default.createFile(atPath: file.path, contents: nil)
        else {
            throw ReportError.outputNotWritable(path: file.path, reason: "cannot create the file")
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try write(table) { try handle.write(contentsOf: $0) }
        try handle.synchronize()
    }

    @inline(__always)
    static func append(_ column: RawColumn, from row: RawRow, to buffer: inout [UInt8]) {
        switch column {
        case .integer(let index):
            if !row.isNull(index) { CSVEncoding.appendInteger(Int(row.int64(index)), to: &buffer) }
        case .text(let index), .date(let index):
            appendText(row.text(index), to: &buffer)
        case .value(let number, let level):
            if row.isNull(number) {
                appendText(row.text(level), to: &buffer)
            } else {
                CSVEncoding.appendNumber(row.double(number), to: &buffer)
            }
        case .yesNo(let index):
            buffer.append(contentsOf: row.int64(index) == 1 ? yes : no)
        }
    }

    private static let yes = Array("yes".utf8)
    private static let no = Array("no".utf8)

    @inline(__always)
    static func appendText(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        if UTF8Validation.isValid(bytes) {
            CSVEncoding.appendField(bytes: bytes, to: &buffer)
        } else {
            CSVEncoding.appendField(String(decoding: bytes, as: UTF8.self), to: &buffer)
        }
    }

    static func append(_ cell: ExportCell, to buffer: inout [UInt8]) {
        switch cell {
        case .text(let text), .url(let text): CSVEncoding.appendField(text, to: &buffer)
        case .boolean(let value): buffer.append(contentsOf: value ? yes : no)
        case .number(let number): CSVEncoding.appendNumber(number, to: &buffer)
        case .date(let day): CSVEncoding.appendField(day.description, to: &buffer)
        case .empty: break
        }
    }
}
