//! gzip-compressed captures (.pcap.gz, .pcapng.gz), which Wireshark opens too.
//!
//! The compressed bytes are inflated in pieces of [`PIECE`] bytes cut at
//! fixed places in the compressed file, whatever the chunks the caller
//! feeds: so the output, and where damage is reported, never depend on the
//! chunking. One piece inflates to at most about a thousand times its size
//! (deflate's limit), which bounds the memory a small piece can claim.

use std::io::Write;

/// Compressed bytes inflated at a time.
pub const PIECE: usize = 4096;

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
}

impl Default for Gunzip {
    fn default() -> Self {
        Gunzip { inner: flate2::write::MultiGzDecoder::new(Vec::new()), consumed: 0, piece: Vec::with_capacity(PIECE) }
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
    pub fn push(&mut self, mut data: &[u8], out: &mut dyn FnMut(&[u8])) -> Result<(), String> {
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
    pub fn finish(&mut self, out: &mut dyn FnMut(&[u8])) -> Result<(), String> {
        self.inflate(out)?;
        let result = self.inner.try_finish();
        out(&std::mem::take(self.inner.get_mut()));
        result.map_err(|e| {
            format!(
                "The gzip-compressed file ends before its compressed data does (after {} compressed bytes: {e}): it was probably cut short; the packets before the cut were read.",
                self.consumed
            )
        })
    }

    fn inflate(&mut self, out: &mut dyn FnMut(&[u8])) -> Result<(), String> {
        if self.piece.is_empty() {
            return Ok(());
        }
        let from = self.consumed;
        let result = self.inner.write_all(&self.piece);
        self.consumed += self.piece.len() as u64;
        self.piece.clear();
        // What inflated before any damage is still good.
        out(&std::mem::take(self.inner.get_mut()));
        result.map_err(|e| {
            format!(
                "The gzip compression is damaged between compressed bytes {from} and {} ({e}); what was compressed before the damage was read.",
                self.consumed
            )
        })
    }
}
