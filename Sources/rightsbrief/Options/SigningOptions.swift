import ArgumentParser
import Foundation
import RightsBriefReports

/// `--sign KEYFILE`, shared by `brief` and `export`.
struct SigningOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Sign the output with this private key: MANIFEST.json and MANIFEST.json.sig are written beside it.",
            valueName: "keyfile"))
    var sign: String?

    /// The signing key, read (and its permissions checked) before any work; `nil` without `--sign`.
    func key() throws -> SigningKey? {
        try sign.map { try KeyFiles.loadPrivate(URL(fileURLWithPath: $0)) }
    }

    /// Refuses a signed file output whose folder is the working folder (the folder becomes the
    /// bundle, so it must be a folder of its own).
    func checkFileOutput(_ output: String?, example: String) throws {
        guard sign != nil else { return }
        guard let output, output != "-" else {
            throw CommandError.message(
                "'--sign' needs '--output' naming a file inside a folder of its own (for example --output \(example)).",
                Exit.usage)
        }
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent().standardizedFileURL.path
        if folder == URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path {
            throw CommandError.message(
                "With '--sign', the file's folder becomes the signed bundle; give a file inside a folder of its own (for example --output \(example)).",
                Exit.usage)
        }
    }
}
