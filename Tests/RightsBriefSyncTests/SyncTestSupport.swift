import Foundation
import PostgresNIO
import RightsBriefCore
import RightsBriefImport
import RightsBriefPostgres
import RightsBriefReports
import RightsBriefStore
@testable import RightsBriefSync
import TestSupport
import Testing

/// A local store holding the bundled CECOT sample, as `rightsbrief init --sample` makes it.
func sampleStore() throws -> FactStore {
    let store = try makeTestStore()
    try importDocument(try sampleDocument(), into: store, named: "cecot.json")
    return store
}

/// A store with every kind of evidence: identifiers, citations, corrections, a retraction, a
/// disputed fact, events, and all three sensitivities; plus, for readers' pulls, a public
/// fact whose only source is confidential, a public correction of a confidential fact and a
/// public event whose only source is restricted.
func richStore() throws -> FactStore {
    let store = try makeTestStore()
    try store.addFacility(
        Facility(
            id: "cecot", name: "=CECOT \"Tecoluca\"", country: "SV", region: "San Vicente", kind: .prison,
            authority: "-Ministerio", openedOn: day("2023-01-31"), latitude: 13.5, longitude: -88.91,
            identifiers: [FacilityIdentifier(scheme: "registry", value: "SV-001"), FacilityIdentifier(scheme: "hifld", value: "1")]))
    try store.addFacility(Facility(id: "izalco", name: "Izalco\nFase 3", country: "SV", authority: "@dgcp"))
    try store.addSource(
        Source(
            id: "pbs", url: "https://www.pbs.org/a?b=1&c=2", title: "+Inside CECOT", publisher: "PBS", author: "=cmd",
            publishedOn: day("2025-02-10"), retrievedAt: "2025-02-11T08:00:00Z", language: "en", text: "line one\nline two"))
    try store.addSource(Source(id: "cnn", url: "https://cnn.com/x", title: "CNN", publisher: "CNN"))
    try store.addSource(
        Source(id: "partner", url: nil, title: "Partner notes", publisher: "Partner NGO", kind: .testimony,
               sensitivity: .restricted, cites: ["pbs"]))
    try store.addSource(
        Source(id: "witness", url: nil, title: "Witness 7", publisher: "Us", kind: .testimony, sensitivity: .confidential,
               text: "Name withheld."))
    try store.addSource(Source(id: "bnd", url: nil, title: "Offer", publisher: "BND", cites: ["pbs", "witness"]))
    try store.addFact(
        Fact(facilityId: "cecot", attribute: .population, value: .number(12_000), asOf: day("2025-01-01"),
             quote: "=1+2", sourceIds: ["pbs", "cnn"]))
    try store.addFact(
        Fact(facilityId: "cecot", attribute: .population, value: .number(14_000), asOf: day("2025-01-01"),
             status: .disputed, sourceIds: ["cnn"]))
    let first = try store.addFact(
        Fact(facilityId: "izalco", attribute: .designCapacity, value: .number(1_100), asOf: day("2025-01-01"), sourceIds: ["bnd"]))
    try store.addFact(
        Fact(facilityId: "izalco", attribute: .designCapacity, value: .number(1_200), asOf: day("2025-01-01"),
             status: .verified, supersedes: first, sourceIds: ["partner", "bnd"]))
    let wrong = try store.addFact(
        Fact(facilityId: "izalco", attribute: .floorAreaM2, value: .number(1_234.5), asOf: day("2025-01-02"), sourceIds: ["bnd"]))
    try store.retractFact(id: wrong, reason: "=wrong figure")
    try store.addFact(
        Fact(facilityId: "izalco", attribute: .sanitation, value: .level(.inadequate), asOf: day("2025-01-03"),
             sensitivity: .restricted, sourceIds: ["witness", "partner"]))
    try store.addFact(
        Fact(facilityId: "cecot", attribute: .toilets, value: .number(3), asOf: day("2025-01-04"),
             sensitivity: .confidential, sourceIds: ["pbs"]))
    // Public, but its only source is confidential: a public reader cannot see a source for it.
    try store.addFact(
        Fact(facilityId: "cecot", attribute: .ventilation, value: .level(.absent), asOf: day("2025-01-04"), sourceIds: ["witness"]))
    // A confidential fact corrected by a public one: a public reader must not get the correction alone.
    let secret = try store.addFact(
        Fact(facilityId: "cecot", attribute: .deathsInCustody, value: .number(2), asOf: day("2025-01-05"),
             sensitivity: .confidential, sourceIds: ["witness"]))
    try store.addFact(
        Fact(facilityId: "cecot", attribute: .deathsInCustody, value: .number(3), asOf: day("2025-01-05"),
             supersedes: secret, sourceIds: ["pbs"]))
    try store.addEvent(
        Event(id: "deal", date: day("2025-02-03"), title: "-Agreement", description: "=2+2\nsecond line",
              facilityIds: ["cecot", "izalco"], sourceIds: ["bnd", "witness"]))
    try store.addEvent(
        Event(id: "visit", date: day("2025-02-04"), title: "Visit refused", sensitivity: .restricted, facilityIds: ["izalco"],
              sourceIds: ["partner"]))
    // Public, but its only source is restricted.
    try store.addEvent(
        Event(id: "transfer", date: day("2025-02-05"), title: "Transfer", facilityIds: ["cecot"], sourceIds: ["partner"]))
    try store.addEvent(
        Event(id: "secret", date: day("2025-02-06"), title: "Secret", sensitivity: .confidential, facilityIds: ["cecot"],
              sourceIds: ["witness"]))
    return store
}

