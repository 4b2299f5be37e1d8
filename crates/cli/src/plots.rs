//! `--io-graph INTERVAL`, `--timeline` and `--tcp-timing STREAM`: the plots'
//! figures as CSV, for a teacher's own slides (the same view-models the app
//! draws, from `postscope_core::{iograph, timeline, timing}`).

use postscope_core::{iograph, timeline, timing, Analysis};
use std::io::{self, Write};

/// The interval `--io-graph` was given, in nanoseconds (`None`: automatic).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval(pub Option<u64>);

/// An interval as `--io-graph` takes it: `auto`, `10ms`, `1s`, or seconds (`0.01`), from 1 ms to 10 s.
pub fn parse_interval(v: &str) -> Result<Interval, String> {
    parse_ns(v).map(Interval)
}

fn parse_ns(v: &str) -> Result<Option<u64>, String> {
    if v == "auto" {
        return Ok(None);
    }
    let (num, unit) = if let Some(n) = v.strip_suffix("ms") {
        (n, 1e6)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1e9)
    } else {
        (v, 1e9)
    };
    let x: f64 = num.trim().parse().map_err(|_| crate::words::said("error.interval.form", &[v]))?;
    let ns = (x * unit).round();
    if !(1e6..=1e10).contains(&ns) {
        return Err(crate::words::said("error.interval.range", &[v]));
    }
    Ok(Some(ns as u64))
}

/// The I/O graph as CSV: the whole capture, or one conversation's two directions.
pub fn io_graph(a: &Analysis, interval: Option<u64>, stream: Option<u32>, w: &mut impl Write) -> io::Result<()> {
    let g = match stream {
        Some(s) => iograph::conversation(a, s, interval),
        None => iograph::capture(a, interval),
    };
    if let Some(asked) = g.widened_from_ns {
        eprintln!(
            "postscope: an interval of {} ms would give more than {} rows; using {} ms",
            asked as f64 / 1e6,
            iograph::MAX_INTERVALS,
            g.interval_ns as f64 / 1e6
        );
    }
    w.write_all(g.csv().as_bytes())
}

pub fn timeline(a: &Analysis, w: &mut impl Write) -> io::Result<()> {
    w.write_all(timeline::timeline(a).csv().as_bytes())
}

/// One conversation's TCP timing as CSV; an error message when there is no such conversation.
pub fn tcp_timing(a: &Analysis, stream: u32, w: &mut impl Write) -> Result<io::Result<()>, String> {
    let t = timing::timing(a, stream)
        .ok_or_else(|| format!("there is no conversation {stream} (tcp.stream from 0 to {})", a.streams.len().saturating_sub(1)))?;
    Ok(w.write_all(t.csv().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::parse_ns as parse_interval;

    #[test]
    fn intervals_are_read_in_milliseconds_seconds_or_auto() {
        assert_eq!(parse_interval("auto"), Ok(None));
        assert_eq!(parse_interval("10ms"), Ok(Some(10_000_000)));
        assert_eq!(parse_interval("1s"), Ok(Some(1_000_000_000)));
        assert_eq!(parse_interval("0.01"), Ok(Some(10_000_000)));
        assert!(parse_interval("0.5ms").is_err());
        assert!(parse_interval("11s").is_err());
        assert!(parse_interval("fast").is_err());
    }
}
