import Foundation
import Hummingbird
import NIOCore
import Testing

@testable import EnlaceWeb

/// Uploads spooled to disk: only this process may read them, and a limit leaves no file behind.
@Suite("Upload files")
struct UploadFileTests {
    @Test("an upload is written with mode 600; over its limit it is refused with 413 and nothing stays")
    func limits() throws {
        var file = UploadFile(prefix: "enlace-test", limit: 8)
        try file.write(ByteBuffer(string: "12345"))
        let url = try file.finish()
        #expect(try String(contentsOf: url, encoding: .utf8) == "12345")
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        file.discard()
        #expect(!FileManager.default.fileExists(atPath: url.path))

        var large = UploadFile(prefix: "enlace-test", limit: 8)
        try large.write(ByteBuffer(string: "12345"))
        #expect(throws: HTTPError.self) { try large.write(ByteBuffer(string: "6789")) }
        large.discard()
        #expect(!FileManager.default.fileExists(atPath: large.url.path))

        var empty = UploadFile(prefix: "enlace-test", limit: 8)
        let emptyURL = try empty.finish()
        #expect(try Data(contentsOf: emptyURL).isEmpty)
        empty.discard()
    }

    @Test("a form whose file is over the limit is refused and leaves no temporary file")
    func formOverLimit() async throws {
        let boundary = "b0undary"
        let body = [
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntoken\r\n",
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xml\"\r\n\r\n",
            String(repeating: "x", count: 100), "\r\n--\(boundary)--\r\n",
        ].joined()
        let before = Set(try Self.uploads())
        await #expect(throws: HTTPError.self) {
            _ = try await MultipartForm.read(
                RequestBody(buffer: ByteBuffer(string: body)), boundary: boundary, file: "file", maxFileBytes: 10)
        }
        #expect(Set(try Self.uploads()) == before)
        let read = try await MultipartForm.read(
            RequestBody(buffer: ByteBuffer(string: body)), boundary: boundary, file: "file", maxFileBytes: 1000)
        #expect(read.fields["_csrf"] == "token" && read.fileName == "a.xml")
        let url = try #require(read.file)
        #expect(try Data(contentsOf: url).count == 100)
        try FileManager.default.removeItem(at: url)
    }

    private static func uploads() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path).filter {
            $0.hasPrefix("enlace-upload-")
        }
    }
}
