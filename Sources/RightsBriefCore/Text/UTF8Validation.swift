/// Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF), with a word-at-a-time path for ASCII: the one validator the CSV reader, the CSV
/// writer and the XLSX writer use.
public enum UTF8Validation {
    /// Checks `bytes[start...]`.
    ///
    /// - Parameters:
    ///   - bytes: The bytes.
    ///   - start: Where to begin.
    /// - Returns: Whether all bytes are ASCII, and the offset of the first invalid sequence
    ///   (`nil` when the bytes are valid UTF-8).
    public static func validate(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0
    ) -> (ascii: Bool, invalidOffset: Int?) {
        guard let base = bytes.baseAddress else { return (true, nil) }
        let end = bytes.count
        var index = start
        var ascii = true
        let raw = UnsafeRawPointer(base)
        while index < end {
            // Skip ASCII eight bytes at a time.
            while index + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < end else { break }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            ascii = false
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return (false, index)
            }
            guard index + length <= end else { return (false, index) }
            let second = base[index + 1]
            guard second >= lower && second <= upper else { return (false, index) }
            var offset = 2
            while offset < length {
                guard base[index + offset] & 0xC0 == 0x80 else { return (false, index) }
                offset += 1
            }
            index += length
        }
        return (ascii, nil)
    }

    /// Whether `bytes` are valid UTF-8.
    @inline(__always)
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        validate(bytes).invalidOffset == nil
    }
}
