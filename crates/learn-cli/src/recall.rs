//! `learn recall`: free recall as a walk on a random similarity graph (Naim et al. 2020), and
//! `learn recall network`: recall in an attractor network with oscillating inhibition (Romani et
//! al. 2013), and `learn recall latching`: list recall in the latching network of Boboeva et al.
//! (2021).

use crate::error::CliError;
use crate::output::print_json;
use clap::{Subcommand, ValueEnum};
use learn_recall::graph::{GraphParams, Similarity, recall_summary};
use learn_recall::latching::{self, LatchingParams};
use learn_recall::network::{NetworkParams, recall_counts};
use serde::Serialize;

const EXAMPLES: &str = "\
Examples:
  learn recall --items 1000                         1,000 trials, symmetric matrix
  learn recall --items 1000000 --trials 4 --json    the law at M = 10^6, as JSON
  learn recall --items 500 --matrix sparse --coding-level 0.05 --neurons 10000
  learn recall network --list-length 16 --lists 20  attractor-network recall
  learn recall latching --list-length 16 --lists 8  latching-network list recall";

/// Options of `learn recall`.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true, after_help = EXAMPLES)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Number of items M in memory (2 ≤ M < 2^32).
    #[arg(long, value_name = "M")]
    items: Option<usize>,
    /// Number of independent trials, each on a fresh matrix with a random start item.
    #[arg(long, value_name = "T", default_value_t = 1000)]
    trials: usize,
    /// How similarities are made.
    #[arg(long, value_enum, default_value_t = Matrix::Symmetric)]
    matrix: Matrix,
    /// Coding level f ∈ (0, 1) of the sparse patterns (with --matrix sparse).
    #[arg(long, value_name = "F", default_value_t = 0.05)]
    coding_level: f64,
    /// Number of neurons N of the sparse patterns (with --matrix sparse).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    neurons: usize,
    /// Seed of the experiment: the same seed gives the same numbers on any machine.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Print one JSON document instead of a summary.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Recall in an attractor network with adaptation and oscillating inhibition.
    Network(NetworkArgs),
    /// List recall in the latching network of Boboeva, Pezzotta & Clopath (2021): adaptation,
    /// quadratic inhibition, list items potentiated (about 2 s per list on one core).
    Latching(LatchingArgs),
}

const LATCHING_EXAMPLES: &str = "\
Examples:
  learn recall latching --list-length 16
  learn recall latching --list-length 32 --lists 16 --noise 0.1 --json";

/// Options of `learn recall latching` (defaults: the paper's Fig. 5 parameters).
#[derive(clap::Args, Debug)]
#[command(after_help = LATCHING_EXAMPLES)]
struct LatchingArgs {
    /// Number of items L loaded into short-term memory (drawn from the p stored patterns).
    #[arg(long, value_name = "L")]
    list_length: usize,
    /// Number of independent lists (fresh patterns and list each).
    #[arg(long, value_name = "K", default_value_t = 8)]
    lists: usize,
    /// Number of units N.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    neurons: usize,
    /// Coding level a ∈ (0, 1): each pattern has round(aN) active units.
    #[arg(long, value_name = "A", default_value_t = 0.02)]
    coding_level: f64,
    /// Number of patterns p in long-term memory.
    #[arg(long, value_name = "P", default_value_t = 600)]
    patterns: usize,
    /// Amplitude ε of the uniform noise on the fields (0: deterministic fields).
    #[arg(long, value_name = "EPS", default_value_t = 0.0)]
    noise: f64,
    /// Duration of recall, in the model's time units (dt = 0.01 per sweep).
    #[arg(long, value_name = "T", default_value_t = 50.0)]
    recall_time: f64,
    /// Seed of the experiment.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Print one JSON document instead of a summary.
    #[arg(long)]
    json: bool,
}

/// The similarity matrix of `learn recall`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Matrix {
    /// S(i, j) = S(j, i), i.i.d. continuous: ⟨R⟩ ≈ √(3πM/2).
    Symmetric,
    /// S(i, j), S(j, i) independent: ⟨R⟩ ≈ √(πM/2).
    Asymmetric,
    /// Overlaps of sparse random binary patterns (N neurons, coding level f).
    Sparse,
}

