//! Reading a frame's bytes again from where the capture on screen came
//! from: a built-in sample's bytes, or the user's file through the browser's
//! handle (`Blob.slice(offset, offset + captured)`). The capture is never
//! held in memory beside its analysis; the views ask for the frames they
//! show. A gzip-compressed capture's offsets are in the inflated file, so its
//! frames cannot be sliced from the file.

use crate::state::Data;
use postscope_core::frames::FrameRow;

/// Why a frame's bytes cannot be read.
pub const GZIP: &str = "This capture is gzip-compressed: its frames' bytes can be shown only for an uncompressed file.";

/// The bytes of several frames, read at once (one slice of the file from the first to the last).
#[cfg(target_arch = "wasm32")]
pub async fn read_many(data: &Data, gzip: bool, rows: &[(u32, FrameRow)]) -> Result<Vec<(u32, Vec<u8>)>, String> {
    if gzip {
        return Err(GZIP.into());
    }
    match data {
        Data::Sample(bytes) => Ok(rows.iter().map(|(n, r)| (*n, from_sample(bytes, r))).collect()),
        Data::File(file) => {
            let (Some(lo), Some(hi)) =
                (rows.iter().map(|(_, r)| r.offset).min(), rows.iter().map(|(_, r)| r.offset + u64::from(r.captured)).max())
            else {
                return Ok(Vec::new());
            };
            let blob = gloo_file::Blob::from(file.clone());
            let bytes = gloo_file::futures::read_as_bytes(&blob.slice(lo, hi))
                .await
                .map_err(|e| format!("the browser could not read the file at byte {lo}: {e}"))?;
            Ok(rows
                .iter()
                .map(|(n, r)| {
                    let at = (r.offset - lo) as usize;
                    (*n, bytes.get(at..at + r.captured as usize).unwrap_or(&[]).to_vec())
                })
                .collect())
        }
    }
}

/// A frame's bytes from a sample held by the page; nothing to read asynchronously.
pub fn from_sample(bytes: &[u8], r: &FrameRow) -> Vec<u8> {
    let at = r.offset as usize;
    bytes.get(at..at.saturating_add(r.captured as usize)).unwrap_or(&[]).to_vec()
}

/// Native builds (tests): only samples can be read.
#[cfg(not(target_arch = "wasm32"))]
pub async fn read_many(data: &Data, gzip: bool, rows: &[(u32, FrameRow)]) -> Result<Vec<(u32, Vec<u8>)>, String> {
    if gzip {
        return Err(GZIP.into());
    }
    match data {
        Data::Sample(bytes) => Ok(rows.iter().map(|(n, r)| (*n, from_sample(bytes, r))).collect()),
        Data::File(_) => Err("no browser to read the file with".into()),
    }
}
