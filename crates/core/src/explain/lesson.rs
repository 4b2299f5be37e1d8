//! The words of the capture-wide views: the paragraph above the
//! conversations (`overview.*`), the kinds of the capture's notes
//! (`note.kind.*`), the sequence diagram (`sequence.*`) and what an
//! eavesdropper learned (`eaves.*`).

use super::catalogue::{entries, Entry};

entries! { ENTRIES;
// ---------------------------------------------------------------- the capture in one paragraph
"overview.capture", "", "{0} in {1} s ({2}).";
"overview.conversations.one", "", "{0} TCP conversation";
"overview.conversations.many", "", "{0} TCP conversations";
"overview.frames.one", "", "{0} frame";
"overview.frames.many", "", "{0} frames";
"overview.totals", "", "Mail: {0}, {1}, {2}.";
"overview.mail.one", "", "{0} mail conversation";
"overview.mail.many", "", "{0} mail conversations";
"overview.logins.one", "", "{0} login";
"overview.logins.many", "", "{0} logins";
"overview.messages.one", "", "{0} message";
"overview.messages.many", "", "{0} messages";
"overview.conversation", "", "Conversation {0} ({1}, {2} to {3}): {4}.";
"overview.conversation.quiet", "", "Conversation {0} ({1}, {2} to {3}): nothing Postscope can read as mail.";
"overview.login", "", "the client logged in with {0} as \"{1}\" ({2})";
"overview.login.nouser", "", "the client logged in with {0} ({1})";
"overview.login.accepted", "", "accepted";
"overview.login.rejected", "", "rejected";
"overview.login.unanswered", "", "the answer is not in the capture";
"overview.message.sent", "", "it sent the message {0} with {1}";
"overview.message.stored", "", "it stored the message {0} with {1}";
"overview.message.read", "", "it downloaded the message {0} with {1}";
"overview.subject", "", "\"{0}\"";
"overview.subject.none", "", "without a subject";
"overview.tls.starttls", "", "it switched to TLS at frame {0}, and nothing after that can be read without the keys";
"overview.tls.starttls.decrypted", "", "it switched to TLS at frame {0}, and Postscope read what followed with the key log";
"overview.tls.implicit", "", "it was encrypted from the first byte (TLS on port {0}), so nothing of it can be read without the keys";
"overview.tls.implicit.decrypted", "", "it was encrypted from the first byte (TLS on port {0}), and Postscope read it with the key log";
"overview.missing", "", "{0} bytes of it are missing from the capture";
"overview.missing.singular", "", "{0} byte of it is missing from the capture";
"overview.tcp", "", "TCP had trouble ({0})";
"overview.tcp.retransmission", "", "retransmissions: {0}";
"overview.tcp.fast_retransmission", "", "fast retransmissions: {0}";
"overview.tcp.out_of_order", "", "out-of-order segments: {0}";
"overview.tcp.lost_segment", "", "segments not captured: {0}";
"overview.tcp.acked_unseen", "", "ACKs of unseen segments: {0}";
"overview.tcp.duplicate_ack", "", "duplicate ACKs: {0}";
"overview.tcp.zero_window", "", "zero windows: {0}";
"overview.tcp.window_full", "", "full windows: {0}";
"overview.tcp.keep_alive", "", "keep-alives: {0}";
"overview.rst", "", "it was reset (RST) at frame {0}";
"overview.more", "", "{0} more conversations are listed below.";

// ---------------------------------------------------------------- the capture's notes, by kind
"note.kind.not_a_capture", "", "Not a packet capture";
"note.kind.unsupported_version", "", "A file version no tool reads";
"note.kind.unusual_header", "", "Unusual file or interface headers";
"note.kind.bad_length", "", "Damage: lengths that cannot be right";
"note.kind.bad_byte_order", "", "Damage: an unknown byte order";
"note.kind.outside_section", "", "Damage: blocks outside a section";
"note.kind.truncated", "", "The file is cut short";
"note.kind.damaged_block", "", "Damaged blocks";
"note.kind.damaged_options", "", "Damaged block options";
"note.kind.compression", "", "Damaged compression";
"note.kind.comment", "", "Comments in the capture";
"note.kind.empty_frame", "", "Empty frames";
"note.kind.link_header", "", "Frames too short for their link header";
"note.kind.ip_header", "", "Damaged IP headers";
"note.kind.tcp_header", "", "Damaged TCP headers";
"note.kind.fragments", "", "IP fragments that fit no datagram";
"note.kind.unsupported_link", "", "Link types Postscope cannot decode";
"note.kind.far_timestamp", "", "Far-off timestamps";
"note.kind.too_many_notes", "", "More notes than are kept";
"note.kind.key_log_line", "", "Key log lines not used";
"note.kind.unused_keys", "", "Keys for no connection of the capture";

// ---------------------------------------------------------------- the sequence diagram
"sequence.bracket.handshake", "RFC 9293 §3.5", "TCP handshake";
"sequence.bracket.tls", "RFC 8446 §2", "TLS: encrypted";
"sequence.bracket.teardown", "RFC 9293 §3.6", "teardown";
"sequence.mark.retransmission", "RFC 9293 §3.8.1", "retransmission: these bytes were sent before";
"sequence.mark.out_of_order", "RFC 9293 §3.10.7.4", "out of order: sent after bytes that follow it";
"sequence.mark.gap", "RFC 9293 §3.10.7.4", "bytes before this segment are not in the capture";
"sequence.mark.rst", "RFC 9293 §3.5.2", "RST: the connection is aborted";
"sequence.mark.duplicate_ack", "RFC 5681 §2", "duplicate ACK: the receiver still waits for the same byte";
"sequence.mark.zero_window", "RFC 9293 §3.8.6", "zero window: the receiver can take no more bytes for now";
"sequence.mark.window_full", "RFC 9293 §3.8.6", "the sender has filled the receiver's window";
"sequence.mark.keep_alive", "RFC 9293 §3.8.4", "keep-alive: checks that the other side is still there";
"sequence.mark.acked_unseen", "RFC 9293 §3.4", "acknowledges bytes the capture never saw";

// ---------------------------------------------------------------- what an eavesdropper learned
"eaves.kind.credential", "", "Login";
"eaves.kind.address", "", "Address";
"eaves.kind.subject", "", "Subject";
"eaves.kind.attachment", "", "Attachment";
"eaves.kind.body", "", "Message";
"eaves.lesson.clear", "RFC 8314 §3", "Anyone on the path could read this. {0}";
"eaves.hide", "", "{0} with {1} on port {2}, or TLS from the first byte on port {3}, would have hidden it.";
"eaves.hide.starttls", "", "{0} with {1} on port {2} would have hidden it.";
"eaves.hide.tls", "", "{0} inside TLS would have hidden it.";
"eaves.lesson.decrypted", "RFC 8446 §5.2",
    "This crossed inside TLS: Postscope read it with the key log; an eavesdropper without the keys saw only encrypted records.";
"eaves.lesson.cram", "RFC 2195 §2",
    "CRAM-MD5 keeps the password itself off the wire, but the challenge and the answer's HMAC-MD5 digest, both readable here, let anyone test guessed passwords offline, as fast as their computer runs. {0}";
"eaves.lesson.apop", "RFC 1939 §7",
    "APOP keeps the password itself off the wire, but the greeting's timestamp and the MD5 digest, both readable here, let anyone test guessed passwords offline. {0}";
"eaves.lesson.token", "RFC 6750 §5.1",
    "A bearer token is as good as a password until it expires: whoever copies it from the wire can use it. {0}";
"eaves.lesson.ntlm", "RFC 8314 §3",
    "NTLM keeps the password itself off the wire, but its challenge and response, readable here, let anyone test guessed passwords offline. {0}";
"eaves.hidden.starttls", "RFC 3207 §4.2",
    "From frame {0} the conversation is encrypted: what came after STARTTLS (the login, the envelope, the message) cannot be read without the keys.";
"eaves.hidden.implicit", "RFC 8314 §3",
    "The whole conversation is encrypted from the first byte: the login, the commands and the messages cannot be read without the keys.";
"eaves.hidden.decrypted", "RFC 8446 §5.2",
    "Postscope read {0} items above inside TLS with the key log (marked decrypted); an eavesdropper without the keys saw only encrypted records in their place.";
"eaves.leak.endpoints", "RFC 9293 §3.1",
    "Who talked to whom: {0} to {1}. The addresses and the port ({2}) are outside the encryption, and the port says which service it is.";
"eaves.leak.sni", "RFC 6066 §3",
    "The server name \"{0}\", sent in clear in the ClientHello (Server Name Indication).";
"eaves.leak.certificate", "RFC 5246 §7.4.2",
    "The server's certificate, sent in clear in this TLS 1.2 handshake: who the server claims to be and who vouches for it (Postscope does not decode it; Wireshark shows it under tls.handshake.certificate).";
"eaves.leak.certificate.13", "RFC 8446 §4.4.2",
    "In TLS 1.3 the server's certificate is encrypted, so it did not leak here.";
"eaves.leak.sizes", "RFC 8446 Appendix E.3",
    "Sizes and times: {0} bytes of encrypted application data from the client and {1} from the server over {2} s (frames {3}–{4}). A login is short and a message is long, so record sizes still hint at what was said.";
}
