import TestSupport
import Testing

@Suite("The PostgreSQL test server")
struct PostgresTestServerTests {
    @Test(
        "under CI, RIGHTSBRIEF_TEST_POSTGRES is set, so the PostgreSQL tests cannot be skipped silently",
        .enabled(if: PostgresTestServer.isCI))
    func setUnderCI() {
        #expect(
            PostgresTestServer.isAvailable,
            "CI is set but RIGHTSBRIEF_TEST_POSTGRES is not: run the tests as 'scripts/pg-test-cluster run swift test'.")
    }
}
