//! LMTP's own explanations (RFC 2033); everything else LMTP says is
//! explained by SMTP's entries, which these come before.

use super::catalogue::{entries, Entry};

entries! { ENTRIES;
"lmtp.reply.greeting", "RFC 2033 §4",
    "{0} greeting: the LMTP server is ready. LMTP is SMTP for the last hop: a mail server hands each message to the mailbox store (here the server), which puts it in the recipients' mailboxes at once and answers for each recipient.";
"lmtp.cmd.LHLO", "RFC 2033 §4.1",
    "LHLO {0}: LMTP's hello, in place of SMTP's EHLO: the client (the mail server handing mail over) names itself and asks which extensions the LMTP server supports.";
"lmtp.cmd.EHLO", "RFC 2033 §4.1",
    "EHLO is not part of LMTP: an LMTP server must not accept it (500 is the answer RFC 2033 recommends); an LMTP client says LHLO.";
"lmtp.cmd.HELO", "RFC 2033 §4.1",
    "HELO is not part of LMTP: an LMTP server must not accept it (500 is the answer RFC 2033 recommends); an LMTP client says LHLO.";
"lmtp.reply.250.LHLO", "RFC 2033 §4.1",
    "250: the LMTP server greets the client back; the lines of this reply list the extensions it supports.";
"lmtp.reply.5xx.EHLO", "RFC 2033 §4.1",
    "{0}: the LMTP server refuses EHLO, as RFC 2033 requires; the client should say LHLO.";
"lmtp.reply.5xx.HELO", "RFC 2033 §4.1",
    "{0}: the LMTP server refuses HELO, as RFC 2033 requires; the client should say LHLO.";
"lmtp.cmd.DATA", "RFC 2033 §4.2",
    "DATA: the client asks to send the message. After its final dot an LMTP server answers once for each recipient it accepted, in the order of the RCPT commands, so each delivery can succeed or fail on its own.";
"lmtp.data.end", "RFC 2033 §4.2",
    "A line with only a dot ends the message. The LMTP server now answers once for each recipient it accepted ({0} in this transaction), in the order of their RCPT commands.";
"lmtp.reply.250.DATA.rcpt", "RFC 2033 §4.2",
    "250: delivered to {1}. The message is in that recipient's mailbox; this reply is for that recipient alone{2}.";
"lmtp.reply.4xx.DATA.rcpt", "RFC 2033 §4.2",
    "{0}: delivery to {1} failed for now. The client keeps the message for that recipient and tries again later; the other recipients have replies of their own.";
"lmtp.reply.5xx.DATA.rcpt", "RFC 2033 §4.2",
    "{0}: delivery to {1} failed for good. The client must not try again for that recipient and reports the failure to the sender; the other recipients have replies of their own.";
"message.lmtp.DATA", "RFC 2033 §4.2",
    "A message handed over with LMTP's DATA, for the mailboxes of the recipients the server accepted.";
"lmtp.reply.503.DATA", "RFC 2033 §4.2",
    "503: no recipient was accepted, so there is no message to take: RFC 2033 requires DATA to fail with 503 then.";
}
