import EnlaceCore
import Foundation
import Hummingbird
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// An upload written to disk as it arrives: a new temporary file that only this process may read (mode 600),
/// within a size limit. The API's import bodies and the upload forms' files both go through it.
struct UploadFile {
    /// Where it is written.
    let url: URL
    /// The most bytes it takes; one more and ``write(_:)`` throws 413.
    let limit: Int
    /// The bytes written so far.
    private(set) var size = 0
    private var handle: FileHandle?

    /// A file named `prefix`-a-random-id, not created until it is first written (or finished).
    init(prefix: String, limit: Int) {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        self.limit = limit
    }

    /// Appends `chunk`; over the limit it throws 413 (`HTTPError(.contentTooLarge)`) and writes nothing more.
    mutating func write(_ chunk: ByteBuffer) throws {
        size += chunk.readableBytes
        if size > limit { throw HTTPError(.contentTooLarge) }
        try open().write(contentsOf: chunk.readableBytesView)
    }

    /// Closes the file and answers its address; an upload with no bytes is an empty file.
    mutating func finish() throws -> URL {
        try open().close()
        handle = nil
        return url
    }

    /// Closes and removes the file, if it was created.
    mutating func discard() {
        try? handle?.close()
        handle = nil
        try? FileManager.default.removeItem(at: url)
    }

    /// Creates the file with mode 600 from the start (no moment with the umask's mode), refusing one already there
    /// or a link.
    private mutating func open() throws -> FileHandle {
        if let handle { return handle }
        let descriptor = Glibc.open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw EnlaceError.busy(retryAfter: 30) }
        let opened = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        handle = opened
        return opened
    }
}
