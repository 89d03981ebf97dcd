import Synchronization

/// Reads a value on behalf of many concurrent callers, while never answering a caller with a read
/// that began before the caller asked.
///
/// Callers that arrive while a read is under way wait for the next read, which starts as soon as the
/// current one ends and answers all of them. Under load one query serves many requests, and each
/// request still sees every change committed before it arrived.
final class BatchedRead<Value: Sendable>: Sendable {
    private struct State {
        var running = false
        var waiting: [CheckedContinuation<Value, any Error>] = []
    }

    private let state = Mutex(State())

    func read(_ fetch: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state in
                state.waiting.append(continuation)
                guard !state.running else { return false }
                state.running = true
                return true
            }
            if start { Task { await self.drain(fetch) } }
        }
    }

    private func drain(_ fetch: @Sendable () async throws -> Value) async {
        while true {
            let batch = state.withLock { state in
                let batch = state.waiting
                state.waiting = []
                if batch.isEmpty { state.running = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let value = try await fetch()
                for waiter in batch { waiter.resume(returning: value) }
            } catch {
                for waiter in batch { waiter.resume(throwing: error) }
            }
        }
    }
}
