//! `learn conditioning`: run Rescorla–Wagner, TD(λ) or vector-RPE TD on a design.

use std::collections::BTreeMap;

use clap::ValueEnum;
use learn_conditioning::{
    AssociativeLearner, GroupRecord, design,
    learner::run_design,
    rw::{RescorlaWagner, RwParams},
    td::{TdLearner, TdParams, Timing},
};
use serde::Serialize;

use crate::error::CliError;
use crate::output::print_json;

const EXAMPLES: &str = "\
Examples:
  learn conditioning --design \"10A+ | 10AB+ | 1#B\"
  learn conditioning --design \"Blocking: 10A+ | 10AB+ | 1#B ; Control: 10C+ | 10AB+ | 1#B\" --json
  learn conditioning --design \"100AB+\" --alpha A=0.6,B=0.2
  learn conditioning --model td --design \"200A+ | 1A-\" --gamma 0.98 --trace 0.9
  learn conditioning --model vector-td --design \"100A+ | 10B>A\" --json

Design language: phases `|`, trial types `/`, `!` interleaves a phase, a count then cues then
`+` (US) or `-` (no US), `1+` a US without cues, `#` probe, `(name)` multi-letter cue, `>`
serial order, `@N` a delay phase (`10A+ | @30 | 1#A`), `Name: ...` groups separated by `;`.
See docs/conditioning.md.";

/// Which model runs the design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Model {
    /// Rescorla–Wagner (1972).
    Rw,
    /// TD(λ) with a complete serial compound (Sutton & Barto 1990).
    Td,
    /// TD(λ) reporting the vector (feature-specific) RPE (Lee et al. 2022).
    VectorTd,
    /// The latent-cause model (Gershman et al. 2017) with its paper defaults; `learn latent`
    /// sets its parameters and reports exact per-trial posteriors.
    Latent,
}

/// Options of `learn conditioning`.
#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The model.
    #[arg(long, value_enum, default_value = "rw")]
    pub model: Model,
    /// The design, e.g. "10A+ | 10AB+ | 1#B".
    #[arg(long)]
    pub design: String,
    /// Salience (RW) or learning rate (TD): one value for all cues and/or CUE=VALUE pairs,
    /// comma-separated, e.g. "0.3" or "A=0.4,B=0.2" [default: 0.4 (rw), 0.1 (td)].
    #[arg(long, value_name = "SPEC")]
    pub alpha: Option<String>,
    /// RW: β on reinforced trials [default: 0.4].
    #[arg(long, value_name = "B", allow_negative_numbers = true)]
    pub beta_plus: Option<f64>,
    /// RW: β on non-reinforced trials [default: 0.4].
    #[arg(long, value_name = "B", allow_negative_numbers = true)]
    pub beta_minus: Option<f64>,
    /// RW: the asymptote λ of reinforced trials [default: 1].
    #[arg(long, value_name = "L", allow_negative_numbers = true)]
    pub lambda: Option<f64>,
    /// TD: discount γ in [0, 1] [default: 0.98].
    #[arg(long, value_name = "G", allow_negative_numbers = true)]
    pub gamma: Option<f64>,
    /// TD: eligibility-trace decay λ in [0, 1] [default: 0.9].
    #[arg(long, value_name = "L", allow_negative_numbers = true)]
    pub trace: Option<f64>,
    /// TD: time steps per trial [default: 30].
    #[arg(long, value_name = "N")]
    pub steps: Option<usize>,
    /// TD: onset step of the first stimulus [default: 5].
    #[arg(long, value_name = "N")]
    pub cs_onset: Option<usize>,
    /// TD: steps per stimulus stage [default: 10].
    #[arg(long, value_name = "N")]
    pub cs_duration: Option<usize>,
    /// TD: steps from the onset of its stage to the US [default: 9].
    #[arg(long, value_name = "N")]
    pub us_delay: Option<usize>,
    /// Seed for the order of interleaved (`!`) phases.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Print one JSON document instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// At most this many numbers in the per-trial records (strengths, δ, values, channels), so a
/// huge design is a clear error instead of exhausting memory.
const MAX_RECORD_CELLS: u64 = 50_000_000;

