import Foundation
import RightsBriefCore

/// An open file that ``CSVReader`` reads in chunks with `pread`, so that copies of a reader
/// (which keep their own offsets) read independently. Closed when the last reader lets go.
final class CSVFileSource: Sendable {
    let descriptor: Int32

    init(path: String) throws(CSVError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CSVError.readFailed(line: 1, reason: String(cString: strerror(errno)))
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Reads up to `count` bytes at `offset`, fewer only at the end of the file.
    /// - Returns: the number of bytes read, or the system's reason.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Result<Int, ReadFailure> {
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(reason: String(cString: strerror(errno))))
            }
            done += got
        }
        return .success(done)
    }

    struct ReadFailure: Error {
        var reason: String
    }

    /// What a pass over the whole file found.
    struct Scan {
        /// Where line 1 starts (3 after a UTF-8 byte order mark).
        var start = 0
        var size = 0
        var ascii = true
        /// The first invalid UTF-8 sequence or NUL byte, whichever comes first.
        var failure: (offset: Int, isNUL: Bool)?
    }

    /// Reads the file once, in chunks, checking that it is valid in `encoding` and has no NUL
    /// (what ``CSVReader/init(data:encoding:options:)`` checks on bytes in memory). A UTF-8
    /// sequence cut by a chunk's end is carried over to the next chunk.
    func scan(encoding: CSVReader.Encoding, chunkSize: Int) throws(CSVError) -> Scan {
        var result = Scan()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize + 4, alignment: 8)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return result }
        var carried = 0
        var offset = 0  // file offset of buffer[0]
        var first = true
        while true {
            let got: Int
            switch read(into: base + carried, count: chunkSize, at: offset + carried) {
            case .success(let count): got = count
            case .failure(let failure): throw CSVError.readFailed(line: 1, reason: failure.reason)
            }
            let filled = carried + got
            let isLast = got < chunkSize
            let bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: filled)
            var from = 0
            if first {
                first = false
                if encoding == .utf8, filled >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                    from = 3
                    result.start = 3
                }
            }
            // Keep a multi-byte sequence that may be cut by the chunk's end for the next chunk.
            var cut = filled
            if !isLast {
                var back = 0
                while back < 3, cut - 1 - back >= from, bytes[cut - 1 - back] & 0xC0 == 0x80 { back += 1 }
                if cut - 1 - back >= from, bytes[cut - 1 - back] >= 0xC0 { cut = cut - 1 - back }
            }
            let window = UnsafeBufferPointer(rebasing: bytes[0..<cut])
            var failure: (offset: Int, isNUL: Bool)?
            if encoding == .utf8 || result.ascii {
                let checked = UTF8Validation.validate(window, from: from)
                if !checked.ascii { result.ascii = false }
                if encoding == .utf8, let bad = checked.invalidOffset { failure = (bad, false) }
            }
            if let nul = CSVUTF8Validator.firstNUL(window, from: from), nul < (failure?.offset ?? Int.max) {
                failure = (nul, true)
            }
            if let failure {
                result.failure = (offset + failure.offset, failure.isNUL)
                return result
            }
            if isLast {
                result.size = offset + filled
                return result
            }
            carried = filled - cut
            memmove(base, base + cut, carried)
            offset += cut
        }
    }

    /// The line and character column of a byte offset, counting line breaks as the reader does
    /// (LF, CRLF or a lone CR), reading the file up to it in chunks.
    func place(of target: Int, from start: Int, countingUTF8: Bool, chunkSize: Int) throws(CSVError) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var pendingCR = false
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 8)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return (line, column) }
        var offset = start
        while offset < target {
            let wanted = min(chunkSize, target - offset)
            let got: Int
            switch read(into: base, count: wanted, at: offset) {
            case .success(let count): got = count
            case .failure(let failure): throw CSVError.readFailed(line: line, reason: failure.reason)
            }
            if got == 0 { break }
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            for index in 0..<got {
                let byte = bytes[index]
                if pendingCR {
                    pendingCR = false
                    if byte != CSVByte.lineFeed {
                        line += 1
                        column = 1
                    }
                }
                if byte == CSVByte.lineFeed {
                    line += 1
                    column = 1
                } else if byte == CSVByte.carriageReturn {
                    pendingCR = true
                } else if !countingUTF8 || byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            offset += got
        }
        if pendingCR {
            // A CR right before the offending byte (which is not a LF) ends its line.
            line += 1
            column = 1
        }
        return (line, column)
    }
}
