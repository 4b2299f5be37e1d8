//! The frame index: one small row for every frame of the capture, kept so
//! that the views that show frames (Wireshark's Time column, the packet list,
//! the I/O graph, the timeline) can be made without holding the frames
//! themselves. A row is 40 bytes; the bytes of a frame are read again from
//! the capture, at [`FrameRow::offset`], when a view needs them.

use crate::model::Dir;
use crate::model::Timestamp;

/// What the index knows of one frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FrameRow {
    /// When it was captured, in nanoseconds since the Unix epoch.
    pub ns: i64,
    /// Where its packet bytes start in the capture file (in the decompressed
    /// file, for a gzip-compressed capture).
    pub offset: u64,
    /// Bytes captured (`frame.cap_len`).
    pub captured: u32,
    /// Bytes on the wire (`frame.len`).
    pub original: u32,
    /// The LINKTYPE_ value of its interface.
    pub link_type: u32,
    /// The TCP conversation it belongs to (`tcp.stream`), or [`NO_STREAM`].
    pub stream: u32,
    /// TCP payload bytes on the wire (`tcp.len`); 0 when not TCP.
    pub payload: u32,
    /// The TCP flags FIN (0x01), SYN (0x02), RST (0x04) and ACK (0x10), at their bits in the header; 0 when not TCP.
    pub tcp_flags: u8,
    /// Which side sent it, for a TCP frame: 0 the client, 1 the server, 2 not TCP.
    side: u8,
}

/// [`FrameRow::stream`] of a frame that is not in a TCP conversation.
pub const NO_STREAM: u32 = u32::MAX;

impl FrameRow {
    /// Which side of its conversation sent it; `None` when it is not TCP.
    pub fn dir(&self) -> Option<Dir> {
        match self.side {
            0 => Some(Dir::Client),
            1 => Some(Dir::Server),
            _ => None,
        }
    }
    /// Its TCP conversation, if it is in one.
    pub fn tcp_stream(&self) -> Option<u32> {
        (self.stream != NO_STREAM).then_some(self.stream)
    }
}

/// What the pipeline tells the index of a TCP frame.
#[derive(Clone, Copy, Debug)]
pub struct TcpPart {
    pub stream: u32,
    pub dir: Dir,
    pub payload: u32,
    pub flags: u8,
}

/// Every frame of the capture, in file order, numbered from 1.
///
/// A run of frames that are alike (not TCP, the same time, lengths and link
/// type, at evenly spaced offsets: a file of empty records, as a gzip bomb
/// inflates to) is kept as one row and its count, so the index stays small
/// whatever such a file holds. Any other frame costs one row (44 bytes).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Frames {
    /// One row per run; a run of one frame is the usual case. For a non-TCP
    /// row, `payload` holds the run's offset stride (a non-TCP frame has no
    /// payload to keep).
    rows: Vec<FrameRow>,
    /// The number of the first frame of each row's run.
    first: Vec<u32>,
    total: u32,
    /// A part of the index ([`Frames::part_for_stream`]): `get` answers only
    /// for the frames kept, never with a neighbour's row.
    #[serde(default)]
    part: bool,
    /// Some frame's time is not a whole number of microseconds.
    #[serde(default)]
    sub_micro: bool,
}

