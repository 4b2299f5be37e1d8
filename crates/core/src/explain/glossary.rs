//! The glossary's words (`crate::glossary::TERMS`): each term's name
//! (`glossary.{key}.term`) and a short entry with where it is defined.

use super::catalogue::{entries, Entry};

entries! { ENTRIES;
"glossary.handshake.term", "", "handshake";
"glossary.handshake", "RFC 9293 §3.5", "The three-way handshake opens a TCP connection: the client sends SYN, the server answers SYN-ACK, the client ACK. Each side picks its initial sequence number and announces its options (such as the MSS).";
"glossary.mss.term", "", "MSS";
"glossary.mss", "RFC 9293 §3.7.1", "Maximum segment size: the largest TCP payload a side is willing to receive in one segment, announced in its SYN. It is not a limit on a mail's size.";
"glossary.sequence.term", "", "sequence number";
"glossary.sequence", "RFC 9293 §3.4", "TCP numbers every byte it sends; a segment's sequence number is that of its first byte, and an acknowledgement names the next byte expected. Postscope and Wireshark show them relative to the first.";
"glossary.base64.term", "", "Base64";
"glossary.base64", "RFC 4648 §4", "A way to write any bytes with 64 printable characters (A–Z, a–z, 0–9, + and /, = as padding). It is an encoding, not encryption: anyone can decode it, as Postscope does.";
"glossary.envelope.term", "", "envelope";
"glossary.envelope", "RFC 5321 §2.3.1", "The SMTP envelope is the sender (MAIL FROM) and the recipients (RCPT TO) given to the server. Mail is delivered by the envelope, not by the From: and To: headers inside the message, which may differ.";
"glossary.mime.term", "", "MIME";
"glossary.mime", "RFC 2045 §1", "Multipurpose Internet Mail Extensions: the headers (Content-Type, Content-Transfer-Encoding) that let a mail carry other text than plain ASCII, several parts, and attachments.";
"glossary.starttls.term", "", "STARTTLS";
"glossary.starttls", "RFC 3207 §4", "A command that turns a connection begun in plain text into a TLS connection (STLS in POP3, RFC 2595). What was said before it was readable; after the TLS handshake a capture shows only encrypted records.";
"glossary.tls.term", "", "TLS";
"glossary.tls", "RFC 8446 §1", "Transport Layer Security encrypts and authenticates a connection. A capture of TLS shows the handshake's hellos and the sizes and timing of encrypted records, not what they carry.";
"glossary.sasl.term", "", "SASL";
"glossary.sasl", "RFC 4422 §3", "Simple Authentication and Security Layer: the framework of login mechanisms (PLAIN, LOGIN, CRAM-MD5, ...) that SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE use, exchanging Base64 lines.";
"glossary.uid.term", "", "UID";
"glossary.uid", "RFC 9051 §2.3.1.1", "An IMAP message's unique identifier: a number that stays the same for that message in that mailbox (while UIDVALIDITY does), unlike its sequence number, which changes when messages before it are removed.";
"glossary.literal.term", "", "literal";
"glossary.literal", "RFC 9051 §4.3", "IMAP sends arbitrary text as a literal: {n} at the end of a line announces exactly n bytes that follow, counted rather than ended by a line end. A message fetched or appended travels as one.";
"glossary.tag.term", "", "tag";
"glossary.tag", "RFC 9051 §2.2.1", "Each IMAP command starts with a tag the client chooses (a1, A0001); the server's final reply to that command carries the same tag with OK, NO or BAD. Lines starting with * are untagged.";
"glossary.crlf.term", "", "CRLF";
"glossary.crlf", "RFC 5321 §2.3.8", "Carriage return and line feed, the bytes 13 and 10: the line end SMTP, POP3 and IMAP require. A bare LF is not a line end in these protocols.";
"glossary.pipelining.term", "", "PIPELINING";
"glossary.pipelining", "RFC 2920 §3", "An SMTP extension that lets the client send several commands without waiting for each reply; the server answers them in order.";
"glossary.retransmission.term", "", "retransmission";
"glossary.retransmission", "RFC 9293 §3.8.1", "TCP sends bytes again when their acknowledgement does not come in time; a capture then shows the same bytes twice.";
"glossary.title", "", "Glossary";
}
