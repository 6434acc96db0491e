/// How numbers are written in a foreign spreadsheet: the thousands separator (if any) and the
/// decimal mark.
///
/// With `thousands: ","`, `5,772` and `1,234,567.5` are read, as is `5772`; `57,72` is refused
/// (a misplaced separator usually means a different convention, and guessing would import a
/// wrong figure). Surrounding spaces are ignored. A leading `-` is kept so that the value check
/// can say "must not be negative" instead of "not a number". Apart from the separators, the
/// grammar is ``Validation/decimalNumber(_:)``'s: no `+`, exponent, `0x`, `nan` or `inf`.
public struct ImportNumberFormat: Sendable, Equatable {
    /// The thousands separator as an ASCII byte, or `nil` for none.
    public var thousands: UInt8?
    /// The decimal mark as an ASCII byte (`.` or `,`).
    public var decimal: UInt8

    /// Makes a number format: no thousands separator and a decimal point by default.
    public init(thousands: UInt8? = nil, decimal: UInt8 = UInt8(ascii: ".")) {
        self.thousands = thousands
        self.decimal = decimal
    }

    /// The number a (trimmed) cell holds, or `nil` when it is not a plain decimal number.
    public func number(from text: Substring.UTF8View) -> Double? {
        var bytes = text[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var groupLength = 0
        var sawSeparator = false
        var inFraction = false
        for byte in bytes {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if inFraction {
                    fraction.append(byte)
                } else {
                    integer.append(byte)
                    groupLength += 1
                    if sawSeparator && groupLength > 3 { return nil }
                }
            } else if let thousands, byte == thousands, !inFraction {
                // A group before a separator: 1–3 digits at the start, exactly 3 after.
                if integer.isEmpty || (sawSeparator ? groupLength != 3 : groupLength > 3) { return nil }
                sawSeparator = true
                groupLength = 0
            } else if byte == decimal, !inFraction {
                if sawSeparator && groupLength != 3 { return nil }
                inFraction = true
            } else {
                return nil
            }
        }
        if !inFraction, sawSeparator, groupLength != 3 { return nil }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        if inFraction && fraction.isEmpty { return nil }
        var plain = integer.isEmpty ? [UInt8(ascii: "0")] : integer
        if !fraction.isEmpty {
            plain.append(UInt8(ascii: "."))
            plain.append(contentsOf: fraction)
        }
        guard let value = Double(String(decoding: plain, as: UTF8.self)), value.isFinite else { return nil }
        return negative ? -value : value
    }

    /// The number a cell holds, or `nil`.
    public func number(from text: String) -> Double? {
        number(from: Substring(text).utf8)
    }
}
