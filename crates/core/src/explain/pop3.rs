//! POP3: commands, replies in context, CAPA items and response codes.
//! Data only; see `catalogue.rs` for the format.

use super::catalogue::{entries, Entry};

entries! { ENTRIES;
// ---------------------------------------------------------------- greeting and commands
"pop3.greeting", "RFC 1939 §4",
    "+OK greeting: the POP3 server is ready. The client must now log in (the AUTHORIZATION state).";
"pop3.greeting.apop", "RFC 1939 §7",
    "+OK greeting with a timestamp {0}: the server offers APOP, a login where the client sends an MD5 digest of this timestamp and the password instead of the password.";
"pop3.greeting.-ERR", "RFC 1939 §4", "-ERR greeting: the server refuses this connection from the start.";
"pop3.cmd.USER", "RFC 1939 §7", "USER: the client gives its username, {0}, in clear text.";
"pop3.cmd.PASS", "RFC 1939 §7", "PASS: the client sends its password, \"{0}\", in clear text: anyone who captured this can read it.";
"pop3.cmd.APOP", "RFC 1939 §7",
    "APOP: logs in as {0} with an MD5 digest of the greeting's timestamp and the password. The password does not cross the wire, but the digest can be attacked offline.";
"pop3.cmd.AUTH", "RFC 5034 §4", "AUTH {0}: starts a SASL login with the {0} mechanism; the lines of the login that follow are Base64.";
"pop3.cmd.AUTH.list", "RFC 5034 §4", "AUTH without a mechanism: a non-standard form some servers answer with the list of their login mechanisms (RFC 5034 requires a mechanism; CAPA's SASL line is the standard way to learn them, RFC 2449 §6.3).";
"pop3.cmd.AUTH.initial", "RFC 5034 §4", "The first login answer is sent on the same line (an initial response).";
"pop3.cmd.STAT", "RFC 1939 §5", "STAT: asks how many messages are in the mailbox and their total size.";
"pop3.cmd.LIST", "RFC 1939 §5", "LIST: asks for the size of every message, one line each.";
"pop3.cmd.LIST.one", "RFC 1939 §5", "LIST {0}: asks for the size of message {0}.";
"pop3.cmd.RETR", "RFC 1939 §5", "RETR: asks for message {0}, whole. The server sends it line by line, ending with a dot.";
"pop3.cmd.DELE", "RFC 1939 §5", "DELE: marks message {0} for deletion; it is removed when the session ends with QUIT, unless RSET unmarks it first.";
"pop3.cmd.NOOP", "RFC 1939 §5", "NOOP: does nothing; the server answers +OK.";
"pop3.cmd.RSET", "RFC 1939 §5", "RSET: unmarks every message marked for deletion in this session.";
"pop3.cmd.QUIT", "RFC 1939 §6", "QUIT: ends the session. The server enters the UPDATE state and deletes the {0} messages this session marked with DELE, then closes.";
"pop3.cmd.QUIT.singular", "RFC 1939 §6", "QUIT: ends the session. The server enters the UPDATE state and deletes the message this session marked with DELE, then closes.";
"pop3.cmd.QUIT.none_marked", "RFC 1939 §6", "QUIT: ends the session. The server enters the UPDATE state, but no message was marked with DELE in this session, so nothing is deleted.";
"pop3.cmd.QUIT.reset", "RFC 1939 §5", "QUIT: ends the session. The server enters the UPDATE state, but RSET took back the DELE marks of this session, so nothing is deleted.";
"pop3.cmd.QUIT.authorization", "RFC 1939 §4", "QUIT before a successful login: the session ends in the AUTHORIZATION state, without the UPDATE state, so nothing in the mailbox changes.";
"pop3.cmd.QUIT.unknown", "RFC 1939 §6", "QUIT: ends the session. If the client is logged in, the server now deletes the messages this session marked with DELE (the capture began too late to tell whether there are any).";
"pop3.cmd.TOP.headers", "RFC 1939 §7", "TOP {0} 0: asks for the headers of message {0} only (0 lines of its body), to show a list of messages without downloading them.";
"pop3.cmd.TOP", "RFC 1939 §7", "TOP: asks for the headers of message {0} and the first {1} lines of its body.";
"pop3.cmd.UIDL", "RFC 1939 §7", "UIDL: asks for the unique id of every message, so a client can tell which messages it has already downloaded.";
"pop3.cmd.UIDL.one", "RFC 1939 §7", "UIDL {0}: asks for the unique id of message {0}.";
"pop3.cmd.CAPA", "RFC 2449 §5", "CAPA: asks which capabilities the server supports.";
"pop3.cmd.STLS", "RFC 2595 §4", "STLS: asks to switch this connection to TLS. After +OK, everything is encrypted.";
"pop3.cmd.UTF8", "RFC 6856 §2", "UTF8: asks the server to use UTF-8 for usernames, passwords and messages.";
"pop3.cmd.LANG", "RFC 6856 §3", "LANG: asks for (or lists) the languages of the server's human-readable texts.";
"pop3.cmd.LAST", "RFC 1460 §5", "LAST: an obsolete command that asks for the highest message number already read in this session.";
"pop3.cmd.XTND", "RFC 1082 §3", "XTND: a vendor extension command (some old servers), not part of standard POP3.";
"pop3.cmd.unknown", "RFC 1939 §3", "{0} is not a standard POP3 command{1}.";
"pop3.cmd.answered", "", "; the server answered {0}";
"pop3.cmd.unknown.rejected", "", "; the server answered -ERR, so it did not know it either";
"pop3.cmd.binary", "RFC 1939 §3",
    "These bytes are not a POP3 command: commands are lines of readable text, and this is binary data or another protocol.";
"pop3.cmd.empty", "RFC 1939 §3", "An empty line where a command was expected; it is not a command.";

// ---------------------------------------------------------------- replies
"pop3.reply.+OK", "RFC 1939 §3", "+OK: the command succeeded.";
"pop3.reply.-ERR", "RFC 1939 §3", "-ERR: the command failed.";
"pop3.reply.bad", "RFC 1939 §3",
    "This server line starts with neither +OK nor -ERR, as every POP3 reply must (and no multi-line response is open), so it is not a POP3 reply.";
"pop3.reply.unexpected", "RFC 1939 §3", "No command is waiting for this reply: the command it answers is not in the capture.";
"pop3.reply.+OK.PASS", "RFC 1939 §7", "+OK: the username and password were accepted; the mailbox is now locked for this session (the TRANSACTION state).";
"pop3.reply.-ERR.PASS", "RFC 1939 §7", "-ERR: the login failed. The username and password above crossed the wire anyway.";
"pop3.reply.+OK.STAT", "RFC 1939 §5", "+OK: messages in the mailbox: {0}, {1} bytes in all.";
"pop3.reply.+OK.STAT.marked", "RFC 1939 §5", "+OK: message count {0}, {1} bytes in all, not counting the {2} this session marked with DELE. Marked messages stay in the mailbox: QUIT removes them, unless RSET unmarks them first.";
"pop3.reply.+OK.RETR", "RFC 1939 §5", "+OK: the message follows, line by line, ending with a line holding a single dot.";
"pop3.reply.-ERR.RETR", "RFC 1939 §5", "-ERR: there is no such message (or it was deleted).";
"pop3.reply.+OK.TOP", "RFC 1939 §7", "+OK: the headers of the message follow, then the blank line that ends them and as many lines of its body as TOP asked for (fewer if the body is shorter), ending with a dot.";
"pop3.reply.+OK.TOP.headers", "RFC 1939 §7", "+OK: the headers of the message follow, then the blank line that ends them, and no line of its body (TOP asked for 0), ending with a dot.";
"pop3.reply.-ERR.TOP", "RFC 1939 §7", "-ERR: there is no such message.";
"pop3.reply.+OK.LIST", "RFC 1939 §5", "+OK: the listing follows, one line per message (number and size in bytes); a dot ends it.";
"pop3.reply.+OK.LIST.one", "RFC 1939 §5", "+OK: message {0} is {1} bytes.";
"pop3.reply.-ERR.LIST", "RFC 1939 §5", "-ERR: there is no such message.";
"pop3.reply.+OK.UIDL", "RFC 1939 §7", "+OK: the unique ids follow, one line per message, ending with a dot.";
"pop3.reply.+OK.UIDL.one", "RFC 1939 §7", "+OK: message {0} has the unique id {1}.";
"pop3.reply.+OK.CAPA", "RFC 2449 §5", "+OK: the capability list follows, one per line, ending with a dot.";
"pop3.reply.-ERR.CAPA", "RFC 2449 §5", "-ERR: this server does not know CAPA (an old server).";
"pop3.reply.+OK.STLS", "RFC 2595 §4", "+OK: the server is ready for TLS. The next bytes should be the TLS handshake, and from there the session is encrypted.";
"pop3.reply.-ERR.STLS", "RFC 2595 §4", "-ERR: the server will not start TLS; the session stays unencrypted.";
"pop3.reply.+OK.QUIT", "RFC 1939 §6", "+OK: goodbye. The {0} messages marked with DELE are deleted now.";
"pop3.reply.+OK.QUIT.singular", "RFC 1939 §6", "+OK: goodbye. The message marked with DELE is deleted now.";
"pop3.reply.+OK.QUIT.none_marked", "RFC 1939 §6", "+OK: goodbye. No message was marked with DELE, so the mailbox is left as it was.";
"pop3.reply.+OK.QUIT.reset", "RFC 1939 §5", "+OK: goodbye. RSET took back the DELE marks, so no message is deleted and the mailbox is left as it was.";
"pop3.reply.+OK.QUIT.authorization", "RFC 1939 §4", "+OK: goodbye. The client never logged in, so the mailbox was not touched.";
"pop3.reply.+OK.QUIT.unknown", "RFC 1939 §6", "+OK: goodbye. Any messages this session marked with DELE are deleted now (the capture began too late to tell whether there were any).";
"pop3.reply.+OK.DELE", "RFC 1939 §5", "+OK: the message is marked for deletion.";
"pop3.reply.-ERR.DELE", "RFC 1939 §5", "-ERR: there is no such message, or it is already marked for deletion.";
"pop3.reply.+OK.USER", "RFC 1939 §7", "+OK: the server knows (or pretends to know) this user and waits for the password.";
"pop3.reply.-ERR.USER", "RFC 1939 §7", "-ERR: the server refuses this username (or refuses USER/PASS logins here).";
"pop3.reply.+OK.APOP", "RFC 1939 §7", "+OK: the APOP digest was accepted; the client is logged in.";
"pop3.reply.-ERR.APOP", "RFC 1939 §7", "-ERR: the APOP login failed.";
"pop3.reply.+OK.AUTH", "RFC 5034 §4", "+OK: the SASL login succeeded.";
"pop3.reply.-ERR.AUTH", "RFC 5034 §4", "-ERR: the SASL login failed (or the mechanism is not offered).";
"pop3.reply.-ERR.AUTH.list", "RFC 5034 §4", "-ERR: the server refuses AUTH without a mechanism, a non-standard form (RFC 5034 defines AUTH only with one). Whether it offers AUTH at all, CAPA's SASL line says (RFC 2449 §6.3). No login was tried.";
"pop3.reply.-ERR.AUTH.checked", "RFC 5034 §4", "-ERR: the server checked the credentials the client sent above and refused them. They crossed the wire all the same: Base64 is an encoding, not encryption.";
"pop3.reply.+OK.AUTH.list", "RFC 2449 §6.3", "+OK: the list of login mechanisms follows, one per line, ending with a dot.";
"pop3.reply.+OK.NOOP", "RFC 1939 §5", "+OK: nothing to do (answer to NOOP).";
"pop3.reply.+OK.RSET", "RFC 1939 §5", "+OK: no message is marked for deletion any more.";
"pop3.reply.+OK.UTF8", "RFC 6856 §2", "+OK: the server now uses UTF-8.";
"pop3.reply.+", "RFC 5034 §4", "+: the server waits for the next step of the SASL login (a Base64 challenge may follow).";
"pop3.multiline.unterminated", "RFC 1939 §3",
    "The answer to {0} was never ended with a line holding a single dot, as a multi-line response must be; the server has moved on to the next command.";
"pop3.multiline.end", "RFC 1939 §3", "A line with a single dot: the end of the multi-line response.";
"pop3.multiline.stuffed", "RFC 1939 §3",
    "A line starting with a dot: the server doubled the dot (byte-stuffing) so it is not taken for the end; the client removes one.";
"pop3.list.item", "RFC 1939 §5", "Message {0} is {1} bytes.";
"pop3.uidl.item", "RFC 1939 §7", "Message {0} has the unique id {1}.";
"pop3.auth.item", "RFC 1734 §2", "The server offers the login mechanism {0}.";

// ---------------------------------------------------------------- CAPA items (RFC 2449 §6 and later)
// {0} is the whole line, {1} the parameters.
"pop3.capa.item", "RFC 2449 §6", "The server supports {0}, a capability Postscope does not know.";
"pop3.capa.TOP", "RFC 2449 §6.1", "TOP: the server answers TOP, which fetches the headers and first lines of a message.";
"pop3.capa.USER", "RFC 2449 §6.2", "USER: the server accepts USER/PASS logins, with the password in clear text.";
"pop3.capa.SASL", "RFC 2449 §6.3", "SASL {1}: the server accepts AUTH logins with these mechanisms: {2}.";
"pop3.capa.CAPA", "RFC 2449 §5", "CAPA: the server answers CAPA, the command that asked for this very list.";
"pop3.capa.RESP-CODES", "RFC 2449 §6.4", "RESP-CODES: the server puts response codes in brackets after +OK or -ERR (for example [IN-USE]) that software can act on.";
"pop3.capa.LOGIN-DELAY", "RFC 2449 §6.5", "LOGIN-DELAY {1}: a client must wait at least {1} seconds after one login before the next.";
"pop3.capa.per_user", "RFC 2449 §6.5", "USER: the value can be different for each user.";
"pop3.capa.PIPELINING", "RFC 2449 §6.6", "PIPELINING: the client may send several commands without waiting for each reply.";
"pop3.capa.EXPIRE", "RFC 2449 §6.7", "EXPIRE {1}: the server keeps a downloaded message at least {1} days; after that it may delete it.";
"pop3.capa.EXPIRE.never", "RFC 2449 §6.7", "EXPIRE NEVER: the server does not delete messages on its own: they stay until the client deletes them.";
"pop3.capa.EXPIRE.zero", "RFC 2449 §6.7", "EXPIRE 0: the server may delete a message as soon as it has been downloaded, so a client should not leave mail on the server.";
"pop3.capa.UIDL", "RFC 2449 §6.8", "UIDL: the server gives each message a unique id, so a client can leave mail on the server and still know what it has seen.";
"pop3.capa.IMPLEMENTATION", "RFC 2449 §6.9", "IMPLEMENTATION {1}: the name of the server software, for information only.";
"pop3.capa.STLS", "RFC 2595 §4", "STLS: the server can switch this connection to TLS. Until the client asks for it, everything here is readable, passwords included.";
"pop3.capa.AUTH-RESP-CODE", "RFC 3206 §6", "AUTH-RESP-CODE: the server says with [AUTH] or [SYS/...] codes why a login failed.";
"pop3.capa.UTF8", "RFC 6856 §2", "UTF8 {1}: the server can use UTF-8 for usernames, passwords and messages.";
"pop3.capa.LANG", "RFC 6856 §3", "LANG: the server can give its texts in other languages.";
"pop3.capa.vendor", "RFC 2449 §6", "{0}: a vendor capability (its name starts with X), specific to this server's software.";

// ---------------------------------------------------------------- response codes in brackets (RFC 2449 §8, RFC 3206)
"pop3.code.LOGIN-DELAY", "RFC 2449 §8.1.1", "[LOGIN-DELAY]: the client logged in too soon after its last login; it must wait longer.";
"pop3.code.IN-USE", "RFC 2449 §8.1.2", "[IN-USE]: another session already has this mailbox open (it is locked).";
"pop3.code.SYS/TEMP", "RFC 3206 §4", "[SYS/TEMP]: a temporary problem on the server, not the user's fault; trying again later may work.";
"pop3.code.SYS/PERM", "RFC 3206 §4", "[SYS/PERM]: a lasting problem on the server, not the user's fault; trying again will not help.";
"pop3.code.AUTH", "RFC 3206 §5", "[AUTH]: the failure is about the credentials: wrong username or password.";
"pop3.code.UTF8", "RFC 6856 §2", "[UTF8]: this login needs the UTF8 command first.";
"pop3.code.other", "RFC 2449 §8", "[{0}]: a response code Postscope does not know.";
}
