//! Fuzz target: the design parser never panics, and what it accepts round-trips through its
//! canonical form and expands to the counted number of trials.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        match learn_conditioning::design::parse(s) {
            Ok(d) => {
                let again = learn_conditioning::design::parse(&d.to_string())
                    .expect("canonical form parses");
                assert_eq!(again, d);
                if d.trial_count() <= 10_000 {
                    let n: usize = d.expand(0).groups.iter().map(|g| g.trials.len()).sum();
                    assert_eq!(n as u64, d.trial_count());
                }
            }
            Err(e) => assert!(e.position >= 1 && e.position <= s.chars().count() + 1),
        }
    }
});
