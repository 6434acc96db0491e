import Dispatch
import Foundation
import GRDB
import RightsBriefStore

/// Holds, on another thread, a write transaction of `store` that sets facility `facility`'s
/// region to `region`, for `seconds`; returns once the transaction holds SQLite's write lock.
/// Wait on the returned group for the transaction to end.
package func holdWriteLock(
    _ store: FactStore, facility: String, region: String, seconds: TimeInterval
) -> DispatchGroup {
    let group = DispatchGroup()
    let started = DispatchSemaphore(value: 0)
    group.enter()
    DispatchQueue.global().async {
        defer { group.leave() }
        try? store.writer.write { db in
            try db.execute(sql: "UPDATE facility SET region = ? WHERE id = ?", arguments: [region, facility])
            started.signal()
            Thread.sleep(forTimeInterval: seconds)
        }
    }
    started.wait()
    return group
}

/// Holds, on another thread, SQLite's write lock on the database at `path` through a plain
/// SQLite connection (another program, not rightsbrief) for `seconds`; returns once it holds it.
package func holdForeignWriteLock(path: String, seconds: TimeInterval) throws -> DispatchGroup {
    let foreign = try DatabaseQueue(path: path)
    let started = DispatchSemaphore(value: 0)
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        defer { group.leave() }
        try? foreign.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            started.signal()
            Thread.sleep(forTimeInterval: seconds)
            try db.execute(sql: "ROLLBACK")
        }
    }
    started.wait()
    return group
}
