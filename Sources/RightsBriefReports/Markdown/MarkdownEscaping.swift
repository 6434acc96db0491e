import Foundation

/// Escapes untrusted text and links so that they render literally in CommonMark and GFM.
///
/// Every value that reaches a Markdown briefing (a facility name, a source title, a quote)
/// passes through ``text(_:)``, usually through the `MARKDOWN` Mustache content type. The
/// result is one line of inline text: it cannot start a heading, list, quote, code block,
/// thematic break or table row, cannot open emphasis, a code span, a link, an image, an
/// autolink or raw HTML, and cannot spell an entity such as `&lt;`.
///
/// The escaping uses CommonMark backslash escapes, which work in paragraphs, headings, table
/// cells, link text and link destinations. It does not work inside code spans, code blocks
/// or `<…>` autolinks, so templates must not put values between backticks or angle brackets.
///
/// A template writes a link as
/// `{{#url}}[{{title}}]({{url}}){{/url}}{{^url}}{{title}}{{/url}}`, with `url` taken from
/// ``url(_:)`` (absent when it refuses the address): CommonMark undoes the escapes inside the
/// parentheses, so the target is exactly the checked URL. Swift code that writes Markdown
/// directly uses ``link(text:url:)``.
///
/// ```swift
/// MarkdownEscaping.text("<b>CECOT</b> *40,000*")  // "\<b\>CECOT\</b\> \*40,000\*"
/// MarkdownEscaping.link(text: "CNN", url: "https://cnn.com/x")  // "[CNN](https://cnn.com/x)"
/// ```
public enum MarkdownEscaping {
    /// Whether `value` is made only of characters no rule below touches (ASCII letters and
    /// digits, inner spaces, `,` `'` `"` `%` `(` `;` and a `-` that does not start it), so
    /// ``text(_:)`` can return it as it is without the scalar-by-scalar pass; most figures,
    /// dates and names in a large briefing are.
    static func isPlain(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard let first = utf8.first, let last = utf8.last,
            first != UInt8(ascii: " "), first != UInt8(ascii: "-"), last != UInt8(ascii: " ")
        else { return value.isEmpty }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "'"),
                UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "("), UInt8(ascii: ";"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return true
    }

    /// Escapes text so that it renders literally as one line of inline Markdown.
    ///
    /// What changes:
    /// - `\` `` ` `` `*` `_` `[` `]` `<` `>` `#` `|` `!` `~` are backslash-escaped everywhere.
    /// - `&` is escaped where it could start an entity (`&lt;`, `&#60;`) and at the end.
    /// - At the start of the value, `-` `+` `=` `.` `)` are escaped, and so is a `.` or `)`
    ///   that follows leading digits and ends the value or precedes a space (`1. `, `12)`), so
    ///   the value cannot start a list, a setext underline or a thematic break even when a
    ///   template puts it at the start of a line. `3.4` and `1.5 million` are left alone.
    /// - The `:` of `://` and the `.` of `www.` are escaped, so a GFM renderer does not turn
    ///   the text into a link (and shows it as written).
    /// - Line breaks (CR, LF, CRLF, U+0085, U+2028, U+2029) become one space per run; tab,
    ///   vertical tab and form feed become a space; other control characters are removed.
    /// - Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are
    ///   shown as `[U+202E]`, so text cannot display in another order than it is stored.
    /// - Spaces at either end are dropped, as Markdown would ignore them anyway.
    ///
    /// Other characters, including all non-ASCII text, are kept as they are. An empty value
    /// is not an error; it gives an empty string.
    ///
    /// - Parameters:
    ///   - value: Untrusted text.
    /// - Returns: Markdown source that renders as `value` on one line.
    public static func text(_ value: String) -> String {
        if isPlain(value) { return value }
        let scalars = flattened(value)
        var output = String.UnicodeScalarView()
        var leadingDigits = true
        for (index, scalar) in scalars.enumerated() {
            if needsEscape(scalar, at: index, in: scalars, afterLeadingDigits: leadingDigits) {
                output.append("\\")
            }
            output.append(scalar)
            if leadingDigits, !("0"..."9").contains(scalar) {
                leadingDigits = false
            }
        }
        return String(output)
    }

    /// Escapes text for one cell of a GFM table.
    ///
    /// This is ``text(_:)``: it already escapes `|` and removes line breaks, so a value cannot
    /// add a column or start a new row.
    ///
    /// - Parameters:
    ///   - value: Untrusted text.
    /// - Returns: Markdown source for the cell's content, without the surrounding pipes.
    public static func tableCell(_ value: String) -> String {
        text(value)
    }

    /// Checks that a URL is safe to print as a Markdown link and encodes what would break one.
    ///
    /// A URL is accepted only if, after trimming surrounding white space, it is absolute, its
    /// scheme is `http` or `https` (any case), it has a non-empty host (and a numeric port, if
    /// any), and it contains no ASCII space, control character, `<`, `>`, `"` or `\`. In the
    /// accepted URL, `(`, `)`, `|` and any other white space are percent-encoded, so the result
    /// can go inside `[text](url)`, inside `<url>` and inside a table cell.
    ///
    /// A URL that is refused is not an error: the caller prints the text without a link.
    ///
    /// - Parameters:
    ///   - value: An untrusted URL, for example a source's address.
    /// - Returns: The URL ready for Markdown, or `nil` when it is not a safe http(s) URL.
    public static func url(_ value: String) -> String? {
        // The checks work on Unicode scalars, as URL parsers do, not on grapheme clusters (a
        // country's briefing checks thousands of addresses, and clusters cost far more).
        let trimmed = hasPrintableASCIIEnds(value) ? value : value.trimmingCharacters(in: .whitespacesAndNewlines)
        let scalars = trimmed.unicodeScalars
        guard let separator = schemeSeparator(in: scalars) else { return nil }
        let scheme = String(scalars[..<separator.lowerBound]).lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let authority = scalars[separator.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard hasHost(authority) else { return nil }
        // Most addresses are printable ASCII with nothing to refuse or encode: then the
        // address is the answer as it is (a country's briefing lists thousands).
        if trimmed.utf8.allSatisfy({ byte in
            byte > 0x20 && byte < 0x7F && !isRefusedInURL(Unicode.Scalar(byte)) && !isEncodedInURL(Unicode.Scalar(byte))
        }) {
            return trimmed
        }

        var output = String.UnicodeScalarView()
        for scalar in scalars {
            if isControl(scalar) || isRefusedInURL(scalar) {
                return nil
            }
            if isEncodedInURL(scalar) || (!scalar.isASCII && scalar.properties.isWhitespace) {
                for byte in String(scalar).utf8 {
                    output.append(contentsOf: ("%" + hexByte(byte)).unicodeScalars)
                }
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// Whether `value` begins and ends with printable ASCII other than space, so trimming white
    /// space would change nothing.
    private static func hasPrintableASCIIEnds(_ value: String) -> Bool {
        guard let first = value.utf8.first, let last = value.utf8.last else { return false }
        return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last)
    }

    /// Where the first `://` is.
    private static func schemeSeparator(in scalars: String.UnicodeScalarView) -> Range<String.UnicodeScalarView.Index>? {
        var index = scalars.startIndex
        while index != scalars.endIndex {
            if scalars[index] == ":" {
                let slash1 = scalars.index(after: index)
                if slash1 != scalars.endIndex, scalars[slash1] == "/" {
                    let slash2 = scalars.index(after: slash1)
                    if slash2 != scalars.endIndex, scalars[slash2] == "/" {
                        return index..<scalars.index(after: slash2)
                    }
                }
            }
            index = scalars.index(after: index)
        }
        return nil
    }

    /// Builds a Markdown link whose text is escaped and whose target is a safe http(s) URL.
    ///
    /// When ``url(_:)`` refuses `url`, the result is only the escaped text, so a `javascript:`
    /// or relative address never becomes a link. When the text is empty, the URL is shown.
    ///
    /// - Parameters:
    ///   - text: Untrusted link text, for example a source's title.
    ///   - url: Untrusted address.
    /// - Returns: `[escaped text](url)`, or the escaped text alone.
    public static func link(text label: String, url address: String) -> String {
        let escapedLabel = text(label)
        guard let safe = url(address) else { return escapedLabel }
        let shownLabel = escapedLabel.isEmpty ? text(safe) : escapedLabel
        return "[\(shownLabel)](\(destination(safe)))"
    }

    // The character classes below are switches rather than sets: they are asked once per
    // character of every value in a briefing, and hashing a scalar costs more than comparing.

    /// Characters that have a meaning wherever they appear.
    private static func isAlwaysEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "!", "~": true
        default: false
        }
    }

    /// Characters that have a meaning only at the start of a line.
    private static func isEscapedAtStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "-", "+", "=", ".", ")": true
        default: false
        }
    }

    /// Characters that make ``url(_:)`` refuse an address.
    private static func isRefusedInURL(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "<", ">", "\"", "\\": true
        default: false
        }
    }

    /// Characters ``url(_:)`` percent-encodes (besides white space).
    private static func isEncodedInURL(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "(", ")", "|": true
        default: false
        }
    }

    /// Whether `scalar` is a control character (general category Cc). Cc is exactly
    /// U+0000–U+001F and U+007F–U+009F, fixed by Unicode's stability policy; comparing the
    /// value avoids a property lookup per character of a large briefing.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `[U+202E]` for a scalar that must be shown rather than obeyed.
    private static func visibleCodePoint(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return Array("[U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)]".unicodeScalars)
    }

    /// Maps line breaks and white-space controls to spaces, removes other controls, makes
    /// bidirectional overrides visible and trims (shared with ``HTMLEscaping``).
    static func flattened(_ value: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(value.unicodeScalars.count)
        var previousWasBreak = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}":
                if !previousWasBreak { scalars.append(" ") }
                previousWasBreak = true
                continue
            case "\t", "\u{0B}", "\u{0C}":
                scalars.append(" ")
            case "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}":
                // Bidirectional embeddings, overrides and isolates can make text display in
                // another order than it reads (a "Trojan Source" title); show them instead.
                scalars.append(contentsOf: visibleCodePoint(scalar))
            default:
                if !isControl(scalar) {
                    scalars.append(scalar)
                }
            }
            previousWasBreak = false
        }
        let first = scalars.firstIndex { $0 != " " } ?? scalars.endIndex
        let last = scalars.lastIndex { $0 != " " } ?? -1
        return first <= last ? Array(scalars[first...last]) : []
    }

    private static func needsEscape(
        _ scalar: Unicode.Scalar,
        at index: Int,
        in scalars: [Unicode.Scalar],
        afterLeadingDigits leadingDigits: Bool
    ) -> Bool {
        if isAlwaysEscaped(scalar) { return true }
        switch scalar {
        case "&":
            guard index + 1 < scalars.count else { return true }
            let next = scalars[index + 1]
            return next == "#" || (next.isASCII && next.properties.isAlphabetic)
                || ("0"..."9").contains(next)
        case ":":
            return index + 2 < scalars.count && scalars[index + 1] == "/"
                && scalars[index + 2] == "/"
        case ".":
            return index == 0 || endsListMarker(index, in: scalars, leadingDigits)
                || followsWWW(index, in: scalars)
        case ")":
            return index == 0 || endsListMarker(index, in: scalars, leadingDigits)
        default:
            return index == 0 && isEscapedAtStart(scalar)
        }
    }

    /// Whether the `.` or `)` at `index` would end an ordered-list marker such as `12.`.
    private static func endsListMarker(
        _ index: Int,
        in scalars: [Unicode.Scalar],
        _ leadingDigits: Bool
    ) -> Bool {
        guard leadingDigits, index > 0 else { return false }
        return index + 1 == scalars.count || scalars[index + 1] == " "
    }

    /// Whether the `.` at `index` ends a `www` that GFM would turn into a link.
    private static func followsWWW(_ index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        guard index >= 3 else { return false }
        return scalars[(index - 3)..<index].allSatisfy { $0 == "w" || $0 == "W" }
    }

    private static func hasHost(_ authority: Substring.UnicodeScalarView) -> Bool {
        let hostAndPort =
            authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] }
            ?? authority
        let host: Substring.UnicodeScalarView
        let port: Substring.UnicodeScalarView
        if hostAndPort.first == "[" {
            guard let close = hostAndPort.firstIndex(of: "]") else { return false }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            let rest = hostAndPort[hostAndPort.index(after: close)...]
            guard rest.isEmpty || rest.first == ":" else { return false }
            port = rest.dropFirst()
        } else if let colon = hostAndPort.firstIndex(of: ":") {
            host = hostAndPort[..<colon]
            port = hostAndPort[hostAndPort.index(after: colon)...]
        } else {
            host = hostAndPort
            port = Substring.UnicodeScalarView()
        }
        return !host.isEmpty && port.allSatisfy { ("0"..."9").contains($0) }
    }

    /// Makes a URL accepted by ``url(_:)`` keep its exact value inside `[text](…)`.
    ///
    /// CommonMark decodes entities such as `&amp;` in a link destination; a backslash before
    /// `&` keeps it literal.
    private static func destination(_ safeURL: String) -> String {
        safeURL.replacingOccurrences(of: "&", with: "\\&")
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