const NETWORK_EXAMPLES: &str = "\
Examples:
  learn recall network --list-length 16
  learn recall network --list-length 32 --lists 50 --noise 0.01 --json";

/// Options of `learn recall network`.
#[derive(clap::Args, Debug)]
#[command(after_help = NETWORK_EXAMPLES)]
struct NetworkArgs {
    /// Number of items L loaded into short-term memory.
    #[arg(long, value_name = "L")]
    list_length: usize,
    /// Number of independent lists (fresh patterns each).
    #[arg(long, value_name = "K", default_value_t = 20)]
    lists: usize,
    /// Number of neurons N.
    #[arg(long, value_name = "N", default_value_t = 3000)]
    neurons: usize,
    /// Coding level f ∈ (0, 1).
    #[arg(long, value_name = "F", default_value_t = 0.1)]
    coding_level: f64,
    /// Noise σ on the neurons' fields (0: deterministic; the claims' weak noise is 0.01).
    #[arg(long, value_name = "SIGMA", default_value_t = 0.0)]
    noise: f64,
    /// Inhibition cycles simulated (default 3L + 30).
    #[arg(long, value_name = "C")]
    cycles: Option<usize>,
    /// Seed of the experiment.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Print one JSON document instead of a summary.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct GraphOutput {
    items: usize,
    trials: usize,
    matrix: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    coding_level: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    neurons: Option<usize>,
    seed: u64,
    mean_recalled: f64,
    sem: f64,
    sd: f64,
    law: f64,
    ratio: f64,
    recalled: Vec<usize>,
}

#[derive(Serialize)]
struct NetworkOutput {
    list_length: usize,
    lists: usize,
    neurons: usize,
    coding_level: f64,
    noise: f64,
    cycles: usize,
    seed: u64,
    mean_recalled: f64,
    sem: f64,
    ended_in_cycle: usize,
    recalled: Vec<usize>,
    first_sequence: Vec<Option<u32>>,
}

#[derive(Serialize)]
struct LatchingOutput {
    list_length: usize,
    lists: usize,
    neurons: usize,
    coding_level: f64,
    patterns: usize,
    noise: f64,
    recall_time: f64,
    seed: u64,
    mean_recalled: f64,
    sem: f64,
    entered_cycle: usize,
    recalled: Vec<usize>,
    intrusions: Vec<usize>,
    first_sequence: Vec<u32>,
    first_times: Vec<f64>,
}

/// Runs `learn recall` (or `learn recall network` / `learn recall latching`).
pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        Some(Command::Network(n)) => return run_network(n),
        Some(Command::Latching(l)) => return run_latching(l),
        None => {}
    }
    let items = args.items.ok_or_else(|| {
        CliError::usage("`learn recall` needs --items M (see `learn recall --help`)")
    })?;
    if args.trials == 0 {
        return Err(CliError::usage(
            "invalid parameter `trials`: must be at least 1, got 0",
        ));
    }
    let (similarity, name) = match args.matrix {
        Matrix::Symmetric => (Similarity::Symmetric, "symmetric"),
        Matrix::Asymmetric => (Similarity::Asymmetric, "asymmetric"),
        Matrix::Sparse => (
            Similarity::Sparse {
                neurons: args.neurons,
                coding_level: args.coding_level,
            },
            "sparse",
        ),
    };
    let params = GraphParams::new(items, similarity)?;
    let s = recall_summary(&params, args.trials, args.seed)?;
    let sparse = matches!(args.matrix, Matrix::Sparse);
    if args.json {
        return print_json(&GraphOutput {
            items,
            trials: args.trials,
            matrix: name,
            coding_level: sparse.then_some(args.coding_level),
            neurons: sparse.then_some(args.neurons),
            seed: args.seed,
            mean_recalled: s.mean_recalled,
            sem: s.sem,
            sd: s.sd,
            law: s.law,
            ratio: s.ratio,
            recalled: s.recalled,
        });
    }
    let law_name = if matches!(args.matrix, Matrix::Asymmetric) {
        "√(πM/2)"
    } else {
        "√(3πM/2)"
    };
    println!(
        "free recall, M = {items} items, {} trials, {name} similarities (seed {})",
        args.trials, args.seed
    );
    println!(
        "  mean recalled R = {:.3} ± {:.3} (s.e.), SD {:.3}",
        s.mean_recalled, s.sem, s.sd
    );
    println!("  law {law_name} = {:.3}; ratio {:.4}", s.law, s.ratio);
    Ok(())
}

