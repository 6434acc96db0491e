import GRDB
import RightsBriefStore

/// Every row of every table (FTS shadow tables and sqlite_sequence included) and the schema,
/// as text: two dumps are equal only if nothing in the database changed.
package func databaseDump(_ store: FactStore) throws -> [String] {
    try store.writer.read { db in
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        var lines = try String.fetchAll(
            db,
            sql:
                "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master ORDER BY type, name"
        )
        for table in tables {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)")
            lines += rows.map { "\(table): \($0.description)" }.sorted()
        }
        return lines
    }
}
