//! The questions' words (`crate::quiz`), each with the RFC section that
//! decides its answer.

use super::catalogue::{entries, Entry};

entries! { ENTRIES;
"quiz.next_reply.smtp", "RFC 5321 §4.2", "The client sent “{0}”. Which reply code did the server answer with?";
"quiz.next_reply.lmtp", "RFC 2033 §4.2; RFC 5321 §4.2", "The client sent “{0}”. Which reply code did the server answer with?";
"quiz.next_reply.pop3", "RFC 1939 §3", "The client sent “{0}”. Did the server answer +OK or -ERR?";
"quiz.next_reply.imap", "RFC 9051 §7.1", "The client sent “{0}”. Which status did the server's tagged reply carry: OK, NO or BAD?";
"quiz.login.accepted.smtp", "RFC 4954 §6", "Which reply code tells you the password was accepted?";
"quiz.login.accepted.lmtp", "RFC 4954 §6", "Which reply code tells you the password was accepted?";
"quiz.login.accepted.pop3", "RFC 1939 §7", "Which status tells you the password was accepted?";
"quiz.login.accepted.imap", "RFC 9051 §6.2.3", "Which status of the tagged reply tells you the login was accepted?";
"quiz.login.refused.smtp", "RFC 4954 §6", "Which reply code tells you the password was refused?";
"quiz.login.refused.lmtp", "RFC 4954 §6", "Which reply code tells you the password was refused?";
"quiz.login.refused.pop3", "RFC 1939 §7", "Which status tells you the password was refused?";
"quiz.login.refused.imap", "RFC 9051 §6.2.3", "Which status of the tagged reply tells you the login was refused?";
"quiz.count.pop3", "RFC 1939 §5", "How many messages are in the mailbox? (Look at the answer to STAT.)";
"quiz.count.imap", "RFC 9051 §7.4.1", "How many messages are in the mailbox? (Look for EXISTS.)";
"quiz.right", "", "Right.";
"quiz.wrong", "", "Not this time: the answer in the capture is {0}.";
}
