import Foundation

/// A private temporary folder (mode 0700) for a snapshot of the server, which may hold
/// confidential rows: made before the work and removed after it, also when it throws.
enum SnapshotFolder {
    static func with<T>(in base: URL?, _ body: (URL) async throws -> T) async throws -> T {
        let folder = try make(in: base, prefix: "rightsbrief-sync-")
        do {
            let result = try await body(folder)
            try? FileManager.default.removeItem(at: folder)
            return result
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// Makes a new private folder named `prefix` + a UUID in `base` (the system's temporary
    /// folder by default); the caller removes it.
    ///
    /// - Throws: ``SyncError/temporaryFolder(path:reason:)``.
    static func make(in base: URL?, prefix: String) throws -> URL {
        let parent = base ?? FileManager.default.temporaryDirectory
        let folder = parent.appendingPathComponent(prefix + UUID().uuidString)
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SyncError.temporaryFolder(path: folder.path, reason: error.localizedDescription)
        }
        return folder
    }
}