/// The tables `export csv` writes for `audience` (all six, with the real standards), as text by name.
func exportedTables(_ store: FactStore, audience: Audience) throws -> [String: String] {
    let standards = try ReportBuilder.loadStandards(from: repositoryRoot.appendingPathComponent("data/standards.json"))
    let tables = try ExportTables(
        store: store, request: ReportRequest(audience: audience, asOf: day("2026-01-01")), standards: standards,
        today: day("2026-01-01"))
    var result: [String: String] = [:]
    for table in tables.all { result[table.name] = CSVReportBuilder().string(table) }
    return result
}

/// Expects the exports of `a` and `b` to be identical, table by table.
func expectSameExports(
    _ a: FactStore, _ b: FactStore, audience: Audience, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let left = try exportedTables(a, audience: audience)
    let right = try exportedTables(b, audience: audience)
    #expect(left.keys.sorted() == right.keys.sorted(), sourceLocation: sourceLocation)
    for (name, text) in left {
        #expect(text == right[name], "table \(name) differs for \(audience)", sourceLocation: sourceLocation)
    }
}

/// Counts rows on the server with one fixed query.
func count(_ session: PostgresSession, _ sql: String) async throws -> Int {
    try await session.values(PostgresQuery(unsafeSQL: sql), as: Int.self).first ?? -1
}

/// The row count of every evidence table on the server (as the owner sees them).
func serverCounts(_ session: PostgresSession) async throws -> [String: Int] {
    var result: [String: Int] = [:]
    for table in EvidenceTable.all { result[table.name] = try await count(session, "SELECT count(*)::int FROM \(table.name)") }
    return result
}

/// Creates a login role in `group` (a generated name), runs `body` with `location` as that
/// login, drops the role.
func withLogin<T>(
    _ group: String, on session: PostgresSession, at location: PostgresLocation,
    _ body: (PostgresLocation) async throws -> T
) async throws -> T {
    let name = PostgresTestServer.uniqueName("t_sync")
    try await session.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(name) LOGIN IN ROLE \(group)"))
    var login = location
    login.user = name
    do {
        let result = try await body(login)
        try await session.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(name)"))
        return result
    } catch {
        try? await session.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(name)"))
        throw error
    }
}

/// Options whose private temporary folder is made inside `base`, so a test can see it go.
func options(_ base: URL, audience: Audience = .internal, dryRun: Bool = false) -> EvidenceSync.Options {
    EvidenceSync.Options(dryRun: dryRun, audience: audience, temporaryBase: base)
}

/// Whether `folder` is empty (the snapshot's temporary folder was removed).
func isEmptyFolder(_ folder: URL) -> Bool {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? ["?"]).isEmpty
}
