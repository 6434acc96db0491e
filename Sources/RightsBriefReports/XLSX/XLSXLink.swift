/// Which URLs become hyperlinks: http and https addresses libxlsxwriter accepts.
enum XLSXLink {
    /// libxlsxwriter's (and Excel's) limit on a hyperlink target, in bytes after escaping.
    static let maxLength = 2_079

    /// Tells whether `url` can be written as a hyperlink; anything else is written as text.
    ///
    /// - Parameter url: The address.
    /// - Returns: `true` for an `http://` or `https://` address with a host part, no control or
    ///   non-XML characters, and a length that stays within ``maxLength`` once libxlsxwriter
    ///   percent-escapes spaces and quotes.
    static func isLinkable(_ url: String) -> Bool {
        let utf8 = url.utf8
        guard hasWebScheme(utf8) else { return false }
        var length = 0
        for scalar in url.unicodeScalars {
            switch scalar.value {
            case 0..<0x20, 0x7F, 0xFFFE, 0xFFFF:
                return false
            case 0x20, 0x22, 0x3C, 0x3E, 0x5B, 0x5C, 0x5D, 0x5E, 0x60, 0x7B, 0x7C, 0x7D:
                length += 3
            default:
                length += UTF8.width(scalar)
            }
            if length > maxLength { return false }
        }
        return true
    }

    /// Tells whether `utf8` starts with `http://` or `https://` (any case) and goes on.
    private static func hasWebScheme(_ utf8: String.UTF8View) -> Bool {
        var bytes = utf8.makeIterator()
        func next() -> UInt8? {
            bytes.next().map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }
        guard next() == 0x68, next() == 0x74, next() == 0x74, next() == 0x70 else { return false }
        var byte = next()
        if byte == 0x73 { byte = next() }
        guard byte == 0x3A, next() == 0x2F, next() == 0x2F else { return false }
        return next() != nil
    }
}
