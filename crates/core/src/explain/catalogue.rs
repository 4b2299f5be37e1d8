//! The catalogue itself: data, one entry per key, reviewed as prose.
//! To translate Postscope, translate this file and nothing else.
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

macro_rules! entries {
    ($( $key:literal, $rfc:literal, $text:literal; )*) => {
        /// Every explanation Postscope knows.
        pub static ENTRIES: &[Entry] = &[ $( Entry { key: $key, rfc: $rfc, text: $text }, )* ];
    };
}

entries! {
// ---------------------------------------------------------------- TCP
"tcp.syn", "RFC 9293 §3.5",
    "SYN: the client asks to open a TCP connection to the server. It picks a random initial sequence number (shown as relative 0) and announces its options: {0}.";
"tcp.syn_ack", "RFC 9293 §3.5",
    "SYN-ACK: the server agrees to open the connection, acknowledges the client's SYN and sends its own initial sequence number and options: {0}.";
"tcp.handshake_ack", "RFC 9293 §3.5",
    "ACK: the client acknowledges the server's SYN. The three-way handshake is complete; from here both sides may send data.";
"tcp.fin", "RFC 9293 §3.6",
    "FIN: this side has nothing more to send and starts closing its half of the connection. The other side acknowledges it and closes its own half with a FIN of its own.";
"tcp.rst", "RFC 9293 §3.5.2",
    "RST: this side aborts the connection at once, without the orderly FIN exchange. Data still in flight is thrown away.";
"tcp.retransmission", "RFC 9293 §3.8.1",
    "Retransmission: {0} bytes the sender had already sent, sent again (the first copy was lost or its acknowledgement was late). Postscope counts these bytes once.";
"tcp.retransmission.syn", "RFC 9293 §3.8.1",
    "Retransmission of the connection request: no answer came in time, so this side sends the same SYN again.";
"tcp.fast_retransmission", "RFC 5681 §3.2",
    "Fast retransmission: {0} bytes sent again at once because the receiver sent duplicate ACKs for them, without waiting for a timeout.";
"tcp.acked_unseen", "",
    "ACKed segment that wasn't captured: this acknowledges bytes the capture never showed. Common at the start of a capture that began mid-conversation, or when the capture tool dropped packets.";
"tcp.out_of_order", "RFC 9293 §3.10.7.4",
    "Out of order: {0} bytes that arrived after bytes that follow them. The receiver puts them back in order, and so does Postscope.";
"tcp.lost", "",
    "Previous segment not captured: {0} bytes before this segment never appeared in the capture. They may have been lost on the network or only missed by the capture tool.";
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
"tcp.gap.cut", "",
    "{0} bytes of this packet were not captured: the capture tool kept only the first part of each packet (its snapshot length).";
"tcp.options.none", "", "no options";

// ---------------------------------------------------------------- TLS
"tls.client_hello", "RFC 8446 §4.1.2",
    "TLS ClientHello: the client starts encryption. It lists the TLS versions and cipher suites it can use{0}. This message itself is still readable; everything after the handshake is not.";
"tls.server_hello", "RFC 8446 §4.1.3",
    "TLS ServerHello: the server picks {0}. From here on the conversation is encrypted; a capture shows only record sizes and timing.";
"tls.handshake", "RFC 8446 §4",
    "TLS handshake message ({0}), {1} bytes.";
"tls.change_cipher_spec", "RFC 5246 §7.1",
    "ChangeCipherSpec: from the next record on, this side encrypts what it sends.";
"tls.alert", "RFC 8446 §6",
    "TLS alert, {0} bytes: a warning or an error about the encrypted session (its content is encrypted once the handshake is over).";
"tls.application_data", "RFC 8446 §5.2",
    "Encrypted application data, {0} bytes. The mail commands, passwords and messages are inside, unreadable without the session keys. What a student can still learn: who talked to whom, when, and roughly how much.";
"tls.starts", "",
    "From here the connection is encrypted with TLS.";

// ---------------------------------------------------------------- SMTP commands
"smtp.cmd.HELO", "RFC 5321 §4.1.1.1",
    "HELO: the client greets the server and names itself ({0}). The old form of EHLO: the server will not list any extensions.";
"smtp.cmd.EHLO", "RFC 5321 §4.1.1.1",
    "EHLO: the client greets the server, names itself ({0}), and asks which ESMTP extensions the server supports.";
"smtp.cmd.MAIL", "RFC 5321 §4.1.1.2",
    "MAIL FROM: starts a new mail transaction and gives the envelope sender {0}, the address that bounces go back to. It need not match the From: header inside the message.";
"smtp.cmd.RCPT", "RFC 5321 §4.1.1.3",
    "RCPT TO: names one envelope recipient, {0}. The server decides here whether it accepts mail for that address; a message can have many RCPT commands.";
"smtp.cmd.DATA", "RFC 5321 §4.1.1.4",
    "DATA: the client asks to send the message itself (headers and body). If the server agrees (354), every following line is the message until a line holding only a dot.";
"smtp.cmd.BDAT", "RFC 3030 §2",
    "BDAT: sends the next {0} bytes of the message as one chunk (CHUNKING extension), with no dot at the end{1}.";
"smtp.cmd.RSET", "RFC 5321 §4.1.1.5",
    "RSET: abandons the current mail transaction; sender and recipients given so far are forgotten.";
"smtp.cmd.VRFY", "RFC 5321 §4.1.1.6",
    "VRFY: asks whether {0} is a valid user or mailbox. Most servers refuse to answer, as it helps spammers.";
"smtp.cmd.EXPN", "RFC 5321 §4.1.1.7",
    "EXPN: asks the server to expand the mailing list {0}. Rarely allowed today.";
"smtp.cmd.HELP", "RFC 5321 §4.1.1.8",
    "HELP: asks the server for help text.";
"smtp.cmd.NOOP", "RFC 5321 §4.1.1.9",
    "NOOP: does nothing; the server just answers 250. Used to keep a connection alive or check it.";
"smtp.cmd.QUIT", "RFC 5321 §4.1.1.10",
    "QUIT: the client ends the session; the server answers 221 and closes the connection.";
"smtp.cmd.STARTTLS", "RFC 3207 §4",
    "STARTTLS: the client asks to switch this connection to TLS encryption. After the server's 220, both sides start a TLS handshake and everything after it is encrypted.";
"smtp.cmd.AUTH", "RFC 4954 §4",
    "AUTH {0}: the client starts logging in with the {0} mechanism.";
"smtp.cmd.AUTH.LOGIN", "RFC 4954 §4",
    "AUTH LOGIN: the client starts logging in. The server will ask for the username and then the password, each in Base64, which is an encoding, not encryption: anyone who sees these packets can read them.";
"smtp.cmd.AUTH.PLAIN", "RFC 4954 §4; RFC 4616",
    "AUTH PLAIN: the client logs in by sending, in Base64, an authorization identity, the username and the password separated by NUL bytes{0}. Base64 is not encryption: anyone on the path can decode it.";
"smtp.cmd.AUTH.CRAM-MD5", "RFC 2195",
    "AUTH CRAM-MD5: the server will send a challenge and the client answers with the username and an HMAC-MD5 digest of the challenge keyed with the password. The password itself never crosses the wire, but the digest can be attacked offline with a dictionary.";
"smtp.cmd.AUTH.XOAUTH2", "Google XOAUTH2",
    "AUTH XOAUTH2: the client logs in with an OAuth 2.0 access token instead of a password. Whoever captures the token can use it until it expires.";
"smtp.cmd.AUTH.OAUTHBEARER", "RFC 7628",
    "AUTH OAUTHBEARER: the client logs in with an OAuth 2.0 bearer token. Whoever captures the token can use it until it expires.";
"smtp.cmd.unknown", "RFC 5321 §4.2.4",
    "{0} is not a standard SMTP command{1}.";
"smtp.cmd.unknown.rejected", "", "; the server answered {0}, so it did not know it either";

// ---------------------------------------------------------------- SMTP replies
"smtp.reply.greeting", "RFC 5321 §4.2",
    "{0} greeting: the server announces itself and is ready. Nothing has been sent by the client yet; a server greeting first is how SMTP starts.";
"smtp.reply.continued", "RFC 5321 §4.2.1",
    "Part of a multi-line reply: a dash after the code means more lines follow; the last line has a space after the code.";
"smtp.reply.ehlo.keyword", "RFC 5321 §4.1.1.1",
    "The server offers the extension {0}.";
"smtp.reply.211", "RFC 5321 §4.2.3", "211: system status or help reply.";
"smtp.reply.214", "RFC 5321 §4.2.3", "214: help message for a human reader.";
"smtp.reply.220", "RFC 5321 §4.2.3", "220: service ready.";
"smtp.reply.220.STARTTLS", "RFC 3207 §4",
    "220: the server is ready to start TLS. The next bytes on this connection are a TLS handshake; from here the session is encrypted.";
"smtp.reply.221", "RFC 5321 §4.2.3", "221: the server says goodbye and closes the connection.";
"smtp.reply.235", "RFC 4954 §6",
    "235: the server accepted the username and password sent just before; this client is now logged in and may send mail through this server. The credentials crossed the network readable by anyone on the path unless the session was encrypted first: this is why STARTTLS or port 465 exist.";
"smtp.reply.250", "RFC 5321 §4.2.3", "250: requested action okay, completed.";
"smtp.reply.250.EHLO", "RFC 5321 §4.1.1.1", "250: the server greets the client back; the lines of this reply list the extensions it supports.";
"smtp.reply.250.HELO", "RFC 5321 §4.1.1.1", "250: the server greets the client back.";
"smtp.reply.250.MAIL", "RFC 5321 §4.1.1.2", "250: the server accepts {0} as the envelope sender. Now the recipients.";
"smtp.reply.250.RCPT", "RFC 5321 §4.1.1.3", "250: the server accepts mail for {0}.";
"smtp.reply.250.DATA", "RFC 5321 §4.1.1.4", "250: the server has taken the message and is now responsible for delivering it{0}.";
"smtp.reply.250.BDAT", "RFC 3030 §2", "250: the server received the chunk of {0} bytes{1}.";
"smtp.reply.250.RSET", "RFC 5321 §4.1.1.5", "250: the transaction is reset.";
"smtp.reply.250.NOOP", "RFC 5321 §4.1.1.9", "250: okay (answer to NOOP).";
"smtp.reply.251", "RFC 5321 §4.2.3", "251: the user is not local; the server will forward the mail.";
"smtp.reply.252", "RFC 5321 §4.2.3", "252: the server cannot verify the user but will accept the message and try to deliver it.";
"smtp.reply.334", "RFC 4954 §4",
    "334: the server waits for the next step of the login. The text after the code is a Base64 challenge or prompt.";
"smtp.reply.354", "RFC 5321 §4.1.1.4",
    "354: the server is ready for the message. The client now sends headers, a blank line and the body, and ends with a line holding a single dot.";
"smtp.reply.421", "RFC 5321 §4.2.3", "421: the service is not available and the server is closing the connection (often overload or a timeout).";
"smtp.reply.432", "RFC 4954 §6", "432: a password transition is needed before this mechanism can be used.";
"smtp.reply.450", "RFC 5321 §4.2.3", "450: mailbox unavailable for now (busy or greylisted): try again later.";
"smtp.reply.451", "RFC 5321 §4.2.3", "451: local error in processing: the server failed and asks the client to try again later.";
"smtp.reply.452", "RFC 5321 §4.2.3", "452: insufficient system storage (or too many recipients): try again later.";
"smtp.reply.454", "RFC 4954 §6", "454: temporary authentication failure (or TLS not available now).";
"smtp.reply.455", "RFC 5321 §4.2.3", "455: the server cannot accommodate the parameters now.";
"smtp.reply.500", "RFC 5321 §4.2.3", "500: syntax error, command unrecognised (or the line was too long).";
"smtp.reply.501", "RFC 5321 §4.2.3", "501: syntax error in the parameters or arguments of the command.";
"smtp.reply.502", "RFC 5321 §4.2.3", "502: command not implemented by this server.";
"smtp.reply.503", "RFC 5321 §4.2.3", "503: bad sequence of commands: this command is not allowed at this point of the dialogue.";
"smtp.reply.504", "RFC 5321 §4.2.3", "504: command parameter not implemented (for AUTH: the mechanism is not supported).";
"smtp.reply.521", "RFC 7504", "521: this host does not accept mail at all.";
"smtp.reply.530", "RFC 4954 §6", "530: authentication required: the client must log in (or start TLS) first.";
"smtp.reply.534", "RFC 4954 §6", "534: the authentication mechanism is too weak for this server's policy.";
"smtp.reply.535", "RFC 4954 §6",
    "535: the server rejected the username or password. The attempt still crossed the wire: the credentials above are what was tried.";
"smtp.reply.538", "RFC 4954 §6", "538: this authentication mechanism needs an encrypted connection first.";
"smtp.reply.550", "RFC 5321 §4.2.3", "550: the requested action was not taken: mailbox unavailable (no such user, or the server refuses it).";
"smtp.reply.550.RCPT", "RFC 5321 §4.2.3", "550: the server refuses mail for {0} (no such user here, or relaying denied). The transaction goes on for the other recipients.";
"smtp.reply.551", "RFC 5321 §4.2.3", "551: user not local; the server will not forward.";
"smtp.reply.552", "RFC 5321 §4.2.3", "552: exceeded storage allocation (the message is too big for the mailbox).";
"smtp.reply.553", "RFC 5321 §4.2.3", "553: mailbox name not allowed (a bad address syntax, or sender not permitted).";
"smtp.reply.554", "RFC 5321 §4.2.3", "554: transaction failed (for DATA: no valid recipients, or the message was rejected as spam or virus).";
"smtp.reply.555", "RFC 5321 §4.2.3", "555: MAIL FROM or RCPT TO parameters not recognised or not implemented.";
"smtp.reply.class.2", "RFC 5321 §4.2.1", "{0}: a positive completion reply: the command succeeded.";
"smtp.reply.class.3", "RFC 5321 §4.2.1", "{0}: a positive intermediate reply: the server waits for more from the client.";
"smtp.reply.class.4", "RFC 5321 §4.2.1", "{0}: a transient failure: the command failed but may succeed if tried again later.";
"smtp.reply.class.5", "RFC 5321 §4.2.1", "{0}: a permanent failure: the command failed and should not be repeated as is.";
"smtp.reply.bad", "RFC 5321 §4.2", "This line does not start with a three-digit reply code, as every SMTP reply must.";

// ---------------------------------------------------------------- SMTP message transfer
"smtp.data.end", "RFC 5321 §4.1.1.4",
    "A line with a single dot: the end of the message. The server now answers whether it accepts it.";
"smtp.data.header", "RFC 5322 §2.2", "Message header {0}.";
"smtp.data.blank", "RFC 5322 §2.1", "The blank line that ends the headers; the body follows.";
"smtp.data.stuffed", "RFC 5321 §4.5.2",
    "A body line starting with a dot: the client doubled the dot (dot-stuffing) so it is not taken for the end of the message; the server removes one.";
"smtp.bdat.chunk", "RFC 3030 §2", "Message bytes sent by BDAT ({0} bytes in this chunk).";

// ---------------------------------------------------------------- SASL (all protocols)
"sasl.prompt", "", "The server's Base64 prompt decodes to \"{0}\".";
"sasl.username", "RFC 4954 §4", "The client's answer, Base64 for \"{0}\": the username. Base64 is an encoding anyone can reverse, not encryption.";
"sasl.password", "RFC 4954 §4", "The client's answer, Base64 for \"{0}\": the password, readable by anyone who captured this.";
"sasl.plain", "RFC 4616 §2",
    "Base64 for {0}: authorization identity, username and password separated by NUL bytes (shown as \\0). Username \"{1}\", password \"{2}\".";
"sasl.cram.challenge", "RFC 2195", "The CRAM-MD5 challenge, Base64 for \"{0}\": a one-time string the client must sign with the password.";
"sasl.cram.response", "RFC 2195",
    "The CRAM-MD5 answer, Base64 for \"{0}\": the username and an HMAC-MD5 digest. The password is not here, but with the challenge above an attacker can test guesses offline.";
"sasl.token", "RFC 7628", "An OAuth bearer token for {0}. Whoever captures it can log in as this user until it expires.";
"sasl.cancel", "RFC 4954 §4", "The client cancels the login with \"*\".";
"sasl.data", "", "Part of a login exchange (SASL), Base64 decoded: \"{0}\".";
"sasl.empty", "", "An empty SASL answer.";

// ---------------------------------------------------------------- POP3
"pop3.greeting", "RFC 1939 §4",
    "+OK greeting: the POP3 server is ready. The client must now log in (the AUTHORIZATION state).";
"pop3.greeting.apop", "RFC 1939 §7",
    "+OK greeting with a timestamp {0}: the server offers APOP, a login where the client sends an MD5 digest of this timestamp and the password instead of the password.";
"pop3.cmd.USER", "RFC 1939 §7", "USER: the client gives its username, {0}, in clear text.";
"pop3.cmd.PASS", "RFC 1939 §7", "PASS: the client sends its password, \"{0}\", in clear text: anyone who captured this can read it.";
"pop3.cmd.APOP", "RFC 1939 §7",
    "APOP: logs in as {0} with an MD5 digest of the greeting's timestamp and the password. The password does not cross the wire, but the digest can be attacked offline.";
"pop3.cmd.AUTH", "RFC 5034 §4", "AUTH: starts a SASL login{0}.";
"pop3.cmd.STAT", "RFC 1939 §5", "STAT: asks how many messages are in the mailbox and their total size.";
"pop3.cmd.LIST", "RFC 1939 §5", "LIST: asks for the size of {0}.";
"pop3.cmd.RETR", "RFC 1939 §5", "RETR: asks for message {0}, whole. The server sends it line by line, ending with a dot.";
"pop3.cmd.DELE", "RFC 1939 §5", "DELE: marks message {0} for deletion; it is removed when the session ends with QUIT.";
"pop3.cmd.NOOP", "RFC 1939 §5", "NOOP: does nothing; the server answers +OK.";
"pop3.cmd.RSET", "RFC 1939 §5", "RSET: unmarks every message marked for deletion in this session.";
"pop3.cmd.QUIT", "RFC 1939 §6", "QUIT: ends the session. The server now deletes the messages marked with DELE (the UPDATE state) and closes.";
"pop3.cmd.TOP", "RFC 1939 §7", "TOP: asks for the headers of message {0} and the first {1} lines of its body.";
"pop3.cmd.UIDL", "RFC 1939 §7", "UIDL: asks for the unique id of {0}, so a client can tell which messages it has already downloaded.";
"pop3.cmd.CAPA", "RFC 2449 §5", "CAPA: asks which capabilities the server supports.";
"pop3.cmd.STLS", "RFC 2595 §4", "STLS: asks to switch this connection to TLS. After +OK, everything is encrypted.";
"pop3.cmd.UTF8", "RFC 6856 §2", "UTF8: asks the server to use UTF-8.";
"pop3.cmd.unknown", "RFC 1939 §3", "{0} is not a standard POP3 command{1}.";
"pop3.reply.+OK", "RFC 1939 §3", "+OK: the command succeeded.";
"pop3.reply.-ERR", "RFC 1939 §3", "-ERR: the command failed.";
"pop3.reply.+OK.PASS", "RFC 1939 §7", "+OK: the username and password were accepted; the mailbox is now locked for this session (the TRANSACTION state).";
"pop3.reply.-ERR.PASS", "RFC 1939 §7", "-ERR: the login failed. The username and password above crossed the wire anyway.";
"pop3.reply.+OK.STAT", "RFC 1939 §5", "+OK: the mailbox holds {0} messages, {1} bytes in all.";
"pop3.reply.+OK.RETR", "RFC 1939 §5", "+OK: the message follows, line by line, ending with a line holding a single dot.";
"pop3.reply.+OK.TOP", "RFC 1939 §7", "+OK: the headers and the first body lines follow, ending with a dot.";
"pop3.reply.+OK.LIST", "RFC 1939 §5", "+OK: the listing follows (for LIST without an argument: one line per message, number and size; a dot ends it).";
"pop3.reply.+OK.UIDL", "RFC 1939 §7", "+OK: the unique ids follow, one line per message, ending with a dot.";
"pop3.reply.+OK.CAPA", "RFC 2449 §5", "+OK: the capability list follows, one per line, ending with a dot.";
"pop3.reply.+OK.STLS", "RFC 2595 §4", "+OK: the server is ready for TLS. The next bytes are a TLS handshake; from here the session is encrypted.";
"pop3.reply.+OK.QUIT", "RFC 1939 §6", "+OK: goodbye. Messages marked with DELE are deleted now.";
"pop3.reply.+OK.DELE", "RFC 1939 §5", "+OK: the message is marked for deletion.";
"pop3.reply.+OK.USER", "RFC 1939 §7", "+OK: the server knows (or pretends to know) this user and waits for the password.";
"pop3.reply.+OK.APOP", "RFC 1939 §7", "+OK: the APOP digest was accepted; the client is logged in.";
"pop3.reply.+OK.AUTH", "RFC 5034 §4", "+OK: the SASL login succeeded.";
"pop3.reply.+", "RFC 5034 §4", "+: the server waits for the next step of the SASL login (a Base64 challenge may follow).";
"pop3.multiline.end", "RFC 1939 §3", "A line with a single dot: the end of the multi-line response.";
"pop3.multiline.unterminated", "RFC 1939 §3",
    "The answer to {0} was never ended with a line holding a single dot, as a multi-line response must be; the server has moved on to the next command.";
"pop3.list.item", "RFC 1939 §5", "Message {0} is {1} bytes.";
"pop3.uidl.item", "RFC 1939 §7", "Message {0} has the unique id {1}.";
"pop3.capa.item", "RFC 2449 §6", "The server supports {0}.";

// ---------------------------------------------------------------- IMAP commands
"imap.cmd.CAPABILITY", "RFC 9051 §6.1.1", "CAPABILITY: asks which capabilities and extensions the server supports.";
"imap.cmd.NOOP", "RFC 9051 §6.1.2", "NOOP: does nothing, but lets the server report news (new messages, flag changes).";
"imap.cmd.LOGOUT", "RFC 9051 §6.1.3", "LOGOUT: ends the session; the server answers BYE and then OK.";
"imap.cmd.STARTTLS", "RFC 9051 §6.2.1", "STARTTLS: asks to switch this connection to TLS. After the tagged OK, everything is encrypted.";
"imap.cmd.AUTHENTICATE", "RFC 9051 §6.2.2", "AUTHENTICATE {0}: starts a SASL login with the {0} mechanism; the exchange that follows is Base64.";
"imap.cmd.LOGIN", "RFC 9051 §6.2.3",
    "LOGIN: logs in as {0} with the password \"{1}\", both in clear text: anyone who captured this can read them.";
"imap.cmd.SELECT", "RFC 9051 §6.3.2", "SELECT: opens the mailbox {0} for reading and changing.";
"imap.cmd.EXAMINE", "RFC 9051 §6.3.3", "EXAMINE: opens the mailbox {0} read-only.";
"imap.cmd.CREATE", "RFC 9051 §6.3.4", "CREATE: creates the mailbox {0}.";
"imap.cmd.DELETE", "RFC 9051 §6.3.5", "DELETE: deletes the mailbox {0}.";
"imap.cmd.RENAME", "RFC 9051 §6.3.6", "RENAME: renames a mailbox.";
"imap.cmd.SUBSCRIBE", "RFC 9051 §6.3.7", "SUBSCRIBE: adds {0} to the mailboxes the client shows.";
"imap.cmd.UNSUBSCRIBE", "RFC 9051 §6.3.8", "UNSUBSCRIBE: removes {0} from the mailboxes the client shows.";
"imap.cmd.LIST", "RFC 9051 §6.3.9", "LIST: asks for the mailboxes (folders) whose names match a pattern.";
"imap.cmd.LSUB", "RFC 3501 §6.3.9", "LSUB: asks for the subscribed mailboxes matching a pattern.";
"imap.cmd.NAMESPACE", "RFC 9051 §6.3.10", "NAMESPACE: asks how mailbox names are organised (personal, shared).";
"imap.cmd.STATUS", "RFC 9051 §6.3.11", "STATUS: asks for counts (messages, unseen, ...) of {0} without opening it.";
"imap.cmd.APPEND", "RFC 9051 §6.3.12", "APPEND: uploads a whole message into {0} (a sent copy or a draft). The message follows as a literal.";
"imap.cmd.IDLE", "RFC 2177", "IDLE: the client waits for the server to push news (new mail) instead of asking again and again; it ends the wait with DONE.";
"imap.cmd.DONE", "RFC 2177", "DONE: the client ends IDLE.";
"imap.cmd.CHECK", "RFC 3501 §6.4.1", "CHECK: asks the server to save the mailbox state.";
"imap.cmd.CLOSE", "RFC 9051 §6.4.1", "CLOSE: closes the mailbox, removing the messages flagged \\Deleted.";
"imap.cmd.UNSELECT", "RFC 9051 §6.4.2", "UNSELECT: closes the mailbox without removing anything.";
"imap.cmd.EXPUNGE", "RFC 9051 §6.4.3", "EXPUNGE: permanently removes the messages flagged \\Deleted.";
"imap.cmd.SEARCH", "RFC 9051 §6.4.4", "SEARCH: asks for the numbers of the messages matching the criteria {0}.";
"imap.cmd.FETCH", "RFC 9051 §6.4.5", "FETCH: asks for data of messages {0}: flags, headers, or the whole message (BODY[]).";
"imap.cmd.STORE", "RFC 9051 §6.4.6", "STORE: changes the flags of messages {0} (for example marks them \\Seen or \\Deleted).";
"imap.cmd.COPY", "RFC 9051 §6.4.7", "COPY: copies messages {0} to another mailbox.";
"imap.cmd.MOVE", "RFC 9051 §6.4.8", "MOVE: moves messages {0} to another mailbox.";
"imap.cmd.UID", "RFC 9051 §6.4.9", "UID {0}: the same command, but messages are named by their permanent unique ids instead of their position.";
"imap.cmd.ENABLE", "RFC 9051 §6.3.1", "ENABLE: turns on the extensions {0}.";
"imap.cmd.ID", "RFC 2971", "ID: the client tells the server its name and version (and asks for the server's).";
"imap.cmd.COMPRESS", "RFC 4978", "COMPRESS: asks to compress the rest of the connection; after OK the bytes are DEFLATE-compressed.";
"imap.cmd.GETQUOTAROOT", "RFC 9208", "GETQUOTAROOT: asks for the storage quota of a mailbox.";
"imap.cmd.unknown", "RFC 9051 §6", "{0} is not a standard IMAP command{1}.";

// ---------------------------------------------------------------- IMAP responses
"imap.greeting", "RFC 9051 §7.1.1", "* OK greeting: the IMAP server is ready; the client must log in next.";
"imap.greeting.PREAUTH", "RFC 9051 §7.1.4", "* PREAUTH greeting: the connection is already logged in (the server knows the client another way).";
"imap.reply.OK", "RFC 9051 §7.1.1", "{0} OK: the command tagged {0} completed successfully.";
"imap.reply.NO", "RFC 9051 §7.1.2", "{0} NO: the command tagged {0} failed.";
"imap.reply.BAD", "RFC 9051 §7.1.3", "{0} BAD: the command tagged {0} was not understood (a syntax error or unknown command).";
"imap.reply.OK.LOGIN", "RFC 9051 §6.2.3", "{0} OK: the login was accepted; the client is now authenticated.";
"imap.reply.NO.LOGIN", "RFC 9051 §6.2.3", "{0} NO: the login failed. The username and password crossed the wire anyway.";
"imap.reply.OK.AUTHENTICATE", "RFC 9051 §6.2.2", "{0} OK: the SASL login succeeded.";
"imap.reply.NO.AUTHENTICATE", "RFC 9051 §6.2.2", "{0} NO: the SASL login failed.";
"imap.reply.OK.STARTTLS", "RFC 9051 §6.2.1", "{0} OK: the server is ready for TLS. The next bytes are a TLS handshake; from here the session is encrypted.";
"imap.reply.OK.SELECT", "RFC 9051 §6.3.2", "{0} OK: the mailbox is open (the untagged lines before this said what is in it).";
"imap.reply.OK.FETCH", "RFC 9051 §6.4.5", "{0} OK: all the requested message data has been sent.";
"imap.reply.OK.APPEND", "RFC 9051 §6.3.12", "{0} OK: the message was stored in the mailbox.";
"imap.reply.OK.IDLE", "RFC 2177", "{0} OK: IDLE ended.";
"imap.reply.OK.LOGOUT", "RFC 9051 §6.1.3", "{0} OK: logout complete.";
"imap.reply.BYE", "RFC 9051 §7.1.5", "* BYE: the server is closing the connection.";
"imap.reply.PREAUTH", "RFC 9051 §7.1.4", "* PREAUTH: the client is already authenticated.";
"imap.reply.+", "RFC 9051 §7.5", "+ continuation: the server is ready for the rest of the command (a literal, the next SASL step, or it confirms IDLE).";
"imap.untagged.OK", "RFC 9051 §7.1.1", "* OK: information from the server, not an answer to a specific command.";
"imap.untagged.NO", "RFC 9051 §7.1.2", "* NO: a warning from the server.";
"imap.untagged.BAD", "RFC 9051 §7.1.3", "* BAD: the server reports a protocol error it cannot tie to a command.";
"imap.untagged.CAPABILITY", "RFC 9051 §7.2.2", "* CAPABILITY: the list of what this server supports: {0}.";
"imap.untagged.ENABLED", "RFC 9051 §7.2.1", "* ENABLED: these extensions are now on.";
"imap.untagged.LIST", "RFC 9051 §7.3.1", "* LIST: one mailbox, with its attributes and hierarchy separator.";
"imap.untagged.LSUB", "RFC 3501 §7.2.3", "* LSUB: one subscribed mailbox.";
"imap.untagged.NAMESPACE", "RFC 9051 §7.3.2", "* NAMESPACE: how mailbox names are organised.";
"imap.untagged.STATUS", "RFC 9051 §7.3.3", "* STATUS: the counts asked for.";
"imap.untagged.SEARCH", "RFC 3501 §7.2.5", "* SEARCH: the numbers of the matching messages: {0}.";
"imap.untagged.ESEARCH", "RFC 9051 §7.3.4", "* ESEARCH: the result of the search.";
"imap.untagged.FLAGS", "RFC 9051 §7.3.5", "* FLAGS: the flags that can be set on messages in this mailbox.";
"imap.untagged.EXISTS", "RFC 9051 §7.4.1", "* {0} EXISTS: the mailbox holds {0} messages.";
"imap.untagged.RECENT", "RFC 3501 §7.3.2", "* {0} RECENT: {0} messages arrived since the last session.";
"imap.untagged.EXPUNGE", "RFC 9051 §7.5.1", "* {0} EXPUNGE: message number {0} was removed; the numbers of the messages after it go down by one.";
"imap.untagged.FETCH", "RFC 9051 §7.5.2", "* {0} FETCH: data of message {0}, as asked for.";
"imap.untagged.ID", "RFC 2971", "* ID: the server's name and version.";
"imap.untagged.other", "RFC 9051 §7", "Untagged data from the server.";
"imap.cmd.continued", "RFC 9051 §4.3", "The rest of the {0} command, sent after the literal it announced.";
"imap.literal", "RFC 9051 §4.3", "A literal: the next {0} bytes are sent as they are, not as a line (a message, or a string with special characters).";

// ---------------------------------------------------------------- messages and lines in general
"line.cut", "", "This line was longer than 64 KiB; it is shown cut.";
"other.bytes", "", "Bytes that do not fit the protocol here.";
}
