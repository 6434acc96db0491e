import ArgumentParser
import Foundation
import RightsBriefReports

extension RightsBrief {
    struct BundleCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle",
            abstract: "Check signed report bundles (no database needed).",
            subcommands: [Verify.self])
    }
}

extension RightsBrief.BundleCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a bundle's signature and every file's SHA-256 against its manifest.",
            discussion: """
                Prints 'Verified: …' and exits 0 when MANIFEST.json.sig is the key's
                signature of MANIFEST.json and every file matches it. Otherwise prints one
                line per file that changed, is missing or was added, then a summary, and
                exits 65. A folder without MANIFEST.json or MANIFEST.json.sig, or a missing
                key file, exits 66.

                Without rightsbrief, OpenSSL 3 checks the signature:
                  openssl pkeyutl -verify -pubin -inkey rightsbrief.pub -rawin \\
                    -in DIR/MANIFEST.json -sigfile DIR/MANIFEST.json.sig

                Example:
                  rightsbrief bundle verify cecot-bundle --key rightsbrief.pub
                """)

        @Argument(help: ArgumentHelp("The bundle folder (it holds MANIFEST.json).", valueName: "dir"))
        var folder: String

        @Option(help: ArgumentHelp("The signer's public key (rightsbrief.pub).", valueName: "pubkey"))
        var key: String

        func run() throws {
            try exitingOnFailure {
                let url = URL(fileURLWithPath: folder, isDirectory: true)
                let publicKey = try KeyFiles.loadPublic(URL(fileURLWithPath: key))
                let result = try BundleVerifier.verify(url, key: publicKey)
                guard result.isVerified, let manifest = result.manifest else {
                    for problem in result.problems { Console.note(problem.description) }
                    throw result.failure(folder: url)
                }
                Console.out(
                    "Verified: \(manifest.files.count) file\(manifest.files.count == 1 ? "" : "s") in '\(folder)' "
                        + "match\(manifest.files.count == 1 ? "es" : "") MANIFEST.json, signed by \(publicKey.fingerprint) "
                        + "(\(manifest.made.command), \(manifest.audience) audience, as of \(manifest.asOf)).")
            }
        }
    }
}
