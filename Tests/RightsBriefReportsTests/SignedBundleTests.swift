import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// Signed bundles in process: sign → verify, every kind of tampering named, the wrong key,
/// key files, and OpenSSL as an independent verifier.
@Suite("Signed bundles")
struct SignedBundleTests {
    /// A key pair in a fresh folder.
    private func makeKeys() throws -> (folder: URL, key: SigningKey, publicKey: VerifyingKey) {
        let folder = try makeTemporaryFolder("rightsbrief-keys")
        let generated = try KeyFiles.generate(in: folder.appendingPathComponent("keys"))
        return (
            generated.privateKey.deletingLastPathComponent(), try KeyFiles.loadPrivate(generated.privateKey),
            try KeyFiles.loadPublic(generated.publicKey)
        )
    }

    /// A signed bundle of the sample's public briefing and CSV tables in a fresh folder.
    private func makeBundle(key: SigningKey) throws -> URL {
        let store = try makeTestStore()
        try Samples.load(into: store)
        _ = try store.addFact(
            Fact(
                facilityId: "cecot", attribute: .designCapacity, value: .number(40_000), asOf: day("2025-02-10"),
                sourceIds: ["pbs"]))
        let request = ReportRequest(selection: Selection(facilityIds: ["cecot"]), audience: .public, asOf: day("2025-03-01"))
        let job = try ReportJob(store: store, request: request, locator: ResourceLocator(root: repositoryRoot))
        let bundle = try makeTemporaryFolder("rightsbrief-bundle").appendingPathComponent("cecot")
        let made = BundleOrigin(command: "brief", facilities: ["cecot"])
        try SignedBundle.write(to: bundle, key: key, description: try job.bundleDescription(made: made)) { folder in
            let markdown = try job.markdown(try job.model(), templates: try job.templates())
            try AtomicFile.write(Data(markdown.utf8), to: folder.appendingPathComponent("briefing.md"))
            let csv = folder.appendingPathComponent("csv")
            try FileManager.default.createDirectory(at: csv, withIntermediateDirectories: false)
            try CSVReportBuilder().writeTables(try job.tables(), into: csv)
        }
        return bundle
    }

    /// Flips the low bit of the byte in the middle of the file.
    private func flipOneByte(_ url: URL) throws {
        var data = try Data(contentsOf: url)
        data[data.count / 2] ^= 0x01
        try data.write(to: url)
    }

    @Test("a bundle verifies with its public key, and its manifest lists every output")
    func signThenVerify() throws {
        // Given a signed bundle
        let keys = try makeKeys()
        let bundle = try makeBundle(key: keys.key)

        // When it is verified with the matching public key
        let result = try BundleVerifier.verify(bundle, key: keys.publicKey)

        // Then it verifies, and the manifest lists the briefing and each CSV table
        #expect(result.isVerified, "\(result.problems)")
        let files = try #require(result.manifest?.files.keys.sorted())
        #expect(files.contains("briefing.md"))
        #expect(files.contains("csv/facts.csv"))
        #expect(!files.contains(where: { $0.hasSuffix(OutputManifest.fileName) }))
        #expect(result.manifest?.publicKey.fingerprint == keys.publicKey.fingerprint)
        #expect(result.manifest?.evidence.facts == 1)
    }

    @Test(
        "changing one byte of any file fails and names it",
        arguments: ["briefing.md", "csv/facts.csv", "csv/sources.csv", "MANIFEST.json", "MANIFEST.json.sig"])
    func oneByteChanged(path: String) throws {
        // Given a signed bundle
        let keys = try makeKeys()
        let bundle = try makeBundle(key: keys.key)

        // When one byte of one file is changed
        try flipOneByte(bundle.appendingPathComponent(path))

        // Then verification fails and a problem line names the file
        let result = try BundleVerifier.verify(bundle, key: keys.publicKey)
        #expect(!result.isVerified)
        #expect(result.problems.contains { $0.description.contains(path) }, "\(result.problems)")
        if !path.hasPrefix("MANIFEST") {
            #expect(result.signatureValid)
            #expect(result.problems == [.changed(path: path)])
        } else {
            #expect(!result.signatureValid)
        }
    }

