//! `learn hopfield`: associative memory — recall from a cue, capacity sweeps, morph sequences.

use crate::error::CliError;
use crate::output::print_json;
use learn_core::rng::{derive_seed, stream};
use learn_hopfield::capacity::{CapacityPoint, CapacitySettings, capacity_sweep};
use learn_hopfield::novelty::{MorphOrder, MorphParams, MorphRecord, morph_experiment};
use learn_hopfield::{
    Dynamics, Ending, Network, Patterns, Rule, RunOptions, flip_cue, mask_cue, overlap,
};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write as _;

/// Appends one line to the text being built (formatting into a `String` cannot fail).
macro_rules! outln {
    ($out:ident, $($arg:tt)*) => {
        let _ = writeln!($out, $($arg)*);
    };
}

/// Prints the summary; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> Result<(), CliError> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::failure(e)),
        _ => Ok(()),
    }
}

/// Subcommands of `learn hopfield`.
#[derive(clap::Subcommand, Debug)]
#[command(after_help = "\
Examples:
  learn hopfield recall --neurons 1000 --patterns 50 --flip 0.2
  learn hopfield capacity --neurons 2000 --loads 0.05,0.1,0.14,0.2 --trials 10
  learn hopfield morph --order gradual")]
pub enum Args {
    /// Store random patterns, cue one of them, run the dynamics and report the final overlap.
    #[command(after_help = "\
Examples:
  learn hopfield recall --neurons 1000 --patterns 50 --flip 0.2
  learn hopfield recall --neurons 200 --patterns 150 --rule perceptron --flip 0.05 --json
  learn hopfield recall --neurons 1000 --patterns 3 --dynamics glauber --temperature 0.5 --sweeps 50")]
    Recall(RecallArgs),
    /// Final overlap versus load α = p/N (Amit, Gutfreund & Sompolinsky 1985).
    #[command(after_help = "\
Examples:
  learn hopfield capacity --neurons 2000 --loads 0.05,0.1,0.14,0.2
  learn hopfield capacity --neurons 10000 --loads 0.06,0.08,0.1,0.12,0.14,0.16,0.18,0.2 --trials 10 --json")]
    Capacity(CapacityArgs),
    /// Novelty-facilitated plasticity on a morph sequence (Blumenfeld et al. 2006).
    #[command(after_help = "\
Examples:
  learn hopfield morph --order gradual
  learn hopfield morph --order random --neurons 400 --steps 20 --sessions 5 --json")]
    Morph(MorphArgs),
}

/// Options of `learn hopfield recall`.
#[derive(clap::Args, Debug)]
pub struct RecallArgs {
    /// Number of neurons N.
    #[arg(long, value_name = "N")]
    pub neurons: usize,
    /// Number of stored random patterns p.
    #[arg(long, value_name = "P")]
    pub patterns: usize,
    /// Learning rule: hebb, storkey, pseudo-inverse or perceptron.
    #[arg(long, default_value = "hebb")]
    pub rule: String,
    /// Fraction of the cue's bits flipped, in [0, 1].
    #[arg(
        long,
        value_name = "F",
        default_value_t = 0.2,
        allow_negative_numbers = true
    )]
    pub flip: f64,
    /// Fraction of the cue's bits masked (replaced by random ±1), in [0, 1].
    #[arg(
        long,
        value_name = "F",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    pub mask: f64,
    /// Dynamics: async, sync or glauber.
    #[arg(long, default_value = "async")]
    pub dynamics: String,
    /// Temperature for glauber (units of h, J = (1/N) Σ ξξ for hebb).
    #[arg(
        long,
        value_name = "T",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    pub temperature: f64,
    /// Most sweeps (async, sync), or the number of sweeps (glauber at T > 0).
    #[arg(long, value_name = "S", default_value_t = 1000)]
    pub sweeps: usize,
    /// Seed.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

