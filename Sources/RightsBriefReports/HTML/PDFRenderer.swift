import Foundation

/// Turns an HTML briefing into PDF with WeasyPrint, an existing engine installed from Debian.
///
/// WeasyPrint was chosen over headless Chromium's print-to-PDF after measuring both on
/// multi-facility briefings (README, "HTML and PDF"): the same fidelity to the print CSS (page
/// size, breaks, "Page N of M"), 3–6 times less memory, one ordinary process that needs no
/// `--no-sandbox` when run as root, and a small package; Chromium was 3–4 times faster.
///
/// The HTML is written to a private temporary folder, WeasyPrint writes the PDF there, and the
/// bytes are returned; nothing is left behind. The paper size is in the HTML's `@page` rule
/// (``HTMLReportBuilder/paper``).
///
/// ```swift
/// let pdf = try PDFRenderer().render(html: html)
/// try AtomicFile.write(pdf, to: URL(fileURLWithPath: "briefing.pdf"))
/// ```
public struct PDFRenderer: Sendable {
    /// The program run, looked up on `PATH`.
    public static let program = "weasyprint"
    /// The Debian package that installs ``program``.
    public static let package = "weasyprint"

    /// The directories searched for ``program``: `PATH` of this process by default.
    public var searchPath: [String]
    /// How long the engine may run before it is stopped and the PDF reported as failed, so a
    /// stuck engine cannot hold a scheduled run (and its lock) for ever.
    public var timeout: TimeInterval

    public init(searchPath: [String]? = nil, timeout: TimeInterval = 900) {
        self.timeout = timeout
        self.searchPath =
            searchPath
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":").map(String.init)
    }

    /// The engine's executable, or `nil` when it is not installed.
    public func executable() -> URL? {
        for directory in searchPath where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(Self.program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Checks that the engine is installed, before any work is done.
    ///
    /// - Throws: ``ReportError/pdfEngineMissing(program:package:)``.
    public func check() throws(ReportError) {
        guard executable() != nil else {
            throw .pdfEngineMissing(program: Self.program, package: Self.package)
        }
    }

    /// Renders `html` as PDF.
    ///
    /// - Returns: the PDF's bytes.
    /// - Throws: ``ReportError/pdfEngineMissing(program:package:)`` when WeasyPrint is not
    ///   installed; ``ReportError/pdfEngineFailed(program:reason:)`` when it exits with an error,
    ///   writes no PDF or runs longer than ``timeout``.
    public func render(html: String) throws -> Data {
        guard let engine = executable() else {
            throw ReportError.pdfEngineMissing(program: Self.program, package: Self.package)
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("rightsbrief-pdf-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        } catch {
            throw ReportError.pdfEngineFailed(
                program: Self.program, reason: "cannot create a temporary folder: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("briefing.html")
        let output = folder.appendingPathComponent("briefing.pdf")
        let log = folder.appendingPathComponent("stderr.txt")
        do {
            try Data(html.utf8).write(to: input)
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        } catch {
            throw ReportError.pdfEngineFailed(
                program: Self.program, reason: "cannot write its input: \(error.localizedDescription)")
        }

        let process = Process()
        process.executableURL = engine
        process.arguments = ["--quiet", "--encoding", "utf-8", input.path, output.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = try? FileHandle(forWritingTo: log)
        process.standardError = errors ?? FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw ReportError.pdfEngineFailed(program: Self.program, reason: error.localizedDescription)
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = finished.wait(timeout: .now() + 5)
            }
            try? errors?.close()
            throw ReportError.pdfEngineFailed(
                program: Self.program, reason: "it was still running after \(Int(timeout)) seconds and was stopped")
        }
        process.waitUntilExit()
        try? errors?.close()
        let message = (try? String(contentsOf: log, encoding: .utf8))?
            .split(whereSeparator: \.isNewline).last.map(String.init)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw ReportError.pdfEngineFailed(
                program: Self.program, reason: message ?? "exit status \(process.terminationStatus)")
        }
        guard let pdf = FileManager.default.contents(atPath: output.path), pdf.starts(with: Data("%PDF".utf8)) else {
            throw ReportError.pdfEngineFailed(program: Self.program, reason: message ?? "it wrote no PDF")
        }
        return pdf
    }
}
