import Foundation

/// Makes facility ids from names.
enum ImportSlug {
    /// Lowercase ASCII letters and digits, with one hyphen for each run of anything else;
    /// accents are dropped first (`Centro Penal de Máxima Seguridad` → `centro-penal-de-maxima-seguridad`)
    /// and apostrophes inside words are dropped, so a word stays whole
    /// (`California's Men's Colony` → `californias-mens-colony`, not `california-s-men-s-colony`).
    static func make(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{02BC}", with: "'")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(folded.utf8.count)
        var hyphen = false
        for byte in folded.utf8 {
            if byte == 0x27 { continue }  // an apostrophe joins, it does not separate
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if hyphen && !bytes.isEmpty { bytes.append(0x2D) }
                hyphen = false
                bytes.append(lower)
            } else {
                hyphen = true
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The slug cut to at most `limit` characters, at a hyphen when there is one to cut at.
    static func truncated(_ slug: String, to limit: Int) -> String {
        guard slug.utf8.count > limit else { return slug }
        let bytes = Array(slug.utf8.prefix(limit + 1))
        var cut = limit
        if bytes[limit] != 0x2D, let hyphen = bytes[..<limit].lastIndex(of: 0x2D), hyphen > 0 {
            cut = hyphen
        }
        var result = Array(bytes[..<cut])
        while result.last == 0x2D { result.removeLast() }
        return String(decoding: result, as: UTF8.self)
    }
}
