/// The shape of a JSON text: where every value, key and item starts and ends.
///
/// Foundation's `JSONDecoder` says *which* key is wrong (a coding path) but not *where* it is.
/// The importer parses the document once into this outline, decodes each item from its own
/// slice, and uses the outline to turn a coding path into `LINE:COLUMN`. The parser checks the
/// JSON grammar (RFC 8259) and reports the first syntax error with its byte offset.
indirect enum JSONOutline: Sendable {
    case object(start: Int, end: Int, members: [Member])
    case array(start: Int, end: Int, items: [JSONOutline])
    /// A string, number, `true`, `false` or `null`; `text` is the decoded string for strings.
    case scalar(start: Int, end: Int, text: String?)

    struct Member: Sendable {
        var key: String
        var keyStart: Int
        var value: JSONOutline
    }

    /// The byte offset of the value's first character.
    var start: Int {
        switch self {
        case .object(let start, _, _), .array(let start, _, _), .scalar(let start, _, _): start
        }
    }

    /// The byte offset just after the value.
    var end: Int {
        switch self {
        case .object(_, let end, _), .array(_, let end, _), .scalar(_, let end, _): end
        }
    }

    var members: [Member]? {
        if case .object(_, _, let members) = self { return members }
        return nil
    }

    var items: [JSONOutline]? {
        if case .array(_, _, let items) = self { return items }
        return nil
    }

    /// The decoded text of a string scalar.
    var string: String? {
        if case .scalar(_, _, let text) = self { return text }
        return nil
    }

    func member(_ key: String) -> Member? {
        members?.first { $0.key == key }
    }

    /// The value at a coding path, or the deepest value on the way when the path ends early
    /// (a missing key points at the object that lacks it).
    func find(_ path: [any CodingKey]) -> JSONOutline {
        var node = self
        for key in path {
            if let index = key.intValue, let items = node.items, index < items.count {
                node = items[index]
            } else if let member = node.member(key.stringValue) {
                node = member.value
            } else {
                break
            }
        }
        return node
    }

    /// The first string value (depth first) whose text is `text`.
    func findString(_ text: String) -> JSONOutline? {
        switch self {
        case .scalar(_, _, let value): return value == text ? self : nil
        case .array(_, _, let items): return items.lazy.compactMap { $0.findString(text) }.first
        case .object(_, _, let members): return members.lazy.compactMap { $0.value.findString(text) }.first
        }
    }
}

/// A JSON syntax error at a byte offset.
struct JSONOutlineError: Error, Sendable {
    var offset: Int
    var message: String
}

