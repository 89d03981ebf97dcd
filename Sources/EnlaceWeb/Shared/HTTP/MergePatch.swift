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
        writeOnly: [String] = [], decode: (JSONValue) -> (Input, [FieldError]),
        rules: (Input) throws(EnlaceError) -> Void
    ) async throws -> Input {
        let patch = try await body(of: request, context: context)
        let (input, errors) = decode(apply(patch, to: current))
        try EnlaceError.rejectShape(errors + unknownRemovals(patch, current, writeOnly: writeOnly)) {
            () throws(EnlaceError) in
            try rules(input)
        }
        return input
    }

    /// The members `patch` sets to null that the record does not have: a member nobody knows is an error
    /// even when the patch only removes it (RFC 7396 would let it pass as a no-op).
    /// `writeOnly` names members a body may carry that the record's encoding does not (a proposal's `note`).
    static func unknownRemovals(_ patch: JSONValue, _ current: JSONValue, writeOnly: [String] = []) -> [FieldError] {
        guard case .object(let members) = patch, case .object(let known) = current else { return [] }
        let names = Set(known.map(\.0) + writeOnly)
        return members.filter { $0.1 == .null && !names.contains($0.0) }.map { FieldError($0.0, .unknownField) }
    }

    /// Members a patch replaces whole rather than merges: a releasability's list belongs to its marking, so
    /// `{"releasability": {"marking": "public"}}` makes a restricted record public with no list left over.
    static let replacedWhole: Set<String> = ["releasability"]

    /// `target` with `patch` applied, in time linear in the two: members are found by key, and removed
    /// ones are dropped in one pass at the end. At the top level, ``replacedWhole`` members are replaced.
    static func apply(_ patch: JSONValue, to target: JSONValue, whole: Set<String> = replacedWhole) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members: [(String, JSONValue)?]
        if case .object(let targetMembers) = target { members = targetMembers } else { members = [] }
        var positions: [String: Int] = [:]
        for (offset, member) in members.enumerated() { positions[member?.0 ?? ""] = offset }
        for (key, value) in patchMembers {
            let index = positions[key]
            if value == .null {
                if let index { members[index] = nil }
            } else if let index, let current = members[index] {
                members[index] = (key, whole.contains(key) ? value : apply(value, to: current.1, whole: []))
            } else {
                positions[key] = members.count
                members.append((key, apply(value, to: .null, whole: [])))
            }
        }
        return .object(members.compactMap { $0 })
    }
}
