//! TD(λ) throughput (placeholder until the TD model lands).
fn main() {}
