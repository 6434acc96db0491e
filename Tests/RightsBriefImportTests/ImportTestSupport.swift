import Foundation
import RightsBriefImport
import RightsBriefStore
import Testing
import TestSupport

/// A fresh folder holding `files` (name → contents).
func folder(_ files: [String: String]) throws -> URL {
    let url = try makeTemporaryFolder("rightsbrief-import")
    for (name, text) in files {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
    }
    return url
}

/// Imports `files` from `folder` into `store`.
@discardableResult
func importFiles(
    _ files: [String], from folder: URL, into store: FactStore, mapping: String? = nil,
    encoding: CSVReader.Encoding = .utf8, dryRun: Bool = false, updateFacilities: Bool = false
) throws -> ImportReport {
    try store.importEvidence(
        ImportRequest(
            files: files, mapping: mapping, encoding: encoding, dryRun: dryRun, directory: folder,
            updateFacilities: updateFacilities))
}

/// The problem lines an import fails with (the whole list, not cut at 20), or an empty list
/// when it succeeds.
func problems(
    _ files: [String], from folder: URL, into store: FactStore, mapping: String? = nil,
    encoding: CSVReader.Encoding = .utf8
) -> [String] {
    do {
        try importFiles(files, from: folder, into: store, mapping: mapping, encoding: encoding)
        return []
    } catch let error as ImportError {
        return error.problemLines(limit: 1_000)
    } catch {
        return ["unexpected: \(error)"]
    }
}

/// CSV rows joined with CRLF, as `export csv` writes them.
func csv(_ rows: String...) -> String {
    rows.map { $0 + "\r\n" }.joined()
}

let facilitiesHeader = "id,name,country,region,kind,authority,opened_on,latitude,longitude"
let sourcesHeader = "id,url,title,publisher,author,published_on,retrieved_at,kind,language,sensitivity,cites,text_sha256,text"
let factsHeader =
    "fact_id,facility_id,facility_name,country,attribute,value,unit,as_of,status,sensitivity,source_ids,source_title,source_url,quote,supersedes,standing,retraction_reason,retracted_at"
let eventsHeader = "id,date,title,description,sensitivity,facility_ids,source_ids"

/// Imports `files` from `folder` into `store` as one write (on the server: in a writing
/// working copy, committed when the import succeeds, closed when it throws).
@discardableResult
func importFiles(
    _ files: [String], from folder: URL, into store: BackendStore, dryRun: Bool = false
) async throws -> ImportReport {
    try await store.write { try importFiles(files, from: folder, into: $0, dryRun: dryRun) }.value
}

/// The problem lines an import into `store` fails with, or an empty list when it succeeds.
func problems(_ files: [String], from folder: URL, into store: BackendStore) async -> [String] {
    do {
        try await importFiles(files, from: folder, into: store)
        return []
    } catch let error as ImportError {
        return error.problemLines(limit: 1_000)
    } catch {
        return ["unexpected: \(error)"]
    }
}
