import Foundation
import RightsBriefReports
import TestSupport
import Testing

/// Key files: the private key's mode, no replacing, refusing keys others can read, and keys
/// given in the wrong place.
@Suite("Key files")
struct KeyFilesTests {
    private func mode(_ url: URL) -> mode_t {
        var info = stat()
        _ = stat(url.path, &info)
        return info.st_mode & 0o777
    }

    @Test("generate writes a 0600 private key and a PEM public key")
    func generate() throws {
        // Given an empty folder
        let folder = try makeTemporaryFolder("rightsbrief-keygen").appendingPathComponent("keys")

        // When a key pair is generated
        let generated = try KeyFiles.generate(in: folder)

        // Then the private key is readable by its owner only and both files are PEM
        #expect(mode(generated.privateKey) == 0o600)
        #expect(mode(folder) == 0o700)
        let publicText = try String(contentsOf: generated.publicKey, encoding: .utf8)
        #expect(publicText.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(try String(contentsOf: generated.privateKey, encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(try KeyFiles.loadPublic(generated.publicKey).fingerprint == generated.fingerprint)
    }

    @Test("generate never replaces a key, and leaves no temporary file")
    func refusesToReplace() throws {
        // Given a folder that holds a key pair
        let folder = try makeTemporaryFolder("rightsbrief-keygen")
        let first = try KeyFiles.generate(in: folder)
        let before = fileBytes(first.privateKey)

        // When another key pair is generated there
        // Then it is refused and the key is unchanged
        #expect(throws: BundleError.keyExists(path: first.privateKey.path)) { try KeyFiles.generate(in: folder) }
        #expect(fileBytes(first.privateKey) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["rightsbrief.key", "rightsbrief.pub"])
    }

    @Test("a private key readable by group or others is refused", arguments: [0o640, 0o604, 0o660] as [mode_t])
    func exposedKeyRefused(permissions: mode_t) throws {
        // Given a key whose mode lets others read it
        let generated = try KeyFiles.generate(in: try makeTemporaryFolder("rightsbrief-keygen"))
        chmod(generated.privateKey.path, permissions)

        // When it is loaded for signing
        // Then it is refused with the chmod hint
        let error = #expect(throws: BundleError.keyExposed(path: generated.privateKey.path)) {
            try KeyFiles.loadPrivate(generated.privateKey)
        }
        #expect(error?.errorDescription?.contains("chmod 600") == true)
    }

    @Test("a public key given for signing and a private key given for verifying are named as such")
    func wrongHalf() throws {
        // Given a key pair
        let generated = try KeyFiles.generate(in: try makeTemporaryFolder("rightsbrief-keygen"))

        // Then each half is refused in the other's place
        #expect(throws: BundleError.keyIsPublic(path: generated.publicKey.path)) {
            try KeyFiles.loadPrivate(generated.publicKey)
        }
        #expect(throws: BundleError.keyIsPrivate(path: generated.privateKey.path)) {
            try KeyFiles.loadPublic(generated.privateKey)
        }
    }

    @Test("a missing or malformed key file is reported")
    func missingAndMalformed() throws {
        // Given a folder with a file that is not a key
        let folder = try makeTemporaryFolder("rightsbrief-keygen")
        let junk = folder.appendingPathComponent("junk.pub")
        try Data("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".utf8).write(to: junk)

        // Then each is refused with its own error
        let missing = folder.appendingPathComponent("none.pub")
        #expect(throws: BundleError.keyMissing(path: missing.path)) { try KeyFiles.loadPublic(missing) }
        #expect(throws: BundleError.keyMalformed(path: junk.path, expected: "public")) { try KeyFiles.loadPublic(junk) }
    }
}