fn check_size(args: &Args, design: &design::Design) -> Result<(), CliError> {
    let trials = design.trial_count();
    let cues = design.cues().len() as u64;
    let per_trial = match args.model {
        Model::Rw => cues,
        Model::Td | Model::VectorTd => {
            let steps = args.steps.unwrap_or(Timing::default().steps()) as u64 + 1;
            let channels = if args.model == Model::VectorTd {
                cues
            } else {
                0
            };
            cues + steps * (2 + channels)
        }
        Model::Latent => {
            // The latent-cause model costs O(T²) per group.
            let longest = design.groups.iter().map(|g| g.trial_count()).max();
            let limit = learn_latent::design::MAX_GROUP_TRIALS as u64;
            if longest.is_some_and(|n| n > limit) {
                return Err(CliError::usage(format!(
                    "the design is too long for the latent-cause model: more than {limit} trials in a group"
                )));
            }
            cues + 2 * learn_latent::Params::default().k as u64 + 2
        }
    };
    let cells = trials.saturating_mul(per_trial);
    if cells > MAX_RECORD_CELLS {
        return Err(CliError::usage(format!(
            "the design is too large to record: {trials} trials × {per_trial} numbers per trial > {MAX_RECORD_CELLS}; use fewer trials, cues or --steps"
        )));
    }
    Ok(())
}

/// The `--json` document.
#[derive(Serialize)]
struct Report<'a> {
    model: &'static str,
    design: String,
    seed: u64,
    groups: &'a [GroupRecord],
}

/// Parses "0.3", "A=0.4,B=0.2" or "0.3,A=0.5" into a default and per-cue values.
fn parse_alpha(spec: &str) -> Result<(Option<f64>, BTreeMap<String, f64>), CliError> {
    let mut default = None;
    let mut per_cue = BTreeMap::new();
    for part in spec.split(',').map(str::trim) {
        if part.is_empty() {
            return Err(CliError::usage(format!(
                "invalid --alpha `{spec}`: empty entry"
            )));
        }
        let value = |s: &str| -> Result<f64, CliError> {
            s.trim().parse::<f64>().map_err(|_| {
                CliError::usage(format!("invalid --alpha `{spec}`: `{s}` is not a number"))
            })
        };
        match part.split_once('=') {
            Some((cue, v)) => {
                let cue = cue.trim();
                let cue = cue
                    .strip_prefix('(')
                    .and_then(|c| c.strip_suffix(')'))
                    .unwrap_or(cue);
                if cue.is_empty() {
                    return Err(CliError::usage(format!(
                        "invalid --alpha `{spec}`: missing cue name"
                    )));
                }
                per_cue.insert(cue.to_string(), value(v)?);
            }
            None => {
                if default.replace(value(part)?).is_some() {
                    return Err(CliError::usage(format!(
                        "invalid --alpha `{spec}`: two default values"
                    )));
                }
            }
        }
    }
    Ok((default, per_cue))
}

fn reject(flag: &str, value: bool, model: &str) -> Result<(), CliError> {
    if value {
        Err(CliError::usage(format!(
            "{flag} does not apply to --model {model}"
        )))
    } else {
        Ok(())
    }
}

fn build(args: &Args) -> Result<Box<dyn AssociativeLearner>, CliError> {
    let (alpha_default, per_cue) = match &args.alpha {
        Some(spec) => parse_alpha(spec)?,
        None => (None, BTreeMap::new()),
    };
    match args.model {
        Model::Rw => {
            for (flag, given) in [
                ("--gamma", args.gamma.is_some()),
                ("--trace", args.trace.is_some()),
                ("--steps", args.steps.is_some()),
                ("--cs-onset", args.cs_onset.is_some()),
                ("--cs-duration", args.cs_duration.is_some()),
                ("--us-delay", args.us_delay.is_some()),
            ] {
                reject(flag, given, "rw")?;
            }
            let d = RwParams::default();
            let mut p = RwParams::new(
                alpha_default.unwrap_or(d.alpha()),
                args.beta_plus.unwrap_or(d.beta_plus()),
                args.beta_minus.unwrap_or(d.beta_minus()),
                args.lambda.unwrap_or(d.lambda()),
            )?;
            for (cue, a) in per_cue {
                p = p.with_cue_alpha(&cue, a)?;
            }
            Ok(Box::new(RescorlaWagner::new(p)))
        }
        Model::Latent => {
            for (flag, given) in [
                ("--alpha (see `learn latent --help`)", args.alpha.is_some()),
                ("--beta-plus", args.beta_plus.is_some()),
                ("--beta-minus", args.beta_minus.is_some()),
                (
                    "--lambda (see `learn latent --help`)",
                    args.lambda.is_some(),
                ),
                ("--gamma", args.gamma.is_some()),
                ("--trace", args.trace.is_some()),
                ("--steps", args.steps.is_some()),
                ("--cs-onset", args.cs_onset.is_some()),
                ("--cs-duration", args.cs_duration.is_some()),
                ("--us-delay", args.us_delay.is_some()),
            ] {
                reject(flag, given, "latent")?;
            }
            Ok(Box::new(learn_latent::LatentLearner::new(
                learn_latent::Params::default(),
            )?))
        }
        Model::Td | Model::VectorTd => {
            let name = if args.model == Model::Td {
                "td"
            } else {
                "vector-td"
            };
            reject("--beta-plus", args.beta_plus.is_some(), name)?;
            reject("--beta-minus", args.beta_minus.is_some(), name)?;
            reject(
                "--lambda (use --trace for the trace decay)",
                args.lambda.is_some(),
                name,
            )?;
            let dt = Timing::default();
            let timing = Timing::new(
                args.steps.unwrap_or(dt.steps()),
                args.cs_onset.unwrap_or(dt.cs_onset()),
                args.cs_duration.unwrap_or(dt.cs_duration()),
                args.us_delay.unwrap_or(dt.us_delay()),
            )?;
            let d = TdParams::default();
            let mut p = TdParams::new(
                alpha_default.unwrap_or(d.alpha()),
                args.gamma.unwrap_or(d.gamma()),
                args.trace.unwrap_or(d.lambda()),
                timing,
            )?;
            for (cue, a) in per_cue {
                p = p.with_cue_alpha(&cue, a)?;
            }
            Ok(Box::new(if args.model == Model::Td {
                TdLearner::new(p)
            } else {
                TdLearner::vector(p)
            }))
        }
    }
}

