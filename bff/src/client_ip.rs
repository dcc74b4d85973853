use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The client's address, for per-client limits: the peer, or, when the peer is one of the
/// configured reverse proxies, the nearest address in `X-Forwarded-For` that is not one of
/// them. Without trusted proxies, every client behind a proxy shares the proxy's address, and
/// the limits then apply to all together, which errs safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(of_parts(&parts.extensions))
    }
}

/// What [`resolve`] found, or the peer when it did not run.
pub fn of_parts(extensions: &axum::http::Extensions) -> ClientIp {
    extensions.get::<ClientIp>().copied().unwrap_or_else(|| {
        ClientIp(
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip()),
        )
    })
}

/// The reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    pub fn new(nets: &[IpNet]) -> TrustedProxies {
        TrustedProxies(nets.into())
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Walks `X-Forwarded-For` from the right (the entry our own proxy wrote) past trusted
    /// proxies; the first other address is the client. A malformed entry stops the walk
    /// there: whatever is left of it was written by someone we do not trust.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) => {
                    client = ip.to_canonical();
                    if !self.trusts(client) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        client
    }
}

/// Middleware: records the [`ClientIp`] of each request, before the limits read it.
pub async fn resolve(
    State(proxies): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = of_parts(request.extensions()).0;
    let client = proxies.client(peer, request.headers());
    request.extensions_mut().insert(ClientIp(client));
    next.run(request).await
}

/// `--trusted-proxies`: a CIDR block, or a single address meaning just that host.
pub fn parse_net(value: &str) -> Result<IpNet, String> {
    let value = value.trim();
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{value}` is neither an IP address nor a CIDR block"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(nets: &[&str]) -> TrustedProxies {
        let nets: Vec<IpNet> = nets.iter().map(|n| parse_net(n).unwrap()).collect();
        TrustedProxies::new(&nets)
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("203.0.113.9"), &forwarded(&["1.2.3.4"])),
            ip("203.0.113.9")
        );
        let some = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            some.client(ip("203.0.113.9"), &forwarded(&["1.2.3.4"])),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_forwarded_client_counts() {
        let some = proxies(&["10.0.0.0/8", "127.0.0.1"]);
        assert_eq!(
            some.client(ip("127.0.0.1"), &forwarded(&["198.51.100.7"])),
            ip("198.51.100.7")
        );
        // Two proxies of ours; a client that forged an entry of its own is still itself.
        assert_eq!(
            some.client(
                ip("10.0.0.2"),
                &forwarded(&["6.6.6.6, 198.51.100.7", "10.0.0.1"])
            ),
            ip("198.51.100.7")
        );
        // IPv4 written as IPv6 by a dual-stack proxy.
        assert_eq!(
            some.client(ip("::ffff:10.0.0.2"), &forwarded(&["::ffff:198.51.100.7"])),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn garbage_stops_the_walk_and_no_header_leaves_the_proxy() {
        let some = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            some.client(ip("10.0.0.2"), &forwarded(&["unknown"])),
            ip("10.0.0.2")
        );
        assert_eq!(
            some.client(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
        assert_eq!(
            some.client(
                ip("10.0.0.2"),
                &forwarded(&["198.51.100.7, garbage, 10.0.0.1"])
            ),
            ip("10.0.0.1")
        );
    }
}
