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
