//! `learn latent`: the latent-cause model of Gershman, Monfils, Norman & Niv (2017) on a
//! conditioning design.

use crate::error::CliError;
use crate::output;
use learn_latent::Params;
use learn_latent::design::{self, DesignGroupRecord};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write as _;

/// Arguments of `learn latent`.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Runs the latent-cause model (Gershman, Monfils, Norman & Niv 2017, eLife 6:e23763; defaults
of the authors' simulations) on a design in the conditioning design language. `@N` lets N extra
time units pass (consecutive trials are 1 unit apart), written as its own phase (`| @20 |`); a
context is an ordinary cue (X, Y); `1+` is a US alone (a trial without cues, as in the
authors' reinstatement simulation) and `1-` an empty trial. Per trial: time, cues, US, the conditioned response CR = 1 - Phi(theta;
V, lambda), the raw prediction V, the assigned latent cause and the posterior over causes.

Examples:
  learn latent --design \"3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A-\"
  learn latent --design \"Short: 3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A- ; Long: 3A+ | @20 | 1A- | @100 | 18A- | @200 | 1A-\" --json
  learn latent --design \"3A+ | @20 | 19A- | @20 | 1+ | @20 | 1A-\"   # reinstatement
  learn latent --design \"3AX+ | @20 | 19AY- | @20 | 1AX-\" --alpha 0   # one cause: Rescorla-Wagner-like

Exit status: 0 success, 2 bad usage (invalid parameter or design).")]
pub struct Args {
    /// The design, e.g. \"3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A-\".
    #[arg(long, value_name = "DESIGN")]
    pub design: String,
    /// Concentration alpha of the distance-dependent CRP (>= 0; 0 = one cause).
    #[arg(long, default_value_t = 0.1, allow_negative_numbers = true)]
    pub alpha: f64,
    /// Exponent g of the power-law temporal kernel (>= 0).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub g: f64,
    /// Learning rate eta (>= 0).
    #[arg(long, default_value_t = 0.3, allow_negative_numbers = true)]
    pub eta: f64,
    /// Cap on EM iterations between trials (>= 1).
    #[arg(long, default_value_t = 3)]
    pub max_iter: usize,
    /// Initial weight w0.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub w0: f64,
    /// US variance sigma_r^2 (> 0).
    #[arg(long, default_value_t = 0.4, allow_negative_numbers = true)]
    pub sr: f64,
    /// Cue variance sigma_x^2 (> 0).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub sx: f64,
    /// Response threshold theta of the probit.
    #[arg(long, default_value_t = 0.02, allow_negative_numbers = true)]
    pub theta: f64,
    /// Response gain lambda: standard deviation of the probit (> 0).
    #[arg(long, default_value_t = 0.01, allow_negative_numbers = true)]
    pub lambda: f64,
    /// Maximum number of latent causes K (>= 1).
    #[arg(long = "k", short = 'K', default_value_t = 15)]
    pub k: usize,
    /// Seed for the order of interleaved (`!`) phases.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Print one JSON document instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// The JSON document of `learn latent --json`.
#[derive(Serialize)]
struct Document<'a> {
    model: &'static str,
    design: String,
    params: Params,
    cues: Vec<String>,
    groups: &'a [DesignGroupRecord],
}

/// The model's parameters from the arguments (validated by the model).
fn params(args: &Args) -> Params {
    Params {
        alpha: args.alpha,
        g: args.g,
        eta: args.eta,
        max_iter: args.max_iter,
        w0: args.w0,
        sr: args.sr,
        sx: args.sx,
        theta: args.theta,
        lambda: args.lambda,
        k: args.k,
    }
}

/// Runs `learn latent`.
pub fn run(args: Args) -> Result<(), CliError> {
    let p = params(&args);
    p.validate()?;
    let d = design::parse(&args.design)?;
    let groups = design::run_design(p, &d, args.seed)?;
    let cues: Vec<String> = d.cues().into_iter().map(|c| c.0).collect();
    if args.json {
        return output::print_json(&Document {
            model: "latent",
            design: d.to_string(),
            params: p,
            cues,
            groups: &groups,
        });
    }
    let mut text = String::new();
    let _ = writeln!(text, "latent-cause model (Gershman et al. 2017) on `{d}`");
    let _ = writeln!(
        text,
        "alpha={} g={} eta={} maxIter={} w0={} sr={} sx={} theta={} lambda={} K={}",
        p.alpha, p.g, p.eta, p.max_iter, p.w0, p.sr, p.sx, p.theta, p.lambda, p.k
    );
    for g in &groups {
        let plural = if g.causes == 1 { "" } else { "s" };
        let _ = writeln!(
            text,
            "\ngroup {} ({} latent cause{plural})",
            g.name, g.causes
        );
        let _ = writeln!(
            text,
            "{:>5} {:>8} {:<10} {:>3} {:>7} {:>9} {:>5}  posterior over causes (after the US)",
            "trial", "time", "cues", "US", "CR", "V", "cause"
        );
        for t in &g.trials {
            let us = if t.probe {
                "#"
            } else if t.reinforced {
                "+"
            } else {
                "-"
            };
            let post: Vec<String> = t.posterior.iter().map(|q| format!("{q:.3}")).collect();
            let cues = if t.cues.is_empty() {
                "(none)".to_string()
            } else {
                t.cues.join("")
            };
            let _ = writeln!(
                text,
                "{:>5} {:>8} {:<10} {:>3} {:>7.4} {:>9.5} {:>5}  [{}]",
                t.index + 1,
                t.time,
                cues,
                us,
                t.response,
                t.prediction,
                t.cause + 1,
                post.join(", ")
            );
        }
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::failure(e)),
        _ => Ok(()),
    }
}