/// Options of `learn hopfield capacity`.
#[derive(clap::Args, Debug)]
pub struct CapacityArgs {
    /// Number of neurons N.
    #[arg(long, value_name = "N")]
    pub neurons: usize,
    /// Comma-separated loads α = p/N.
    #[arg(long, value_name = "A,B,..", value_delimiter = ',', required = true)]
    pub loads: Vec<f64>,
    /// Trials per load.
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub trials: usize,
    /// Learning rule: hebb, storkey, pseudo-inverse or perceptron.
    #[arg(long, default_value = "hebb")]
    pub rule: String,
    /// Fraction of bits flipped in the cue (0: start at the pattern, as AGS).
    #[arg(
        long,
        value_name = "F",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    pub flip: f64,
    /// Seed.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

/// Options of `learn hopfield morph`.
#[derive(clap::Args, Debug)]
pub struct MorphArgs {
    /// Presentation order within a session: gradual or random.
    #[arg(long, default_value = "gradual")]
    pub order: String,
    /// Number of neurons N (10..=4096).
    #[arg(long, value_name = "N", default_value_t = 400)]
    pub neurons: usize,
    /// Prelearned background patterns besides the source A.
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub background: usize,
    /// Morph steps K (the sequence has K + 1 stimuli).
    #[arg(long, value_name = "K", default_value_t = 20)]
    pub steps: usize,
    /// Sessions (passes over the sequence).
    #[arg(long, value_name = "S", default_value_t = 5)]
    pub sessions: usize,
    /// Novelty learning rate η in (0, 2].
    #[arg(
        long,
        value_name = "ETA",
        default_value_t = 0.3,
        allow_negative_numbers = true
    )]
    pub eta: f64,
    /// Seed.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Print one JSON document.
    #[arg(long)]
    pub json: bool,
}

/// Runs `learn hopfield`.
pub fn run(args: Args) -> Result<(), CliError> {
    match args {
        Args::Recall(a) => recall(a),
        Args::Capacity(a) => capacity(a),
        Args::Morph(a) => morph(a),
    }
}

#[derive(Serialize)]
struct RecallReport {
    neurons: usize,
    patterns: usize,
    rule: &'static str,
    dynamics: Dynamics,
    flip: f64,
    mask: f64,
    seed: u64,
    cue_overlap: f64,
    final_overlap: f64,
    max_other_overlap: f64,
    ending: Ending,
    sweeps: usize,
    energy_start: f64,
    energy_end: f64,
}

fn recall(a: RecallArgs) -> Result<(), CliError> {
    let rule = Rule::parse(&a.rule)?;
    let dynamics = Dynamics::parse(&a.dynamics, a.temperature)?;
    if a.temperature != 0.0 && !matches!(dynamics, Dynamics::Glauber { .. }) {
        return Err(CliError::usage(
            "--temperature applies to --dynamics glauber only",
        ));
    }
    learn_core::validate::probability("flip", a.flip)?;
    learn_core::validate::probability("mask", a.mask)?;
    rule.check(a.neurons, a.patterns)?;
    let mut rng = stream(a.seed, 0);
    let pats = Patterns::random(a.neurons, a.patterns, &mut rng)?;
    let net = Network::train(rule, &pats)?;
    let target = pats.pattern(0);
    let cue = flip_cue(&target, a.flip, &mut rng)?;
    let mut state = mask_cue(&cue, a.mask, &mut rng)?;
    let cue_overlap = overlap(&state, &target)?;
    let energy_start = net.energy(&state)?;
    let opts = RunOptions {
        max_sweeps: a.sweeps,
        record_energy: false,
    };
    let out = net.run(&mut state, dynamics, &opts, &mut stream(a.seed, 1))?;
    let m = pats.overlaps(&state)?;
    let report = RecallReport {
        neurons: a.neurons,
        patterns: a.patterns,
        rule: rule.name(),
        dynamics,
        flip: a.flip,
        mask: a.mask,
        seed: a.seed,
        cue_overlap,
        final_overlap: m[0],
        max_other_overlap: m[1..].iter().map(|v| v.abs()).fold(0.0, f64::max),
        ending: out.ending,
        sweeps: out.sweeps,
        energy_start,
        energy_end: net.energy(&state)?,
    };
    if a.json {
        return print_json(&report);
    }
    let mut out = String::new();
    outln!(
        out,
        "N = {}, p = {} (α = {:.4}), rule {}, {:?}",
        report.neurons,
        report.patterns,
        report.patterns as f64 / report.neurons as f64,
        report.rule,
        report.dynamics
    );
    outln!(out, "cue overlap      {:+.4}", report.cue_overlap);
    outln!(
        out,
        "final overlap    {:+.4}  (largest |overlap| with another pattern {:.4})",
        report.final_overlap,
        report.max_other_overlap
    );
    outln!(
        out,
        "ended            {:?} after {} sweeps",
        report.ending,
        report.sweeps
    );
    outln!(
        out,
        "energy           {:.4} -> {:.4}",
        report.energy_start,
        report.energy_end
    );
    emit(&out)
}

