//! The output of each conversation, kept until it can be written in stream
//! order after the capture's first record.
//!
//! The core hands conversations out as they end, not by number, and every
//! output of the CLI begins with what is known only at the end of the file
//! (the number of frames, the notes). So each conversation's output is
//! written, as soon as the conversation ends, into a spool: in memory up to
//! [`IN_MEMORY`] bytes, then into an unnamed temporary file (`tempfile`,
//! removed by the system when it is closed); at the end the spool is copied
//! out in stream order. The memory this takes is bounded (the buffer, and 16
//! bytes of index for each conversation), whatever the size of the output.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

/// Bytes kept in memory before the spool goes to a file.
pub const IN_MEMORY: usize = 8 << 20;

/// One conversation's bytes in the spool.
#[derive(Clone, Copy)]
struct Entry {
    stream: u32,
    len: u32,
    at: u64,
}

#[derive(Default)]
pub struct Spool {
    mem: Vec<u8>,
    file: Option<BufWriter<File>>,
    /// Bytes written to the file.
    filed: u64,
    index: Vec<Entry>,
    /// The first error (a full disk): reported at the end.
    error: Option<io::Error>,
}

impl Spool {
    /// Keeps `bytes`, the whole output of conversation `stream`.
    pub fn push(&mut self, stream: u32, bytes: &[u8]) {
        if self.error.is_some() {
            return;
        }
        let Ok(len) = u32::try_from(bytes.len()) else {
            self.error = Some(io::Error::other(format!("the output of stream {stream} is over 4 GiB")));
            return;
        };
        if self.file.is_none() && self.mem.len() + bytes.len() > IN_MEMORY {
            match tempfile::tempfile() {
                Ok(f) => {
                    let mut w = BufWriter::with_capacity(1 << 20, f);
                    if let Err(e) = w.write_all(&self.mem) {
                        self.error = Some(e);
                        return;
                    }
                    self.filed = self.mem.len() as u64;
                    self.mem = Vec::new();
                    self.file = Some(w);
                }
                Err(e) => {
                    self.error = Some(io::Error::new(e.kind(), format!("cannot create a temporary file for the output: {e}")));
                    return;
                }
            }
        }
        let at = match &mut self.file {
            Some(w) => {
                if let Err(e) = w.write_all(bytes) {
                    self.error = Some(e);
                    return;
                }
                self.filed += bytes.len() as u64;
                self.filed - bytes.len() as u64
            }
            None => {
                self.mem.extend_from_slice(bytes);
                (self.mem.len() - bytes.len()) as u64
            }
        };
        self.index.push(Entry { stream, len, at });
    }

    /// Writes everything kept, in stream order, to `out`.
    pub fn write_in_order(self, out: &mut impl Write) -> io::Result<()> {
        let Spool { mem, file, index, error, .. } = self;
        if let Some(e) = error {
            return Err(e);
        }
        let mut index = index;
        index.sort_by_key(|e| e.stream);
        match file {
            None => {
                for e in &index {
                    out.write_all(&mem[e.at as usize..e.at as usize + e.len as usize])?;
                }
            }
            Some(w) => {
                let mut f = w.into_inner().map_err(|e| e.into_error())?;
                let mut buf = Vec::new();
                // Where the file is read next: entries mostly follow on.
                let mut pos = u64::MAX;
                for e in &index {
                    if pos != e.at {
                        f.seek(SeekFrom::Start(e.at))?;
                    }
                    buf.resize(e.len as usize, 0);
                    f.read_exact(&mut buf)?;
                    pos = e.at + e.len as u64;
                    out.write_all(&buf)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spooled(chunks: &[(u32, Vec<u8>)]) -> Vec<u8> {
        let mut s = Spool::default();
        for (n, b) in chunks {
            s.push(*n, b);
        }
        let mut out = Vec::new();
        s.write_in_order(&mut out).unwrap();
        out
    }

    #[test]
    fn conversations_come_out_in_stream_order_in_memory_and_from_the_file() {
        let small = vec![(2, b"two\n".to_vec()), (0, b"zero\n".to_vec()), (1, b"one\n".to_vec())];
        assert_eq!(spooled(&small), b"zero\none\ntwo\n");
        // Past IN_MEMORY the spool is a file; the order is the same.
        let big: Vec<(u32, Vec<u8>)> = (0..40u32).rev().map(|n| (n, vec![b'a' + (n % 26) as u8; IN_MEMORY / 16])).collect();
        let out = spooled(&big);
        let want: Vec<u8> = (0..40u32).flat_map(|n| vec![b'a' + (n % 26) as u8; IN_MEMORY / 16]).collect();
        assert!(out == want, "{} bytes out, {} wanted", out.len(), want.len());
    }
}
