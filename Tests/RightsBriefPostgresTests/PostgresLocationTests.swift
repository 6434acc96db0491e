import Foundation
import RightsBriefPostgres
import TestSupport
import Testing

@Suite("PostgreSQL URLs and passwords")
final class PostgresLocationTests {
    /// The temporary homes the password tests made, removed when the test ends.
    private var folders: [URL] = []

    deinit {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
    }

    // MARK: - URLs

    @Test("a TCP URL gives user, host, port 5432, database and TLS preferred")
    func tcp() throws {
        // Given a URL without port or parameters
        // When it is parsed
        let location = try PostgresLocation(url: "postgres://alice@db.example.org/evidence")
        // Then the defaults are libpq's
        #expect(location.user == "alice")
        #expect(location.host == "db.example.org")
        #expect(location.port == 5432)
        #expect(location.database == "evidence")
        #expect(location.socketDirectory == nil)
        #expect(location.socketPath == nil)
        #expect(location.tlsMode == .prefer)
    }

    @Test("postgresql:// with a port and sslmode")
    func portAndTLS() throws {
        let location = try PostgresLocation(url: "postgresql://bob@10.0.0.5:6543/coalition?sslmode=require")
        #expect(location.port == 6543)
        #expect(location.host == "10.0.0.5")
        #expect(location.tlsMode == .require)
        #expect(try PostgresLocation(url: "postgres://bob@h/d?sslmode=disable").tlsMode == .disable)
    }

    @Test("host=/path is a Unix socket folder: the socket file is .s.PGSQL.PORT, without TLS")
    func unixSocket() throws {
        // Given a URL naming a socket folder and a port
        let location = try PostgresLocation(url: "postgres://postgres@localhost:5433/rb?host=/tmp/pg.1")
        // Then the socket file is in that folder, named after the port
        #expect(location.socketDirectory == "/tmp/pg.1")
        #expect(location.socketPath == "/tmp/pg.1/.s.PGSQL.5433")
        #expect(location.tlsMode == .disable)
        // And the host may be left out
        let bare = try PostgresLocation(url: "postgres://postgres@/rb?host=/var/run/postgresql")
        #expect(bare.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
    }

    @Test(
        "a password in the URL is refused, and the refusal does not repeat it",
        arguments: [
            "postgres://alice:s3cret@db.example.org/evidence",
            "postgresql://alice:@db.example.org/evidence",
            "postgres://alice:s3cret@db.example.org:99999/evidence",
            "postgres://alice@db.example.org/evidence?password=s3cret",
        ])
    func passwordRefused(_ url: String) {
        // Given a URL with a password (even an empty one, or with another error)
        // When it is parsed
        let error = #expect(throws: PostgresStoreError.self) { try PostgresLocation(url: url) }
        // Then it is refused as a usage error naming ~/.pgpass, without the password
        guard case .passwordInURL = error else {
            Issue.record("expected passwordInURL, got \(String(describing: error))")
            return
        }
        #expect(error?.sysexitsCode == 64)
        #expect(error?.errorDescription?.contains("s3cret") == false)
        #expect(error?.errorDescription?.contains(".pgpass") == true)
    }

    @Test(
        "malformed URLs are refused with a reason",
        arguments: [
            ("mysql://alice@h/d", "postgres://"),
            ("postgres://h/d", "no user"),
            ("postgres://alice@h", "no database"),
            ("postgres://alice@h/", "no database"),
            ("postgres://alice@h/a/b", "'/'"),
            ("postgres://alice@h:0/d", "port"),
            ("postgres://alice@h:/d", "port"),
            ("postgres://alice@h/d?sslmode=verify-full", "sslmode"),
            ("postgres://alice@h/d?application_name=x", "application_name"),
            ("postgres://alice@h/d?host=relative/dir", "host="),
            ("postgres://alice@/d", "no host"),
            ("postgres://alice@h/d?host=/tmp&sslmode=require", "Unix socket"),
            ("postgres://alice@h/d#frag", "fragment"),
        ])
    func malformed(_ url: String, _ reason: String) {
        let error = #expect(throws: PostgresStoreError.self) { try PostgresLocation(url: url) }
        guard case .invalidURL(_, let why) = error else {
            Issue.record("expected invalidURL for \(url), got \(String(describing: error))")
            return
        }
        #expect(why.contains(reason), "\(url): \(why)")
        #expect(error?.sysexitsCode == 64)
    }