#[derive(Serialize)]
struct CapacityReport {
    neurons: usize,
    rule: &'static str,
    trials: usize,
    flip: f64,
    seed: u64,
    points: Vec<CapacityPointOut>,
}

#[derive(Serialize)]
struct CapacityPointOut {
    load: f64,
    patterns: usize,
    mean_overlap: f64,
    sem: f64,
    retrieved_fraction: f64,
}

impl From<&CapacityPoint> for CapacityPointOut {
    fn from(p: &CapacityPoint) -> Self {
        CapacityPointOut {
            load: p.load,
            patterns: p.patterns,
            mean_overlap: p.mean_overlap,
            sem: p.sem,
            retrieved_fraction: p.retrieved_fraction,
        }
    }
}

fn capacity(a: CapacityArgs) -> Result<(), CliError> {
    let rule = Rule::parse(&a.rule)?;
    let settings = CapacitySettings::new(a.neurons, &a.loads, a.trials, rule, a.flip)?;
    let points = capacity_sweep(&settings, derive_seed(a.seed, "capacity"))?;
    let report = CapacityReport {
        neurons: a.neurons,
        rule: rule.name(),
        trials: a.trials,
        flip: a.flip,
        seed: a.seed,
        points: points.iter().map(CapacityPointOut::from).collect(),
    };
    if a.json {
        return print_json(&report);
    }
    let mut out = String::new();
    outln!(
        out,
        "N = {}, rule {}, {} trials per load, cue flip {}",
        report.neurons,
        report.rule,
        report.trials,
        report.flip
    );
    outln!(
        out,
        "{:>8} {:>6} {:>13} {:>8} {:>10}",
        "load",
        "p",
        "mean overlap",
        "sem",
        "retrieved"
    );
    for p in &report.points {
        outln!(
            out,
            "{:>8.4} {:>6} {:>13.4} {:>8.4} {:>10.2}",
            p.load,
            p.patterns,
            p.mean_overlap,
            p.sem,
            p.retrieved_fraction
        );
    }
    emit(&out)
}

#[derive(Serialize)]
struct MorphReport {
    order: MorphOrder,
    neurons: usize,
    background: usize,
    steps: usize,
    sessions: usize,
    eta: f64,
    seed: u64,
    end_attractor_overlap: f64,
    switches: usize,
    morphs: Vec<MorphRecord>,
}

fn morph(a: MorphArgs) -> Result<(), CliError> {
    let order = MorphOrder::parse(&a.order)?;
    let params = MorphParams::new(a.neurons, a.background, a.steps, a.sessions, a.eta)?;
    let r = morph_experiment(&params, order, a.seed)?;
    let report = MorphReport {
        order,
        neurons: a.neurons,
        background: a.background,
        steps: a.steps,
        sessions: a.sessions,
        eta: a.eta,
        seed: a.seed,
        end_attractor_overlap: r.end_attractor_overlap,
        switches: r.switches(),
        morphs: r.morphs,
    };
    if a.json {
        return print_json(&report);
    }
    let mut out = String::new();
    outln!(
        out,
        "{:?} order: N = {}, K = {}, {} sessions, η = {}",
        report.order,
        report.neurons,
        report.steps,
        report.sessions,
        report.eta
    );
    outln!(
        out,
        "overlap of the two ends' attractors {:.3}; switches along the sequence {}",
        report.end_attractor_overlap,
        report.switches
    );
    outln!(
        out,
        "{:>6} {:>12} {:>12} {:>8} {:>8}",
        "k/K",
        "src attr.",
        "tgt attr.",
        "A",
        "B"
    );
    for m in &report.morphs {
        outln!(
            out,
            "{:>6.2} {:>12.3} {:>12.3} {:>8.3} {:>8.3}",
            m.fraction,
            m.source_attractor_overlap,
            m.target_attractor_overlap,
            m.a_overlap,
            m.b_overlap
        );
    }
    emit(&out)
}
