//! The address of a Spark Connect server, checked before the client is let near it.

use crate::EngineError;

/// How long a server may take to accept a connection.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Checks that something listens at the address of `url` (`sc://HOST:PORT/;params`):
/// the client itself retries an unreachable server without end.
pub(crate) fn reachable(url: &str) -> Result<(), EngineError> {
    use std::net::{TcpStream, ToSocketAddrs};
    let fail = |message: String| EngineError::Connect {
        url: url.to_owned(),
        message,
    };
    let rest = url
        .strip_prefix("sc://")
        .ok_or_else(|| fail("the address must start with sc://".into()))?;
    let authority = rest.split(['/', ';']).next().unwrap_or_default();
    let authority = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:15002")
    };
    let addrs = authority
        .to_socket_addrs()
        .map_err(|e| fail(format!("cannot resolve {authority}: {e}")))?;
    let mut last = format!("{authority} has no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(_) => return Ok(()),
            Err(e) => last = format!("nothing answers at {addr} ({e})"),
        }
    }
    Err(fail(last))
}
