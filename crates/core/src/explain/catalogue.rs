//! The catalogue itself: data, one entry per key, reviewed as prose. This
//! file holds the entries shared by all protocols (TCP, TLS, SASL, message
//! lines); `smtp.rs`, `pop3.rs` and `imap.rs` beside it hold each protocol's.
//! These files are the English catalogue and decide the keys; another
//! language is one file `crates/core/locales/<tag>.tsv` with a text for every
//! key (`crates/core/tests/locales.rs` fails on a missing one).
//!
//! Placeholders: `{0}`, `{1}`, ... are filled by the parser with values from
//! the capture (an address, a byte count, a mailbox name).

/// One explanation.
#[derive(Debug)]
pub struct Entry {
    pub key: &'static str,
    /// Where the behaviour is specified ("RFC 5321 §4.1.1.1"), or "".
    pub rfc: &'static str,
    pub text: &'static str,
}

/// Declares a static slice of entries: `entries! { NAME; "key", "RFC", "text"; ... }`.
macro_rules! entries {
    ($name:ident; $( $key:literal, $rfc:literal, $text:literal; )*) => {
        /// Explanations, one per key.
        pub static $name: &[Entry] = &[ $( Entry { key: $key, rfc: $rfc, text: $text }, )* ];
    };
}
pub(crate) use entries;

