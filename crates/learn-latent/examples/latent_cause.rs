//! The retrieval-extinction experiment of Monfils et al. (2009) on the latent-cause model of
//! Gershman et al. (2017): no retrieval, a short (3) and a long (100) retrieval-extinction
//! gap. Prints the conditioned response across trials and the posterior over causes at test.
//!
//! Run with `cargo run -p learn-latent --example latent_cause`.

use learn_latent::{Params, design};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = "NoRet: 3A+ | @20 | 19A- | @200 | 1A- ; \
                RetShort: 3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A- ; \
                RetLong: 3A+ | @20 | 1A- | @100 | 18A- | @200 | 1A-";
    let d = design::parse(text)?;
    let groups = design::run_design(Params::default(), &d, 0)?;
    for g in &groups {
        let crs: Vec<String> = g
            .trials
            .iter()
            .map(|t| format!("{:.2}", t.response))
            .collect();
        let test = g.trials.last().ok_or("empty group")?;
        println!("{:>8}: CR per trial {}", g.name, crs.join(" "));
        println!(
            "{:>8}  test CR {:.3}, V = {:.4}, cause {} of {}, posterior {:?}",
            "",
            test.response,
            test.prediction,
            test.cause + 1,
            g.causes,
            test.posterior
                .iter()
                .map(|q| (q * 1000.0).round() / 1000.0)
                .collect::<Vec<_>>()
        );
    }
    Ok(())
}
