import Foundation
import RightsBriefCore
import RightsBriefImport
import RightsBriefStore

/// A fixed clock for tests: 2025-03-01T12:00:00Z.
package let fixedNow = Date(timeIntervalSince1970: 1_740_830_400)

/// A fresh in-memory store with a fixed clock.
package func makeTestStore(clock: @escaping @Sendable () -> Date = { fixedNow }) throws -> FactStore {
    try FactStore.inMemory(clock: clock)
}

/// A clock that moves one second forward each time it is read, so a second write at "the same
/// moment" would still leave a different timestamp behind.
package final class TickingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: TimeInterval = 0

    package init() {}

    package func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        seconds += 1
        return Date(timeIntervalSince1970: 1_740_830_400 + seconds)
    }
}

/// A store with the sample facilities and sources, and a clock that ticks.
package func makeTickingStore() throws -> FactStore {
    let clock = TickingClock()
    return try FactStore.inMemory(clock: { clock.now() })
}

/// The folder every ``makeTemporaryFolder(_:)`` folder of this test process lives in, removed
/// when the process exits: many tests leave theirs behind (a failing one always does), and a
/// test run made some 600 folders in the system's temporary folder. Short (`rb-tests-PID`), so a
/// Unix socket path inside a test folder stays under the 107-byte limit.
package let testFolderRoot: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("rb-tests-\(getpid())", isDirectory: true)
    try? FileManager.default.removeItem(at: root)  // a previous process with the same id
    try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testFolderRoot) }
    return root
}()

/// A fresh, empty folder in ``testFolderRoot``.
package func makeTemporaryFolder(_ label: String = "rightsbrief-tests") throws -> URL {
    let url = testFolderRoot.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The repository root (the folder holding Package.swift), found from this file's path.
package let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
}()

/// The day, from text known to be valid.
package func day(_ text: String) -> Day {
    (try? Day(text)) ?? Day(Date(timeIntervalSince1970: 0))
}

/// A small evidence set: CECOT with capacity, population, conditions and one event, plus a
/// restricted source and a confidential fact for redaction tests.
package enum Samples {
    package static let cecot = Facility(
        id: "cecot", name: "Terrorism Confinement Center (CECOT)", country: "SV", kind: .prison)
    package static let other = Facility(id: "izalco", name: "Izalco Prison", country: "SV", kind: .prison)
    package static let pbs = Source(
        id: "pbs", url: "https://www.pbs.org/newshour/example", title: "Inside CECOT", publisher: "PBS",
        publishedOn: day("2025-02-10"))
    package static let reason = Source(
        id: "reason", url: "https://reason.com/example", title: "The deal", publisher: "Reason",
        publishedOn: day("2025-02-04"))
    package static let partner = Source(
        id: "partner-notes", url: nil, title: "Partner visit notes", publisher: "Partner NGO",
        kind: .testimony, sensitivity: .restricted)
    package static let witness = Source(
        id: "witness-7", url: nil, title: "Witness statement 7", publisher: "Our team",
        kind: .testimony, sensitivity: .confidential, text: "Name withheld. Cells hold 100 people.")

    /// Loads the facilities and sources above into `store`.
    package static func load(into store: FactStore) throws {
        try store.addFacility(cecot)
        try store.addFacility(other)
        for source in [pbs, reason, partner, witness] { try store.addSource(source) }
    }
}

/// The result of running the built `rightsbrief` binary.
package struct CommandResult: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String
}

/// The built `rightsbrief` executable beside the test bundle.
package func rightsbriefBinary() -> URL {
    let candidates = [
        Bundle.main.bundleURL.appendingPathComponent("rightsbrief"),
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("rightsbrief"),
        repositoryRoot.appendingPathComponent(".build/debug/rightsbrief"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
}

/// Runs the built binary with `arguments`, in `directory`, with `environment` added to (or,
/// when `clean` is true, replacing) the current environment.
package func runRightsbrief(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
    clean: Bool = false, stdin: Data? = nil
) throws -> CommandResult {
    try runProcess(
        rightsbriefBinary().path, arguments, in: directory, environment: environment, clean: clean, stdin: stdin)
}

/// Runs any program and collects its output.
package func runProcess(
    _ executable: String, _ arguments: [String], in directory: URL? = nil,
    environment: [String: String] = [:], clean: Bool = false, stdin: Data? = nil
) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = clean ? [:] : ProcessInfo.processInfo.environment
    env.removeValue(forKey: "RIGHTSBRIEF_DB")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Bytes of a file, or empty data.
package func fileBytes(_ url: URL) -> Data {
    FileManager.default.contents(atPath: url.path) ?? Data()
}

/// Imports a JSON dataset document through the importer, as `rightsbrief import` would, from a
/// temporary file named `name`.
///
/// - Returns: what was added, updated and left unchanged.
/// - Throws: ``ImportError`` (problems name `name`), ``StoreError``.
@discardableResult
package func importDocument(
    _ data: Data, into store: FactStore, named name: String = "document.json", dryRun: Bool = false
) throws -> LoadSummary {
    let folder = try makeTemporaryFolder("document")
    defer { try? FileManager.default.removeItem(at: folder) }
    try data.write(to: folder.appendingPathComponent(name))
    return try store.importEvidence(ImportRequest(files: [name], dryRun: dryRun, directory: folder)).summary
}

/// The bundled CECOT sample document (`data/sample/cecot.json`).
package func sampleDocument() throws -> Data {
    try Data(contentsOf: repositoryRoot.appendingPathComponent("data/sample/cecot.json"))
}

/// A deterministic random number generator (SplitMix64), so a generated test case or a
/// "random" moment is the same every run and a failure can be replayed from its seed.
package struct SplitMix64: RandomNumberGenerator {
    package var state: UInt64

    package init(state: UInt64) {
        self.state = state
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
