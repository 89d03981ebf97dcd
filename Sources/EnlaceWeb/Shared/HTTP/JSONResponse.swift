import EnlaceCore
import Foundation
import Hummingbird

/// Builders for the API's JSON answers.
enum JSONResponse {
    /// `value` as `application/json` with `status` and extra `headers`.
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: value.buffer))
    }

    /// One record as `application/json`, with an `ETag` made of its version (which updates must name) and
    /// of the representation this reader receives.
    static func versioned(_ value: JSONValue, version: Int, status: HTTPResponse.Status = .ok) -> Response {
        versioned(value.buffer, version: version, status: status)
    }

    /// Bytes that already are the JSON of one record, as ``versioned(_:version:status:)-(JSONValue,_,_)`` answers it.
    static func versioned(
        _ buffer: ByteBuffer, version: Int, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.eTag] = ETag.make(version: version, representation: buffer)
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// A short, whole list (versions, rounds, positions…): `{"items": […]}`, without paging.
    static func items<Item>(_ items: [Item], _ encode: (Item) -> JSONValue) -> Response {
        make(.object([("items", .array(items.map(encode)))]))
    }

    /// Bytes that already are JSON, as `application/json`.
    static func raw(_ buffer: ByteBuffer) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    /// A list answer: `{"items": […], "total": n, "nextCursor": … }`.
    static func page<Item>(_ page: Page<Item>, _ encode: (Item) -> JSONValue) -> Response {
        self.page(page) { $0.map { encode($0).buffer } }
    }

    /// A list answer whose items are already encoded.
    static func page<Item>(_ page: Page<Item>, encoded: ([Item]) -> [ByteBuffer]) -> Response {
        let items = encoded(page.items)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(items.reduce(64) { $0 + $1.readableBytes + 1 })
        buffer.writeStaticString("{\"items\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeImmutableBuffer(item)
        }
        buffer.writeStaticString("],\"total\":")
        buffer.writeString(String(page.total))
        buffer.writeStaticString(",\"nextCursor\":")
        JSONValue.string(page.nextCursor).write(into: &buffer)
        buffer.writeInteger(UInt8(ascii: "}"))
        return raw(buffer)
    }

    /// The parsed JSON body of `request`, refusing other media types and malformed documents.
    static func body(
        of request: Request, context: AppRequestContext, accepting mediaTypes: [String] = ["application/json"]
    ) async throws -> JSONValue {
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let contentType, mediaTypes.contains(contentType) else {
            throw RequestError.unsupportedMediaType(expected: mediaTypes.joined(separator: " or "))
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            return try JSONValue.parse(buffer.readableBytesView)
        } catch {
            throw RequestError.malformedBody(error.message)
        }
    }
}
