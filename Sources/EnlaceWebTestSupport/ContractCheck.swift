public import Foundation
public import HTTPTypes
public import HummingbirdTesting
public import NIOCore
import Testing

/// The API's document, `openapi.json`, as the web tests hold every JSON answer to it.
///
/// Each answer to an address under `/api/v1` is matched to its operation (method and path template) and
/// status, and its body checked against the schema the document gives for that status. An answer whose
/// status the document does not declare, or whose body misses its schema, is recorded as a test issue.
public struct APIContract: Sendable {
    private struct Operation: Sendable {
        let segments: [String]
        let responses: [String: JSONInstance]
    }

    private let operations: [HTTPRequest.Method: [Operation]]
    private let validator: JSONSchemaValidator

    /// The document of this source tree.
    public static let shared: APIContract = {
        let here = URL(fileURLWithPath: #filePath)
        let file = here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EnlaceWeb/Resources/static/openapi.json")
        do {
            return try APIContract(document: JSONInstance.parse(Data(contentsOf: file)))
        } catch {
            fatalError("openapi.json cannot be read: \(error)")
        }
    }()

    /// A contract over `document`, an OpenAPI 3.1 document.
    public init(document: JSONInstance) {
        validator = JSONSchemaValidator(document: document)
        var operations: [HTTPRequest.Method: [Operation]] = [:]
        if case .object(let paths) = document["paths"] {
            for (path, item) in paths {
                guard case .object(let methods) = item else { continue }
                for (name, operation) in methods {
                    guard let method = HTTPRequest.Method(name.uppercased()),
                        case .object(let responses) = operation["responses"]
                    else { continue }
                    let segments = path.split(separator: "/").map(String.init)
                    operations[method, default: []].append(Operation(segments: segments, responses: responses))
                }
            }
        }
        // The most literal template wins: `/meetings/feed` before `/meetings/{id}`.
        self.operations = operations.mapValues { list in
            list.sorted {
                $0.segments.filter { !$0.hasPrefix("{") }.count > $1.segments.filter { !$0.hasPrefix("{") }.count
            }
        }
    }

    private func operation(_ method: HTTPRequest.Method, _ path: String) -> Operation? {
        let method = method == .head ? .get : method
        let segments = path.split(separator: "/").map(String.init)
        return operations[method]?.first { operation in
            operation.segments.count == segments.count
                && zip(operation.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    private func resolve(_ node: JSONInstance?) -> JSONInstance? {
        guard let reference = node?["$ref"]?.text, reference.hasPrefix("#/components/responses/") else { return node }
        return validator.node(at: reference)
    }

    /// What is wrong with `response` as the answer to `method` on `uri`; empty when it keeps the contract or the
    /// address is not the API's.
    public func problems(method: HTTPRequest.Method, uri: String, response: TestResponse) -> [String] {
        problems(
            method: method, uri: uri, status: Int(response.status.code),
            contentType: response.headers[.contentType] ?? "", body: Data(response.body.readableBytesView))
    }

    /// What is wrong with an answer of `status`, `contentType` and `body` to `method` on `uri`.
    public func problems(
        method: HTTPRequest.Method, uri: String, status: Int, contentType: String, body: Data
    )
        -> [String]
    {
        let path = String(uri.prefix { $0 != "?" })
        guard path.hasPrefix("/api/v1/"), let operation = operation(method, path) else { return [] }
        let code = String(status)
        let declared = operation.responses[code] ?? operation.responses["\(code.prefix(1))XX"]
        guard let declared = resolve(declared ?? operation.responses["default"]) else {
            return ["\(method) \(path): status \(code) is not in the document"]
        }
        guard method != .head, !body.isEmpty else { return [] }
        let type = contentType.split(separator: ";").first.map(String.init) ?? ""
        guard type.hasSuffix("json") else { return [] }
        guard let schema = declared["content"]?[type]?["schema"] ?? declared["content"]?["application/json"]?["schema"]
        else {
            return ["\(method) \(path): \(code) answers \(type), which the document does not describe"]
        }
        do {
            return validator.problems(try JSONInstance.parse(body), against: schema).map {
                "\(method) \(path) \(code): \($0)"
            }
        } catch {
            return ["\(method) \(path) \(code): the body is not JSON"]
        }
    }
}

/// A test client that holds every answer to the API's document, recording a test issue for each misfit.
public struct ContractCheckingClient: TestClientProtocol {
    let client: any TestClientProtocol
    let contract: APIContract

    /// Wraps `client`.
    public init(_ client: any TestClientProtocol, contract: APIContract = .shared) {
        self.client = client
        self.contract = contract
    }

    public var port: Int? { client.port }

    public func executeRequest(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?
    ) async throws -> TestResponse {
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        for problem in contract.problems(method: method, uri: uri, response: response) {
            Issue.record("The answer breaks openapi.json: \(problem)")
        }
        return response
    }
}