entries! { ENTRIES;
// ---------------------------------------------------------------- dialogue phases (the ladder)
"phase.handshake.title", "", "TCP handshake";
"phase.handshake", "", "The client and the server open a TCP connection with SYN, SYN-ACK and ACK. No mail has been said yet.";
"phase.greeting.title", "", "Greeting";
"phase.greeting", "", "The server speaks first: it announces who it is and that it is ready (220 in SMTP, +OK in POP3, * OK in IMAP).";
"phase.capabilities.title", "", "Capabilities";
"phase.capabilities", "", "The client asks what the server can do (EHLO, CAPA, CAPABILITY) and the server lists its extensions.";
"phase.tls.title", "", "TLS: encrypted from here";
"phase.tls", "", "The connection switches to TLS. From here a capture shows only the sizes and timing of encrypted records, not what they say.";
"phase.login.title", "", "Login";
"phase.login", "", "The client proves who it is. Without TLS the username and password cross the wire readable by anyone on the path.";
"phase.envelope.title", "", "Envelope";
"phase.envelope", "", "SMTP's envelope: who sends (MAIL FROM) and who receives (RCPT TO). It is what servers deliver by, not the From: and To: headers.";
"phase.message.title", "", "Message";
"phase.message", "", "The message itself crosses the wire: headers, a blank line, then the body (DATA or BDAT in SMTP, APPEND in IMAP).";
"phase.mailbox.title", "", "Mailbox";
"phase.mailbox", "", "The client works with the mailbox: lists, searches, downloads and deletes messages (POP3 STAT/LIST/RETR/DELE, IMAP SELECT/SEARCH/FETCH/STORE).";
"phase.close.title", "", "Goodbye";
"phase.close", "", "The client says goodbye (QUIT, LOGOUT) and TCP closes the connection with FIN or RST.";
"phase.other.title", "", "Other";
"phase.other", "", "Commands that belong to no single phase of the dialogue.";

// ---------------------------------------------------------------- TCP
"tcp.syn", "RFC 9293 §3.5",
    "SYN: the client asks to open a TCP connection to the server. It picks a random initial sequence number (shown as relative 0) and announces its options: {0}.";
"tcp.syn_ack", "RFC 9293 §3.5",
    "SYN-ACK: the server agrees to open the connection, acknowledges the client's SYN and sends its own initial sequence number and options: {0}.";
"tcp.handshake_ack", "RFC 9293 §3.5",
    "ACK: the client acknowledges the server's SYN. The three-way handshake is complete; from here both sides may send data.";
"tcp.fin", "RFC 9293 §3.6",
    "FIN: this side has nothing more to send and starts closing its half of the connection. The other side acknowledges it; it may still send, and closes its own half with a FIN of its own when it is done.";
"tcp.fin.answer", "RFC 9293 §3.6",
    "FIN: this side closes its half of the connection too; the other side's FIN came before it. Once this FIN is acknowledged, both halves are closed and the connection is over.";
"tcp.rst", "RFC 9293 §3.5.2",
    "RST: this side aborts the connection at once, without the orderly FIN exchange. Data still in flight is thrown away.";
"tcp.retransmission", "RFC 9293 §3.8.1",
    "Retransmission: {0} bytes the sender had already sent, seen again. A sender repeats bytes whose acknowledgement did not come in time (the first copy, or its acknowledgement, may have been lost after the capture point); a copy that follows the first almost at once can also be a duplicate made by the network or the capture. A capture cannot tell these apart. Postscope counts the bytes once and keeps the first copy it saw; it does not check that the second copy holds the same bytes.";
"tcp.retransmission.partly_new", "RFC 9293 §3.10.7.4",
    "Partly a retransmission: the first {0} bytes of this segment were seen before, the other {1} are new. A sender that repeats bytes may send more with them; the receiver keeps the bytes it already had and takes the new ones, and so does Postscope (it keeps the first copy of the repeated bytes and does not check that the two copies are the same).";
"tcp.retransmission.partly_new.singular", "RFC 9293 §3.10.7.4", "Partly a retransmission: the first byte of this segment was seen before, the other {1} are new. A sender that repeats bytes may send more with them; the receiver keeps the bytes it already had and takes the new ones, and so does Postscope (it keeps the first copy of the repeated bytes and does not check that the two copies are the same).";
"tcp.retransmission.syn", "RFC 9293 §3.8.1",
    "The client sends its SYN again, with the same initial sequence number: its first SYN did not open the connection (no SYN-ACK came back in time, or the attempt was refused). A copy that follows the first almost at once may also be a duplicate made by the network or the capture.";
"tcp.retransmission.syn_ack", "RFC 9293 §3.5",
    "The server sends its SYN-ACK again, with the same initial sequence number: it answers a SYN the client sent again, or its first SYN-ACK was not acknowledged in time. A copy that follows the first almost at once may also be a duplicate made by the network or the capture.";
"tcp.fast_retransmission", "RFC 5681 §3.2",
    "Fast retransmission: {0} bytes sent again at once because the receiver sent duplicate ACKs for them, without waiting for a timeout.";
"tcp.acked_unseen", "RFC 9293 §3.4",
    "ACKed segment that wasn't captured (Wireshark's name): this acknowledges bytes the capture has not shown up to here. They may still come later in the capture, which sometimes stores an acknowledgement before the data it acknowledges, or never, when the capture began mid-conversation or the capture tool dropped packets. Either way the receiver had them, since it acknowledges them.";
"tcp.out_of_order", "RFC 9293 §3.10.7.4",
    "Out of order: {0} bytes that arrived after bytes that follow them. The receiver puts them back in order, and so does Postscope.";
"tcp.lost.filled", "RFC 9293 §3.10.7.4",
    "Previous segment not captured, as Wireshark labels it: {0} bytes before this segment had not arrived when it came. They came later, out of order, so nothing is missing: the receiver puts them back in sequence order, and so does Postscope.";
"tcp.lost.filled.singular", "RFC 9293 §3.10.7.4", "Previous segment not captured, as Wireshark labels it: {0} byte before this segment had not arrived when it came. It came later, out of order, so nothing is missing: the receiver puts it back in sequence order, and so does Postscope.";
"tcp.lost", "",
    "Previous segment not captured: {0} bytes before this segment never appeared in the capture. They may have been lost on the network or only missed by the capture tool.";
"tcp.lost.singular", "", "Previous segment not captured: {0} byte before this segment never appeared in the capture. It may have been lost on the network or only missed by the capture tool.";
"tcp.dup_ack", "RFC 5681 §3.2",
    "Duplicate ACK #{0}: the receiver acknowledges the same byte again, telling the sender that something after it is missing. Three of these make the sender retransmit quickly.";
"tcp.zero_window", "RFC 9293 §3.8.6",
    "Zero window: this side's receive buffer is full and it asks the other side to stop sending until it announces a window again.";
"tcp.window_full", "RFC 9293 §3.8.6",
    "Window full: this segment fills the receiver's advertised window exactly; the sender must now wait for an acknowledgement before sending more.";
"tcp.keep_alive", "RFC 9293 §3.8.4",
    "Keep-alive: a probe with no new data, sent to check that the other side is still there.";
"tcp.gap", "",
    "{0} bytes missing from the capture here. They crossed the network (the receiver acknowledged them) but the capture does not hold them, so what they said cannot be shown.";
"tcp.gap.singular", "", "{0} byte missing from the capture here. It crossed the network (the receiver acknowledged it) but the capture does not hold it, so what it said cannot be shown.";
"tcp.gap.cut", "",
    "{0} bytes of this packet were not captured: the capture tool kept only the first part of each packet (its snapshot length).";
"tcp.gap.cut.singular", "", "{0} byte of this packet was not captured: the capture tool kept only the first part of each packet (its snapshot length).";
"tcp.options.none", "", "no options";
"line.lost_start", "",
    "The gap above ran {0} bytes past the end of the literal before it, so this line may have lost its start to the gap: it is shown as far as the capture holds it, and which command or response it belongs to cannot be told.";
"line.partial", "", "This line is cut: its end is not in the capture (the bytes after it are missing, or the capture ends), so it is shown as far as it goes and what follows is a guess from its start.";
"line.long", "",
    "This line is {0} bytes long: only its first {1} bytes are kept and shown here; the rest, up to frame {2}, was counted as it crossed, not kept.";
"line.long.unended", "",
    "This line has {0} bytes and no line end after them in the capture (the conversation, or the counted bytes it was in, ended first): only its first {1} bytes are kept and shown here; the rest, up to frame {2}, was counted as it crossed, not kept.";
"line.long.smtp", "RFC 5321 §4.5.3.1",
    "SMTP sets a maximum length for its lines (512 octets for a command or a reply line, 1000 for a line of message text, each with its CRLF): this line is far beyond all of them.";
"line.long.smtp.command", "RFC 5321 §4.5.3.1.4",
    "A command line of SMTP is at most 512 octets long, the command word and the CRLF included: this one breaks that limit, and a server need not accept it.";
"line.long.smtp.reply", "RFC 5321 §4.5.3.1.5",
    "A reply line of SMTP is at most 512 octets long, the reply code and the CRLF included: this one breaks that limit.";
"line.long.smtp.content", "RFC 5321 §4.5.3.1.6",
    "A line of message text in SMTP is at most 1000 octets long, its CRLF included (a dot doubled by dot-stuffing not counted): this one breaks that limit, and a server need not accept the message.";
"line.long.pop3.command", "RFC 2449 §4",
    "A POP3 command is at most 255 octets long, its CRLF included (RFC 2449 raised RFC 1939's limit of 40 characters for an argument): this one breaks that limit.";
"line.long.pop3.reply", "RFC 1939 §3",
    "A POP3 response line is at most 512 characters long, its CRLF included: this one breaks that limit.";
"line.long.content", "RFC 5322 §2.1.1",
    "A line of a message is at most 998 characters long, its CRLF not counted: this one breaks that limit.";
"line.long.imap", "RFC 7162 §4",
    "IMAP itself sets no maximum length for a line (RFC 9051), but clients should keep a command line to about 8192 octets (literals not counted) and servers should accept at least that much: this line is far longer.";
"content.elided", "",
    "{0} more lines of this message ({1} bytes, from frame {2} to frame {3}) are not listed one by one: Postscope lists at most the first {4} lines ({5} MiB) of a message and counts the rest, so that its memory stays bounded. The message record has them (up to the message's first 32 MiB), and the message view shows them.";
"lines.elided", "",
    "{0} more lines of this response ({1} bytes, from frame {2} to frame {3}) are not listed one by one: Postscope lists at most the first {4} lines ({5} MiB) of a multi-line response and counts the rest, so that its memory stays bounded.";
"tcp.options", "", "{0}";
"tcp.options.mss", "", "maximum segment size {0} bytes";
"tcp.options.window_scale", "", "window scale {0} (multiply the window by {1})";
"tcp.options.sack", "", "selective acknowledgements allowed";
"tcp.options.timestamps", "", "timestamps";

// ---------------------------------------------------------------- TLS
"tls.client_hello", "RFC 8446 §4.1.2",
    "TLS ClientHello: the client starts encryption. It lists the TLS versions and cipher suites it can use{0}. This message itself is still readable; everything after the handshake is not.";
"tls.server_hello", "RFC 5246 §7.3",
    "TLS ServerHello: the server picks {0}. In this version the rest of the handshake (the server's certificate, the key exchange) still crosses in the clear; each side encrypts from its ChangeCipherSpec on, and after that a capture shows only record sizes and timing.";
"tls.server_hello.13", "RFC 8446 §2",
    "TLS ServerHello: the server picks {0}. In TLS 1.3 everything after this message is encrypted, the rest of the handshake and the server's certificate included: from here a capture shows only record sizes and timing.";
"tls.handshake", "RFC 5246 §7.4, RFC 8446 §4",
    "TLS handshake message ({0}), {1} bytes.";
"tls.change_cipher_spec", "RFC 5246 §7.1",
    "ChangeCipherSpec: from the next record on, this side encrypts what it sends.";
"tls.change_cipher_spec.13", "RFC 8446 §5",
    "ChangeCipherSpec in TLS 1.3 is only a compatibility record (RFC 8446 Appendix D.4): it is sent because some middleboxes expect it, and it changes nothing. Encryption already began after the ServerHello.";
"tls.alert.plain", "RFC 5246 §7.2, RFC 8446 §6",
    "TLS alert, sent in the clear, so anyone can read it: {0}, {1}";
"tls.alert.level.1", "", "a warning";
"tls.alert.level.2", "", "fatal (both sides close the connection at once, so nothing more is exchanged)";
"tls.alert.level.other", "", "of level {0}, which TLS does not define";
"tls.alert.desc.other", "", "{0} (description {1}).";
"tls.alert.desc.0", "", "close_notify: the sender will send nothing more on this connection.";
"tls.alert.desc.10", "", "unexpected_message: a message arrived that does not fit the handshake at this point.";
"tls.alert.desc.20", "", "bad_record_mac: a record could not be authenticated (damaged, or the keys do not match).";
"tls.alert.desc.40", "", "handshake_failure: the two sides found no set of parameters (versions, cipher suites) they both accept.";
"tls.alert.desc.42", "", "bad_certificate: a certificate was corrupt or its signatures did not verify.";
"tls.alert.desc.43", "", "unsupported_certificate: a certificate of a type the sender does not support.";
"tls.alert.desc.44", "", "certificate_revoked: a certificate was revoked by its issuer.";
"tls.alert.desc.45", "", "certificate_expired: a certificate has expired or is not valid yet.";
"tls.alert.desc.46", "", "certificate_unknown: the certificate could not be accepted, for a reason the sender does not name.";
"tls.alert.desc.47", "", "illegal_parameter: a field of the handshake was out of range or inconsistent.";
"tls.alert.desc.48", "", "unknown_ca: the sender does not trust the issuer of the certificate it was shown, so certificate verification failed (a client says this to a server with a self-signed certificate). The handshake stops here.";
"tls.alert.desc.50", "", "decode_error: a message could not be parsed.";
"tls.alert.desc.51", "", "decrypt_error: a signature or Finished check failed.";
"tls.alert.desc.70", "", "protocol_version: the sender does not support the TLS version offered or chosen.";
"tls.alert.desc.71", "", "insufficient_security: the other side offered only cipher suites weaker than the sender accepts.";
"tls.alert.desc.80", "", "internal_error: the sender failed for a reason of its own, not the other side's.";
"tls.alert.desc.86", "", "inappropriate_fallback: a client retried with a lower version than the server supports.";
"tls.alert.desc.109", "", "missing_extension: a required handshake extension was not sent.";
"tls.alert.desc.112", "", "unrecognized_name: the server has no certificate for the server name (SNI) the client asked for.";
"tls.alert.desc.116", "", "certificate_required: the server asked for a client certificate and got none.";
"tls.alert.desc.120", "", "no_application_protocol: no application protocol (ALPN) both sides support.";
"tls.alert", "RFC 5246 §7.2, RFC 8446 §6",
    "TLS alert, {0} bytes: a warning or an error about the encrypted session (its content is encrypted once the handshake is over).";
"tls.application_data", "RFC 5246 §6.2, RFC 8446 §5.2",
    "Encrypted application data, {0} bytes. The mail commands, passwords and messages are inside, unreadable without the session keys. What a student can still learn: who talked to whom, when, and roughly how much.";
"tls.handshake13", "RFC 8446 §2",
    "Encrypted handshake, {0} bytes: TLS 1.3 encrypts everything after the hellos, even the server's certificate and both Finished messages, so a capture cannot show who the server claims to be. The record is labelled application data on the wire to look like any other.";
"tls.application_data.more", "RFC 5246 §6.2, RFC 8446 §5.2",
    "Encrypted application data, {0} bytes: more of the mail dialogue, unreadable. Its size and timing still hint at what it is (a short command, a long message).";
"tls.application_data.other", "RFC 5246 §6.2, RFC 8446 §5.2",
    "Encrypted application data, {0} bytes. This conversation is not one of the mail protocols Postscope reads (no mail port and no mail greeting), so what it carries cannot be told, and it is unreadable without the session keys. What a student can still learn: who talked to whom, when, and roughly how much.";
"tls.application_data.other.more", "RFC 5246 §6.2, RFC 8446 §5.2",
    "Encrypted application data, {0} bytes: more of this conversation, unreadable without the session keys.";
"tls.hello.offer", "", " (versions offered: {0}; {1} cipher suites{2})";
"tls.hello.sni", "", "; server name (SNI) \"{0}\", sent in clear";
"tls.hello.chosen", "", "{0} with {1}";
"tls.suite", "", "{0}";
"tls.suite.unknown", "", "cipher suite {0}";
"tls.handshake.encrypted", "", "encrypted";
"tls.handshake.finished", "", "encrypted, most likely Finished";
"tls.never_started", "RFC 3207 §4.1", "In this capture no TLS handshake follows. If the conversation goes on, it goes on in plain text here: either the client carried on without TLS, which the rules of STARTTLS forbid once the server agreed, or the tool that wrote the capture had already decrypted it. A capture alone cannot tell which.";
"tls.starts", "",
    "From here the connection is encrypted with TLS.";
"tls.implicit", "RFC 8314 §3",
    "Implicit TLS: the client starts TLS at once, without a STARTTLS command first, as ports 465 (SMTP submission), 993 (IMAP) and 995 (POP3) expect. Nothing of the mail dialogue is readable.";
"tls.implicit.decrypted", "RFC 8314 §3",
    "Implicit TLS: the client starts TLS at once, without a STARTTLS command first, as ports 465 (SMTP submission), 993 (IMAP) and 995 (POP3) expect. An eavesdropper reads nothing of the mail dialogue; with the key log, Postscope reads it below.";
"tls.implicit.unusual_port", "RFC 8314 §3",
    "Implicit TLS: the client starts TLS at once on port {0}, without a STARTTLS command first. On this port a plain-text dialogue with STARTTLS is usual, so a tool that reads it as mail lines shows garbage; these bytes are TLS.";
"tls.not_answered", "RFC 8314 §3",
    "The client sent TLS, but the server answers in plain text: it expected the plain protocol and reads the TLS bytes as bad commands.";

// ---------------------------------------------------------------- inside TLS, with a key log
"tls.decrypted", "RFC 8446 §5.2",
    "Decrypted with the key log. An eavesdropper without the keys saw only an encrypted TLS record here, and could learn no more than its size and timing.";
"tls.handshake.decrypted", "RFC 8446 §4",
    "Encrypted handshake, {0} bytes. Decrypted with the key log, it holds {1}. An eavesdropper without the keys sees only its size.";
"tls.alert.decrypted", "RFC 8446 §6",
    "Encrypted TLS alert, {0} bytes. Decrypted with the key log, it is {1} (close_notify is the orderly end of a TLS session; other alerts report an error). An eavesdropper without the keys sees only a small record.";
"tls.not_decrypted", "RFC 8446 §5.2",
    "Not decrypted: {0} From here on this direction's records are shown only as an eavesdropper without the keys sees them.";
"tls.not_decrypted.no_hellos", "RFC 8446 §4.1.2",
    "the capture holds no ClientHello and ServerHello for this connection (it began in the middle), and a key log finds a connection's secrets by its ClientHello's random.";
"tls.not_decrypted.no_key", "draft-ietf-tls-keylogfile",
    "the key log holds no secrets for this connection (its ClientHello random begins {0}). The key log is another connection's, or the client did not write this one's.";
"tls.not_decrypted.missing_secret", "draft-ietf-tls-keylogfile",
    "the key log has this connection but not its {0} secret, which this direction needs now.";
"tls.not_decrypted.secret_length", "RFC 8446 §7.1",
    "the key log's {0} secret for this connection is {1} bytes long, but this cipher suite's hash needs {2}.";
"tls.not_decrypted.version", "RFC 8446 §4.2.1",
    "the connection uses {0}, which Postscope does not decrypt (it decrypts TLS 1.2 and TLS 1.3).";
"tls.not_decrypted.suite", "RFC 8446 §B.4",
    "the connection uses cipher suite {0}, which Postscope does not decrypt.";
"tls.not_decrypted.too_short", "RFC 8446 §5.2",
    "record {0} ({1}) is only {2} bytes, too short for its nonce, tag or MAC.";
"tls.not_decrypted.bad_tag", "RFC 8446 §5.2",
    "record {0} ({1}) does not verify: its authentication tag or MAC is wrong, so the keys are not this connection's or the record was damaged (a gap in the capture does this too).";
"tls.not_decrypted.bad_padding", "RFC 5246 §6.2.3.2",
    "record {0} ({1}) has bad CBC padding: the keys are wrong or the record was damaged.";
"tls.not_decrypted.no_content_type", "RFC 8446 §5.4",
    "record {0} ({1}) is all padding and names no content type.";
"tls.epoch.tls12", "RFC 5246 §6.1", "counted from 1 after this side's ChangeCipherSpec";
"tls.epoch.handshake", "RFC 8446 §7.3", "counted from 1 under the handshake keys";
"tls.epoch.application", "RFC 8446 §7.3", "counted from 1 under the application keys";
"tls.epoch.updated", "RFC 8446 §4.6.3", "counted from 1 under the application keys after KeyUpdate {0}";
"keylog.line", "draft-ietf-tls-keylogfile",
    "Key log line {0} was not used: {1}.";
"keylog.line.dsb", "draft-ietf-tls-keylogfile",
    "Line {0} of the key log in the capture's decryption secrets block (at byte {1}) was not used: {2}.";
"keylog.more", "draft-ietf-tls-keylogfile",
    "{0} more key log lines were not used.";
"keylog.problem.unknown_label", "draft-ietf-tls-keylogfile",
    "its label {0} is not one that names a secret of a TLS 1.2 or 1.3 connection (an RSA line holds an encrypted pre-master secret instead)";
"keylog.problem.missing_field", "draft-ietf-tls-keylogfile", "it has fewer than the three fields LABEL, client random and secret";
"keylog.problem.extra_field", "draft-ietf-tls-keylogfile", "it has more than the three fields LABEL, client random and secret";
"keylog.problem.bad_random", "draft-ietf-tls-keylogfile", "its client random is not 64 hexadecimal digits";
"keylog.problem.secret_not_hex", "draft-ietf-tls-keylogfile", "its secret is not an even number of hexadecimal digits";
"keylog.problem.secret_length", "draft-ietf-tls-keylogfile", "its {0} secret is {1} bytes long, a length no such secret has";
"keylog.problem.not_text", "draft-ietf-tls-keylogfile", "it is not UTF-8 text";
"keylog.problem.conflict", "draft-ietf-tls-keylogfile",
    "an earlier line gave another {0} secret for the same client random; the first one is kept";
"keylog.unmatched", "draft-ietf-tls-keylogfile",
    "{0} of the key log's {1} connections (by ClientHello random) match no TLS connection in this capture (the first begins {2}): the key log holds another capture's keys too, or those connections were not captured.";
"credential.decrypted", "RFC 8446 §5.2",
    "This login crossed inside TLS: Postscope read it with the key log; an eavesdropper without the keys could not.";

// ---------------------------------------------------------------- SMTP message transfer
"smtp.data.end", "RFC 5321 §4.1.1.4",
    "A line with a single dot: the end of the message. The server now answers whether it accepts it.";
"smtp.data.header", "RFC 5322 §2.2", "Message header {0}.";
"smtp.data.blank", "RFC 5322 §2.1", "The blank line that ends the headers; the body follows.";
"smtp.data.stuffed", "RFC 5321 §4.5.2",
    "A body line starting with a dot: the client doubled the dot (dot-stuffing) so it is not taken for the end of the message; the server removes one.";
"header.from", "RFC 5322 §3.6.2", "From: who wrote the message, as the reader's mail program shows it. SMTP does not check it (the envelope sender in MAIL FROM may differ), so it can be forged; receiving servers check its domain with SPF, DKIM and DMARC (RFC 7489).";
"data.lone_dot", "RFC 3030 §2", "A line with only a dot, and still part of the message: here the data is counted in bytes (a BDAT chunk, an IMAP literal), so a dot ends nothing.";
"header.continued", "RFC 5322 §2.2.3", "The {0} header, continued: a line that starts with a space or a tab continues the header above it (folding).";
"header.to", "RFC 5322 §3.6.3", "To: the main recipients, as shown to the reader. The envelope (RCPT TO) decides where the message really goes.";
"header.cc", "RFC 5322 §3.6.3", "Cc: recipients who get a copy, visible to all.";
"header.bcc", "RFC 5322 §3.6.3", "Bcc: recipients hidden from the others; a sending program normally removes this header.";
"header.reply-to", "RFC 5322 §3.6.2", "Reply-To: where replies should go, if not to the From: address.";
"header.subject", "RFC 5322 §3.6.5", "Subject: the topic line. Non-ASCII text here is written as =?charset?B?...?= or =?charset?Q?...?= encoded-words (RFC 2047), unless the message is sent with SMTPUTF8, which carries UTF-8 as it is (RFC 6532).";
"header.date", "RFC 5322 §3.6.1", "Date: when the writer's program says the message was written (its clock, not the server's).";
"header.message-id", "RFC 5322 §3.6.4", "Message-ID: a unique name for this message, made by the sender; replies refer to it.";
"header.in-reply-to", "RFC 5322 §3.6.4", "In-Reply-To: the Message-ID of the message this one answers.";
"header.references", "RFC 5322 §3.6.4", "References: the Message-IDs of the conversation so far, for threading.";
"header.received", "RFC 5321 §4.4", "Received: added by each server the message passed through, newest at the top: the message's route, read from the bottom up.";
"header.delivered-to", "RFC 9228 §4", "Delivered-To: the mailbox the receiving server delivered this copy to.";
"header.x-original-to", "Postfix", "X-Original-To: the recipient address as the client gave it (RCPT TO), before any alias or forwarding; added by Postfix.";
"header.return-path", "RFC 5321 §4.4", "Return-Path: the envelope sender (MAIL FROM), written in by the server that delivers the message.";
"header.mime-version", "RFC 2045 §4", "MIME-Version: the message uses MIME, so it can have parts, attachments and non-ASCII text.";
"header.content-type", "RFC 2045 §5", "Content-Type: what the body (or this part) is: text/plain, text/html, an image, or multipart with a boundary line between parts.";
"header.content-transfer-encoding", "RFC 2045 §6", "Content-Transfer-Encoding: how the body is encoded to cross the wire: 7bit, 8bit, binary, quoted-printable or base64.";
"header.content-transfer-encoding.7bit", "RFC 2045 §6.2", "Content-Transfer-Encoding: 7bit: the body is not encoded: plain US-ASCII text in lines of at most 998 characters, readable as it is.";
"header.content-transfer-encoding.8bit", "RFC 2045 §6.2", "Content-Transfer-Encoding: 8bit: the body is not encoded, but it may contain bytes above 127 (such as UTF-8 letters); over SMTP that needs the 8BITMIME extension (RFC 6152).";
"header.content-transfer-encoding.binary", "RFC 2045 §6.2", "Content-Transfer-Encoding: binary: the body is raw bytes in lines of any length, which SMTP carries only with BDAT and BINARYMIME (RFC 3030).";
"header.content-transfer-encoding.quoted-printable", "RFC 2045 §6.7", "Content-Transfer-Encoding: quoted-printable: the body is mostly readable text; =XX stands for the byte with hex value XX, and = at the end of a line joins it to the next.";
"header.content-transfer-encoding.base64", "RFC 2045 §6.8", "Content-Transfer-Encoding: base64: the body is Base64, four letters for every three bytes: decode it to read it (an encoding, not encryption).";
"header.utf8.smtputf8", "RFC 6532 §3",
    "This header carries UTF-8 as it is, with no =?...?= encoded-words: allowed because MAIL FROM announced SMTPUTF8 for this message (RFC 6531 §3.4).";
"header.utf8.without_smtputf8", "RFC 6532 §3",
    "This header carries raw non-ASCII bytes, but MAIL FROM did not announce SMTPUTF8: without it, headers must be ASCII (RFC 5322 §2.2, RFC 6531 §3.4), and non-ASCII text should be written as =?charset?...?= encoded-words (RFC 2047). A receiver may refuse or garble it.";
"header.utf8", "RFC 6532 §3",
    "This header carries UTF-8 as it is, with no =?...?= encoded-words: the message was written as an internationalised message, which can cross SMTP only with the SMTPUTF8 extension (RFC 6531).";
"header.content-disposition", "RFC 2183 §2", "Content-Disposition: whether this part is shown in the message (inline) or is an attachment, and its file name.";
"header.x-mailer", "RFC 5322 §3.6.8", "X-Mailer: the program that sent the message (an X- header, not standard).";
"header.user-agent", "RFC 5322 §3.6.8", "User-Agent: the program that sent the message (not a standard mail header).";
"smtp.bdat.chunk", "RFC 3030 §2", "Message bytes sent by BDAT ({0} bytes in this chunk).";
"smtp.bdat.chunk.singular", "RFC 3030 §2", "Message bytes sent by BDAT ({0} byte in this chunk).";

// ---------------------------------------------------------------- SASL (all protocols)
"sasl.prompt", "RFC 4954 §4", "The server's Base64 prompt decodes to \"{0}\".";
"sasl.prompt.empty", "RFC 4422 §5", "The server's prompt is empty: it waits for the client to start.";
"sasl.username", "RFC 4954 §4", "The client's answer, Base64 for \"{0}\": the username. Base64 is an encoding anyone can reverse, not encryption.";
"sasl.password", "RFC 4954 §4", "The client's answer, Base64 for \"{0}\": the password, readable by anyone who captured this.";
"sasl.plain", "RFC 4616 §2",
    "Base64 for \"{0}\": authorization identity, username and password separated by NUL bytes (shown as \\0). Username \"{1}\", password \"{2}\".";
"sasl.cram.challenge", "RFC 2195 §2", "The CRAM-MD5 challenge, Base64 for \"{0}\": a one-time string the client must sign with the password.";
"sasl.cram.response", "RFC 2195 §2",
    "The CRAM-MD5 answer, Base64 for \"{0}\": the username and an HMAC-MD5 digest. The password is not here, but with the challenge above an attacker can test guesses offline.";
"sasl.token", "RFC 7628 §3.1", "An OAuth bearer token for {0}. Whoever captures it can log in as this user until it expires.";
"sasl.token.error", "RFC 7628 §3.2.2", "The server's answer to a bad token, Base64 for \"{0}\": an error report in JSON. The client must send an empty line to end the login.";
"sasl.cancel", "RFC 4954 §4", "The client cancels the login with \"*\".";
"sasl.data", "RFC 4422 §5", "Part of a login exchange (SASL), Base64 decoded: \"{0}\".";
"sasl.empty", "RFC 4422 §5", "An empty SASL answer.";
"sasl.not_base64", "RFC 4954 §4", "This line should be Base64 (a step of the login) but is not; the server will reject it.";
// The same steps in POP3 (RFC 5034) and IMAP (RFC 9051), which carry SASL in their own commands.
"sasl.prompt.pop3", "RFC 5034 §4", "The server's Base64 prompt decodes to \"{0}\".";
"sasl.prompt.imap", "RFC 9051 §6.2.2", "The server's Base64 prompt decodes to \"{0}\".";
"sasl.username.pop3", "RFC 5034 §4", "The client's answer, Base64 for \"{0}\": the username. Base64 is an encoding anyone can reverse, not encryption.";
"sasl.username.imap", "RFC 9051 §6.2.2", "The client's answer, Base64 for \"{0}\": the username. Base64 is an encoding anyone can reverse, not encryption.";
"sasl.password.pop3", "RFC 5034 §4", "The client's answer, Base64 for \"{0}\": the password, readable by anyone who captured this.";
"sasl.password.imap", "RFC 9051 §6.2.2", "The client's answer, Base64 for \"{0}\": the password, readable by anyone who captured this.";
"sasl.cancel.pop3", "RFC 5034 §4", "The client cancels the login with \"*\".";
"sasl.cancel.imap", "RFC 9051 §6.2.2", "The client cancels the login with \"*\".";
"sasl.not_base64.pop3", "RFC 5034 §4", "This line should be Base64 (a step of the login) but is not; the server will reject it.";
"sasl.not_base64.imap", "RFC 9051 §6.2.2", "This line should be Base64 (a step of the login) but is not; the server will reject it.";
"sasl.ntlm.negotiate", "MS-NLMP §2.2.1.1",
    "NTLM step 1 (NEGOTIATE), Base64 decoded: the client announces which NTLM options it supports{0}. No secret is in this message.";
"sasl.ntlm.challenge", "MS-NLMP §2.2.1.2",
    "NTLM step 2 (CHALLENGE), Base64 decoded: the server sends an 8-byte random challenge ({0}){1}. The client must prove it knows the password by computing a response to it.";
"sasl.ntlm.authenticate", "MS-NLMP §2.2.1.3",
    "NTLM step 3 (AUTHENTICATE), Base64 decoded: domain \"{0}\", user \"{1}\", workstation \"{2}\" (sent as UTF-16 text, readable), and a {3}-byte response computed from the challenge and the password's hash. The password itself is not sent, but the response can be cracked offline by trying guesses.";
"sasl.ntlm.other", "MS-NLMP §2.2", "An NTLM message, Base64 decoded.";
"sasl.ntlm.target", "", ", for the domain \"{0}\"";
"sasl.ntlm.names", "", " (domain \"{0}\", workstation \"{1}\")";
"sasl.exposure.clear", "",
    "These crossed the wire readable by anyone who could capture the traffic: Base64 or plain text is not encryption.";
"sasl.exposure.clear.decrypted", "",
    "Base64 or plain text is not encryption: without TLS anyone who could capture the traffic would read them.";
"sasl.exposure.digest", "",
    "The password itself did not cross the wire, only a digest of it, which can still be attacked offline by trying guesses.";
"sasl.exposure.ntlm", "",
    "NTLM sends a challenge response, not the password: the names are readable, and the response can be cracked offline by trying guesses.";
"sasl.exposure.token", "",
    "A bearer token crossed the wire: whoever captured it can use it until it expires.";
"sasl.exposure.encrypted", "",
    "This login crossed the wire inside TLS, so the capture cannot show it.";
"credential", "", "{0} login with {1}. {2}";

// ---------------------------------------------------------------- tunnels before a mail protocol
"tunnel.socks5", "RFC 1928 §4",
    "SOCKS5 set-up (binary, shown in hex): the client asks a SOCKS proxy to connect it to a mail server, and the proxy answers. The mail dialogue that follows runs through this tunnel, unchanged.";
"tunnel.http_connect", "RFC 9110 §9.3.6",
    "HTTP CONNECT set-up: the client asks an HTTP proxy to open a tunnel to a mail server, and the proxy agrees. The mail dialogue that follows runs through this tunnel, unchanged.";
"tunnel.other", "", "Bytes before the mail dialogue starts (a tunnel or proxy set-up Postscope does not know).";
"tunnel.name.socks5", "", "SOCKS5";
"tunnel.name.http_connect", "", "HTTP CONNECT";
"tunnel.name.other", "", "unknown set-up";

// ---------------------------------------------------------------- why a conversation's protocol was chosen (recognised_by)
"recognised.pending", "", "nothing yet";
"recognised.decode_as", "", "decode-as port {0}";
"recognised.port", "", "port {0}";
"recognised.content", "", "content: its first bytes look like {0}";
"recognised.tunnel", "", "content: {0} inside a tunnel ({1}), after {2} segments that set it up";
"recognised.no_mail", "", "no mail protocol recognised in its first bytes";
"recognised.no_payload", "", "no payload to recognise";
"recognised.pasted", "", "a pasted transcript";

// ---------------------------------------------------------------- messages and lines in general
"line.cut", "", "This line was longer than 64 KiB; it is shown cut.";
"other.bytes", "", "Bytes that do not fit the protocol here.";
"other.binary", "", "Binary bytes that are not a line of the protocol (not readable text).";

// ---------------------------------------------------------------- messages that crossed the wire
"message.smtp.DATA", "RFC 5321 §4.1.1.4",
    "The message the client sent after DATA, rebuilt from its lines up to the lone dot. The dots the client doubled at the start of lines (dot-stuffing) are removed again, so these are the bytes the server stored.";
"message.smtp.BDAT", "RFC 3030 §2",
    "The message the client sent in BDAT chunks, joined in order. Each chunk was counted in bytes, so nothing needed escaping: these are the bytes as sent.";
"message.pop3.RETR", "RFC 1939 §5",
    "The message the server sent for RETR, rebuilt from its lines up to the lone dot, with the server's dot-stuffing undone: the message as it lies in the mailbox.";
"message.pop3.TOP", "RFC 1939 §7",
    "What the server sent for TOP: the message's headers and only the first body lines asked for, so this is not the whole message.";
"message.imap.FETCH", "RFC 9051 §7.5.2",
    "The message the server sent in a FETCH response, as a literal: the {n} before it gave the exact number of bytes.";
"message.imap.UID_FETCH", "RFC 9051 §6.4.9",
    "The message the server sent in answer to UID FETCH, as a literal: the {n} before it gave the exact number of bytes.";
"message.imap.APPEND", "RFC 9051 §6.3.12",
    "The message the client uploaded with APPEND, as a literal: typically the copy of a sent mail or a draft that the client stores on the server.";
"message.other", "",
    "A message that crossed the wire with {0}.";
"message.section", "RFC 9051 §6.4.5",
    "Only part of the message was fetched here ({0}).";
"message.ended_early", "",
    "The capture ends (or the connection was left) before this message does: only its beginning can be shown.";
"message.missing", "",
    "{0} bytes of it are missing from the capture; what is shown around them may not parse as it should.";
"message.missing.singular", "", "{0} byte of it is missing from the capture; what is shown around it may not parse as it should.";
"message.cut", "",
    "It is longer than {0} MiB: only its first {0} MiB are kept.";
"message.view.none", "",
    "No message crossed the wire in this conversation. Messages travel after SMTP DATA or BDAT, in POP3 RETR or TOP answers, and in IMAP FETCH answers or APPEND commands.";
"message.view.encrypted", "",
    "From frame {0} this conversation is encrypted with TLS: any message sent after that is inside the encrypted records and cannot be read from the capture.";
"message.view.unparsed", "RFC 5322 §2.1",
    "These bytes do not start with headers that can be read, so they are shown only as they are.";
"message.view.eml", "RFC 5322",
    "Save the message exactly as it crossed the wire (dot-stuffing undone, line ends kept) as an .eml file, which any mail program can open.";
"message.view.header_only", "RFC 9051 §6.4.5",
    "Only header fields were fetched here ({0}): this answer carries the message's header, or the fields asked for, and not its body, so there are no parts to show or save.";
"message.view.hidden", "",
    "This text holds control or direction characters that could disguise it (an escape sequence, a right-to-left override that makes \"gnp.exe\" read \"exe.png\"). They are shown, not obeyed: ⟨ESC⟩ for the escape character, ⟨U+202E⟩ for the override.";
"message.view.truncated", "",
    "Only the first {0} KiB are shown here; saving keeps every byte.";
"message.view.binary", "",
    "{0} bytes of binary data after decoding; the first ones are shown in hexadecimal.";
"message.view.html_source", "",
    "The HTML as written by the sender, shown as text.";
"message.view.received_none", "RFC 5321 §4.4",
    "No Received header: this copy was read before any server stamped it (the client's own upload), or the servers did not add one.";
"message.view.wire", "",
    "As it crossed the wire: bytes that are not printable ASCII are shown as \\xHH.";

// ---------------------------------------------------------------- header fields
"header.sender", "RFC 5322 §3.6.2", "Sender: who actually sent the message on behalf of the From address.";
"header.content-id", "RFC 2392", "Content-ID: a label other parts use to refer to this one (cid: links, e.g. images inside HTML).";
"header.dkim-signature", "RFC 6376", "DKIM-Signature: a digital signature by the sending domain over some headers and the body, so receivers can check they were not changed.";
"header.authentication-results", "RFC 8601", "Authentication-Results: what a receiving server concluded when it checked SPF, DKIM or DMARC.";
"header.list-unsubscribe", "RFC 2369", "List-Unsubscribe: how to leave the mailing list this message came from.";

// ---------------------------------------------------------------- the Received chain
"received.chain", "RFC 5321 §4.4",
    "Each server that handles a message adds a Received header on top of the others, so the chain is read from the bottom up; below, oldest first (hops in this message: {0}). Only the hops written by servers you trust can be believed: a sender can put fake ones below them.";
"received.hop", "RFC 5321 §4.4",
    "Hop {0}: {1} received the message from {2}, speaking {3}, at {4}.";
"received.hop.no_with", "RFC 5321 §4.4",
    "Hop {0}: {1} received the message from {2} at {4} (the header does not say which protocol).";
"received.unknown", "", "(not given)";
"received.date.unreadable", "", "{0} (as written: not a date that can be read)";
"received.for", "RFC 5321 §4.4", "It was addressed to {0} (the envelope recipient from RCPT TO).";
"received.with.SMTP", "RFC 3848", "SMTP means plain SMTP, started with HELO.";
"received.with.ESMTP", "RFC 3848", "ESMTP means SMTP with extensions (started with EHLO), without TLS and without a login.";
"received.with.ESMTPA", "RFC 3848", "ESMTPA means the client logged in with SMTP AUTH, without TLS.";
"received.with.ESMTPS", "RFC 3848", "ESMTPS means this hop was encrypted with TLS.";
"received.with.ESMTPSA", "RFC 3848", "ESMTPSA means this hop was encrypted with TLS and the client logged in with SMTP AUTH.";
"received.with.LMTP", "RFC 3848", "LMTP is the local delivery protocol a mail server uses to hand a message to the mailbox server.";
"received.with.UTF8SMTP", "RFC 6531", "UTF8SMTP means SMTP with internationalized (UTF-8) addresses.";
"received.with.LOCAL", "RFC 5321 §4.4", "local means the message was handed over on the same machine, not over the network.";

// ---------------------------------------------------------------- MIME
"mime.multipart.mixed", "RFC 2046 §5.1.3",
    "multipart/mixed: parts meant to be read one after the other, such as a text and its attachments. A boundary line (--boundary) separates them; --boundary-- ends the last.";
"mime.multipart.alternative", "RFC 2046 §5.1.4",
    "multipart/alternative: the same content in several forms, simplest first (usually plain text, then HTML). A mail program shows only the last form it can display.";
"mime.multipart.related", "RFC 2387",
    "multipart/related: one document made of several parts, such as an HTML page and the images it shows (referred to with cid: links).";
"mime.multipart.signed", "RFC 1847 §2.1",
    "multipart/signed: a part and a digital signature over it (S/MIME or OpenPGP).";
"mime.multipart.encrypted", "RFC 1847 §2.2",
    "multipart/encrypted: an encrypted message; only the recipient's key can open it.";
"mime.multipart.report", "RFC 6522",
    "multipart/report: a machine-readable report, such as a bounce (delivery status notification).";
"mime.multipart.digest", "RFC 2046 §5.1.5",
    "multipart/digest: a collection of messages, as mailing-list digests send them.";
"mime.multipart", "RFC 2046 §5.1",
    "{0}: a container of several parts separated by a boundary line.";
"mime.message.rfc822", "RFC 2046 §5.2.1",
    "message/rfc822: a whole mail inside this one, with its own headers and parts (a forwarded message).";
"mime.message", "RFC 2046 §5.2", "{0}: a message, or a report about one, inside this message.";
"mime.text.plain", "RFC 2046 §4.1.3", "text/plain: text to be shown as it is.";
"mime.text.html", "RFC 2854",
    "text/html: a web page. Shown here inside a sealed frame where no script runs, no form can be sent and nothing is loaded from the network, and as its source.";
"mime.text", "RFC 2046 §4.1", "{0}: text.";
"mime.image", "RFC 2046 §4.2", "{0}: a picture.";
"mime.audio", "RFC 2046 §4.3", "{0}: sound.";
"mime.video", "RFC 2046 §4.4", "{0}: a video.";
"mime.application.octet-stream", "RFC 2046 §4.5.1", "application/octet-stream: arbitrary bytes; the file name is the only hint of what they are.";
"mime.application.pdf", "RFC 8118", "application/pdf: a PDF document.";
"mime.application", "RFC 2046 §4.5", "{0}: data for a program to open.";
"mime.other", "RFC 2045 §5", "{0}: a part of this type.";
"mime.disposition.attachment", "RFC 2183 §2.2", "Content-Disposition: attachment: offered as a file to save ({0}), not shown in the text.";
"mime.disposition.inline", "RFC 2183 §2.1", "Content-Disposition: inline: meant to be shown as part of the message.";
"mime.encoding.7bit", "RFC 2045 §6.2",
    "7bit (also the default when no encoding is named): the body is plain ASCII lines as they are, nothing to decode.";
"mime.encoding.8bit", "RFC 6152",
    "8bit: lines that may hold bytes above 127, such as UTF-8 letters, sent as they are. Allowed only because the server announced 8BITMIME.";
"mime.encoding.binary", "RFC 3030 §3",
    "binary: arbitrary bytes, not even cut into lines; only possible with BDAT and BINARYMIME.";
"mime.encoding.base64", "RFC 2045 §6.8",
    "base64: every 3 bytes are written as 4 characters from A-Z, a-z, 0-9, + and /, in lines of 76. The part grows by a third but survives any mail server. Decoded on the right.";
"mime.encoding.quoted-printable", "RFC 2045 §6.7",
    "quoted-printable: ASCII stays readable; any other byte is written as = and two hex digits (=C3=BC is the UTF-8 for ü), and a = at the end of a line joins it to the next (a soft line break). Decoded on the right.";
"mime.encoding.other", "RFC 2045 §6.3", "{0}: a transfer encoding not defined by MIME; shown as it is.";
"mime.charset.us-ascii", "RFC 2046 §4.1.2", "charset us-ascii: plain 7-bit ASCII, English letters only.";
"mime.charset.utf-8", "RFC 3629", "charset utf-8: Unicode, where letters beyond ASCII take 2 to 4 bytes (ü is C3 BC, € is E2 82 AC).";
"mime.charset.iso-8859", "RFC 2046 §4.1.2", "charset {0}: one byte per letter, from a table for one group of languages (ISO-8859-1 for Western Europe, -2 for Central Europe, -5 Cyrillic, -15 adds €). The same byte means different letters in another table.";
"mime.charset.windows", "IANA Character Sets", "charset {0}: Microsoft's one-byte tables, close to the ISO-8859 ones (windows-1252 writes € as byte 80).";
"mime.charset.unsupported", "RFC 2046 §4.1.2",
    "charset {0}: a character set Postscope cannot convert, so the text below is shown as if it were UTF-8 and may appear as �. Save the part to read it with a program that knows {0}.";
"mime.charset.east-asian", "RFC 2046 §4.1.2",
    "charset {0}: a multi-byte East Asian character set (Chinese GB2312, GBK, GB18030 or Big5; Japanese Shift_JIS, ISO-2022-JP or EUC-JP; Korean EUC-KR): most letters take two bytes (more in GB18030). It is converted to Unicode to be shown.";
"mime.charset.other", "RFC 2046 §4.1.2", "charset {0}: the character set the text was written in; it is converted to Unicode to be shown.";
"mime.encoded_word", "RFC 2047 §2",
    "Encoded-words: headers must be ASCII, so other text is written as =?charset?B?base64?= or =?charset?Q?quoted-printable?=. Decoded: {0}";

// ---------------------------------------------------------------- the separators the renderer puts between the members of a list
"list.semicolon", "", "; ";
"list.comma", "", ", ";
}
