//! `learn continual`: train a network on a sequence of tasks with one continual-learning
//! method and print the accuracy matrix with ACC, BWT and FWT.

use std::path::PathBuf;

use learn_continual::claims::{self, PERMUTED_TASKS};
use learn_continual::data::mnist;
use learn_continual::method::Method;
use learn_continual::mlp::OutputInit;
use learn_continual::optim::OptimizerKind;
use learn_continual::protocol::{Scenario, TaskSequence};
use learn_continual::train::{Experiment, TrainConfig, run_experiment};
use serde::Serialize;

use crate::error::CliError;
use crate::output::{print_json, progress_bar};

/// The continual-learning method.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodArg {
    /// Plain training, task after task (the catastrophic-forgetting baseline).
    Finetune,
    /// Synaptic intelligence (Zenke, Poole & Ganguli 2017).
    Si,
    /// Elastic weight consolidation (Kirkpatrick et al. 2017).
    Ewc,
    /// Online EWC (Schwarz et al. 2018), γ = 1.
    OnlineEwc,
    /// Memory-aware synapses (Aljundi et al. 2018).
    Mas,
}

/// The task protocol.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScenarioArg {
    /// Task-incremental split digits 0/1, 2/3, …, 8/9 (softmax masked to the task's digits).
    Task,
    /// Domain-incremental split digits (one shared 2-way head).
    Domain,
    /// Class-incremental split digits (one 10-way head).
    Class,
    /// Overlapping pairs 1/2, 2/3, …, 8/9 on a shared 2-way head.
    Pairs,
    /// Permuted pixels (10 tasks by default).
    Permuted,
}

impl MethodArg {
    fn name(self) -> &'static str {
        match self {
            MethodArg::Finetune => "finetune",
            MethodArg::Si => "si",
            MethodArg::Ewc => "ewc",
            MethodArg::OnlineEwc => "online-ewc",
            MethodArg::Mas => "mas",
        }
    }
}

impl ScenarioArg {
    fn scenario(self) -> Scenario {
        match self {
            ScenarioArg::Task => Scenario::Task,
            ScenarioArg::Domain => Scenario::Domain,
            ScenarioArg::Class => Scenario::Class,
            ScenarioArg::Pairs => Scenario::Pairs,
            ScenarioArg::Permuted => Scenario::Permuted,
        }
    }
}

/// The optimiser.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptimizerArg {
    /// Adam (Kingma & Ba 2015), β = (0.9, 0.999), ε = 1e-8.
    Adam,
    /// Plain stochastic gradient descent.
    Sgd,
}

/// Arguments of `learn continual`.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Trains an MLP (ReLU, Adam lr 1e-3 reset at each task, batch 64) on the tasks one after the
other and prints the accuracy matrix R (row i: test accuracy on every task after task i),
ACC, BWT and FWT (Lopez-Paz & Ranzato 2017), averaged over seeds. Data: the embedded 8x8
digits (UCI, CC BY 4.0), 80/20 split per class, or MNIST IDX files with --mnist.
Defaults are the settings of the claims in `learn reproduce` (50 epochs/task on split digits,
10 on permuted; c = 3 for split, 1 for permuted; 5 seeds).

Examples:
  learn continual --method si --scenario task
  learn continual --method finetune --scenario pairs --seeds 2 --json
  learn continual --method ewc --scenario class --strength 1000
  learn continual --method si --scenario permuted --mnist ~/data/mnist --hidden 256,256 --epochs 5")]
