import EnlaceCore
import EnlaceStore
import Hummingbird

/// Proposals, their versions and consultation rounds over JSON. Members read proposals past their
/// draft; lead organisations read and write their drafts; the secretariat runs the workflow.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/proposals | the proposals the caller may read; `status`, `keyArea` filter |
/// | POST | /api/v1/proposals | 201: a new draft, its text as version 1 |
/// | GET | /api/v1/proposals/{id} | the proposal, with `ETag` |
/// | PATCH | /api/v1/proposals/{id} | revises it (a changed text makes a version); `If-Match` |
/// | POST | /api/v1/proposals/{id}/transitions | moves it `{"status": …}` along the workflow; `If-Match` |
/// | GET | /api/v1/proposals/{id}/transitions | its moves so far |
/// | GET | /api/v1/proposals/{id}/versions | every kept version |
/// | GET | /api/v1/proposals/{id}/versions/{number} | one version |
/// | GET | /api/v1/proposals/{id}/diff?from=&to= | two versions compared word by word, part by part |
/// | GET | /api/v1/proposals/{id}/rounds | its consultation rounds |
/// | POST | /api/v1/proposals/{id}/rounds | 201: opens a round (the secretariat) |
/// | GET | /api/v1/proposals/{id}/rounds/{number} | the round with its tally |
/// | GET | /api/v1/proposals/{id}/rounds/{number}/positions | the positions taken |
/// | GET | /api/v1/proposals/{id}/rounds/{number}/positions.csv | the same as CSV, a row per invited member |
/// | PUT | /api/v1/proposals/{id}/rounds/{number}/positions/{member} | records or changes a member's position |
/// | GET | /api/v1/proposals/{id}/spawned | the records an adopted proposal spawned |
/// | POST | /api/v1/proposals/{id}/spawned | 201: spawns a draft activity (a lead) or a meeting series (the secretariat) |
struct ProposalsAPIController {
    let store: Store
    let clock: WallClock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("proposals", use: list)
        group.post("proposals", use: create)
        group.get("proposals/{id}", use: show)
        group.patch("proposals/{id}", use: update)
        group.get("proposals/{id}/transitions", use: transitions)
        group.post("proposals/{id}/transitions", use: move)
        group.get("proposals/{id}/versions", use: versions)
        group.get("proposals/{id}/versions/{number}", use: version)
        group.get("proposals/{id}/diff", use: diff)
        group.get("proposals/{id}/rounds", use: rounds)
        group.post("proposals/{id}/rounds", use: openRound)
        group.get("proposals/{id}/rounds/{number}", use: round)
        group.get("proposals/{id}/rounds/{number}/positions", use: positions)
        group.get("proposals/{id}/rounds/{number}/positions.csv", use: positionsCSV)
        group.put("proposals/{id}/rounds/{number}/positions/{member}", use: recordPosition)
        group.get("proposals/{id}/spawned", use: spawned)
        group.post("proposals/{id}/spawned", use: spawn)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let parameters = request.uri.queryParameters
        let proposals = try ProposalsQuery.filtered(
            try await store.proposals.list(for: context.viewer), parameters, catalog: store.catalog, strict: true)
        let page = try MemoryPaging.page(
            proposals.sorted { $0.id < $1.id }, key: \.id, limit: try MemoryPaging.limit(parameters),
            cursor: parameters.cursor)
        return JSONResponse.page(page, ProposalDTO.encode)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        return answer(try await store.proposals.find(id: try context.parameters.require("id"), for: context.viewer))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal(allowedBy: ProposalPolicy.canCreate)
        let (input, errors) = ProposalDTO.decode(try await JSONResponse.body(of: request, context: context))
        try await reject(errors, input)
        return answer(try await store.proposals.create(input, by: actor), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let current = try await store.proposals.find(id: id, for: context.viewer)
        let references = try await store.proposals.references()
        let input = try await MergePatch.input(
            request, context: context, current: ProposalDTO.encode(current), writeOnly: ["note"],
            decode: ProposalDTO.decode
        ) { input throws(EnlaceError) in _ = try input.validated(against: store.catalog, references: references) }
        return answer(try await store.proposals.update(id: id, with: input, expectedVersion: expected, by: actor))
    }

    /// Throws the errors of shape together with those the rules find.
    private func reject(_ errors: [FieldError], _ input: ProposalInput) async throws {
        guard !errors.isEmpty else { return }
        let references = try await store.proposals.references()
        try EnlaceError.rejectShape(errors) { () throws(EnlaceError) in
            _ = try input.validated(against: store.catalog, references: references)
        }
    }