fn fmt(x: f64) -> String {
    format!("{x:>9.4}")
}

fn table(model: &str, design: &str, seed: u64, groups: &[GroupRecord]) -> String {
    let mut out = format!("model {model} · design \"{design}\" · seed {seed}\n");
    for g in groups {
        let cues: Vec<&String> = g.final_strengths.keys().collect();
        out.push_str(&format!(
            "\ngroup {}: cue strengths at the end of each phase\n",
            g.name
        ));
        out.push_str("  phase  trials");
        for c in &cues {
            out.push_str(&format!(" {c:>9}"));
        }
        out.push('\n');
        let phases = g.trials.iter().map(|t| t.phase + 1).max().unwrap_or(0);
        for p in 0..phases {
            let n = g.trials.iter().filter(|t| t.phase == p).count();
            if let Some(s) = g.strengths_at_end_of_phase(p) {
                out.push_str(&format!("  {:>5}  {n:>6}", p + 1));
                for c in &cues {
                    out.push_str(&format!(" {}", fmt(s[*c])));
                }
                out.push('\n');
            }
        }
        for t in g.trials.iter().filter(|t| t.probe) {
            out.push_str(&format!(
                "  probe trial {} (phase {}) {}: prediction {}\n",
                t.index + 1,
                t.phase + 1,
                t.cues.join(""),
                fmt(t.prediction).trim()
            ));
        }
    }
    out
}

/// Runs `learn conditioning`.
pub fn run(args: Args) -> Result<(), CliError> {
    let design = if args.model == Model::Latent {
        // Also accepts delay-only phases (`3A+ | @20 | 1A-`), as the latent-cause issue writes them.
        learn_latent::design::parse(&args.design)?
    } else {
        design::parse(&args.design)?
    };
    let mut learner = build(&args)?;
    check_size(&args, &design)?;
    let groups = run_design(learner.as_mut(), &design, args.seed)?;
    if groups
        .iter()
        .flat_map(|g| g.final_strengths.values())
        .any(|v| !v.is_finite())
    {
        return Err(CliError::failure(
            "the model diverged (non-finite strengths): lower --alpha",
        ));
    }
    let canonical = design.to_string();
    if args.json {
        print_json(&Report {
            model: learner.model(),
            design: canonical,
            seed: args.seed,
            groups: &groups,
        })
    } else {
        print!("{}", table(learner.model(), &canonical, args.seed, &groups));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_specs() {
        let (d, m) = parse_alpha("0.3,A=0.5, (tone)=0.2").unwrap();
        assert_eq!(d, Some(0.3));
        assert_eq!(m["A"], 0.5);
        assert_eq!(m["tone"], 0.2);
        assert!(parse_alpha("A=x").is_err());
        assert!(parse_alpha("0.1,0.2").is_err());
        assert!(parse_alpha("A=0.1,").is_err());
        assert!(parse_alpha("=0.1").is_err());
    }
}
