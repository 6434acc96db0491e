import Foundation

/// The only place the tool writes to stdout and stderr.
///
/// Text that came from sources is untrusted: before it reaches a terminal, control characters
/// (which could move the cursor or rewrite the screen) are replaced.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func raw(_ data: Data) {
        FileHandle.standardOutput.write(data)
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("Error: " + oneLine(text) + "\n").utf8))
    }

    static func warning(_ text: String) {
        FileHandle.standardError.write(Data(("Warning: " + oneLine(text) + "\n").utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((oneLine(text) + "\n").utf8))
    }

    /// Rewrites one progress line on a terminal (callers check ``stderrIsTerminal``).
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data(("\r" + oneLine(text) + "\u{1B}[K").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Replaces line breaks with spaces and other control characters with U+FFFD.
    static func oneLine(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar -> Unicode.Scalar in
                    if scalar == "\n" || scalar == "\r" || scalar == "\t" { return " " }
                    if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return "\u{FFFD}" }
                    if scalar.value == 0x2028 || scalar.value == 0x2029 { return " " }
                    return scalar
                }))
    }

    /// Prints rows as an aligned table with a header; cells are made one-line and safe.
    static func table(_ header: [String], _ rows: [[String]], maxWidth: Int = 60) {
        let cells = rows.map { row in
            row.map { cell -> String in
                let clean = oneLine(cell)
                return clean.count > maxWidth ? String(clean.prefix(maxWidth - 1)) + "…" : clean
            }
        }
        var widths = header.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        out(line(header))
        out(line(widths.map { String(repeating: "-", count: $0) }))
        for row in cells { out(line(row)) }
    }

    /// Prints a value as pretty, key-sorted JSON.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        raw(data + Data("\n".utf8))
    }
}
