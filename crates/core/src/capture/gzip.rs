//! gzip-compressed captures (.pcap.gz, .pcapng.gz), which Wireshark opens too.

use std::io::Write;

/// True when the bytes start with the gzip magic.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// A push-based gunzip: compressed bytes in, decompressed bytes out.
pub struct Gunzip {
    inner: flate2::write::MultiGzDecoder<Vec<u8>>,
    consumed: u64,
}

impl std::fmt::Debug for Gunzip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gunzip").field("consumed", &self.consumed).finish()
    }
}

impl Gunzip {
    pub fn new() -> Self {
        Gunzip { inner: flate2::write::MultiGzDecoder::new(Vec::new()), consumed: 0 }
    }

    /// Compressed bytes taken so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Decompresses `piece`, returning what it inflated to.
    pub fn write(&mut self, piece: &[u8]) -> std::io::Result<Vec<u8>> {
        self.inner.write_all(piece)?;
        self.consumed += piece.len() as u64;
        Ok(std::mem::take(self.inner.get_mut()))
    }

    /// Flushes the end of the stream; an error when it was cut short.
    pub fn finish(&mut self) -> std::io::Result<Vec<u8>> {
        self.inner.try_finish()?;
        Ok(std::mem::take(self.inner.get_mut()))
    }
}
