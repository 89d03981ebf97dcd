public import EnlaceStore
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` Enlace believes.
///
/// Behind a proxy every request comes from the proxy's address, so the sign-in throttle would count every
/// client in one bucket; in front of none, those headers are whatever the client wrote. So the headers are
/// read only when the connection comes from a configured proxy, and then only as far back as the proxies
/// go: the client is the nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
public struct TrustedProxies: Sendable, Equatable {
    /// An address range: a network's first bytes and how many of its bits count.
    struct Range: Sendable, Equatable {
        let network: [UInt8]
        let prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            var bits = prefix
            for (a, b) in zip(address, network) where bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if a & mask != b & mask { return false }
                bits -= 8
            }
            return true
        }
    }

    let ranges: [Range]

    /// No proxy is trusted: forwarding headers are ignored (the default).
    public static let none = TrustedProxies(ranges: [])

    init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// The proxies in `text`: addresses and CIDR ranges separated by commas (`10.0.0.0/8, 127.0.0.1, ::1`).
    public init(parsing text: String) throws(ConfigurationError) {
        var ranges: [Range] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.bytes(of: parts[0]) else {
                throw ConfigurationError("--trusted-proxies / ENLACE_TRUSTED_PROXIES: '\(entry)' is not an IP address")
            }
            let width = bytes.count * 8
            let prefix = parts.count == 2 ? Int(parts[1]) : width
            guard let prefix, (0...width).contains(prefix) else {
                throw ConfigurationError(
                    "--trusted-proxies / ENLACE_TRUSTED_PROXIES: '\(entry)' has a prefix length outside 0–\(width)")
            }
            ranges.append(Range(network: bytes, prefix: prefix))
        }
        self.ranges = ranges
    }

    /// Whether `address` is one of the trusted proxies.
    func contains(_ address: String) -> Bool {
        guard !ranges.isEmpty, let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: `peer` itself unless it is a trusted proxy; then, walking `forwardedFor`
    /// (every `X-Forwarded-For` value, in order) from its end, the first address that is not a trusted proxy.
    func client(peer: String, forwardedFor: [String]) -> String {
        guard contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed().map(Self.withoutPort) {
            guard Self.bytes(of: hop) != nil else { break }
            client = hop
            if !contains(hop) { break }
        }
        return client
    }

    /// `hop` without the port some proxies write after it: `203.0.113.5:4711` and `[2001:db8::1]:4711`.
    static func withoutPort(_ hop: String) -> String {
        if hop.hasPrefix("["), let end = hop.firstIndex(of: "]") {
            return String(hop[hop.index(after: hop.startIndex)..<end])
        }
        if hop.contains("."), let colon = hop.firstIndex(of: ":"), hop.filter({ $0 == ":" }).count == 1 {
            return String(hop[..<colon])
        }
        return hop
    }

    /// The bytes of an IPv4 or IPv6 address in text; an IPv4 address mapped into IPv6 gives its four bytes.
    static func bytes(of text: String) -> [UInt8]? {
        guard let address = try? SocketAddress(ipAddress: text, port: 0) else { return nil }
        switch address {
        case .v4(let v4):
            return withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            let mapped = Array(repeating: UInt8(0), count: 10) + [0xFF, 0xFF]
            return Array(bytes.prefix(12)) == mapped ? Array(bytes.suffix(4)) : bytes
        case .unixDomainSocket:
            return nil
        }
    }
}
