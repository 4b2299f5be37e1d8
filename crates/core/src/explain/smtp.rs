//! SMTP: commands, replies in context, EHLO keywords, MAIL/RCPT parameters
//! and enhanced status codes. Data only; see `catalogue.rs` for the format.
//!
//! Reply entries take `{0}` the reply code, `{1}` what the command named
//! (an address, a chunk size, a mechanism) and `{2}` an extra clause.

use super::catalogue::{entries, Entry};

entries! { ENTRIES;
// ---------------------------------------------------------------- commands (RFC 5321 and extensions)
"smtp.cmd.HELO", "RFC 5321 §4.1.1.1",
    "HELO: the client greets the server and names itself ({0}). The old form of EHLO: the server will not list any extensions.";
"smtp.cmd.EHLO", "RFC 5321 §4.1.1.1",
    "EHLO: the client greets the server, names itself ({0}), and asks which ESMTP extensions the server supports.";
"smtp.cmd.EHLO.after_starttls.decrypted", "RFC 3207 §4.2",
    "After STARTTLS the client must greet again, because everything learnt before TLS is forgotten; this second EHLO travelled inside TLS.";
"smtp.cmd.EHLO.after_starttls", "RFC 3207 §4.2",
    "After STARTTLS the client must greet again, because everything learnt before TLS is forgotten. Here this second EHLO is readable: the capture was decrypted (for example exported by a TLS-intercepting device), or TLS never really started.";
"smtp.cmd.MAIL", "RFC 5321 §4.1.1.2",
    "MAIL FROM: starts a new mail transaction and gives the envelope sender {0}, the address that bounces go back to. It need not match the From: header inside the message.";
"smtp.cmd.MAIL.null", "RFC 5321 §4.5.5",
    "MAIL FROM:<> with an empty (null) sender: this message is a bounce or another automatic notice, and must never be answered with another bounce.";
"smtp.cmd.RCPT", "RFC 5321 §4.1.1.3",
    "RCPT TO: names one envelope recipient, {0}. The server decides here whether it accepts mail for that address; a message can have many RCPT commands.";
"smtp.cmd.DATA", "RFC 5321 §4.1.1.4",
    "DATA: the client asks to send the message itself (headers and body). If the server agrees (354), every following line is the message until a line holding only a dot.";
"smtp.cmd.BDAT", "RFC 3030 §2",
    "BDAT {0}: sends the next {0} bytes of the message as one chunk (CHUNKING extension). The bytes are counted, not ended by a dot, so a line with a lone dot needs no stuffing; binary bytes are allowed only with BODY=BINARYMIME in MAIL FROM (RFC 3030 §3).";
"smtp.cmd.BDAT.singular", "RFC 3030 §2", "BDAT {0}: sends the next {0} byte of the message as one chunk (CHUNKING extension). The bytes are counted, not ended by a dot, so a line with a lone dot needs no stuffing; binary bytes are allowed only with BODY=BINARYMIME in MAIL FROM (RFC 3030 §3).";
"smtp.cmd.BDAT.last", "RFC 3030 §2",
    "BDAT {0} LAST: sends the last {0} bytes of the message (CHUNKING extension). LAST says the message is complete after this chunk.";
"smtp.cmd.BDAT.last.singular", "RFC 3030 §2", "BDAT {0} LAST: sends the last {0} byte of the message (CHUNKING extension). LAST says the message is complete after this chunk.";
"smtp.cmd.BDAT.zero_last", "RFC 3030 §2",
    "BDAT 0 LAST: an empty last chunk. It sends no bytes and only says that the message, sent in the chunks before, is complete.";
"smtp.cmd.BDAT.bad_size", "RFC 3030 §2",
    "BDAT with \"{0}\" as its size: a chunk size must be a decimal number of bytes, so this command is a syntax error. The server rejects it and does not wait for chunk bytes, so Postscope reads the next line as a command.";
"smtp.cmd.BDAT.too_big", "RFC 3030 §2",
    "BDAT {0}: this chunk size is larger than any server can count (over 2^63 - 1 bytes, the largest size a signed 64-bit counter holds), so servers reject the command as a syntax error and read no chunk bytes. Postscope reads the next line as a command.";
"smtp.cmd.BDAT.bad_tail", "RFC 3030 §2",
    "BDAT {0} {1}: after the size only the word LAST may follow, so this command is a syntax error. The server rejects it and does not wait for chunk bytes, so Postscope reads the next line as a command.";
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
    "AUTH {0}: the client starts logging in with the {0} mechanism. The lines of the login that follow are Base64.";
"smtp.cmd.AUTH.LOGIN.tls", "RFC 4954 §4",
    "AUTH LOGIN: the client starts logging in. The server will ask for the username and then the password, each in Base64, which is an encoding, not encryption; here TLS carried them, so only someone with the session keys could read them.";
"smtp.cmd.AUTH.PLAIN.tls", "RFC 4954 §4; RFC 4616",
    "AUTH PLAIN: the client logs in by sending, in Base64, an authorization identity, the username and the password separated by NUL bytes. Base64 is not encryption; here TLS carried it, so only someone with the session keys could decode it.";
"smtp.cmd.AUTH.LOGIN", "RFC 4954 §4",
    "AUTH LOGIN: the client starts logging in. The server will ask for the username and then the password, each in Base64, which is an encoding, not encryption: anyone who sees these packets can read them.";
"smtp.cmd.AUTH.PLAIN", "RFC 4954 §4; RFC 4616",
    "AUTH PLAIN: the client logs in by sending, in Base64, an authorization identity, the username and the password separated by NUL bytes. Base64 is not encryption: anyone on the path can decode it.";
"smtp.cmd.AUTH.CRAM-MD5", "RFC 2195",
    "AUTH CRAM-MD5: the server will send a challenge and the client answers with the username and an HMAC-MD5 digest of the challenge keyed with the password. The password itself never crosses the wire, but the digest can be attacked offline with a dictionary.";
"smtp.cmd.AUTH.NTLM", "MS-NLMP",
    "AUTH NTLM: a Microsoft challenge-response login. The client announces itself, the server sends a challenge, and the client answers with the domain, user and workstation names and a response computed from the password hash. The password does not cross the wire, but the response can be cracked offline.";
"smtp.cmd.AUTH.XOAUTH2", "Google XOAUTH2",
    "AUTH XOAUTH2: the client logs in with an OAuth 2.0 access token instead of a password. Whoever captures the token can use it until it expires.";
"smtp.cmd.AUTH.OAUTHBEARER", "RFC 7628",
    "AUTH OAUTHBEARER: the client logs in with an OAuth 2.0 bearer token. Whoever captures the token can use it until it expires.";
"smtp.cmd.AUTH.initial", "RFC 4954 §4",
    "The client sends its first login answer on the same line as the command (an initial response), so it does not wait for the server's 334.";
"smtp.cmd.ETRN", "RFC 1985 §5",
    "ETRN {0}: asks the server to start delivering the mail it queued for {0} (used by sites that are only sometimes online).";
"smtp.cmd.ATRN", "RFC 2645 §4",
    "ATRN: on-demand relay: the client, already logged in, asks the server to reverse roles and deliver the mail queued for its domains over this connection.";
"smtp.cmd.TURN", "RFC 821 §4.1.1",
    "TURN: an old command that asks the two sides to swap roles. It was dropped because anyone could collect someone else's mail with it.";
"smtp.cmd.SEND", "RFC 821 §4.1.1", "SEND FROM: an old RFC 821 command to show a message on the recipient's terminal instead of storing it. Obsolete.";
"smtp.cmd.SOML", "RFC 821 §4.1.1", "SOML FROM: an old RFC 821 command: send to the terminal or else to the mailbox. Obsolete.";
"smtp.cmd.SAML", "RFC 821 §4.1.1", "SAML FROM: an old RFC 821 command: send to the terminal and to the mailbox. Obsolete.";
"smtp.cmd.BURL", "RFC 4468 §3", "BURL: the message is not sent here; the server fetches it from an IMAP server with the URL given.";
"smtp.cmd.XCLIENT", "Postfix XCLIENT", "XCLIENT: a vendor command (Postfix) with which a trusted proxy passes on the real client's name and address.";
"smtp.cmd.XFORWARD", "Postfix XFORWARD", "XFORWARD: a vendor command (Postfix) with which a filter passes on where the mail originally came from.";
"smtp.cmd.vendor", "RFC 5321 §4.1.5",
    "{0}: a vendor command (its name starts with X, which RFC 5321 reserves for local extensions), not part of standard SMTP{1}.";
"smtp.cmd.unknown", "RFC 5321 §4.2.4",
    "{0} is not a standard SMTP command{1}.";
"smtp.cmd.answered", "", "; the server answered {0}";
"smtp.cmd.unknown.rejected", "", "; the server answered {0}, so it did not know it either";
"smtp.cmd.empty", "RFC 5321 §4.1.1",
    "An empty line where a command was expected. It is not a command; servers answer it with an error (500).";
"smtp.cmd.binary", "RFC 5321 §2.4",
    "These bytes are not an SMTP command: commands are lines of readable text, and this is binary data (for example a TLS handshake sent to a server that expected plain text, or another protocol).";
"smtp.cmd.not_command", "RFC 5321 §4.1.1",
    "This line is text, but not an SMTP command: its first word is not a command name. Servers answer such lines with 500. A client that goes on sending message lines after the server refused DATA produces exactly this.";
"smtp.cmd.after_quit", "RFC 5321 §4.1.1.10", "{0}: sent after QUIT, which ended the session; the server should not act on it.";
"smtp.cmd.pipelined", "RFC 2920 §3",
    "{0}: sent in the same packet as the command before it, without waiting for its reply (PIPELINING).";
"smtp.sasl.ended", "RFC 4954 §4",
    "The login exchange is over (the server's verdict is not in the capture yet), so this line is read as a command again.";

// ---------------------------------------------------------------- MAIL FROM / RCPT TO parameters
"smtp.params", "", "Parameters: {0}.";
"smtp.data.end_unseen", "RFC 5321 §4.1.1.4", "The line with the lone dot that ended the message is not in the capture, but the server answers only after it, so the message ended here.";
"smtp.pipelined", "RFC 2920 §3.1", "It was sent before the reply to the previous command ({0}) arrived: the client pipelines, as the server's PIPELINING keyword allows; the replies come back in the same order.";
"smtp.pipelined.unannounced", "RFC 2920 §3.1", "It was sent before the reply to the previous command ({0}) arrived, although this capture shows no PIPELINING in the server's EHLO reply: a client may pipeline only when the server offers it.";
"smtp.starttls.injected", "RFC 3207 §4.2",
    "Plain text from the server after it agreed to STARTTLS and before any TLS handshake. A client must ignore it: whatever it learned before TLS it must discard. A client that kept such bytes (curl before 7.79, CVE-2021-22947) could be fed replies by anyone on the path, as if they came from inside TLS.";
"smtp.queue_id", "", " (the server's queue id for it is {0})";
"smtp.param.SIZE", "RFC 1870 §6", "SIZE={0}: the message will be about {0} bytes, so the server can refuse it now if it is too big";
"smtp.param.BODY.8BITMIME", "RFC 6152 §3", "BODY=8BITMIME: the message contains 8-bit bytes (for example UTF-8 text) outside plain ASCII";
"smtp.param.BODY.BINARYMIME", "RFC 3030 §3", "BODY=BINARYMIME: the message may contain any bytes, even binary, so it must be sent with BDAT";
"smtp.param.BODY.7BIT", "RFC 6152 §3", "BODY=7BIT: the message is plain 7-bit ASCII";
"smtp.param.SMTPUTF8", "RFC 6531 §3.4", "SMTPUTF8: addresses and headers of this message may use UTF-8 (international addresses)";
"smtp.param.RET", "RFC 3461 §4.3", "RET={0}: if a delivery status notice comes back, it should hold {0} (FULL: the whole message, HDRS: only the headers)";
"smtp.param.ENVID", "RFC 3461 §4.4", "ENVID={0}: an identifier the sender chose, to be quoted in delivery status notices";
"smtp.param.NOTIFY", "RFC 3461 §4.1", "NOTIFY={0}: when to send a delivery status notice for this recipient (SUCCESS, FAILURE, DELAY or NEVER)";
"smtp.param.ORCPT", "RFC 3461 §4.2", "ORCPT={0}: the recipient's original address, for delivery status notices";
"smtp.param.AUTH", "RFC 4954 §5", "AUTH={0}: the identity that originally submitted this message (<> when unknown)";
"smtp.param.BY", "RFC 2852 §4", "BY={0}: the message must be delivered within this many seconds (DELIVERBY)";
"smtp.param.MT-PRIORITY", "RFC 6710 §3", "MT-PRIORITY={0}: the priority of this message (-9 lowest to 9 highest)";
"smtp.param.REQUIRETLS", "RFC 8689 §4", "REQUIRETLS: every server on the way must use TLS for this message, or refuse it";
"smtp.param.other", "", "{0}: a parameter Postscope does not know";

// ---------------------------------------------------------------- replies
"smtp.reply.greeting", "RFC 5321 §4.2",
    "{0} greeting: the server announces itself and is ready. A server greeting first is how SMTP starts.";
"smtp.reply.greeting.late", "RFC 5321 §4.3.1",
    "Here the client already sent bytes before this greeting: it did not wait for it, as a client must (unless both sides use PIPE_CONNECT).";
"smtp.reply.greeting.554", "RFC 5321 §3.1",
    "554 greeting: the server refuses this client from the start (often a blocklisted address). It will answer every command with 503 until QUIT.";
"smtp.reply.greeting.421", "RFC 5321 §3.1",
    "421 greeting: the server is not available now (overloaded or shutting down) and closes the connection.";
"smtp.reply.continued", "RFC 5321 §4.2.1",
    "Part of a multi-line reply: a dash after the code means more lines follow; the last line has a space after the code.";
"smtp.reply.unexpected", "RFC 5321 §4.2",
    "No command is waiting for this reply: the command it answers is not in the capture, the server reacts to bytes that were not a command, or it speaks on its own (as a server may before it closes the connection).";
"smtp.reply.unsolicited", "RFC 5321 §3.8",
    "{0}: no command in the capture is waiting for this reply. Either the server says it on its own, as a server may before it closes the connection (for instance when the client stayed idle too long, §4.5.3.2), or it answers a command the capture does not hold; the reply's text says which. What the server accepted before is not undone by it.";
"smtp.reply.to_tls", "RFC 8314 §3",
    "{0}: the server's answer to the TLS bytes the client sent (frame {1}). It expected SMTP commands, read the binary handshake as lines of text and answers a line it found in it with an error. No SMTP command was sent, and TLS never started.";
"smtp.reply.unsolicited.421", "RFC 5321 §3.8",
    "No command is waiting for this reply: the server says this on its own and then closes the connection, as RFC 5321 §3.8 allows (a server may also close a connection that stayed idle too long, §4.5.3.2).";
"smtp.reply.esc.5.7.1.RCPT.login", "RFC 4954 §6",
    "{0}: refused because the client has not logged in: the server takes this mail only from a client that authenticated first (AUTH). Nothing is wrong with {1} as such; the reply's text says which address it objects to.";
"smtp.reply.ehlo.keyword", "RFC 5321 §4.1.1.1",
    "The server offers {0}, an extension Postscope does not know.";
"smtp.reply.211", "RFC 5321 §4.2.3", "211: system status or help reply.";
"smtp.reply.214", "RFC 5321 §4.2.3", "214: help message for a human reader.";
"smtp.reply.220", "RFC 5321 §4.2.3", "220: service ready.";
"smtp.reply.220.STARTTLS", "RFC 3207 §4",
    "220: the server is ready to start TLS. The next bytes on this connection should be the TLS handshake, and from there the session is encrypted.";
"smtp.reply.221", "RFC 5321 §4.2.3", "221: the server says goodbye and closes the connection.";
"smtp.reply.235", "RFC 4954 §6",
    "235: the server accepted the login; this client is now authenticated and may send mail through this server.";
"smtp.reply.250", "RFC 5321 §4.2.3", "250: requested action okay, completed.";
"smtp.reply.250.EHLO", "RFC 5321 §4.1.1.1", "250: the server greets the client back; the lines of this reply list the extensions it supports.";
"smtp.reply.250.HELO", "RFC 5321 §4.1.1.1", "250: the server greets the client back.";
"smtp.reply.250.MAIL", "RFC 5321 §4.1.1.2", "250: the server accepts {1} as the envelope sender. Now the recipients.";
"smtp.reply.250.RCPT", "RFC 5321 §4.1.1.3", "250: the server accepts mail for {1}.";
"smtp.reply.250.DATA", "RFC 5321 §4.1.1.4", "250: the server has taken the message and is now responsible for delivering it{2}.";
"smtp.reply.250.BDAT", "RFC 3030 §2", "250: the server received the chunk of {1} bytes.";
"smtp.reply.250.BDAT.last", "RFC 3030 §2", "250: the server received the last chunk ({1} bytes) and has taken the whole message; it is now responsible for delivering it{2}.";
"smtp.reply.250.RSET", "RFC 5321 §4.1.1.5", "250: the transaction is reset.";
"smtp.reply.250.NOOP", "RFC 5321 §4.1.1.9", "250: okay (answer to NOOP).";
"smtp.reply.250.VRFY", "RFC 5321 §3.5.1", "250: {1} is a valid mailbox here; the text gives its full address.";
"smtp.reply.250.EXPN", "RFC 5321 §3.5.2", "250: the members of the mailing list follow, one per line.";
"smtp.reply.250.ETRN", "RFC 1985 §5", "250: the server starts delivering the queued mail.";
"smtp.reply.251", "RFC 5321 §4.2.3", "251: the user is not local; the server will forward the mail.";
"smtp.reply.252", "RFC 5321 §4.2.3", "252: the server cannot verify the user but will accept the message and try to deliver it.";
"smtp.reply.252.VRFY", "RFC 5321 §3.5.3", "252: the server will not say whether {1} exists (it protects its users from address harvesting), but would accept mail for it.";
"smtp.reply.334", "RFC 4954 §4",
    "334: the server waits for the next step of the login. The text after the code is a Base64 challenge or prompt.";
"smtp.reply.354", "RFC 5321 §4.1.1.4",
    "354: the server is ready for the message. The client now sends headers, a blank line and the body, and ends with a line holding a single dot.";
"smtp.reply.421", "RFC 5321 §4.2.3", "421: the service is not available and the server is closing the connection (often overload or a timeout).";
"smtp.reply.432", "RFC 4954 §6", "432: a password transition is needed before this mechanism can be used.";
"smtp.reply.450", "RFC 5321 §4.2.3", "450: the mailbox is not available now (busy, locked, or held back by a temporary policy): the command failed, but the same command may succeed later.";
"smtp.reply.greylisted", "RFC 6647 §2", "The reply's own text names greylisting: the server turns away the first attempt from a sender it does not know, expecting a real mail server to come back later.";
"smtp.reply.451", "RFC 5321 §4.2.3", "451: local error in processing: the server failed and asks the client to try again later.";
"smtp.reply.452", "RFC 5321 §4.2.3", "452: insufficient system storage (or too many recipients): try again later.";
"smtp.reply.454", "RFC 4954 §6", "454: temporary authentication failure (or TLS not available now).";
"smtp.reply.454.STARTTLS", "RFC 3207 §4", "454: TLS is not available now; the session stays unencrypted unless the client gives up.";
"smtp.reply.455", "RFC 5321 §4.2.3", "455: the server cannot accommodate the parameters now.";
"smtp.reply.500", "RFC 5321 §4.2.3", "500: syntax error, command unrecognised (or the line was too long).";
"smtp.reply.501", "RFC 5321 §4.2.3", "501: syntax error in the parameters or arguments of the command.";
"smtp.reply.502", "RFC 5321 §4.2.3", "502: command not implemented by this server.";
"smtp.reply.503", "RFC 5321 §4.2.3", "503: bad sequence of commands: this command is not allowed at this point of the dialogue.";
"smtp.reply.503.RCPT", "RFC 5321 §4.1.4", "503: a recipient cannot be given before the sender: MAIL FROM must come first.";
"smtp.reply.503.RCPT.no_sender", "RFC 5321 §3.3",
    "503: the server has no sender for this transaction, because it refused the MAIL FROM above; so it takes no recipient.";
"smtp.reply.503.DATA.no_sender", "RFC 5321 §3.3",
    "503: the server has no sender for this transaction, because it refused the MAIL FROM above; so no message can be sent.";
"smtp.reply.no_transaction", "RFC 5321 §3.3",
    "No mail transaction is open: the server refused the MAIL FROM above, so it could not have accepted a recipient or a message here anyway.";
"smtp.reply.503.DATA", "RFC 5321 §4.1.4", "503: the message cannot be sent yet: the server has accepted no sender or no recipient for it.";
"smtp.reply.504", "RFC 5321 §4.2.3", "504: command parameter not implemented (for AUTH: the mechanism is not supported).";
"smtp.reply.521", "RFC 7504 §3", "521: this host does not accept mail at all.";
"smtp.reply.530", "RFC 4954 §6", "530: authentication required: the client must log in (or start TLS) first.";
"smtp.reply.530.any", "RFC 4954 §6", "{0}: authentication required: the server takes this command only from a client that has logged in (AUTH), so it was refused. No username or password was asked for or tried.";
"smtp.reply.530.starttls", "RFC 3207 §4", "{0}: the server requires TLS first, as its text says: it refuses this command until the client sends STARTTLS and the connection is encrypted. No username or password was asked for or tried.";
"smtp.reply.esc.5.7.1.RCPT", "RFC 3463 §3.8", "{0}: the server will not take mail for {1} from this client: delivery is not authorized (5.7.1). This is how a server refuses to relay: {1} is not a domain it delivers for, and it passes mail on only for clients that logged in or are on its own network (RFC 5321 §3.6.2). The reply's text says which rule applied.";
"smtp.reply.esc.4.7.1.RCPT", "RFC 3463 §3.8", "{0}: the server will not take mail for {1} from this client now: delivery is not authorized (4.7.1), by a policy that may let it through later. The reply's text says which rule applied.";
"smtp.reply.esc.4.5.3.RCPT", "RFC 5321 §4.5.3.1.10", "{0}: too many recipients: the server takes no more in this transaction. Nothing is wrong with {1} itself, and the recipients it accepted before still get the message. A relay would send to {1} in a later transaction; a mail program reports it or retries by itself.";
"smtp.reply.esc.5.5.3.RCPT", "RFC 3463 §3.6", "{0}: too many recipients for one message: the server takes no more, and this is permanent for this message. Nothing is wrong with {1} itself.";
"smtp.reply.esc.5.3.4", "RFC 1870 §6", "{0}: the message is larger than this server accepts (the limit it may announce with SIZE in its EHLO reply), so it is refused as it is.";
"smtp.reply.esc.4.3.4", "RFC 1870 §6", "{0}: the message is larger than this server can take now; it may be accepted later.";
"smtp.reply.534", "RFC 4954 §6", "534: the authentication mechanism is too weak for this server's policy.";
"smtp.reply.535", "RFC 4954 §6",
    "535: the server rejected the username or password. The attempt still crossed the wire: the credentials above are what was tried.";
"smtp.reply.503.AUTH", "RFC 4954 §4", "503: the server does not take AUTH at this point (it is not offered here, or the client has already logged in). No credentials were checked.";
"smtp.reply.504.AUTH", "RFC 4954 §4", "504: the server does not support this authentication mechanism, so no credentials were checked.";
"smtp.reply.538", "RFC 4954 §6", "538: this authentication mechanism needs an encrypted connection first.";
"smtp.reply.550", "RFC 5321 §4.2.3", "550: the requested action was not taken: mailbox unavailable (no such user, or the server refuses it).";
"smtp.reply.551", "RFC 5321 §4.2.3", "551: user not local; the server will not forward.";
"smtp.reply.size.declared", "RFC 1870 §6",
    "The client announced SIZE={0} in MAIL FROM, more than the {1} bytes the server advertised in its EHLO reply (SIZE {1}): the message is refused before any of it is sent, which is what announcing the size is for.";
"smtp.reply.size.after_data", "RFC 1870 §6",
    "The server advertised SIZE {0} in its EHLO reply, but the client did not announce its message's size in MAIL FROM (SIZE=), so the whole message ({1} bytes) crossed the wire before the server refused it after the final dot. The message was not accepted for delivery (RFC 5321 §4.2.5).";
"smtp.reply.552", "RFC 5321 §4.2.3", "552: exceeded storage allocation (the message is too big for the mailbox).";
"smtp.reply.553", "RFC 5321 §4.2.3", "553: mailbox name not allowed (a bad address syntax, or sender not permitted).";
"smtp.reply.554", "RFC 5321 §4.2.3", "554: transaction failed (for DATA: no valid recipients, or the message was rejected as spam or virus).";
"smtp.reply.555", "RFC 5321 §4.2.3", "555: MAIL FROM or RCPT TO parameters not recognised or not implemented.";
"smtp.reply.5xx.RCPT", "RFC 5321 §4.1.1.3",
    "{0}: the server refuses mail for {1} (no such user here, or relaying denied). The transaction goes on for the other recipients.";
"smtp.reply.4xx.RCPT", "RFC 5321 §4.1.1.3",
    "{0}: the server does not accept mail for {1} now, but may later: a temporary failure. A mail server relaying the message keeps it queued and tries again; a mail program (or swaks, curl) reports the failure or retries by itself.";
"smtp.reply.5xx.MAIL", "RFC 5321 §4.1.1.2", "{0}: the server refuses {1} as the sender; this transaction cannot go on.";
"smtp.reply.4xx.MAIL", "RFC 5321 §4.1.1.2", "{0}: the server does not accept {1} as the sender now; the client may try again later.";
"smtp.reply.5xx.DATA", "RFC 5321 §4.1.1.4", "{0}: the server refuses the message; it will not be delivered by this server.";
"smtp.reply.4xx.DATA", "RFC 5321 §4.1.1.4", "{0}: the server did not take the message now (a temporary failure). A mail server relaying it keeps it queued and tries again; a mail program reports the failure or retries by itself.";
"smtp.reply.5xx.BDAT", "RFC 3030 §2", "{0}: the server refuses this chunk (or the BDAT command itself); the message will not be delivered as it is.";
"smtp.reply.5xx.BDAT.no_transaction", "RFC 3030 §2, RFC 5321 §3.3",
    "{0}: the server refuses this BDAT command. No mail transaction was open (no MAIL FROM had been accepted), so no message is affected; the reply's code and text say what was wrong with the command.";
"smtp.reply.4xx.BDAT", "RFC 3030 §2", "{0}: the server did not take this chunk now; the client may try again later.";
"smtp.reply.5xx.AUTH", "RFC 4954 §6", "{0}: the server refused the login; what the code means says whether the credentials were checked (535: they were wrong).";
"smtp.reply.535.AUTH", "RFC 4954 §6", "535: the login failed: the server rejected the username or password. The attempt still crossed the wire: the credentials above are what was tried.";
"smtp.reply.4xx.AUTH", "RFC 4954 §6", "{0}: the login failed for a temporary reason; the client may try again later.";
"smtp.reply.5xx.EHLO", "RFC 5321 §4.1.1.1", "{0}: the server refuses EHLO (an old server may not know ESMTP); clients then fall back to HELO.";
"smtp.reply.5xx.STARTTLS", "RFC 3207 §4", "{0}: the server refuses to start TLS; the session stays unencrypted.";
"smtp.reply.class.2", "RFC 5321 §4.2.1", "{0}: a positive completion reply: the command succeeded.";
"smtp.reply.class.3", "RFC 5321 §4.2.1", "{0}: a positive intermediate reply: the server waits for more from the client.";
"smtp.reply.class.4", "RFC 5321 §4.2.1", "{0}: a transient failure: the command failed but may succeed if tried again later.";
"smtp.reply.class.5", "RFC 5321 §4.2.1", "{0}: a permanent failure: the command failed and should not be repeated as is.";
"smtp.reply.class.other", "RFC 5321 §4.2.1", "{0}: not a valid reply code: the first digit of an SMTP reply code must be 2, 3, 4 or 5.";
"smtp.reply.bad", "RFC 5321 §4.2", "This line does not start with a three-digit reply code, as every SMTP reply must.";
"smtp.reply.bad.esc", "RFC 5321 §4.2",
    "This line does not start with the three-digit reply code every SMTP reply must start with, though it does carry an enhanced status code.";
"smtp.reply.after_quit", "RFC 5321 §4.1.1.10", "The session already ended with QUIT.";

// ---------------------------------------------------------------- EHLO keywords (one per line of the 250 reply)
// {0} is the whole line after the code, {1} the keyword's parameters.
"smtp.ehlo.PIPELINING", "RFC 2920",
    "PIPELINING: the client may send several commands without waiting for each reply (MAIL, RCPT and DATA together, for example); the replies then come back in order.";
"smtp.ehlo.SIZE", "RFC 1870",
    "SIZE {1}: the largest message this server accepts, in bytes (0 or nothing means no fixed limit). The client can announce its message's size in MAIL FROM with SIZE=.";
"smtp.ehlo.8BITMIME", "RFC 6152",
    "8BITMIME: the server accepts messages with 8-bit bytes (for example UTF-8 text), so they need not be encoded to 7-bit ASCII first.";
"smtp.ehlo.SMTPUTF8", "RFC 6531",
    "SMTPUTF8: the server accepts international (UTF-8) email addresses and headers.";
"smtp.ehlo.UTF8SMTP", "RFC 5336",
    "UTF8SMTP: an experimental older name for SMTPUTF8 (international email addresses).";
"smtp.ehlo.DSN", "RFC 3461",
    "DSN: the client may ask for delivery status notifications (NOTIFY=, RET=, ENVID=, ORCPT= parameters): reports of success, delay or failure.";
"smtp.ehlo.CHUNKING", "RFC 3030",
    "CHUNKING: the client may send the message in counted chunks with BDAT instead of DATA, with no dot at the end.";
"smtp.ehlo.BINARYMIME", "RFC 3030",
    "BINARYMIME: the server accepts messages with raw binary content (sent with BDAT and BODY=BINARYMIME), so attachments need not be Base64-encoded.";
"smtp.ehlo.STARTTLS", "RFC 3207",
    "STARTTLS: the server can switch this connection to TLS encryption. Until the client asks for it, everything here is readable.";
"smtp.ehlo.AUTH", "RFC 4954 §3",
    "AUTH {1}: the server accepts logins with these mechanisms: {2}.";
"smtp.ehlo.AUTH=", "RFC 4954 §3",
    "AUTH={1}: the same list of login mechanisms in an old, non-standard form, kept for early Outlook clients: {2}.";
"smtp.ehlo.ENHANCEDSTATUSCODES", "RFC 2034",
    "ENHANCEDSTATUSCODES: from now on the server puts a detailed status code such as 2.1.5 or 5.1.1 after the reply code of its 2xx, 4xx and 5xx replies (not in the greeting, in this reply to the client's EHLO or LHLO, or in 3xx replies such as 354).";
"smtp.ehlo.ETRN", "RFC 1985",
    "ETRN: a client may ask this server to deliver the mail queued for its domain now (for sites that are only sometimes online).";
"smtp.ehlo.ATRN", "RFC 2645",
    "ATRN: on-demand relay: a logged-in client may ask to receive the mail queued for its domains over this connection.";
"smtp.ehlo.TURN", "RFC 821 §4.1.1",
    "TURN: the server accepts the old command that swaps client and server roles (insecure, obsolete).";
"smtp.ehlo.VRFY", "RFC 5321 §3.5",
    "VRFY: the server says it answers VRFY, the command that asks whether a mailbox exists.";
"smtp.ehlo.EXPN", "RFC 5321 §3.5",
    "EXPN: the server says it answers EXPN, the command that lists the members of a mailing list.";
"smtp.ehlo.HELP", "RFC 5321 §4.1.1.8",
    "HELP: the server answers the HELP command.";
"smtp.ehlo.DELIVERBY", "RFC 2852",
    "DELIVERBY {1}: the client may ask that a message be delivered within a time limit (BY= parameter); the number is the shortest limit accepted, in seconds.";
"smtp.ehlo.DELIVERBY.bare", "RFC 2852 §2",
    "DELIVERBY: the client may ask that a message be delivered within a time limit (BY= parameter); this server names no shortest limit.";
"smtp.ehlo.REQUIRETLS", "RFC 8689",
    "REQUIRETLS: the client may require that every server on the way uses TLS for this message.";
"smtp.ehlo.MT-PRIORITY", "RFC 6710",
    "MT-PRIORITY {1}: the client may give messages a priority (MT-PRIORITY= parameter).";
"smtp.ehlo.FUTURERELEASE", "RFC 4865",
    "FUTURERELEASE {1}: the client may ask the server to hold a message and release it later.";
"smtp.ehlo.NO-SOLICITING", "RFC 3865",
    "NO-SOLICITING {1}: the server says it does not want unsolicited commercial mail (the parameters name the keywords it honours).";
"smtp.ehlo.BURL", "RFC 4468",
    "BURL {1}: the client may submit a message by reference, an IMAP URL the server fetches it from.";
"smtp.ehlo.LIMITS", "RFC 9422",
    "LIMITS {1}: the server announces its limits (for example how many recipients per message) so the client can respect them.";
"smtp.ehlo.RRVS", "RFC 7293",
    "RRVS: the client may say since when it knows a recipient's address, so the server can refuse if the mailbox changed owner since.";
"smtp.ehlo.MTRK", "RFC 3885", "MTRK: the server supports message tracking requests.";
"smtp.ehlo.SUBMITTER", "RFC 4405", "SUBMITTER: the client may name who submitted the message (Microsoft's Sender ID).";
"smtp.ehlo.CHECKPOINT", "RFC 1845", "CHECKPOINT: an interrupted transfer can resume from where it stopped.";
"smtp.ehlo.PRDR", "draft-hall-prdr",
    "PRDR: after the message, the server may answer separately for each recipient (per-recipient data response), accepting it for some and refusing it for others.";
"smtp.ehlo.VERB", "Sendmail", "VERB: a Sendmail command that makes the server report each delivery step (verbose mode).";
"smtp.ehlo.ONEX", "Sendmail", "ONEX: a Sendmail command that limits the session to one message.";
"smtp.ehlo.OK", "RFC 5321 §4.1.1.1", "OK: not an extension; this server ends its list of extensions with a plain OK.";
"smtp.ehlo.EHLO", "RFC 5321 §4.1.1.1", "EHLO: not an extension; this server repeats the command's name at the end of its list.";
"smtp.ehlo.TLS", "RFC 3207", "TLS: an old, pre-standard name for STARTTLS used by early Microsoft servers.";
"smtp.ehlo.PIPE_CONNECT", "Exim PIPE_CONNECT",
    "PIPE_CONNECT: an Exim extension: a client that has seen this server before may send EHLO and the next commands without waiting for the greeting.";
"smtp.ehlo.vendor", "RFC 5321 §4.1.5",
    "{3}: a vendor extension (its name starts with X, reserved for local use), specific to this server's software and not part of standard SMTP.";

// ---------------------------------------------------------------- SASL mechanisms offered (AUTH lists)
"smtp.mech.PLAIN", "", "PLAIN (username and password in Base64, readable by anyone)";
"smtp.mech.LOGIN", "", "LOGIN (username and password, one after the other, in Base64, readable by anyone)";
"smtp.mech.CRAM-MD5", "", "CRAM-MD5 (a digest of a challenge and the password; the password is not sent)";
"smtp.mech.DIGEST-MD5", "", "DIGEST-MD5 (an obsolete challenge-response; the password is not sent)";
"smtp.mech.NTLM", "", "NTLM (Microsoft challenge-response; the password is not sent)";
"smtp.mech.GSSAPI", "", "GSSAPI (Kerberos tickets; no password is sent)";
"smtp.mech.XOAUTH2", "", "XOAUTH2 (an OAuth 2.0 access token instead of a password)";
"smtp.mech.OAUTHBEARER", "", "OAUTHBEARER (an OAuth 2.0 bearer token instead of a password)";
"smtp.mech.SCRAM-SHA-1", "", "SCRAM-SHA-1 (a salted challenge-response; the password is not sent)";
"smtp.mech.SCRAM-SHA-256", "", "SCRAM-SHA-256 (a salted challenge-response; the password is not sent)";
"smtp.mech.EXTERNAL", "", "EXTERNAL (the identity comes from outside, for example a TLS client certificate)";
"smtp.mech.ANONYMOUS", "", "ANONYMOUS (no identity at all)";
"smtp.mech.other", "", "{0}";

// ---------------------------------------------------------------- enhanced status codes (RFC 3463, RFC 5248 registry)
// {0} the code, {1} class, {2} subject, {3} detail.
"esc", "RFC 3463 §2", "{0}: {1}, {2}: {3}.";
"esc.class.2", "", "success";
"esc.class.4", "", "temporary failure (trying again later may work)";
"esc.class.5", "", "permanent failure";
"esc.subject.0", "", "in general";
"esc.subject.1", "", "addressing status";
"esc.subject.2", "", "mailbox status";
"esc.subject.3", "", "mail system status";
"esc.subject.4", "", "network and routing status";
"esc.subject.5", "", "mail delivery protocol status";
"esc.subject.6", "", "message content or media status";
"esc.subject.7", "", "security or policy status";
"esc.subject.other", "", "subject {0}";
"esc.detail.0.0", "RFC 3463 §3.1", "nothing more specific is said";
"esc.detail.1.0", "RFC 3463 §3.2", "an address matter not named more precisely";
"esc.detail.1.1", "RFC 3463 §3.2", "bad destination mailbox address";
"esc.detail.1.2", "RFC 3463 §3.2", "bad destination system address";
"esc.detail.1.3", "RFC 3463 §3.2", "bad destination mailbox address syntax";
"esc.detail.1.4", "RFC 3463 §3.2", "destination mailbox address ambiguous";
"esc.detail.1.5", "RFC 3463 §3.2", "destination address valid";
"esc.detail.1.6", "RFC 3463 §3.2", "destination mailbox has moved, no forwarding address";
"esc.detail.1.7", "RFC 3463 §3.2", "bad sender's mailbox address syntax";
"esc.detail.1.8", "RFC 3463 §3.2", "bad sender's system address";
"esc.detail.1.9", "RFC 3886 §3.3", "message relayed to a non-compliant mailer";
"esc.detail.1.10", "RFC 7505 §4.2", "recipient address has a null MX (the domain accepts no mail)";
"esc.detail.2.0", "RFC 3463 §3.3", "a mailbox matter not named more precisely";
"esc.detail.2.1", "RFC 3463 §3.3", "mailbox disabled, not accepting messages";
"esc.detail.2.2", "RFC 3463 §3.3", "mailbox full";
"esc.detail.2.3", "RFC 3463 §3.3", "message length exceeds administrative limit";
"esc.detail.2.4", "RFC 3463 §3.3", "mailing list expansion problem";
"esc.detail.3.0", "RFC 3463 §3.4", "a matter of the receiving mail system not named more precisely";
"esc.detail.3.1", "RFC 3463 §3.4", "mail system full";
"esc.detail.3.2", "RFC 3463 §3.4", "system not accepting network messages";
"esc.detail.3.3", "RFC 3463 §3.4", "system not capable of selected features";
"esc.detail.3.4", "RFC 3463 §3.4", "message too big for system";
"esc.detail.3.5", "RFC 3463 §3.4", "system incorrectly configured";
"esc.detail.3.6", "RFC 6710 §7", "requested priority was changed";
"esc.detail.4.0", "RFC 3463 §3.5", "a network or routing matter not named more precisely";
"esc.detail.4.1", "RFC 3463 §3.5", "no answer from host";
"esc.detail.4.2", "RFC 3463 §3.5", "bad connection";
"esc.detail.4.3", "RFC 3463 §3.5", "directory server failure";
"esc.detail.4.4", "RFC 3463 §3.5", "unable to route";
"esc.detail.4.5", "RFC 3463 §3.5", "mail system congestion";
"esc.detail.4.6", "RFC 3463 §3.5", "routing loop detected";
"esc.detail.4.7", "RFC 3463 §3.5", "delivery time expired";
"esc.detail.5.0", "RFC 3463 §3.6", "a matter of the mail protocol not named more precisely";
"esc.detail.5.1", "RFC 3463 §3.6", "invalid command";
"esc.detail.5.2", "RFC 3463 §3.6", "syntax error";
"esc.detail.5.3", "RFC 3463 §3.6", "too many recipients";
"esc.detail.5.4", "RFC 3463 §3.6", "invalid command arguments";
"esc.detail.5.5", "RFC 3463 §3.6", "wrong protocol version";
"esc.detail.5.6", "RFC 4954 §6", "authentication exchange line is too long";
"esc.detail.6.0", "RFC 3463 §3.7", "a matter of the message's content not named more precisely";
"esc.detail.6.1", "RFC 3463 §3.7", "media not supported";
"esc.detail.6.2", "RFC 3463 §3.7", "conversion required and prohibited";
"esc.detail.6.3", "RFC 3463 §3.7", "conversion required but not supported";
"esc.detail.6.4", "RFC 3463 §3.7", "conversion with loss performed";
"esc.detail.6.5", "RFC 3463 §3.7", "conversion failed";
"esc.detail.6.6", "RFC 4468 §5", "message content not available";
"esc.detail.6.7", "RFC 6531 §3.7.1", "non-ASCII addresses not permitted for that sender or recipient";
"esc.detail.6.8", "RFC 6531 §3.7.4.2", "UTF-8 string reply is required, but not permitted by the client";
"esc.detail.6.9", "RFC 6531 §3.7.5", "UTF-8 header message cannot be transferred to one or more recipients";
"esc.detail.7.0", "RFC 3463 §3.8", "a security or policy matter not named more precisely";
"esc.detail.7.1", "RFC 3463 §3.8", "delivery not authorized, message refused";
"esc.detail.7.2", "RFC 3463 §3.8", "mailing list expansion prohibited";
"esc.detail.7.3", "RFC 3463 §3.8", "security conversion required but not possible";
"esc.detail.7.4", "RFC 3463 §3.8", "security features not supported";
"esc.detail.7.5", "RFC 3463 §3.8", "cryptographic failure";
"esc.detail.7.6", "RFC 3463 §3.8", "cryptographic algorithm not supported";
"esc.detail.7.7", "RFC 3463 §3.8", "message integrity failure";
"esc.detail.7.8", "RFC 4954 §6", "authentication credentials invalid";
"esc.detail.7.9", "RFC 4954 §6", "authentication mechanism is too weak";
"esc.detail.7.10", "RFC 5248 §2.4", "encryption needed";
"esc.detail.7.11", "RFC 4954 §6", "encryption required for the requested authentication mechanism";
"esc.detail.7.12", "RFC 4954 §6", "a password transition is needed";
"esc.detail.7.13", "RFC 5248 §2.4", "user account disabled";
"esc.detail.7.14", "RFC 5248 §2.4", "trust relationship required";
"esc.detail.7.15", "RFC 6710 §7", "priority level is too low";
"esc.detail.7.16", "RFC 6710 §7", "message is too big for the specified priority";
"esc.detail.7.17", "RFC 7293 §5", "mailbox owner has changed";
"esc.detail.7.18", "RFC 7293 §5", "domain owner has changed";
"esc.detail.7.19", "RFC 7293 §5", "the RRVS test cannot be completed";
"esc.detail.7.20", "RFC 7372 §3.1", "no passing DKIM signature found";
"esc.detail.7.21", "RFC 7372 §3.1", "no acceptable DKIM signature found";
"esc.detail.7.22", "RFC 7372 §3.1", "no valid author-matched DKIM signature found";
"esc.detail.7.23", "RFC 7372 §3.2", "SPF validation failed";
"esc.detail.7.24", "RFC 7372 §3.2", "SPF validation error";
"esc.detail.7.25", "RFC 7372 §3.3", "reverse DNS validation failed";
"esc.detail.7.26", "RFC 7372 §3.4", "multiple authentication checks failed";
"esc.detail.7.27", "RFC 7505 §4.2", "sender address has a null MX";
"esc.detail.7.29", "RFC 8617 §6.1", "ARC validation failure";
"esc.detail.7.30", "RFC 8689 §5", "REQUIRETLS support required";
"esc.detail.other", "RFC 5248", "detail {0}, which is not in the registry Postscope knows";
}
