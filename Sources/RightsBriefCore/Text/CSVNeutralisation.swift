/// The spreadsheet-formula neutralisation that `export csv` applies to text cells, and its
/// exact reverse, which the importer applies to every cell of a table that `export csv` wrote:
/// the one definition both use.
///
/// A text that starts with `=`, `+`, `-`, `@`, tab or CR — or with one or more `'` and then
/// one of those — gets one `'` in front on export. ``unneutralise(_:)`` removes exactly that
/// one `'`, so `unneutralise(neutralise(s)) == s` for every string `s`. Numbers are never
/// neutralised, and a number never starts with `'`, so unneutralising a number cell is a no-op.
public enum CSVNeutralisation {
    private static let apostrophe: UInt8 = 0x27

    /// Whether a byte starts a formula in a spreadsheet: `=`, `+`, `-`, `@`, tab or CR.
    @inline(__always)
    public static func isTrigger(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: true
        default: false
        }
    }

    /// Whether the text starts with a trigger, or with one or more `'` and then a trigger.
    public static func needsNeutralising<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        for byte in bytes where byte != apostrophe {
            return isTrigger(byte)
        }
        return false
    }

    /// Adds the neutralising `'` when `text` needs it.
    ///
    /// - Parameter text: a cell's text.
    /// - Returns: the text as `export csv` writes it (before CSV quoting).
    public static func neutralise(_ text: String) -> String {
        needsNeutralising(text.utf8) ? "'" + text : text
    }

    /// Reverses ``neutralise(_:)``: a text that starts with one or more `'` followed by `=`,
    /// `+`, `-`, `@`, tab or CR loses its first `'`; any other text is returned unchanged.
    ///
    /// - Parameter text: a cell as read from a table that `export csv` wrote.
    /// - Returns: the original text.
    @inline(__always)
    public static func unneutralise(_ text: String) -> String {
        // The common case (no leading quote) costs one byte comparison.
        guard text.utf8.first == apostrophe, needsNeutralising(text.utf8) else { return text }
        return String(decoding: text.utf8.dropFirst(), as: UTF8.self)
    }
}
