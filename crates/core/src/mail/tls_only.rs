//! A conversation that is TLS from its first byte and carries no protocol
//! Postscope can name (HTTPS, or mail on a port it does not know): its
//! records are read as TLS, nothing more.

use super::framer::Want;
use super::{Io, Next, Out, Session};
use crate::model::Dir;

#[derive(Debug, Default)]
pub struct TlsOnly {
    io: Io,
}

impl Session for TlsOnly {
    fn data(&mut self, dir: Dir, bytes: &[u8], frame: u32, at: u32, out: &mut Out<'_>) {
        self.io.framer[dir.index()].push(bytes, frame, at);
        while let Next::Unit(_) = self.io.next(dir, Want::Line, out) {}
    }
    fn gap(&mut self, dir: Dir, bytes: u64, frame: u32, out: &mut Out<'_>) {
        self.io.rest(dir, out);
        out.gap(dir, frame, bytes);
    }
    fn finish(&mut self, _out: &mut Out<'_>) {}
}
