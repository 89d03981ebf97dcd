import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` body (a form with a file), read as it arrives: the small fields into memory, each
/// within a limit, and one file field onto disk, within its own.
enum MultipartForm {
    /// The boundary of `request`'s `multipart/form-data` body, or nil when it is not one.
    static func boundary(of request: Request) -> String? {
        guard let contentType = request.headers[.contentType] else { return nil }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            var value = String(part.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty || value.count > 70 ? nil : value
        }
        return nil
    }

    /// The most bytes a field other than the file may hold.
    static let maxFieldBytes = 4096
    /// The most parts a form may have.
    static let maxParts = 16

    /// Why a form was refused.
    enum Failure: Error {
        /// The body is not the multipart form it says it is.
        case malformed
        /// The first part is not the field the reader needs first.
        case missingLeadingField
    }

    /// The value of the form's first part, which must be the field `name`, and the whole body to read again;
    /// reads no further than that part (at most `maxFieldBytes` of it and of its headers).
    static func leadingField(
        _ name: String, of body: RequestBody, boundary: String
    ) async throws -> (value: String, body: RequestBody) {
        let parser = MultipartParser(boundary: boundary)
        var fieldName: String?
        var value = ByteBuffer()
        var complete = false
        var tooLong = false
        // A piece of the body may hold more than the first part: what follows it is left to the handler.
        parser.onHeader = { header, text in
            if !complete, header.lowercased() == "content-disposition" {
                fieldName = dispositionParameter("name", of: text)
            }
        }
        parser.onBody = { chunk in
            guard !complete else { return }
            if value.readableBytes + chunk.readableBytes > maxFieldBytes {
                tooLong = true
            } else {
                value.writeBuffer(&chunk)
            }
        }
        parser.onPartComplete = { complete = true }
        let iterator = IteratorBox(body.makeAsyncIterator())
        var consumed: [ByteBuffer] = []
        var size = 0
        while !complete, let chunk = try await iterator.next() {
            consumed.append(chunk)
            size += chunk.readableBytes
            // The rest of the body is the handler's to judge.
            do { try parser.execute(chunk) } catch { if !complete { throw Failure.malformed } }
            if tooLong || size > 4 * maxFieldBytes && !complete { throw Failure.missingLeadingField }
        }
        guard complete, fieldName == name else { throw Failure.missingLeadingField }
        return (String(buffer: value), RequestBody(asyncSequence: Resumed(prefix: consumed, rest: iterator)))
    }

    /// Reads the whole form: each field within ``maxFieldBytes`` into the answer, and the field named `file` into a
    /// new temporary file (mode 600) of at most `maxFileBytes`, whose address is the answer's `file` (nil when
    /// the form has no such field or it is empty), with the name the browser gave it. Over a limit it throws 413 and
    /// leaves no file.
    static func read(
        _ body: RequestBody, boundary: String, file fileField: String, maxFileBytes: Int
    ) async throws -> (fields: [String: String], file: URL?, fileName: String) {
        let parser = MultipartParser(boundary: boundary)
        var fields: [String: String] = [:]
        var current: String?
        var isFile = false
        var value = ByteBuffer()
        var parts = 0
        var failure: (any Error)?
        var upload = UploadFile(prefix: "enlace-upload", limit: maxFileBytes)
        var fileName = ""
        parser.onHeader = { header, text in
            guard header.lowercased() == "content-disposition" else { return }
            current = dispositionParameter("name", of: text)
            isFile = current == fileField
            if isFile { fileName = String((dispositionParameter("filename", of: text) ?? "").prefix(200)) }
        }
        parser.onBody = { chunk in
            guard failure == nil else { return }
            if isFile {
                do { try upload.write(chunk) } catch { failure = error }
            } else if value.readableBytes + chunk.readableBytes > maxFieldBytes {
                failure = HTTPError(.contentTooLarge)
            } else {
                value.writeBuffer(&chunk)
            }
        }
        parser.onPartComplete = {
            parts += 1
            if parts > maxParts { failure = Failure.malformed }
            if let current, !isFile { fields[current] = String(buffer: value) }
            value.clear()
            current = nil
            isFile = false
        }
        // The whole body: the file, and room for the other fields and the parts' headers.
        let maxBody = maxFileBytes + maxParts * 2 * maxFieldBytes
        var bodyBytes = 0
        do {
            for try await chunk in body {
                bodyBytes += chunk.readableBytes
                if bodyBytes > maxBody { throw HTTPError(.contentTooLarge) }
                do { try parser.execute(chunk) } catch { throw Failure.malformed }
                if let failure { throw failure }
            }
            guard upload.size > 0 else {
                upload.discard()
                return (fields, nil, fileName)
            }
            return (fields, try upload.finish(), fileName)
        } catch {
            upload.discard()
            throw error
        }
    }

    /// The value of parameter `name` in a `Content-Disposition` header (`form-data; name="file"; filename="a.xml"`).
    static func dispositionParameter(_ name: String, of header: String) -> String? {
        for part in header.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, pieces[0].lowercased() == name else { continue }
            var value = String(pieces[1])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    /// A request body's iterator, shared by the reader that started it and the body that resumes it; one task
    /// reads it at a time.
    final class IteratorBox: @unchecked Sendable {
        private var iterator: RequestBody.AsyncIterator

        init(_ iterator: RequestBody.AsyncIterator) {
            self.iterator = iterator
        }

        func next() async throws -> ByteBuffer? {
            try await iterator.next()
        }
    }

    /// A body read again: the pieces already read, then the rest.
    struct Resumed: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let prefix: [ByteBuffer]
        let rest: IteratorBox

        func makeAsyncIterator() -> Iterator {
            Iterator(prefix: prefix[...], rest: rest)
        }

        struct Iterator: AsyncIteratorProtocol {
            var prefix: ArraySlice<ByteBuffer>
            let rest: IteratorBox

            mutating func next() async throws -> ByteBuffer? {
                if let first = prefix.popFirst() { return first }
                return try await rest.next()
            }
        }
    }
}