impl Frames {
    /// Adds the next frame (frames come in order, numbered from 1).
    pub fn push(&mut self, ts: Timestamp, offset: u64, captured: u32, original: u32, link_type: u32, tcp: Option<TcpPart>) {
        let ns = ts.as_nanos();
        self.total += 1;
        self.sub_micro |= ns % 1000 != 0;
        if tcp.is_none() {
            if let (Some(last), Some(&first)) = (self.rows.last_mut(), self.first.last()) {
                let alike = last.side == 2
                    && last.ns == ns
                    && last.captured == captured
                    && last.original == original
                    && last.link_type == link_type;
                let count = u64::from(self.total - first); // frames in the run before this one
                if alike && count == 1 && offset > last.offset && offset - last.offset <= u32::MAX as u64 {
                    last.payload = (offset - last.offset) as u32;
                    return;
                }
                if alike && count > 1 && offset == last.offset + count * u64::from(last.payload) {
                    return;
                }
            }
        }
        let (stream, payload, tcp_flags, side) = match tcp {
            Some(t) => (t.stream, t.payload, t.flags, t.dir.index() as u8),
            None => (NO_STREAM, 0, 0, 2),
        };
        self.rows.push(FrameRow { ns, offset, captured, original, link_type, stream, payload, tcp_flags, side });
        self.first.push(self.total);
    }
    /// Frames in the index.
    pub fn len(&self) -> usize {
        self.total as usize
    }
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
    /// Rows kept (fewer than frames when runs of alike frames were folded).
    pub fn rows_kept(&self) -> usize {
        self.rows.len()
    }
    fn nth(&self, row: usize, number: u32) -> FrameRow {
        let mut r = self.rows[row];
        if r.side == 2 {
            r.offset += u64::from(number - self.first[row]) * u64::from(r.payload);
            r.payload = 0;
        }
        r
    }
    /// The row of frame `number` (from 1).
    pub fn get(&self, number: u32) -> Option<FrameRow> {
        if number == 0 || number > self.total {
            return None;
        }
        let row = self.first.partition_point(|&f| f <= number) - 1;
        if self.part && self.first[row] != number {
            return None;
        }
        Some(self.nth(row, number))
    }
    /// Every frame with its number, frame 1 first.
    pub fn iter(&self) -> impl Iterator<Item = (u32, FrameRow)> + '_ {
        (0..self.rows.len()).flat_map(move |row| {
            let end = self.first.get(row + 1).copied().unwrap_or(self.total + 1);
            (self.first[row]..end).map(move |n| (n, self.nth(row, n)))
        })
    }
    /// Decimals of the Time column: 9 when some frame's time has nanoseconds,
    /// else 6 (Wireshark follows the file's resolution; a nanosecond file
    /// whose times all fall on whole microseconds shows 6 here, 9 there).
    pub fn time_digits(&self) -> u8 {
        if self.sub_micro {
            9
        } else {
            6
        }
    }
    /// The first frame's time, in nanoseconds since the Unix epoch.
    pub fn first_ns(&self) -> Option<i64> {
        self.rows.first().map(|r| r.ns)
    }
    /// Nanoseconds from the first frame to frame `frame`.
    pub fn since_first_ns(&self, frame: u32) -> Option<i64> {
        Some(self.get(frame)?.ns.saturating_sub(self.first_ns()?))
    }
    /// Seconds from the first frame to frame `frame`, as Wireshark's Time column.
    pub fn since_first(&self, frame: u32) -> Option<f64> {
        self.since_first_ns(frame).map(|ns| ns as f64 / 1e9)
    }
    /// Seconds from the first frame to time `ts` (0 before any frame).
    pub fn relative(&self, ts: Timestamp) -> f64 {
        self.first_ns().map_or(0.0, |first| ts.as_nanos().saturating_sub(first) as f64 / 1e9)
    }
    /// The frames of TCP conversation `stream`, in order, with their numbers.
    pub fn of_stream(&self, stream: u32) -> impl Iterator<Item = (u32, FrameRow)> + '_ {
        self.rows.iter().zip(&self.first).filter(move |(r, _)| r.stream == stream).map(|(r, &n)| (n, *r))
    }
}

