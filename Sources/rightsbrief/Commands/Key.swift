import ArgumentParser
import Foundation
import RightsBriefReports

extension RightsBrief {
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the Ed25519 key pair that signs report bundles.",
            subcommands: [Generate.self])
    }
}

extension RightsBrief.Key {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new key pair: rightsbrief.key (private, mode 0600) and rightsbrief.pub (public).",
            discussion: """
                Both files are PEM (PKCS #8 private key, X.509 SubjectPublicKeyInfo public
                key), which OpenSSL reads too. Keep rightsbrief.key to yourself and send
                rightsbrief.pub to the people who verify your bundles. An existing key is
                never replaced. The folder is created (mode 0700) when missing.

                Example:
                  rightsbrief key generate --output ~/.config/rightsbrief
                """)

        @Option(name: [.short, .long], help: ArgumentHelp("The folder to write the two key files into.", valueName: "dir"))
        var output: String

        func run() throws {
            try exitingOnFailure {
                let generated = try KeyFiles.generate(in: URL(fileURLWithPath: output, isDirectory: true))
                Console.out("Wrote \(generated.privateKey.path) (private: keep it, never send it) and \(generated.publicKey.path) (public: send it to recipients).")
                Console.out("Key fingerprint: \(generated.fingerprint)")
            }
        }
    }
}