    @Test("a removed file is missing and an extra file is added")
    func missingAndAdded() throws {
        // Given a signed bundle
        let keys = try makeKeys()
        let bundle = try makeBundle(key: keys.key)

        // When a table is removed and a note is put in
        try FileManager.default.removeItem(at: bundle.appendingPathComponent("csv/events.csv"))
        try Data("note".utf8).write(to: bundle.appendingPathComponent("csv/note.txt"))

        // Then both are named, and the summary counts them
        let result = try BundleVerifier.verify(bundle, key: keys.publicKey)
        #expect(result.problems == [.missing(path: "csv/events.csv"), .added(path: "csv/note.txt")])
        #expect(
            result.failure(folder: bundle)
                == .verificationFailed(path: bundle.path, changed: 0, missing: 1, added: 1, signatureValid: true))
    }

    @Test("another public key does not verify the bundle, and the message names the signer's key")
    func wrongKey() throws {
        // Given a bundle signed with one key and another key pair
        let keys = try makeKeys()
        let other = try makeKeys()
        let bundle = try makeBundle(key: keys.key)

        // When it is verified with the other public key
        let result = try BundleVerifier.verify(bundle, key: other.publicKey)

        // Then the signature fails, naming both fingerprints
        #expect(!result.signatureValid)
        #expect(
            result.problems == [
                .badSignature(signedBy: keys.publicKey.fingerprint, given: other.publicKey.fingerprint)
            ])
    }

    @Test("a manifest listing a path outside the bundle is refused without reading it")
    func unsafePathInManifest() throws {
        // Given a bundle whose manifest was rewritten (and re-signed by an attacker's key) to
        // list '../secret'
        let keys = try makeKeys()
        let bundle = try makeBundle(key: keys.key)
        let manifestURL = bundle.appendingPathComponent(BundleManifest.fileName)
        var manifest = try #require(BundleManifest.decode(try Data(contentsOf: manifestURL)))
        manifest.files["../secret"] = .init(bytes: 1, sha256: String(repeating: "0", count: 64))
        let bytes = try manifest.encoded()
        try bytes.write(to: manifestURL)
        try keys.key.signature(for: bytes).write(to: bundle.appendingPathComponent(BundleManifest.signatureName))

        // When it is verified
        let result = try BundleVerifier.verify(bundle, key: keys.publicKey)

        // Then the manifest is reported as unusable
        #expect(result.problems == [.manifestUnreadable(reason: "it lists a path outside the bundle, '../secret'")])
    }

    @Test("the same report and key give the same manifest and signature, without the private key")
    func deterministicAndKeyFree() throws {
        // Given two bundles of the same report signed with the same key
        let keys = try makeKeys()
        let first = try makeBundle(key: keys.key)
        let second = try makeBundle(key: keys.key)

        // Then the manifests and signatures are byte for byte the same
        for name in [BundleManifest.fileName, BundleManifest.signatureName] {
            #expect(fileBytes(first.appendingPathComponent(name)) == fileBytes(second.appendingPathComponent(name)))
        }
        // And neither the private key's text nor its folder appears in the manifest
        let manifest = String(decoding: fileBytes(first.appendingPathComponent(BundleManifest.fileName)), as: UTF8.self)
        let privateText = try String(contentsOf: keys.folder.appendingPathComponent(KeyFiles.privateName), encoding: .utf8)
        let privateBody = privateText.split(separator: "\n")[1]
        #expect(!manifest.contains(privateBody))
        #expect(!manifest.contains(keys.folder.path))
    }

    @Test("OpenSSL verifies the signature with rightsbrief.pub, and rejects a changed manifest")
    func openSSLVerifies() throws {
        // Given a signed bundle and the public key file
        let keys = try makeKeys()
        let bundle = try makeBundle(key: keys.key)
        let publicFile = keys.folder.appendingPathComponent(KeyFiles.publicName).path
        let arguments = [
            "pkeyutl", "-verify", "-pubin", "-inkey", publicFile, "-rawin",
            "-in", bundle.appendingPathComponent(BundleManifest.fileName).path,
            "-sigfile", bundle.appendingPathComponent(BundleManifest.signatureName).path,
        ]

        // When OpenSSL checks it
        let good = try runProcess("/usr/bin/openssl", arguments)
        // and checks it again after one byte of the manifest changed
        try flipOneByte(bundle.appendingPathComponent(BundleManifest.fileName))
        let bad = try runProcess("/usr/bin/openssl", arguments)

        // Then the first succeeds and the second fails
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("Signature Verified Successfully"))
        #expect(bad.status != 0)
    }

    @Test("the fingerprint is the SHA-256 of the public key's DER, as OpenSSL computes it")
    func fingerprintMatchesOpenSSL() throws {
        // Given a key pair
        let keys = try makeKeys()
        let der = keys.folder.appendingPathComponent("pub.der").path

        // When OpenSSL converts the public key to DER
        let result = try runProcess(
            "/usr/bin/openssl",
            ["pkey", "-pubin", "-in", keys.folder.appendingPathComponent(KeyFiles.publicName).path, "-outform", "DER", "-out", der])
        let digest = try runProcess("/usr/bin/sha256sum", [der])

        // Then its SHA-256 is the fingerprint
        #expect(result.status == 0, "\(result.stderr)")
        #expect("SHA256:" + (digest.stdout.split(separator: " ").first.map(String.init) ?? "") == keys.publicKey.fingerprint)
    }

    @Test("a private key made by OpenSSL signs, and its public half reads as rightsbrief.pub")
    func openSSLKeysRead() throws {
        // Given a key pair written by OpenSSL
        let folder = try makeTemporaryFolder("rightsbrief-openssl-key")
        let privatePath = folder.appendingPathComponent("ossl.key").path
        let publicPath = folder.appendingPathComponent("ossl.pub").path
        #expect(try runProcess("/usr/bin/openssl", ["genpkey", "-algorithm", "ed25519", "-out", privatePath]).status == 0)
        #expect(try runProcess("/usr/bin/openssl", ["pkey", "-in", privatePath, "-pubout", "-out", publicPath]).status == 0)
        chmod(privatePath, 0o600)

        // When rightsbrief reads them
        let key = try KeyFiles.loadPrivate(URL(fileURLWithPath: privatePath))
        let publicKey = try KeyFiles.loadPublic(URL(fileURLWithPath: publicPath))

        // Then they are the two halves of one key
        #expect(key.publicKey == publicKey)
        let signature = try key.signature(for: Data("x".utf8))
        #expect(publicKey.isValidSignature(signature, for: Data("x".utf8)))
    }
}
