/// Escapes untrusted text for HTML and inline SVG, scalar by scalar.
///
/// Every value that reaches an HTML briefing or a chart passes through ``text(_:)``, through
/// the `HTML` Mustache content type (``ContentTypes/html``). It works on Unicode scalars, not
/// `Character`s: swift-mustache 2.1.1's own HTML escaping looks up whole characters, so a `"`
/// followed by a combining mark (one `Character`, `"\u{301}`) passed through unescaped and could
/// close an attribute. The result is one line of text that cannot open a tag, close an
/// attribute or spell an entity:
/// - `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`;
/// - line breaks and white-space controls become spaces, other control characters are removed,
///   and bidirectional embeddings, overrides and isolates are shown as `[U+202E]`, exactly as
///   in Markdown (``MarkdownEscaping/text(_:)``), so text cannot display in another order than
///   it is stored.
///
/// Links are not made here: templates put only ``MarkdownEscaping/url(_:)``-checked http(s)
/// addresses in `href`, and this escaping keeps their `&` literal.
///
/// ```swift
/// HTMLEscaping.text("<b>\"CECOT\"</b>")  // "&lt;b&gt;&quot;CECOT&quot;&lt;/b&gt;"
/// ```
public enum HTMLEscaping {
    /// Escapes text so that it renders literally as HTML or XML character data or as a quoted
    /// attribute value.
    ///
    /// An empty value is not an error; it gives an empty string.
    ///
    /// - Parameters:
    ///   - value: Untrusted text.
    /// - Returns: Markup-free text, safe between tags and inside `"…"` or `'…'` attributes.
    public static func text(_ value: String) -> String {
        if isPlain(value) { return value }
        var output = ""
        output.reserveCapacity(value.utf8.count + 16)
        for scalar in MarkdownEscaping.flattened(value) {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Whether `value` is printable ASCII without anything ``text(_:)`` would change, so it can
    /// be returned as it is.
    static func isPlain(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard let first = utf8.first, let last = utf8.last,
            first != UInt8(ascii: " "), last != UInt8(ascii: " ")
        else { return value.isEmpty }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""),
                UInt8(ascii: "'"):
                return false
            case 0x20...0x7E:
                continue
            default:
                return false
            }
        }
        return true
    }
}
