import Foundation
import RightsBriefStore
import TestSupport
import Testing

// Helpers for the tests that run the built `rightsbrief` binary.

/// A fresh folder holding `rightsbrief.sqlite` initialised with the bundled sample.
func makeSampleFolder(_ label: String = "rightsbrief-cli") throws -> URL {
    let folder = try makeTemporaryFolder(label)
    let result = try runRightsbrief(["init", "--sample"], in: folder)
    guard result.status == 0 else {
        throw CLITestError.setupFailed("init --sample exited \(result.status): \(result.stderr)")
    }
    return folder
}

enum CLITestError: Error {
    case setupFailed(String)
}

/// One sample database shared by the tests that only read it (listings, search, verify).
let readOnlySample = Result { try makeSampleFolder("rightsbrief-cli-read") }

/// One sample database shared by the bad-input tests, which must all leave it unchanged.
let badInputSample = Result { try makeSampleFolder("rightsbrief-cli-bad") }

/// The database file in a folder made by ``makeSampleFolder(_:)``.
func database(in folder: URL) -> URL {
    folder.appendingPathComponent("rightsbrief.sqlite")
}

/// Everything in the database, read in-process: the file's bytes and every record the store can
/// list (facts with their history and retractions, sources with their captured text and
/// citations, events with their links). Two snapshots are equal only if nothing was written.
struct DatabaseSnapshot: Equatable {
    var bytes: Data
    var walBytes: Data
    var records: Data

    init(_ path: URL) throws {
        bytes = fileBytes(path)
        walBytes = fileBytes(URL(fileURLWithPath: path.path + "-wal"))
        let store = try FactStore.open(path: path.path, create: false)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var records = Data()
        records += try encoder.encode(try store.facilities())
        records += try encoder.encode(try store.sources())
        records += try encoder.encode(try store.facts(FactQuery(history: true)))
        records += try encoder.encode(try store.events())
        self.records = records
    }
}

/// The lines of `text`, without the empty one after the final line break.
func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
        !$0.isEmpty
    }
}

/// Parses JSON printed by `--json`.
func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}
