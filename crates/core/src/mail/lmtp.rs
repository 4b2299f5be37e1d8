//! LMTP (RFC 2033), the last hop of mail: a mail server (Postfix) hands each
//! message to the mailbox store (Dovecot, Cyrus), which delivers it at once.
//! It is SMTP with two differences, and this file holds only those: the
//! client says LHLO instead of EHLO or HELO (§4.1), and after the end of a
//! message the server answers once for every recipient RCPT accepted, in
//! their order, so each delivery succeeds or fails on its own (§4.2).

use super::smtp::{Dialect, Smtp};
use crate::model::Dir;

/// LMTP's place among SMTP's dialects.
pub const LMTP: Dialect = Dialect { name: "lmtp", hello: "LHLO", reply_per_recipient: true };

/// A session that reads LMTP.
pub fn session() -> Smtp {
    Smtp::with_dialect(LMTP)
}

/// Whether the first bytes `dir` sent are LMTP: the client's LHLO, or a
/// greeting that names LMTP (Dovecot's does not, so its port decides).
pub fn recognise(dir: Dir, bytes: &[u8]) -> bool {
    let head = crate::mail::lossy(&bytes[..bytes.len().min(512)]).to_ascii_uppercase();
    match dir {
        Dir::Client => head.starts_with("LHLO "),
        Dir::Server => head.starts_with("220") && head.lines().next().is_some_and(|l| l.contains("LMTP")),
    }
}
