import ArgumentParser
import Foundation
import RightsBriefPostgres

extension RightsBrief {
    struct Server: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up a shared PostgreSQL server for a coalition.",
            discussion: """
                After 'server init', every command takes the server as --db (or
                $RIGHTSBRIEF_DB) and works on a temporary copy of what the login may read;
                commands that add evidence need an editor login. See the README's "Shared
                server (PostgreSQL)".
                """,
            subcommands: [Init.self])
    }
}

extension RightsBrief.Server {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or migrate the schema, roles and row-level security on a PostgreSQL database.",
            discussion: """
                Run it as the user who owns the database (and may create roles). It applies
                the pending schema versions, creates the NOLOGIN group roles
                rightsbrief_public, rightsbrief_internal and rightsbrief_editor when missing,
                and (re)applies their grants and row-level security: a public reader sees
                only public rows, an internal reader public and restricted ones, an editor
                everything. Running it again changes nothing.

                The password comes from $PGPASSWORD or ~/.pgpass, never from the URL.
                Exit codes: 64 bad URL, 69 server unreachable, 77 permission denied.

                Examples:
                  rightsbrief server init --db postgres://admin@db.example.org/evidence
                  export RIGHTSBRIEF_DB='postgres://postgres@/evidence?host=/run/postgresql'
                  rightsbrief server init
                Then grant a person a role:
                  psql -c 'CREATE ROLE alice LOGIN IN ROLE rightsbrief_internal'
                """)

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The database, postgres://USER@HOST[:PORT]/DB[?host=SOCKET-DIR&sslmode=MODE] (default: $RIGHTSBRIEF_DB).",
                valueName: "url"))
        var db: String?

        /// The URL from --db or $RIGHTSBRIEF_DB.
        var url: String? {
            if let db { return db }
            if let env = ProcessInfo.processInfo.environment["RIGHTSBRIEF_DB"], !env.isEmpty { return env }
            return nil
        }

        func validate() throws {
            guard let url else {
                throw ValidationError("'server init' needs --db postgres://USER@HOST/DB (or $RIGHTSBRIEF_DB).")
            }
            guard PostgresLocation.isServerURL(url) else {
                throw ValidationError(
                    "'server init' needs a PostgreSQL URL (postgres://USER@HOST/DB), not the file '\(url)'.")
            }
        }

        func run() throws {
            try exitingOnFailure {
                let location = try PostgresLocation(url: url ?? "")
                let outcome = try waitFor { try await ServerSetup.initialize(location) }
                let migrations = outcome.migrations
                if migrations.applied.isEmpty {
                    Console.note(
                        "Schema of \(location.displayName) already at version \(migrations.version); nothing to migrate.")
                } else {
                    let versions = migrations.applied.map { "v\($0)" }.joined(separator: ", ")
                    Console.note(
                        "Schema of \(location.displayName) migrated to version \(migrations.version) (applied \(versions)).")
                }
                let access = outcome.access
                let roles =
                    access.createdRoles.isEmpty
                    ? "group roles already present"
                    : "created \(access.createdRoles.joined(separator: ", "))"
                Console.note(
                    "Access: \(roles); grants and row-level security applied to \(access.protectedTables.count) tables.")
            }
        }
    }
}