impl Frames {
    /// The part of the index a view of one conversation needs: frame 1 (the
    /// time origin) and the frames of TCP conversation `stream`. What the
    /// app's worker sends the page with the conversation it opens (~40 bytes
    /// a frame of that conversation, not of the whole capture). `get` on the
    /// part gives `None` for any other frame; `len` is still the capture's.
    pub fn part_for_stream(&self, stream: u32) -> Frames {
        let mut part = Frames { total: self.total, part: true, sub_micro: self.sub_micro, ..Frames::default() };
        if let Some(one) = self.get(1) {
            part.rows.push(one);
            part.first.push(1);
        }
        for (n, r) in self.of_stream(stream) {
            if n != 1 {
                part.rows.push(r);
                part.first.push(n);
            }
        }
        part
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ns: i64) -> Timestamp {
        Timestamp { secs: ns.div_euclid(1_000_000_000), nanos: ns.rem_euclid(1_000_000_000) as u32 }
    }

    #[test]
    fn rows_are_numbered_from_one_and_times_are_relative_to_frame_one() {
        let mut f = Frames::default();
        f.push(at(1_000_000_000), 24 + 16, 60, 60, 1, None);
        f.push(at(1_500_000_000), 100, 54, 1514, 1, Some(TcpPart { stream: 0, dir: Dir::Server, payload: 0, flags: 0x12 }));
        assert_eq!(f.len(), 2);
        assert_eq!(f.get(0), None);
        assert_eq!(f.get(3), None);
        assert_eq!(f.get(1).unwrap().tcp_stream(), None);
        assert_eq!(f.get(2).unwrap().dir(), Some(Dir::Server));
        assert_eq!(f.since_first_ns(2), Some(500_000_000));
        assert_eq!(f.of_stream(0).map(|(n, _)| n).collect::<Vec<_>>(), vec![2]);
        assert_eq!(std::mem::size_of::<FrameRow>(), 40);
    }

    #[test]
    fn a_run_of_alike_frames_is_one_row_and_reads_back_frame_by_frame() {
        let mut f = Frames::default();
        let t = at(0);
        for i in 0..1000u64 {
            f.push(t, 40 + 16 * i, 0, 0, 1, None);
        }
        f.push(t, 40 + 16 * 1000 + 3, 0, 0, 1, None); // off the stride: a row of its own
        f.push(at(5), 99_999, 60, 60, 1, Some(TcpPart { stream: 3, dir: Dir::Client, payload: 6, flags: 0x18 }));
        assert_eq!(f.len(), 1002);
        assert_eq!(f.rows_kept(), 3);
        assert_eq!(f.get(1).unwrap().offset, 40);
        assert_eq!(f.get(500).unwrap().offset, 40 + 16 * 499);
        assert_eq!(f.get(500).unwrap().payload, 0);
        assert_eq!(f.get(1001).unwrap().offset, 40 + 16 * 1000 + 3);
        assert_eq!(f.get(1002).unwrap().payload, 6);
        let all: Vec<_> = f.iter().collect();
        assert_eq!(all.len(), 1002);
        assert!(all.iter().enumerate().all(|(i, (n, r))| *n == i as u32 + 1 && Some(*r) == f.get(*n)));
        assert_eq!(f.of_stream(3).map(|(n, _)| n).collect::<Vec<_>>(), vec![1002]);
    }

    #[test]
    fn a_part_for_one_stream_answers_for_its_frames_and_frame_one_only() {
        let mut f = Frames::default();
        f.push(at(1_000), 40, 60, 60, 1, None);
        f.push(at(2_000), 120, 60, 60, 1, Some(TcpPart { stream: 0, dir: Dir::Client, payload: 0, flags: 0x02 }));
        f.push(at(3_000), 200, 60, 60, 1, Some(TcpPart { stream: 1, dir: Dir::Client, payload: 0, flags: 0x02 }));
        f.push(at(4_000), 280, 66, 66, 1, Some(TcpPart { stream: 0, dir: Dir::Server, payload: 6, flags: 0x18 }));
        let p = f.part_for_stream(0);
        assert_eq!(p.get(2), f.get(2));
        assert_eq!(p.get(4), f.get(4));
        assert_eq!(p.get(3), None, "stream 1's frame is not in stream 0's part");
        assert_eq!(p.since_first_ns(4), Some(3_000));
        assert_eq!(p.len(), 4);
    }
}
