//! Fine-tuning vs synaptic intelligence on task-incremental split digits (3 seeds, 20 epochs
//! per task): prints the mean accuracy matrices and ACC / BWT.
//!
//! `cargo run --release -p learn-continual --example split_digits`

use learn_continual::claims::digit_sequence;
use learn_continual::method::Method;
use learn_continual::protocol::Scenario;
use learn_continual::train::{TrainConfig, run_experiment};

fn main() -> Result<(), learn_continual::Error> {
    let seq = digit_sequence(Scenario::Task, 0)?;
    let cfg = TrainConfig::claims_default(20);
    for method in [Method::Finetune, Method::si(3.0, 1e-3)?] {
        let exp = run_experiment(&seq, method, &cfg, 3, 0, &|_| {})?;
        println!(
            "{}: ACC {:.3}, BWT {:+.3}",
            method.name(),
            exp.mean.acc,
            exp.mean.bwt
        );
        for row in &exp.mean_matrix {
            let cells: Vec<String> = row.iter().map(|a| format!("{:5.1}", 100.0 * a)).collect();
            println!("  {}", cells.join(" "));
        }
    }
    Ok(())
}