fn run_network(a: NetworkArgs) -> Result<(), CliError> {
    let mut params = NetworkParams::default_for_list(a.list_length.max(1))?;
    params.list_length = a.list_length;
    params.neurons = a.neurons;
    params.coding_level = a.coding_level;
    params.noise = a.noise;
    params.cycles = a.cycles.unwrap_or(3 * a.list_length + 30);
    let params = params.check()?;
    let runs = recall_counts(&params, a.lists, a.seed)?;
    let counts: Vec<f64> = runs.iter().map(|r| r.count() as f64).collect();
    let mean = learn_core::stats::mean(&counts)?;
    let sem = if counts.len() > 1 {
        learn_core::stats::sem(&counts)?
    } else {
        0.0
    };
    let cycled = runs.iter().filter(|r| r.cycle_period.is_some()).count();
    if a.json {
        return print_json(&NetworkOutput {
            list_length: a.list_length,
            lists: a.lists,
            neurons: a.neurons,
            coding_level: a.coding_level,
            noise: a.noise,
            cycles: params.cycles,
            seed: a.seed,
            mean_recalled: mean,
            sem,
            ended_in_cycle: cycled,
            recalled: runs.iter().map(|r| r.count()).collect(),
            first_sequence: runs[0].sequence.clone(),
        });
    }
    println!(
        "attractor-network recall, L = {} items, {} lists, N = {}, f = {}, noise {} (seed {})",
        a.list_length, a.lists, a.neurons, a.coding_level, a.noise, a.seed
    );
    println!(
        "  mean recalled = {mean:.3} ± {sem:.3} (s.e.); {cycled}/{} lists ended in a cycle within {} inhibition cycles",
        a.lists, params.cycles
    );
    Ok(())
}

fn run_latching(a: LatchingArgs) -> Result<(), CliError> {
    let params = LatchingParams {
        list_length: a.list_length,
        neurons: a.neurons,
        coding_level: a.coding_level,
        patterns: a.patterns,
        noise: a.noise,
        recall_time: a.recall_time,
        ..LatchingParams::paper(1)?
    }
    .check()?;
    let runs = latching::recall_counts(&params, a.lists, a.seed)?;
    let counts: Vec<f64> = runs.iter().map(|r| r.count() as f64).collect();
    let mean = learn_core::stats::mean(&counts)?;
    let sem = if counts.len() > 1 {
        learn_core::stats::sem(&counts)?
    } else {
        0.0
    };
    let entered = runs.iter().filter(|r| r.entered_cycle().is_some()).count();
    if a.json {
        return print_json(&LatchingOutput {
            list_length: a.list_length,
            lists: a.lists,
            neurons: a.neurons,
            coding_level: a.coding_level,
            patterns: a.patterns,
            noise: a.noise,
            recall_time: a.recall_time,
            seed: a.seed,
            mean_recalled: mean,
            sem,
            entered_cycle: entered,
            recalled: runs.iter().map(|r| r.count()).collect(),
            intrusions: runs.iter().map(|r| r.intrusions).collect(),
            first_sequence: runs[0].sequence.clone(),
            first_times: runs[0].times.clone(),
        });
    }
    println!(
        "latching-network recall, L = {} of p = {} patterns, {} lists, N = {}, a = {}, noise {} (seed {})",
        a.list_length, a.patterns, a.lists, a.neurons, a.coding_level, a.noise, a.seed
    );
    println!(
        "  mean recalled = {mean:.3} ± {sem:.3} (s.e.); {entered}/{} lists entered a cycle within {} time units",
        a.lists, a.recall_time
    );
    Ok(())
}
