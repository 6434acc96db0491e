import Foundation
import TestSupport
import Testing

/// `bench/run` on the tiny dataset, so the benchmark harness cannot rot. It asserts that the
/// harness runs end to end and reports every pair, never a time.
@Suite("Benchmark harness smoke test")
struct BenchSmokeTests {
    @Test("bench/run tiny measures every pair and writes a results table")
    func tinyRun() throws {
        // Given the debug binary and a results file outside the repository
        let folder = try makeTemporaryFolder("bench-smoke")
        let results = folder.appendingPathComponent("RESULTS.md")

        // When the harness runs once on the tiny dataset
        let run = try runProcess(
            repositoryRoot.appendingPathComponent("bench/run").path,
            ["tiny", "--binary", rightsbriefBinary().path, "--reps", "1", "--out", results.path],
            in: repositoryRoot)

        // Then it succeeds and names every comparison
        #expect(run.status == 0, "bench/run failed (scripts/install-deps installs what it needs): \(run.stderr)")
        for line in ["CSV export of facts", "XLSX export of facts", "XLSX peak memory", "import of the facts CSV",
                     "briefing for one facility", "country briefing, --detail full",
                     "country briefing, --detail overview"] {
            #expect(run.stdout.contains(line), "missing \(line) in \(run.stdout)")
        }
        #expect(FileManager.default.fileExists(atPath: results.path))
    }
}