pub struct Args {
    /// Continual-learning method.
    #[arg(long, value_enum, default_value = "si")]
    pub method: MethodArg,
    /// Task protocol.
    #[arg(long, value_enum, default_value = "task")]
    pub scenario: ScenarioArg,
    /// Regularisation strength: SI's c, or λ for EWC, online EWC and MAS (must be ≥ 0).
    /// Default: 3 (SI, split), 1 (SI, permuted), 1000 (EWC, online EWC, MAS).
    #[arg(long, value_name = "C", allow_negative_numbers = true)]
    pub strength: Option<f64>,
    /// SI's damping ξ (must be > 0).
    #[arg(
        long,
        value_name = "XI",
        default_value_t = 1e-3,
        allow_negative_numbers = true
    )]
    pub xi: f64,
    /// Epochs per task. Default: 50 (split digits, pairs), 10 (permuted).
    #[arg(long, value_name = "E")]
    pub epochs: Option<usize>,
    /// Minibatch size.
    #[arg(long, value_name = "B", default_value_t = 64)]
    pub batch: usize,
    /// Hidden layer sizes, comma-separated.
    #[arg(long, value_name = "SIZES", default_value = "100,100")]
    pub hidden: String,
    /// Learning rate.
    #[arg(
        long,
        value_name = "LR",
        default_value_t = 1e-3,
        allow_negative_numbers = true
    )]
    pub lr: f64,
    /// Optimiser.
    #[arg(long, value_enum, default_value = "adam")]
    pub optimizer: OptimizerArg,
    /// Keep the optimiser's state (Adam's moments) across tasks instead of resetting it at
    /// each task as Zenke et al. do.
    #[arg(long)]
    pub no_reset: bool,
    /// Number of runs (seeds), averaged.
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub seeds: usize,
    /// Experiment seed (data split, permutations, initialisations, minibatch order).
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Number of permuted tasks (scenario `permuted`).
    #[arg(long, value_name = "N", default_value_t = PERMUTED_TASKS)]
    pub tasks: usize,
    /// Directory holding the MNIST IDX files (train-images-idx3-ubyte[.gz], …) to use instead
    /// of the embedded digits.
    #[arg(long, value_name = "DIR")]
    pub mnist: Option<PathBuf>,
    /// Print one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

/// The `--json` document.
#[derive(Serialize, Debug)]
struct Report<'a> {
    method: &'static str,
    scenario: &'static str,
    tasks: Vec<String>,
    accuracy_matrix: &'a [Vec<f64>],
    acc: f64,
    bwt: f64,
    fwt: f64,
    baseline: Vec<f64>,
    runs: Vec<learn_continual::metrics::Summary>,
    settings: Settings,
}

#[derive(Serialize, Debug)]
struct Settings {
    data: String,
    strength: f64,
    xi: f64,
    epochs: usize,
    batch: usize,
    hidden: Vec<usize>,
    lr: f64,
    optimizer: &'static str,
    reset_optimizer: bool,
    seeds: usize,
    seed: u64,
}

fn parse_hidden(s: &str) -> Result<Vec<usize>, CliError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(CliError::usage(
            "invalid parameter `hidden`: the list of hidden layer sizes is empty; give at least one, e.g. 100,100",
        ));
    }
    s.split(',')
        .map(|t| {
            t.trim().parse::<usize>().map_err(|_| {
                CliError::usage(format!(
                    "invalid parameter `hidden`: `{t}` is not a layer size (expected e.g. 100,100)"
                ))
            })
        })
        .collect()
}

/// Runs `learn continual`.
pub fn run(args: Args) -> Result<(), CliError> {
    let scenario = args.scenario.scenario();
    let (default_epochs, _) = claims::defaults(scenario);
    let strength = args
        .strength
        .unwrap_or_else(|| claims::default_strength(args.method.name(), scenario));
    let method = Method::from_name(args.method.name(), strength, args.xi)?;
    let epochs = args.epochs.unwrap_or(default_epochs);
    let hidden = parse_hidden(&args.hidden)?;
    let cfg = TrainConfig::new(
        hidden,
        epochs,
        args.batch,
        match args.optimizer {
            OptimizerArg::Adam => OptimizerKind::adam(args.lr)?,
            OptimizerArg::Sgd => OptimizerKind::sgd(args.lr)?,
        },
        !args.no_reset,
        OutputInit::Zero,
    )?;
    learn_core::validate::count("seeds", args.seeds, 1, 1000)?;
    let (seq, data_name) = match &args.mnist {
        None => {
            let seq = if scenario == Scenario::Permuted && args.tasks != PERMUTED_TASKS {
                let (train, test) = claims::digit_split(args.seed)?;
                TaskSequence::new(scenario, &train, &test, args.tasks, args.seed)?
            } else {
                claims::digit_sequence(scenario, args.seed)?
            };
            (seq, "embedded 8x8 digits (UCI, CC BY 4.0)".to_string())
        }
        Some(dir) => {
            let m = mnist::load_dir(dir)?;
            let seq = TaskSequence::new(scenario, &m.train, &m.test, args.tasks, args.seed)?;
            (seq, format!("MNIST IDX files in {}", dir.display()))
        }
    };
    let total = (args.seeds * seq.len() * epochs) as u64;
    let bar = if args.json {
        indicatif::ProgressBar::hidden()
    } else {
        progress_bar(total, "continual")
    };
    let tick = bar.clone();
    let exp = run_experiment(&seq, method, &cfg, args.seeds, args.seed, &move |_| {
        tick.inc(1)
    })
    .map_err(CliError::failure)?;
    bar.finish_and_clear();
    let report = report(&args, &seq, &exp, strength, epochs, &cfg, data_name);
    if args.json {
        print_json(&report)
    } else {
        print_human(&report);
        Ok(())
    }
}

