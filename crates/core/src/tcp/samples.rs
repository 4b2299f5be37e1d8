//! One compact sample per TCP segment — its relative sequence and
//! acknowledgement numbers and the receive window it advertised — kept on the
//! conversation for the timing plots (`crate::timing`): round trips, the
//! window over time, the sequence-number-over-time graph.
//!
//! Why record them rather than read the frames again: a frame's bytes can be
//! read again from the capture (`crate::frames::FrameRow::offset`), but a
//! gzip-compressed capture would have to be inflated again from its start and
//! the browser holds only a handle on the user's file (reading it is
//! asynchronous); and the relative numbers and window scale need the state of
//! the whole conversation up to that segment. 16 bytes per TCP segment, beside
//! the frame index's 40 bytes per frame, is bounded by the input (every TCP
//! frame is at least 16 bytes of record header and 40 of IP and TCP header).
//! Time, side, payload length and flags are in the frame index already.

use super::half::Half;
use crate::net::TcpSegment;

/// What one segment said of sequence, acknowledgement and window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sample {
    /// The frame that carried it (its time, side, length and flags are in `Analysis.frames`).
    pub frame: u32,
    /// Relative sequence number, as Wireshark shows it (`tcp.seq`).
    pub seq: u32,
    /// Relative acknowledgement number (`tcp.ack`); 0 without the ACK flag.
    pub ack: u32,
    /// The receive window it advertised, in bytes, scaled as Wireshark's
    /// `tcp.window_size` (RFC 7323 §2.2: only when both SYNs carried the
    /// option, never in a SYN itself).
    pub window: u32,
}

impl Sample {
    pub(super) fn of(frame: u32, seg: &TcpSegment<'_>, this: &Half, peer: &Half) -> Sample {
        let scale = match (this.window_scale, peer.window_scale) {
            (Some(s), Some(_)) if !seg.syn => 1u32 << s.min(14),
            _ => 1,
        };
        Sample {
            frame,
            seq: this.relative(seg.seq),
            ack: if seg.ack_flag { peer.relative(seg.ack) } else { 0 },
            window: u32::from(seg.window) * scale,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sample_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<super::Sample>(), 16);
    }
}
