//! Placeholder replaced by the core benchmark.
fn main() {}