    @Sendable func transitions(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let moves = try await store.proposals.transitions(id: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.items(moves) {
            .object([
                ("from", .string($0.from.rawValue)), ("to", .string($0.to.rawValue)), ("actor", .string($0.actor)),
                ("at", .string(Timestamp.format($0.at))),
            ])
        }
    }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        var reader = FieldReader(try await JSONResponse.body(of: request, context: context))
        let code = reader.string("status")
        reader.rejectUnknown()
        if !reader.errors.isEmpty { throw EnlaceError.invalid(reader.errors) }
        guard let code else { throw EnlaceError.invalid("status", .required) }
        guard let status = ProposalStatus(rawValue: code) else {
            throw EnlaceError.invalid("status", .unknownCode, ["value": code])
        }
        return answer(try await store.proposals.move(id: id, to: status, expectedVersion: expected, by: actor))
    }

    @Sendable func versions(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let versions = try await store.proposals.versions(id: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.items(versions, ProposalDTO.encode)
    }

    @Sendable func version(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let number = try ProposalsQuery.number(context, "number", entity: "proposal version", id: id)
        return JSONResponse.make(
            ProposalDTO.encode(try await store.proposals.version(id: id, number: number, for: context.viewer)))
    }

    @Sendable func diff(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let (old, new) = try await ProposalsQuery.compared(
            store, id: id, request.uri.queryParameters, for: context.viewer, strict: true)
        return JSONResponse.make(
            .object([
                ("from", .integer(old.number)), ("to", .integer(new.number)),
                (
                    "parts",
                    .array(
                        new.text.comparison(from: old.text).map { part in
                            .object([
                                ("part", .string(part.part)), ("changed", .bool(WordDiff.changed(part.runs))),
                                ("runs", ProposalDTO.encode(part.runs)),
                            ])
                        })
                ),
            ]))
    }

    @Sendable func rounds(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let rounds = try await store.proposals.rounds(
            proposal: try context.parameters.require("id"), for: context.viewer)
        let today = CalendarDate.today(clock)
        return JSONResponse.items(rounds) { ProposalDTO.encode($0, tally: nil, today: today) }
    }

    @Sendable func openRound(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let (input, errors) = ProposalDTO.decode(round: try await JSONResponse.body(of: request, context: context))
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let round = try await store.proposals.openRound(proposal: id, input, by: actor)
        return JSONResponse.make(
            ProposalDTO.encode(round, tally: RoundTally(round: round, positions: []), today: CalendarDate.today(clock)),
            status: .created)
    }

    @Sendable func round(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let number = try ProposalsQuery.number(context, "number", entity: "round", id: id)
        let round = try await store.proposals.round(proposal: id, number: number, for: context.viewer)
        let positions = try await store.proposals.positions(proposal: id, round: number, for: context.viewer)
        return JSONResponse.make(
            ProposalDTO.encode(
                round, tally: RoundTally(round: round, positions: positions), today: CalendarDate.today(clock)))
    }

    @Sendable func positions(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let number = try ProposalsQuery.number(context, "number", entity: "round", id: id)
        let positions = try await store.proposals.positions(proposal: id, round: number, for: context.viewer)
        return JSONResponse.items(positions, ProposalDTO.encode)
    }

    @Sendable func positionsCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        return try await PositionsCSV.make(
            store, proposal: id, round: try ProposalsQuery.number(context, "number", entity: "round", id: id),
            for: context.viewer)
    }

    @Sendable func recordPosition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let number = try ProposalsQuery.number(context, "number", entity: "round", id: id)
        let member = try context.parameters.require("member")
        let (input, errors) = ProposalDTO.decode(position: try await JSONResponse.body(of: request, context: context))
        try EnlaceError.rejectShape(errors) { () throws(EnlaceError) in _ = try input.validated() }
        let position = try await store.proposals.recordPosition(
            proposal: id, round: number, member: member, input, by: actor)
        return JSONResponse.make(ProposalDTO.encode(position))
    }

    @Sendable func spawned(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let records = try await store.proposals.spawned(id: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.items(records, ProposalDTO.encode)
    }

    @Sendable func spawn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let (input, errors) = ProposalDTO.decode(spawn: try await JSONResponse.body(of: request, context: context))
        try EnlaceError.rejectShape(errors) { () throws(EnlaceError) in _ = try input.checkedKind() }
        let record = try await store.spawn(from: id, input, by: actor)
        return JSONResponse.make(ProposalDTO.encode(record), status: .created)
    }

    private func answer(_ proposal: Proposal, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.versioned(ProposalDTO.encode(proposal), version: proposal.version, status: status)
    }
}
