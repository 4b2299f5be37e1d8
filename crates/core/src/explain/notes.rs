//! The capture's notes (`model::Note`): what Postscope says about the file
//! itself and about frames it could not read: damage, a file that is no
//! capture, a cut, link types it cannot decode, probable damage the frames
//! show, comments. Postscope's own reading of the file, so no RFC is cited;
//! the key log's notes are the `keylog.*` entries of `catalogue.rs`.
//!
//! A note is a run of these entries with their arguments, rendered when
//! shown: a damaged record says what was wrong (`note.pcap.*`,
//! `note.pcapng.*`), then where reading went on (`note.resync`). The
//! English texts are the notes' words as the JSON Lines have always written
//! them; an IP header's damage keeps etherparse's words in English
//! (`note.ip.err.*`), translated like the rest.

use super::catalogue::{entries, Entry};

entries! { ENTRIES;
// ---------------------------------------------------------------- comments
"note.comment", "", "{0}";

// ---------------------------------------------------------------- a file that is no capture
"note.empty", "", "The file is empty (0 bytes): there is no capture in it. Was it saved or downloaded completely?";
"note.gzip.empty", "", "The file is gzip-compressed but holds nothing once decompressed: there is no capture in it.";
"note.pcap.header_cut", "", "The file starts like a pcap capture but ends after {0} bytes, inside its 24-byte file header: it holds no packets.";
"note.too_short", "",
    "The file is only {0} bytes long, too short to be a capture: a pcap file header alone is 24 bytes, a pcapng section header at least 28.";
"note.not_capture", "",
    "This is not a packet capture: it starts with the bytes {0} (\"{1}\") where a pcap file starts with d4 c3 b2 a1 or a1 b2 c3 d4 and a pcapng file with 0a 0d 0d 0a.";
"note.not_capture.zip", "", "It is a ZIP archive: unpack it first and open the .pcap or .pcapng file inside.";
"note.not_capture.zstd", "", "It is zstd-compressed: decompress it first (zstd -d), or save it again from Wireshark without compression.";
"note.not_capture.lz4", "", "It is LZ4-compressed: decompress it first (lz4 -d), or save it again from Wireshark without compression.";
"note.not_capture.bzip2", "", "It is bzip2-compressed: decompress it first (bunzip2).";
"note.not_capture.xz", "", "It is xz-compressed: decompress it first (unxz).";
"note.not_capture.7z", "", "It is a 7-Zip archive: unpack it first.";
"note.not_capture.pdf", "", "It is a PDF document.";
"note.not_capture.snoop", "", "It is a Solaris snoop capture, which Postscope does not read: open it in Wireshark and save it as pcapng.";
"note.not_capture.netmon", "",
    "It is a Microsoft Network Monitor capture, which Postscope does not read: open it in Wireshark and save it as pcapng.";
"note.not_capture.netxray", "", "It is a NetXray or Sniffer capture, which Postscope does not read: open it in Wireshark and save it as pcapng.";
"note.not_capture.html", "", "It is a web page (HTML): the download probably saved the page instead of the capture file.";
"note.not_capture.packet_list", "",
    "It looks like a packet list exported as text from Wireshark: export or save the capture itself (File › Save As, pcapng) instead.";
"note.not_capture.json", "", "It looks like JSON text, perhaps a Wireshark or tshark export: save the capture itself (pcap or pcapng) instead.";
"note.not_capture.other", "", "Postscope reads .pcap and .pcapng files, also gzip-compressed, as Wireshark and tcpdump save them.";
"note.no_packets", "",
    "The file is a {0} capture with no packets in it: there is nothing to show. Was the capture stopped before the first packet, or did its filter match none?";

// ---------------------------------------------------------------- gzip
"note.gzip.checksum", "",
    "The gzip-compressed file is damaged: the checksum at its end (after {0} compressed bytes) does not match what it decompressed to, so some packets may hold wrong bytes.";
"note.gzip.end", "",
    "The gzip-compressed file does not end as a whole one does: the checksum and length in its last 8 bytes (after {0} compressed bytes) do not match what it decompressed to. It was cut short, or its data is damaged; the packets read are kept, but some may hold wrong bytes.";
"note.gzip.cut", "",
    "The gzip-compressed file ends before its compressed data does (after {0} compressed bytes: {1}): it was probably cut short; the packets before the cut were read.";
"note.gzip.damaged", "",
    "The gzip compression is damaged between compressed bytes {0} and {1} ({2}); what was compressed before the damage was read.";

// ---------------------------------------------------------------- damage, and the way back
"note.resync", "",
    "Reading went on at byte {0}, where the next readable record starts, after passing over {1} bytes. Wireshark stops reading at the damage, so it shows neither packet {2} nor those after it.";
"note.resync.none", "", "Nothing readable follows in the last {0} bytes of the file; the {1} packets before the damage were read.";
"note.cut", "", "The file was probably cut short, by an interrupted capture or download; the {0} packets before it were read.";
"note.file.more", "", "{0} more problems with the file were found, like the ones above.";

// ---------------------------------------------------------------- pcap
"note.pcap.version", "",
    "The pcap file header (at byte 4) gives version {0}.{1}, where every capture tool writes 2.4; the packets were read as version 2.4.";
"note.pcap.snaplen", "",
    "The pcap file header (at byte 16) gives a snapshot length of 0, which no capture tool writes; the packets were read with the lengths their own records give.";
"note.pcap.caplen", "",
    "The record of packet {0} at byte {1} says the packet holds {2} bytes, more than the {3} any capture tool writes: the record header is damaged.";
"note.pcap.header_short", "", "The record header of packet {0} at byte {1} is cut short.";
"note.pcap.ends_in_header", "", "The file ends in the middle of the record header of packet {0} at byte {1}: {2} of its {3} bytes are there.";
"note.pcap.caplen_left", "",
    "The record of packet {0} at byte {1} says the packet holds {2} bytes, more than the {3} left in the file: its length is damaged.";
"note.pcap.ends_in_packet", "",
    "The file ends in the middle of packet {0}: its record at byte {1} says it holds {2} bytes, but only {3} of them are there.";

// ---------------------------------------------------------------- pcapng
"note.block.shb", "", "section header block";
"note.block.idb", "", "interface description block";
"note.block.pb", "", "packet block (the obsolete kind)";
"note.block.spb", "", "simple packet block";
"note.block.nrb", "", "name resolution block";
"note.block.isb", "", "interface statistics block";
"note.block.epb", "", "enhanced packet block";
"note.block.sje", "", "systemd journal block";
"note.block.dsb", "", "decryption secrets block";
"note.block.cb", "", "custom block";
"note.block.other", "", "block of type {0}";
"note.pcapng.bom", "",
    "The section header block at byte {0} has the byte-order mark {1} where 1a2b3c4d (or 4d3c2b1a) belongs: the block is damaged.";
"note.pcapng.outside", "", "The block at byte {0} comes before any section header block.";
"note.pcapng.length", "", "The {0} at byte {1} (before packet {2}) gives its length as {3} bytes, which is {4}: the block header is damaged.";
"note.pcapng.length.small", "", "less than the 12 bytes of an empty block";
"note.pcapng.length.unaligned", "", "not a multiple of 4, as every pcapng block length is";
"note.pcapng.length.big", "", "more than the 16 MiB a block may hold";
"note.pcapng.trailer", "",
    "The {0} at byte {1} (before packet {2}) gives its length as {3} bytes at its start but as {4} at its end: the block is damaged.";
"note.pcapng.too_short", "", "The {0} at byte {1} is only {2} bytes long, less than the {3} such a block needs; it was passed over.";
"note.pcapng.options", "", "The options of the {0} at byte {1} are damaged ({2}); the block was read without the rest of them.";
"note.pcapng.option_overrun", "", "option {0} says it is {1} bytes long, but only {2} bytes of options remain";
"note.pcapng.version", "",
    "The pcapng section at byte {0} is version {1}.{2}; Postscope, like Wireshark, reads only version 1 sections, so reading stops here.";
"note.pcapng.tsresol", "",
    "Interface {0} (described at byte {1}) gives a timestamp resolution (if_tsresol) of {2}, which no clock has; its packets' times were read as microseconds.";
"note.pcapng.interface", "",
    "The {0} at byte {1} (packet {2}) belongs to interface {3}, but its section describes only {4} interfaces; the packet was passed over.";
"note.pcapng.room", "",
    "The {0} at byte {1} (packet {2}) says its packet holds {3} bytes, but the block has room for only {4}; the packet was passed over.";
"note.pcapng.spb_first", "",
    "The simple packet block at byte {0} (packet {1}) comes before any interface was described; the packet was passed over.";
"note.pcapng.secrets_room", "", "The {0} at byte {1} says it holds {2} bytes of secrets, but the block has room for only {3}; it was passed over.";
"note.pcapng.header_short", "", "The block header at byte {0} is cut short.";
"note.pcapng.ends_in_header", "", "The file ends in the middle of a block header at byte {0}: {1} of its 12 bytes are there.";
"note.pcapng.length_left", "", "The {0} at byte {1} gives its length as {2} bytes, more than the {3} left in the file: its length is damaged.";
"note.pcapng.ends_in_block", "", "The file ends in the middle of {0}: the block says it is {1} bytes long, but only {2} of them are there.";
"note.pcapng.what.packet", "", "packet {0} (the {1} at byte {2})";
"note.pcapng.what.block", "", "the {0} at byte {1}";

// ---------------------------------------------------------------- frames that could not be read
"note.frame", "", "frame {0} was passed over: {1}";
"note.frame.empty", "", "the frame is empty: its record holds no bytes";
"note.frame.link_short", "", "the {0} header needs {1} bytes, but only {2} were captured";
"note.link.ethernet", "", "Ethernet";
"note.link.loopback", "", "loopback";
"note.link.ppp", "", "PPP";
"note.link.c_hdlc", "", "Cisco HDLC";
"note.link.sll", "", "Linux cooked (SLL)";
"note.link.sll2", "", "Linux cooked (SLL2)";
"note.link.nflog", "", "NFLOG";
"note.frame.ip", "", "the IP header is damaged: {0}";
"note.frame.tcp_short", "", "only {0} bytes of the TCP header were captured; at least 14 are needed to read its ports, numbers and flags";
"note.frame.tcp_length", "", "the TCP header says it is {0} bytes long, less than the minimum 20";
"note.frame.fragment", "", "this fragment reaches byte {0} of its datagram, beyond the {1} bytes an IP datagram can hold";
// etherparse's words for a damaged IP header (etherparse::err), kept in English as it writes them.
"note.ip.err.version", "", "IP Header Error: Encountered '{0}' as IP version number in the IP header (only '4' or '6' are supported).";
"note.ip.err.ihl", "",
    "IPv4 Header Error: The 'internet header length' value '{0}' present in the IPv4 header is smaller than the minimum size of an IPv4 header. The minimum allowed value is '5'.";
"note.ip.err.v4_version", "", "IPv4 Header Error: Encountered '{0}' as IP version number in the IPv4 header (must be '4' in an IPv4 header).";
"note.ip.err.v6_version", "", "IPv6 Header Error: Encountered '{0}' as IP version number in the IPv6 header (must be '6' in an IPv6 header).";
"note.ip.err.short", "",
    "{0}: Not enough data to decode '{1}'. {2} byte(s) would be required, but only {3} byte(s) are available based on the {4}.";
"note.ip.err.short_at", "",
    "{0}: Not enough data to decode '{1}'. {2} byte(s) would be required, but only {3} byte(s) are available based on the {4} ('{1}' starts at overall parsed byte {5}).";
"note.ip.err.big", "",
    "{0}: Length of {1} byte(s) is too big for an '{2}' (maximum is {3} bytes). The {4} was used to determine the length.";
"note.ip.err.big_at", "",
    "{0}: Length of {1} byte(s) is too big for an '{2}' (maximum is {3} bytes). The {4} was used to determine the length ('{2}' starts at overall parsed byte {5}).";
"note.ip.err.other", "", "{0}";
"note.layer.ip.title", "", "IP Header Error";
"note.layer.ip", "", "IP header";
"note.layer.ipv4.title", "", "IPv4 Header Error";
"note.layer.ipv4", "", "IPv4 header";
"note.layer.ipv4_packet.title", "", "IPv4 Packet Error";
"note.layer.ipv4_packet", "", "IPv4 packet";
"note.layer.ipv6.title", "", "IPv6 Header Error";
"note.layer.ipv6", "", "IPv6 header";
"note.layer.ipv6_packet.title", "", "IPv6 Packet Error";
"note.layer.ipv6_packet", "", "IPv6 packet";
"note.len_source.slice", "", "slice length";
"note.len_source.ipv4_total", "", "length calculated from the IPv4 header 'total length' field";
"note.len_source.ipv6_payload", "", "length calculated from the IPv6 header 'payload length' field";
"note.frames.more", "", "{0} more frames had problems like the ones above";

// ---------------------------------------------------------------- link types Postscope cannot decode
"note.unsupported", "",
    "Frames of link type {0} ({1}) cannot be decoded by Postscope, so {2}; the rest of the capture was read. Postscope reads {3} frames.";
"note.unsupported.one", "", "this frame was passed over (frame {0})";
"note.unsupported.many", "", "these {0} frames were passed over (the first is frame {1})";
"note.link.named", "", "{0}";
"note.link.unnamed", "", "a link type Postscope has no name for";
"note.link.and", "", "{0} and {1}";
"note.family.ethernet", "", "Ethernet (with VLAN tags)";
"note.family.sll", "", "Linux cooked capture (SLL, SLL2)";
"note.family.bsd", "", "BSD loopback";
"note.family.raw", "", "raw IP";
"note.family.ppp", "", "PPP";
"note.family.c_hdlc", "", "Cisco HDLC";
"note.family.nflog", "", "Linux NFLOG";

// ---------------------------------------------------------------- probable damage the frames show
"note.far", "",
    "{0} frames were captured more than a year before or after frame 1 (the first is frame {1}, {2} years {3}). Either the file joins recordings made at different times, or a clock or the file is wrong; times and durations across that jump are not those of one conversation (Wireshark shows the same times).";
"note.far.one", "",
    "{0} frame was captured more than a year before or after frame 1 (the first is frame {1}, {2} years {3}). Either the file joins recordings made at different times, or a clock or the file is wrong; times and durations across that jump are not those of one conversation (Wireshark shows the same times).";
"note.far.later", "", "later";
"note.far.earlier", "", "earlier";
"note.jump", "",
    "Probable damage: frame {0} was captured {1} days {2} the frame before it{3}. A capture tool writes frames as they come, so a timestamp that far from its neighbour is most likely a damaged record or a clock that was set while capturing; times and durations across it are not real (Wireshark shows the times as they are, without a warning).";
"note.jump.after", "", "after";
"note.jump.before", "", "before";
"note.jump.more", "", ", and {0} more frames jump as far";
"note.too_long", "",
    "Probable damage: frame {0} claims {1} bytes on the wire{2}, more than any {3} frame can be (an IP datagram is at most 65,535 bytes; offloaded segments stay under {4}): its record's original length is most likely damaged. The bytes captured were read as they are (Wireshark shows the length without a warning).";
"note.too_long.more", "", " (and {0} more frames claim as much)";
"note.evicted", "",
    "More than {0} TCP conversations were open at once, so the {1} least recently active were ended where they stood, as if the capture had ended there (Wireshark keeps every one open).";
"note.late", "",
    "{0} TCP segments came after their conversation had ended and been written out (the first is frame {1}); they are counted in no conversation's packets and bytes (Wireshark counts them in theirs).";
"note.late.one", "",
    "{0} TCP segment came after its conversation had ended and been written out (the first is frame {1}); it is counted in no conversation's packets and bytes (Wireshark counts it in its conversation).";

// ---------------------------------------------------------------- a tour that cannot be read, or does not fit the capture
"tour.error.size", "", "the tour is {0} bytes long; Postscope reads tours of at most {1} bytes";
"tour.error.invalid", "", "the tour is not valid: {0}";
"tour.error.no_steps", "", "the tour has no steps";
"tour.error.answer", "", "the tour's question has choices, but its answer {0} is not one of them";
"tour.problem.stream", "", "step {0}: the capture has no conversation {1}";
"tour.problem.frame", "", "step {0}: frame {1} is not in {2}";
"tour.problem.in_stream", "", "conversation {0}";
"tour.problem.in_capture", "", "the capture";
}