/// A recursive-descent JSON parser that builds a ``JSONOutline``.
struct JSONOutlineParser {
    private let bytes: [UInt8]
    private var position = 0
    private static let maximumDepth = 256

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark is allowed before the document.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Parses the whole text as one JSON value.
    mutating func parse() throws(JSONOutlineError) -> JSONOutline {
        skipSpace()
        let value = try parseValue(depth: 0)
        skipSpace()
        guard position == bytes.count else {
            throw JSONOutlineError(offset: position, message: "there is more text after the end of the document")
        }
        return value
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func parseValue(depth: Int) throws(JSONOutlineError) -> JSONOutline {
        guard depth < Self.maximumDepth else {
            throw JSONOutlineError(offset: position, message: "the document is nested too deeply")
        }
        guard position < bytes.count else {
            throw JSONOutlineError(offset: position, message: "the document ends where a value should be")
        }
        let start = position
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [JSONOutline.Member] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(start: start, end: position, members: members)
            }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw JSONOutlineError(offset: position, message: "expected a key in double quotes")
                }
                let keyStart = position
                let key = try parseString()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    throw JSONOutlineError(offset: position, message: "expected ':' after the key \"\(key)\"")
                }
                position += 1
                skipSpace()
                let value = try parseValue(depth: depth + 1)
                members.append(JSONOutline.Member(key: key, keyStart: keyStart, value: value))
                skipSpace()
                guard position < bytes.count else {
                    throw JSONOutlineError(offset: position, message: "the document ends inside an object; add '}'")
                }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return .object(start: start, end: position, members: members)
                } else {
                    throw JSONOutlineError(offset: position, message: "expected ',' or '}' after a value in an object")
                }
            }
        case UInt8(ascii: "["):
            position += 1
            var items: [JSONOutline] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(start: start, end: position, items: items)
            }
            while true {
                skipSpace()
                items.append(try parseValue(depth: depth + 1))
                skipSpace()
                guard position < bytes.count else {
                    throw JSONOutlineError(offset: position, message: "the document ends inside a list; add ']'")
                }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(start: start, end: position, items: items)
                } else {
                    throw JSONOutlineError(offset: position, message: "expected ',' or ']' after an item in a list")
                }
            }
        case UInt8(ascii: "\""):
            let text = try parseString()
            return .scalar(start: start, end: position, text: text)
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try parseNumber()
        default:
            throw JSONOutlineError(offset: position, message: "expected a value (a string in double quotes, a number, a list or an object)")
        }
        return .scalar(start: start, end: position, text: nil)
    }

    private mutating func literal(_ word: String) throws(JSONOutlineError) {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
            throw JSONOutlineError(offset: position, message: "expected a value (a string in double quotes, a number, a list or an object)")
        }
        position += expected.count
    }

    private mutating func parseNumber() throws(JSONOutlineError) {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - from
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let leading = position
        guard digits() > 0 else { throw JSONOutlineError(offset: start, message: "a number needs digits") }
        if bytes[leading] == UInt8(ascii: "0"), position - leading > 1 {
            throw JSONOutlineError(offset: start, message: "a number cannot start with 0")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw JSONOutlineError(offset: position, message: "expected digits after '.'") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { throw JSONOutlineError(offset: position, message: "expected digits in the exponent") }
        }
    }

    /// Parses a string starting at its opening quote; returns its decoded text.
    private mutating func parseString() throws(JSONOutlineError) -> String {
        let start = position
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flush() {
            if runStart < position {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<position], as: UTF8.self).unicodeScalars)
            }
        }
        while true {
            guard position < bytes.count else {
                throw JSONOutlineError(offset: start, message: "a string is never closed; add the closing '\"'")
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                flush()
                position += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw JSONOutlineError(offset: position, message: "a string contains a line break or control character; write it as \\n or \\u00XX")
            }
            if byte == UInt8(ascii: "\\") {
                flush()
                position += 1
                guard position < bytes.count else {
                    throw JSONOutlineError(offset: start, message: "a string is never closed; add the closing '\"'")
                }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    let escapeStart = position - 2
                    var value = try hex4()
                    if value == 0 {
                        throw JSONOutlineError(
                            offset: escapeStart,
                            message: "a string contains \\u0000, a NUL character, which would cut the text short when stored; remove it")
                    }
                    if (0xD800...0xDBFF).contains(value), position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    {
                        position += 2
                        let low = try hex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        }
                    }
                    scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                default:
                    throw JSONOutlineError(offset: position - 2, message: "'\\\(String(decoding: [escape], as: UTF8.self))' is not a JSON escape")
                }
                runStart = position
                continue
            }
            position += 1
        }
    }

    private mutating func hex4() throws(JSONOutlineError) -> UInt32 {
        guard bytes.count - position >= 4 else {
            throw JSONOutlineError(offset: position, message: "\\u needs four hex digits")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw JSONOutlineError(offset: position, message: "\\u needs four hex digits")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }
}

/// Turns byte offsets into 1-based line and character column numbers.
struct TextPositions {
    private let bytes: [UInt8]
    private var lineStarts: [Int] = [0]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            lineStarts.append(offset + 1)
        }
    }

    func lineColumn(_ offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        var column = 1
        var index = start
        while index < min(offset, bytes.count) {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return (low + 1, column)
    }
}
