import Foundation
import TestSupport
import Testing

/// `key generate`, `--sign` and `bundle verify` with the built binary, as a new user and a
/// recipient would use them.
@Suite("Bundle commands")
struct BundleCommandTests {
    /// A sample database, a key pair in keys/, and a signed briefing in cecot-bundle/.
    private func makeSignedBriefing() throws -> URL {
        let folder = try makeSampleFolder("rightsbrief-bundle-cli")
        let generate = try runRightsbrief(["key", "generate", "--output", "keys"], in: folder)
        #expect(generate.status == 0, "\(generate.stderr)")
        let brief = try runRightsbrief(
            [
                "brief", "--facility", "cecot", "--as-of", "2025-03-01", "--sign", "keys/rightsbrief.key",
                "--output", "cecot-bundle/briefing.md",
            ], in: folder)
        #expect(brief.status == 0, "\(brief.stderr)")
        return folder
    }

    @Test("a recipient with the folder and the public key verifies it; a changed byte exits 65 naming the file")
    func recipientVerifies() throws {
        // Given a signed briefing copied with the public key to a recipient's folder
        let sender = try makeSignedBriefing()
        let recipient = try makeTemporaryFolder("rightsbrief-recipient")
        try FileManager.default.copyItem(
            at: sender.appendingPathComponent("cecot-bundle"), to: recipient.appendingPathComponent("cecot-bundle"))
        try FileManager.default.copyItem(
            at: sender.appendingPathComponent("keys/rightsbrief.pub"), to: recipient.appendingPathComponent("rightsbrief.pub"))

        // When the recipient verifies it (no database there)
        let good = try runRightsbrief(["bundle", "verify", "cecot-bundle", "--key", "rightsbrief.pub"], in: recipient)
        // and again after one byte of the briefing changed
        let briefing = recipient.appendingPathComponent("cecot-bundle/briefing.md")
        var bytes = try Data(contentsOf: briefing)
        bytes[10] ^= 0x20
        try bytes.write(to: briefing)
        let bad = try runRightsbrief(["bundle", "verify", "cecot-bundle", "--key", "rightsbrief.pub"], in: recipient)

        // Then the first prints Verified and exits 0; the second names the file, sums up, exits 65
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.hasPrefix("Verified: 1 file in 'cecot-bundle' matches MANIFEST.json, signed by SHA256:"))
        #expect(bad.status == 65)
        #expect(lines(bad.stderr).first == "changed: briefing.md")
        #expect(
            lines(bad.stderr).last
                == "Error: The bundle '\(recipient.path)/cecot-bundle' does not verify (signature good, 1 changed, 0 missing, 0 added); do not rely on it and ask the sender for a fresh copy."
        )
        #expect(!FileManager.default.fileExists(atPath: recipient.appendingPathComponent("rightsbrief.sqlite").path))
    }

    @Test("a signed CSV export verifies; another key exits 65; no manifest exits 66")
    func exportAndWrongKey() throws {
        // Given a signed CSV export and a second key pair
        let folder = try makeSignedBriefing()
        let export = try runRightsbrief(
            ["export", "csv", "--facility", "cecot", "--sign", "keys/rightsbrief.key", "--output", "cecot-csv"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try runRightsbrief(["key", "generate", "--output", "other"], in: folder).status == 0)

        // When it is verified with the right key, the other key, and a folder without manifest
        let right = try runRightsbrief(["bundle", "verify", "cecot-csv", "--key", "keys/rightsbrief.pub"], in: folder)
        let wrong = try runRightsbrief(["bundle", "verify", "cecot-csv", "--key", "other/rightsbrief.pub"], in: folder)
        let none = try runRightsbrief(["bundle", "verify", "keys", "--key", "keys/rightsbrief.pub"], in: folder)

        // Then 0, 65 with the bad signature named, 66
        #expect(right.status == 0, "\(right.stderr)")
        #expect(right.stdout.contains("6 files"))  // overview, summary, facilities, facts, sources, events
        #expect(wrong.status == 65)
        #expect(lines(wrong.stderr).first?.hasPrefix("bad signature: MANIFEST.json.sig does not match MANIFEST.json") == true)
        #expect(none.status == 66)
    }

    @Test("refusals: a key others can read, --sign to stdout, a second key generate, a private key to verify")
    func refusals() throws {
        // Given a sample database and a key pair
        let folder = try makeSignedBriefing()
        let keyPath = folder.appendingPathComponent("keys/rightsbrief.key").path

        // When the key is made readable by others and used
        chmod(keyPath, 0o644)
        let exposed = try runRightsbrief(
            ["brief", "--facility", "cecot", "--sign", "keys/rightsbrief.key", "-o", "b2/briefing.md"], in: folder)
        chmod(keyPath, 0o600)
        let toStdout = try runRightsbrief(["brief", "--facility", "cecot", "--sign", "keys/rightsbrief.key"], in: folder)
        let inWorkingFolder = try runRightsbrief(
            ["brief", "--facility", "cecot", "--sign", "keys/rightsbrief.key", "-o", "cecot.md"], in: folder)
        let again = try runRightsbrief(["key", "generate", "--output", "keys"], in: folder)
        let privateToVerify = try runRightsbrief(["bundle", "verify", "cecot-bundle", "--key", "keys/rightsbrief.key"], in: folder)
        let missingKey = try runRightsbrief(
            ["brief", "--facility", "cecot", "--sign", "nokey/rightsbrief.key", "-o", "b3/briefing.md"], in: folder)

        // Then each exits with its code and one line; nothing was written
        #expect(exposed.status == 65)
        #expect(exposed.stderr.contains("chmod 600"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("b2").path))
        #expect(toStdout.status == 64)
        #expect(inWorkingFolder.status == 64)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("cecot.md").path))
        #expect(again.status == 73)
        #expect(privateToVerify.status == 65)
        #expect(privateToVerify.stderr.contains("is a private key"))
        #expect(missingKey.status == 66)
    }

    @Test("a second signed report into another report's bundle folder is refused (exit 73)")
    func sharedFolderRefused() throws {
        // Given a signed briefing in cecot-bundle/
        let folder = try makeSignedBriefing()
        let before = fileBytes(folder.appendingPathComponent("cecot-bundle/MANIFEST.json"))

        // When another signed report is written into the same folder under another name
        let other = try runRightsbrief(
            ["brief", "--facility", "cecot", "--sign", "keys/rightsbrief.key", "-o", "cecot-bundle/other.md"], in: folder)

        // Then it is refused and the bundle is untouched
        #expect(other.status == 73)
        #expect(other.stderr.contains("already holds another signed report ('briefing.md')"))
        #expect(fileBytes(folder.appendingPathComponent("cecot-bundle/MANIFEST.json")) == before)
    }
}