    @Test("only postgres:// and postgresql:// (any case) are server URLs; paths are files")
    func serverURLs() {
        #expect(PostgresLocation.isServerURL("postgres://a@h/d"))
        #expect(PostgresLocation.isServerURL("POSTGRESQL://a@h/d"))
        #expect(!PostgresLocation.isServerURL("evidence.sqlite"))
        #expect(!PostgresLocation.isServerURL("./postgres/evidence.sqlite"))
        #expect(!PostgresLocation.isServerURL("postgres:evidence"))
    }

    @Test("messages name the place without a password")
    func displayName() throws {
        #expect(try PostgresLocation(url: "postgres://alice@h:6000/d").displayName == "alice@h:6000/d")
        #expect(try PostgresLocation(url: "postgres://alice@/d?host=/s").displayName == "alice@socket /s/d")
    }

    // MARK: - Passwords

    func passFile(_ text: String, mode: Int = 0o600) throws -> URL {
        let folder = try makeTemporaryFolder("rightsbrief-pgpass")
        folders.append(folder)
        let file = folder.appendingPathComponent(".pgpass")
        try Data(text.utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        return folder
    }

    @Test("$PGPASSWORD wins over ~/.pgpass")
    func environmentWins() throws {
        let home = try passFile("*:*:*:*:fromfile\n")
        let location = try PostgresLocation(url: "postgres://alice@h/d")
        #expect(location.password(environment: ["PGPASSWORD": "fromenv"], homeDirectory: home) == "fromenv")
        #expect(location.password(environment: [:], homeDirectory: home) == "fromfile")
    }

    @Test("~/.pgpass: the first matching line, * wildcards, \\: and \\\\ escapes, comments")
    func passFileMatching() throws {
        // Given a password file with comments, non-matching lines, wildcards and escapes
        let home = try passFile(
            """
            # comment:*:*:*:nope
            other.org:5432:d:alice:wrong-host
            h:5432:d:bob:wrong-user
            h:*:d:alice:pa\\:ss\\\\word
            *:*:*:*:fallback
            """)
        // When passwords are looked up
        let alice = try PostgresLocation(url: "postgres://alice@h:6000/d")
        let carol = try PostgresLocation(url: "postgres://carol@x/y")
        // Then the first matching line gives the password, unescaped
        #expect(alice.password(environment: [:], homeDirectory: home) == "pa:ss\\word")
        #expect(carol.password(environment: [:], homeDirectory: home) == "fallback")
    }

    @Test("a Unix-socket connection matches the host name localhost, as with libpq")
    func socketIsLocalhost() throws {
        let home = try passFile("localhost:5433:rb:postgres:sockpw\n")
        let location = try PostgresLocation(url: "postgres://postgres@/rb?host=/tmp/x")
        #expect(location.password(environment: [:], homeDirectory: home) == nil)
        let onPort = try PostgresLocation(url: "postgres://postgres@localhost:5433/rb?host=/tmp/x")
        #expect(onPort.password(environment: [:], homeDirectory: home) == "sockpw")
    }

    @Test("a password file others can read is ignored, as libpq does; $PGPASSFILE names another")
    func passFilePermissions() throws {
        let home = try passFile("*:*:*:*:open\n", mode: 0o644)
        let location = try PostgresLocation(url: "postgres://alice@h/d")
        #expect(location.password(environment: [:], homeDirectory: home) == nil)
        let other = try passFile("*:*:*:*:elsewhere\n")
        let path = other.appendingPathComponent(".pgpass").path
        #expect(location.password(environment: ["PGPASSFILE": path], homeDirectory: home) == "elsewhere")
    }
}
