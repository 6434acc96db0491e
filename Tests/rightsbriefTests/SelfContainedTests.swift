import Foundation
import TestSupport
import Testing

/// A clone of the repository alone must build and pass its tests: nothing tracked may refer to
/// the workspace's shared folder beside it. `scripts/check-self-contained` (run first by
/// `.ci/run`) is the one home of that check; these tests run it.
@Suite("Self-contained repository")
struct SelfContainedTests {
    /// The folder name the check looks for, built so that this file does not mention it.
    private static let sharedFolder = "../" + "shared"

    @Test("no tracked file refers to a folder beside the repository")
    func repositoryPasses() throws {
        // Given this checkout
        // When the check runs on it
        let result = try runProcess(
            repositoryRoot.appendingPathComponent("scripts/check-self-contained").path, [],
            in: repositoryRoot)

        // Then it finds nothing
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
    }

    @Test("the check fails, naming file and line, when a tracked file mentions the shared folder")
    func checkCatchesAMention() throws {
        // Given a git repository holding the check and a README that points beside itself
        let folder = try makeTemporaryFolder("self-contained")
        let scripts = folder.appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("scripts/check-self-contained"),
            to: scripts.appendingPathComponent("check-self-contained"))
        try "# Example\n\nrightsbrief import \(Self.sharedFolder)/testdata/x.csv\n"
            .write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        for arguments in [["init", "-q"], ["add", "."]] {
            let git = try runProcess("/usr/bin/env", ["git"] + arguments, in: folder)
            #expect(git.status == 0, "git \(arguments): \(git.stderr)")
        }

        // When the check runs there
        let result = try runProcess(scripts.appendingPathComponent("check-self-contained").path, [], in: folder)

        // Then it fails and names the line, and the check script itself does not match
        #expect(result.status == 1)
        #expect(result.stderr.contains("README.md:3:rightsbrief import \(Self.sharedFolder)/testdata/x.csv"))
        #expect(!result.stderr.contains("scripts/check-self-contained:"))
        #expect(result.stderr.contains("a clone does not have"))
    }
}
