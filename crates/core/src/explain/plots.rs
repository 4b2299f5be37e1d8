//! The catalogue entries of the plots: the reading of a conversation's TCP
//! timing (`crate::timing::Timing::reading`). Data only, as the other parts.

use super::catalogue::{entries, Entry};

entries! { ENTRIES;
"timing.rtt", "RFC 6298 §2",
    "A round trip (a segment out, its acknowledgement back, as seen where the capture was taken) took {0} ms at the median and {1} ms at the longest, over {2} measurements.";
"timing.rtt.one", "RFC 6298 §2",
    "A round trip (a segment out, its acknowledgement back, as seen where the capture was taken) took {0} ms, in the one measurement the capture allows.";
"timing.rtt.none", "RFC 6298 §2",
    "The capture holds no acknowledgement that times a round trip here, so how long one took cannot be told.";
"timing.window.fine", "RFC 9293 §3.8.6",
    "Neither side's receive window ever closed or filled: the receivers always had room for more.";
"timing.window.zero", "RFC 9293 §3.8.6.1",
    "A receive window was advertised as zero {0} times: that side could take no more data for a while, and the sender had to wait.";
"timing.window.zero.one", "RFC 9293 §3.8.6.1",
    "A receive window was advertised as zero once: that side could take no more data for a while, and the sender had to wait.";
"timing.window.full", "RFC 9293 §3.8.6",
    "A sender filled the whole window the receiver had offered {0} times, and then had to wait for room.";
"timing.window.full.one", "RFC 9293 §3.8.6",
    "A sender filled the whole window the receiver had offered once, and then had to wait for room.";
"timing.clean", "RFC 9293 §3.8.1",
    "No segment was sent twice, none arrived out of order, and the capture missed none.";
"timing.retransmissions", "RFC 6298 §5",
    "{0} segments appeared a second time, the longest {1} ms after the first copy: the sender had no acknowledgement in time (the segment or its acknowledgement was lost, or late) and sent the bytes again; a copy within a round trip may also be the network's duplicate.";
"timing.retransmissions.one", "RFC 6298 §5",
    "{0} segment appeared a second time, {1} ms after the first copy: the sender had no acknowledgement in time (the segment or its acknowledgement was lost, or late) and sent the bytes again; a copy within a round trip may also be the network's duplicate.";
"timing.retransmissions.unmatched", "RFC 6298 §5",
    "{0} segments repeated bytes whose first copy the capture did not hold: a segment or its acknowledgement was lost before the capture point.";
"timing.retransmissions.unmatched.one", "RFC 6298 §5",
    "{0} segment repeated bytes whose first copy the capture did not hold: a segment or its acknowledgement was lost before the capture point.";
"timing.out_of_order", "RFC 9293 §3.10.7.4",
    "{0} segments arrived out of order: a later part of the stream came before an earlier one, and the receiver put the bytes back in sequence.";
"timing.out_of_order.one", "RFC 9293 §3.10.7.4",
    "{0} segment arrived out of order: a later part of the stream came before an earlier one, and the receiver put the bytes back in sequence.";
"timing.not_captured", "RFC 9293 §3.10.7.4",
    "{0} times the capture is missing bytes that came before a segment: they were lost on the way, came later out of order, or crossed the network where the capture did not see them.";
"timing.not_captured.one", "RFC 9293 §3.10.7.4",
    "The capture is missing bytes that came before one segment: they were lost on the way, came later out of order, or crossed the network where the capture did not see them.";
}
