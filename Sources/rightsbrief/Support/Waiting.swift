import Dispatch
import Foundation

/// Runs async library work (the PostgreSQL client is async) from the synchronous command
/// line and waits for it. The main thread is not one of the concurrency pool's threads, so
/// blocking it cannot starve the work it waits for.
func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            box.set(.success(try await body()))
        } catch {
            box.set(.failure(error))
        }
        done.signal()
    }
    done.wait()
    return try box.get()
}

/// The result of the task, handed across threads under a lock.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) {
        lock.lock()
        result = value
        lock.unlock()
    }

    func get() throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let result else { throw CommandError.message("An internal task ended without a result.", Exit.software) }
        return try result.get()
    }
}
