import Foundation
import TestSupport
import Testing

/// Facility identifiers and merges through the binary: `facility show`, `export csv`,
/// `facility merge`.
@Suite("Facility identifiers and merges through the binary")
struct FacilityIdentifierCommandTests {
    /// A sample database with two records of Bolduc (ours, and a publisher's) and a facility in
    /// another country, each with an identifier.
    func makeFolder() throws -> URL {
        let folder = try makeSampleFolder("rightsbrief-cli-identifiers")
        let table = """
            id,name,country,region,kind,authority,opened_on,latitude,longitude,identifiers\r
            bolduc,Bolduc Correctional Facility,US,ME,prison,,,,,registry:ME-001\r
            pub-bolduc,BOLDUC CF,US,,prison,,,,,hifld:10002345\r
            izalco,Izalco,SV,,prison,,,,,\r

            """
        try Data(table.utf8).write(to: folder.appendingPathComponent("facilities.csv"))
        let result = try runRightsbrief(["import", "facilities.csv"], in: folder)
        guard result.status == 0 else { throw CLITestError.setupFailed(result.stderr) }
        return folder
    }

    @Test("facility show lists the identifiers, and export csv writes them in the facilities table")
    func showAndExport() throws {
        // Given a facility with an identifier
        let folder = try makeFolder()

        // When it is shown and the database exported
        let shown = try runRightsbrief(["facility", "show", "bolduc"], in: folder)
        let exported = try runRightsbrief(["export", "csv", "--audience", "internal", "--output", "out"], in: folder)

        // Then both carry it
        #expect(shown.status == 0)
        #expect(lines(shown.stdout).contains("Identifiers: registry:ME-001"))
        #expect(exported.status == 0)
        let facilities = try String(contentsOf: folder.appendingPathComponent("out/facilities.csv"), encoding: .utf8)
        #expect(facilities.hasPrefix("id,name,country,region,kind,authority,opened_on,latitude,longitude,identifiers\r\n"))
        #expect(facilities.contains("bolduc,Bolduc Correctional Facility,US,ME,prison,,,,,registry:ME-001\r\n"))
    }
}
