import EnlaceCore

/// An organization on the wire: served by the reference API and written by the identity API.
enum OrganizationDTO {
    static func encode(_ organization: Organization) -> JSONValue {
        .object([
            ("code", .string(organization.code)), ("name", .string(organization.name)),
            ("kind", .string(organization.kind.rawValue)), ("country", .string(organization.country)),
            ("parent", .string(organization.parent)), ("member", .bool(organization.isMember)),
        ])
    }
}
