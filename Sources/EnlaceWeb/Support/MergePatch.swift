import EnlaceCore
import Hummingbird

/// JSON Merge Patch (RFC 7396): members of the patch replace the target's, null removes them.
enum MergePatch {
    /// The body of a PATCH request: a merge patch, or plain JSON.
    static func body(of request: Request, context: AppRequestContext) async throws -> JSONValue {
        try await JSONResponse.body(
            of: request, context: context, accepting: ["application/merge-patch+json", "application/json"])
    }

    /// The input a PATCH describes: `current` (the record as the API writes it) with the request's
    /// patch applied, read by `decode`. Errors of shape are thrown together with those `rules` find
    /// in the other fields, so that the caller hears about everything at once.
    static func input<Input>(
        _ request: Request, context: AppRequestContext, current: JSONValue,
        decode: (JSONValue) -> (Input, [FieldError]), rules: (Input) throws(EnlaceError) -> Void
    ) async throws -> Input {
        let (input, errors) = decode(apply(try await body(of: request, context: context), to: current))
        try EnlaceError.rejectShape(errors) { () throws(EnlaceError) in try rules(input) }
        return input
    }

    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members: [(String, JSONValue)]
        if case .object(let targetMembers) = target { members = targetMembers } else { members = [] }
        for (key, value) in patchMembers {
            let index = members.firstIndex { $0.0 == key }
            if value == .null {
                if let index { members.remove(at: index) }
            } else if let index {
                members[index].1 = apply(value, to: members[index].1)
            } else {
                members.append((key, apply(value, to: .null)))
            }
        }
        return .object(members)
    }
}