fn report<'a>(
    args: &Args,
    seq: &TaskSequence,
    exp: &'a Experiment,
    strength: f64,
    epochs: usize,
    cfg: &TrainConfig,
    data: String,
) -> Report<'a> {
    let k = exp.runs.len() as f64;
    let baseline = (0..seq.len())
        .map(|j| exp.runs.iter().map(|r| r.baseline[j]).sum::<f64>() / k)
        .collect();
    Report {
        method: args.method.name(),
        scenario: seq.scenario.name(),
        tasks: seq.tasks.iter().map(|t| t.name.clone()).collect(),
        accuracy_matrix: &exp.mean_matrix,
        acc: exp.mean.acc,
        bwt: exp.mean.bwt,
        fwt: exp.mean.fwt,
        baseline,
        runs: exp.runs.iter().map(|r| r.summary).collect(),
        settings: Settings {
            data,
            strength,
            xi: args.xi,
            epochs,
            batch: cfg.batch,
            hidden: cfg.hidden.clone(),
            lr: args.lr,
            optimizer: match args.optimizer {
                OptimizerArg::Adam => "adam",
                OptimizerArg::Sgd => "sgd",
            },
            reset_optimizer: cfg.reset_optimizer,
            seeds: args.seeds,
            seed: args.seed,
        },
    }
}

fn print_human(r: &Report) {
    println!(
        "{} on {} ({} tasks; {}; hidden {:?}, {} epochs/task, batch {}, strength {}, xi {}, {} seeds)",
        r.method,
        r.scenario,
        r.tasks.len(),
        r.settings.data,
        r.settings.hidden,
        r.settings.epochs,
        r.settings.batch,
        r.settings.strength,
        r.settings.xi,
        r.settings.seeds
    );
    println!(
        "\nTest accuracy (%) on each task (columns) after training each task (rows), mean over seeds:"
    );
    print!("{:>10}", "after");
    for t in &r.tasks {
        print!("{t:>8}");
    }
    println!();
    for (name, row) in r.tasks.iter().zip(r.accuracy_matrix) {
        print!("{name:>10}");
        for v in row {
            print!("{:>8.1}", 100.0 * v);
        }
        println!();
    }
    print!("{:>10}", "untrained");
    for v in &r.baseline {
        print!("{:>8.1}", 100.0 * v);
    }
    println!();
    let sd = |f: &dyn Fn(&learn_continual::metrics::Summary) -> f64| {
        let xs: Vec<f64> = r.runs.iter().map(f).collect();
        learn_core::stats::std_dev(&xs).unwrap_or(f64::NAN)
    };
    println!(
        "\nACC {:.2}% (sd {:.2})   BWT {:+.2}% (sd {:.2})   FWT {:+.2}% (sd {:.2})",
        100.0 * r.acc,
        100.0 * sd(&|s| s.acc),
        100.0 * r.bwt,
        100.0 * sd(&|s| s.bwt),
        100.0 * r.fwt,
        100.0 * sd(&|s| s.fwt),
    );
}
