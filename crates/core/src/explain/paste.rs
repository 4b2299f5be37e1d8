//! What Postscope says about a pasted transcript (`crate::paste`): what
//! such a text cannot show, and how its two sides were told apart.

use super::catalogue::{entries, Entry};

entries! { ENTRIES;
"paste.limits", "",
    "This is a pasted transcript, not a capture: it holds the text a tool printed, not the packets. So it cannot show the TCP connection (its handshake, segments, lost or repeated bytes, its closing), when anything happened or how long it took, or exactly which bytes each side sent: line ends (CRLF or a bare LF), spaces at the end of a line, and characters the terminal hid or changed are lost. The numbers on the left are line numbers of the paste, not frame numbers.";
"paste.addresses", "",
    "Nor does it hold the two sides' addresses (their IP addresses and ports): Postscope names them only the client and the server.";
"paste.sides.swaks", "",
    "Who said what comes from swaks' own markers: <- for what the server sent, -> for what swaks sent, <~ and ~> for the same inside TLS, <** for an error reply; lines starting with === are swaks' notes about itself.";
"paste.sides.curl", "",
    "Who said what comes from curl's own markers: < for what curl received, > for what it sent; lines starting with * are curl's notes about itself. Where curl printed [N bytes data] instead of the data, the data itself is not in the transcript.";
"paste.sides.tshark", "",
    "Who said what comes from tshark's Follow TCP Stream output: the chunks of the second node (the side that accepted the connection) are indented with a tab.";
"paste.sides.inferred", "",
    "{0} marks neither side, so Postscope inferred who said what from the protocol's grammar: a line starting with a three-digit code (SMTP), with +OK or -ERR (POP3), or with * or the tag of a command sent before followed by OK, NO or BAD (IMAP) is the server's; the others are the client's, except the lines of a message, which belong to their sender up to the lone dot (or the byte count of a literal). This is an inference: a client line that looks like a reply would be read as the server's.";
"paste.openssl.starttls", "RFC 3207 §4",
    "With -starttls, openssl s_client read the greeting, sent its own EHLO (or CAPA, CAPABILITY) and STARTTLS (or STLS), and started TLS before it showed anything, so every line shown crossed inside TLS. The first line it printed can be the last line of the reply to its own EHLO.";
"paste.tool_lines", "",
    "{0} lines that {1} printed about itself (the connection, certificates, TLS, progress) were left out.";
"paste.cut", "",
    "The paste was longer than Postscope reads: its last {0} lines were left out.";
"paste.unknown", "",
    "Nothing in this paste looks like an SMTP, LMTP, POP3 or IMAP conversation (a reply code, +OK, * OK, or a command such as EHLO, USER or a tagged LOGIN), so its lines are shown without explanations.";
"paste.tls", "RFC 8446 §5.2",
    "Inside TLS: the tool printed this line from the decrypted connection. On the wire it was an encrypted TLS record, of which an eavesdropper saw only the size and timing.";
"paste.credential.tls", "",
    "This login crossed inside TLS: the tool saw it decrypted; an eavesdropper on the path could not read it.";
}
