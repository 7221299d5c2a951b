//! The process's peak memory (Linux), for the benchmarks that report it.

/// Peak resident memory of this process in MB (`VmHWM`; millions of bytes, as the benchmarks
/// give text sizes), or 0 where it cannot be read.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kib| kib * 1024.0 / 1e6)
}
