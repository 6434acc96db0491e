import RightsBriefCore

/// A date pattern from an import mapping, such as `M/D/YY`, `DD.MM.YYYY` or `YYYY-MM-DD`.
///
/// Tokens: `YYYY` (four-digit year), `YY` (two-digit year: 69–99 mean 1969–1999, 00–68 mean
/// 2000–2068, as POSIX `strptime %y`), `MM` and `DD` (exactly two digits), `M` and `D` (one or
/// two digits). Every other character must be a separator (not a letter or digit) and must
/// appear in the cell as written. A pattern needs exactly one year, one month and one day.
public struct ImportDateFormat: Sendable, Equatable, CustomStringConvertible {
    enum Token: Sendable, Equatable {
        case year4, year2, month(exact: Bool), day(exact: Bool)
        case literal(UInt8)
    }

    let tokens: [Token]
    /// The pattern as written in the mapping.
    public let description: String

    /// The ISO form, `YYYY-MM-DD`.
    public static let iso = ImportDateFormat(checked: "YYYY-MM-DD")

    /// Parses a pattern.
    ///
    /// - Throws: a message (without location) saying why the pattern cannot describe a date.
    public init(_ pattern: String) throws(DateFormatError) {
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        var index = 0
        var years = 0
        var months = 0
        var days = 0
        while index < bytes.count {
            let byte = bytes[index]
            var run = 0
            while index + run < bytes.count, bytes[index + run] == byte { run += 1 }
            switch byte {
            case UInt8(ascii: "Y"), UInt8(ascii: "y"):
                guard run == 4 || run == 2 else {
                    throw DateFormatError("'\(pattern)' has \(run) Y; write the year as YYYY or YY")
                }
                tokens.append(run == 4 ? .year4 : .year2)
                years += 1
            case UInt8(ascii: "M"), UInt8(ascii: "m"):
                guard run <= 2 else { throw DateFormatError("'\(pattern)' has \(run) M; write the month as M or MM") }
                tokens.append(.month(exact: run == 2))
                months += 1
            case UInt8(ascii: "D"), UInt8(ascii: "d"):
                guard run <= 2 else { throw DateFormatError("'\(pattern)' has \(run) D; write the day as D or DD") }
                tokens.append(.day(exact: run == 2))
                days += 1
            default:
                let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                if isLetter || isDigit || byte >= 0x80 {
                    let character = String(decoding: [byte], as: UTF8.self)
                    throw DateFormatError(
                        "'\(pattern)' contains '\(byte >= 0x80 ? "non-ASCII text" : character)', which is not part of a date format; "
                            + "use YYYY or YY, M or MM, D or DD, and separators such as / - .")
                }
                for _ in 0..<run { tokens.append(.literal(byte)) }
            }
            index += run
        }
        guard years == 1, months == 1, days == 1 else {
            throw DateFormatError(
                "'\(pattern)' must name the year, the month and the day once each, for example M/D/YY or YYYY-MM-DD")
        }
        for (position, token) in tokens.enumerated() where position > 0 {
            // Two numbers side by side with a variable width cannot be split ("M" then "D" in "MD").
            if case .literal = token { continue }
            if case .literal = tokens[position - 1] { continue }
            let flexible: (Token) -> Bool = { token in
                switch token {
                case .month(let exact), .day(let exact): !exact
                default: false
                }
            }
            if flexible(token) || flexible(tokens[position - 1]) {
                throw DateFormatError(
                    "'\(pattern)' puts a one-or-two-digit M or D next to another number; use MM and DD, or a separator")
            }
        }
        self.tokens = tokens
        self.description = pattern
    }

    private init(checked pattern: String) {
        self.tokens = [.year4, .literal(UInt8(ascii: "-")), .month(exact: true), .literal(UInt8(ascii: "-")), .day(exact: true)]
        self.description = pattern
    }

    /// The day a cell names, or `nil` when it does not fit the pattern or is not a real day.
    public func day(from text: String) -> Day? {
        var year = 0
        var month = 0
        var day = 0
        var utf8 = text.utf8[...]
        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maximum, let byte = utf8.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                count += 1
                utf8 = utf8.dropFirst()
            }
            return count >= minimum ? value : nil
        }
        for token in tokens {
            switch token {
            case .year4:
                guard let value = digits(4, 4) else { return nil }
                year = value
            case .year2:
                guard let value = digits(2, 2) else { return nil }
                year = value >= 69 ? 1900 + value : 2000 + value
            case .month(let exact):
                guard let value = digits(exact ? 2 : 1, 2) else { return nil }
                month = value
            case .day(let exact):
                guard let value = digits(exact ? 2 : 1, 2) else { return nil }
                day = value
            case .literal(let byte):
                guard utf8.first == byte else { return nil }
                utf8 = utf8.dropFirst()
            }
        }
        guard utf8.isEmpty else { return nil }
        return try? Day(year: year, month: month, day: day)
    }
}

/// Why a date pattern cannot be used.
public struct DateFormatError: Error, Equatable, Sendable {
    /// Why, for example "'M/D' must name the year, the month and the day once each".
    public var message: String
    init(_ message: String) { self.message = message }
}
