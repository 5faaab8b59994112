//! Catastrophic forgetting on permuted digits: accuracy on the first task after each of 10
//! tasks, fine-tuning vs EWC vs SI (2 seeds, 5 epochs per task).
//!
//! `cargo run --release -p learn-continual --example permuted_forgetting`

use learn_continual::claims::digit_sequence;
use learn_continual::method::Method;
use learn_continual::protocol::Scenario;
use learn_continual::train::{TrainConfig, run_experiment};

fn main() -> Result<(), learn_continual::Error> {
    let seq = digit_sequence(Scenario::Permuted, 0)?;
    let cfg = TrainConfig::claims_default(5);
    for method in [
        Method::Finetune,
        Method::ewc(1000.0)?,
        Method::si(1.0, 1e-3)?,
    ] {
        let exp = run_experiment(&seq, method, &cfg, 2, 0, &|_| {})?;
        let first: Vec<String> = exp
            .mean_matrix
            .iter()
            .map(|r| format!("{:.2}", r[0]))
            .collect();
        println!(
            "{:>10}: task-1 accuracy after each task {}",
            method.name(),
            first.join(" ")
        );
    }
    Ok(())
}
