import Foundation

/// What can go wrong moving evidence between a SQLite file and the shared server, besides the
/// errors of the server (``RightsBriefPostgres/PostgresStoreError``), the importer
/// (``RightsBriefImport/ImportError``) and the store (``RightsBriefStore/StoreError``), which
/// pass through unchanged.
public enum SyncError: Error, Equatable, Sendable {
    /// The database has no rightsbrief schema, or an older one than this rightsbrief's.
    case schemaMissing(server: String, version: Int, needed: Int)
    /// Only an editor (or the schema's owner) may add or change evidence on the server (push,
    /// and every command that writes).
    case notEditor(server: String)
    /// A record the file holds differs from the server's with the same id (`change` says how,
    /// as the importer lists changes); push only adds.
    case wouldChange(server: String, change: String)
    /// The private temporary folder for the snapshot could not be made.
    case temporaryFolder(path: String, reason: String)
    /// A command would change or remove a record the server keeps as it was recorded
    /// (`change` says which): on the server only facility records change, and merges.
    case serverWouldChange(server: String, change: String)
    /// Another machine's `run` holds the server's run lock.
    case runLocked(server: String, waited: Int)
}

extension SyncError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .schemaMissing(let server, let version, let needed):
            version == 0
                ? "The database at \(server) has no rightsbrief schema; run 'rightsbrief server init' on it as its owner first."
                : "The database at \(server) has schema version \(version), older than this rightsbrief's (\(needed)); run 'rightsbrief server init' on it as its owner."
        case .notEditor(let server):
            "Only an editor may add or change evidence on \(server); ask its administrator to grant your login rightsbrief_editor."
        case .wouldChange(let server, let change):
            "Push would change the server's record (\(change)) at \(server); push only adds evidence, so make the file agree first (pull shows the server's)."
        case .temporaryFolder(let path, let reason):
            "Cannot make the private temporary folder '\(path)': \(reason)."
        case .serverWouldChange(let server, let change):
            "This would \(change) on the server at \(server), which keeps evidence as it was recorded (only facility records change, and merges); nothing was written. Add a correction or a retraction instead."
        case .runLocked(let server, let waited):
            "Another rightsbrief run holds the run lock of the server at \(server)" + (waited > 0 ? " (waited \(waited) s)" : "") + "."
        }
    }
}
