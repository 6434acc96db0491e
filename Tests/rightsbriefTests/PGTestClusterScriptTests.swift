import Foundation
import TestSupport
import Testing

/// `scripts/pg-test-cluster`, which CI runs the tests under: the throwaway cluster it starts
/// is stopped and deleted however the command ends.
@Suite(
    "scripts/pg-test-cluster",
    .enabled(if: FileManager.default.fileExists(atPath: "/usr/lib/postgresql/15/bin/initdb")))
struct PGTestClusterScriptTests {
    static var script: String { repositoryRoot.appendingPathComponent("scripts/pg-test-cluster").path }

    /// The folder named in the script's "test server at" line.
    func clusterFolder(in stderr: String) -> String? {
        guard let range = stderr.range(of: #"host=(/[^\s]+)"#, options: .regularExpression) else { return nil }
        return String(stderr[range].dropFirst("host=".count))
    }

    @Test("run exports a working URL, passes on the command's exit status, and leaves nothing behind")
    func runAndStop() throws {
        // Given a command that queries the server through the exported URL's socket, then fails
        let command = """
            port=$(echo "$RIGHTSBRIEF_TEST_POSTGRES" | sed -E 's#.*:([0-9]+)/.*#\\1#')
            psql -X -A -t -h "$RIGHTSBRIEF_TEST_POSTGRES_DIR" -p "$port" -U postgres -d rightsbrief_test -c 'SELECT 40 + 2'
            exit 7
            """
        // When it runs under the script
        let result = try runProcess(Self.script, ["run", "sh", "-c", command])
        // Then the command reached the server, its status is the script's, and the folder is gone
        #expect(result.stdout.contains("42"), "\(result.stdout) \(result.stderr)")
        #expect(result.status == 7)
        let folder = try #require(clusterFolder(in: result.stderr))
        #expect(result.stderr.contains("postgres://postgres@localhost:"))
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test("a TERM while the command runs stops the cluster and deletes its folder")
    func terminated() throws {
        // Given the script running a long command
        let process = Process()
        // The test runner may start children with SIGTERM ignored, and a shell cannot trap a
        // signal ignored on entry: env restores the default first, as a CI job's shell has it.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--default-signal=TERM", Self.script, "run", "sleep", "120"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // When the server is up and the script gets SIGTERM
        var text = ""
        let handle = err.fileHandleForReading
        while !text.contains("PostgreSQL test server at") {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let folder = try #require(clusterFolder(in: text), "\(text)")
        #expect(FileManager.default.fileExists(atPath: folder))
        process.terminate()
        process.waitUntilExit()
        // Then it exits 143 and nothing is left
        #expect(process.terminationStatus == 143)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
