import Foundation

extension PostgresLocation {
    /// The password to connect with, found as `psql` finds it, or `nil` when there is none
    /// (the server may not ask for one: trust or peer authentication).
    ///
    /// `$PGPASSWORD` wins; otherwise the first matching line of the password file
    /// (`$PGPASSFILE`, else `~/.pgpass`): `hostname:port:database:username:password`, where
    /// `*` matches anything, `\:` and `\\` stand for `:` and `\`, and lines starting with `#`
    /// are comments. As with libpq, a connection through a Unix socket matches the host name
    /// `localhost`, and a password file that its group or others can read is ignored.
    ///
    /// - Parameters:
    ///   - environment: The process environment (tests pass their own).
    ///   - homeDirectory: The folder holding `.pgpass`.
    /// - Returns: The password, or `nil`. An unreadable or missing file is not an error.
    public func password(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: URL = FileManager.default.homeDirectoryForCurrentUser
    ) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let file: URL
        if let path = environment["PGPASSFILE"], !path.isEmpty {
            file = URL(fileURLWithPath: path)
        } else {
            file = homeDirectory.appendingPathComponent(".pgpass")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 == 0,
            let data = FileManager.default.contents(atPath: file.path),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let wanted = [socketDirectory == nil ? host : "localhost", String(port), database, user]
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            if line.hasPrefix("#") { continue }
            let fields = Self.passFileFields(line)
            guard fields.count == 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
                return fields[4]
            }
        }
        return nil
    }

    /// Splits one `.pgpass` line on unescaped `:`, undoing `\:` and `\\`.
    static func passFileFields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
