import Hummingbird

/// JSON Merge Patch (RFC 7396): members of the patch replace the target's, null removes them.
enum MergePatch {
    /// The body of a PATCH request: a merge patch, or plain JSON.
    static func body(of request: Request, context: AppRequestContext) async throws -> JSONValue {
        try await JSONResponse.body(
            of: request, context: context, accepting: ["application/merge-patch+json", "application/json"])
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
