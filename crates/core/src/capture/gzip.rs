//! gzip-compressed captures (.pcap.gz, .pcapng.gz), which Wireshark opens too.
//!
//! The compressed bytes are inflated in pieces of [`PIECE`] bytes cut at
//! fixed places in the compressed file, whatever the chunks the caller
//! feeds: so the output, and where damage is reported, never depend on the
//! chunking. Each piece is inflated [`STEP`] bytes at a time, and deflate
//! turns a byte into at most about a thousand, so what waits to be parsed is
//! at most some tens of KiB, even for a "gzip bomb".

use crate::explain::{self, Explain};
use std::io::Write;

/// Compressed bytes gathered before inflating: pieces start at fixed places
/// of the compressed file.
pub const PIECE: usize = 4096;
/// Compressed bytes inflated at a time within a piece.
const STEP: usize = 64;

/// True when the bytes start with the gzip magic.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// A push-based gunzip: compressed bytes in, decompressed bytes out.
pub struct Gunzip {
    inner: flate2::write::MultiGzDecoder<Vec<u8>>,
    /// Compressed bytes inflated so far.
    consumed: u64,
    /// The piece being filled.
    piece: Vec<u8>,
    /// Bytes inflated so far, and the last 8 compressed bytes (where a
    /// complete file keeps its CRC and length): to tell a file cut short
    /// from damaged data when the checksum does not match.
    inflated: u64,
    tail: [u8; 8],
}

impl Default for Gunzip {
    fn default() -> Self {
        Gunzip {
            inner: flate2::write::MultiGzDecoder::new(Vec::new()),
            consumed: 0,
            piece: Vec::with_capacity(PIECE),
            inflated: 0,
            tail: [0; 8],
        }
    }
}

impl std::fmt::Debug for Gunzip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gunzip").field("consumed", &self.consumed).finish()
    }
}

impl Gunzip {
    /// Takes compressed bytes; hands what they inflate to to `out`. An error
    /// message once the compressed data turns out damaged.
    pub fn push(&mut self, mut data: &[u8], out: &mut dyn FnMut(&[u8])) -> Result<(), Explain> {
        while !data.is_empty() {
            let take = (PIECE - self.piece.len()).min(data.len());
            self.piece.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.piece.len() == PIECE {
                self.inflate(out)?;
            }
        }
        Ok(())
    }

    /// Inflates the last piece and checks the stream ended where it should.
    pub fn finish(&mut self, out: &mut dyn FnMut(&[u8])) -> Result<(), Explain> {
        self.inflate(out)?;
        let result = self.inner.try_finish();
        let last = std::mem::take(self.inner.get_mut());
        self.inflated += last.len() as u64;
        out(&last);
        result.map_err(|e| {
            let n = self.consumed;
            // A whole file ends with the length it inflates to (mod 2^32);
            // if that is there, the data itself is damaged.
            let isize = u32::from_le_bytes([self.tail[4], self.tail[5], self.tail[6], self.tail[7]]);
            let checksum = e.to_string().contains("checksum");
            if checksum && isize == self.inflated as u32 && n >= 8 {
                explain::text(&["note.gzip.checksum"], &[&n.to_string()])
            } else if checksum {
                explain::text(&["note.gzip.end"], &[&n.to_string()])
            } else {
                // flate2's words for what went wrong stay as it writes them.
                explain::text(&["note.gzip.cut"], &[&n.to_string(), &e.to_string()])
            }
        })
    }

    fn inflate(&mut self, out: &mut dyn FnMut(&[u8])) -> Result<(), Explain> {
        let piece = std::mem::take(&mut self.piece);
        // A few bytes at a time, handing on what they inflate to before the
        // next: deflate turns a byte into at most about a thousand, so the
        // output waiting at once stays small even for a "gzip bomb".
        for step in piece.chunks(STEP) {
            let from = self.consumed;
            let result = self.inner.write_all(step);
            self.consumed += step.len() as u64;
            for &b in step {
                self.tail.copy_within(1.., 0);
                self.tail[7] = b;
            }
            // What inflated before any damage is still good.
            let inflated = std::mem::take(self.inner.get_mut());
            self.inflated += inflated.len() as u64;
            out(&inflated);
            if let Err(e) = result {
                return Err(explain::text(&["note.gzip.damaged"], &[&from.to_string(), &self.consumed.to_string(), &e.to_string()]));
            }
        }
        self.piece = piece;
        self.piece.clear();
        Ok(())
    }
}
