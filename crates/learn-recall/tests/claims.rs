//! Every claim of `learn-recall` passes at the Quick budget.

use learn_core::{Budget, assert_claim_passes};

fn run(id: &str) {
    let claims = learn_recall::claims();
    let claim = claims
        .iter()
        .find(|c| c.id() == id)
        .unwrap_or_else(|| panic!("no claim {id}"));
    let t = std::time::Instant::now();
    let ev = assert_claim_passes(claim.as_ref(), Budget::Quick, 20_260_514);
    eprintln!(
        "{id}: {:.2} s; {:?}",
        t.elapsed().as_secs_f64(),
        ev.measured()
    );
}

#[test]
fn every_claim_is_tested_here() {
    let ids: Vec<String> = learn_recall::claims()
        .iter()
        .map(|c| c.id().to_string())
        .collect();
    let known = [
        "recall/law",
        "recall/sd-sqrt-m",
        "recall/asymmetric",
        "recall/sparse-overlaps",
        "recall/cycle",
        "recall/network-cycles",
        "recall/network-noise",
        "recall/latching-sublinear",
        "recall/latching-noise",
    ];
    for id in &ids {
        assert!(known.contains(&id.as_str()), "claim {id} has no test");
    }
}

#[test]
fn law() {
    run("recall/law");
}
#[test]
fn sd_sqrt_m() {
    run("recall/sd-sqrt-m");
}
#[test]
fn asymmetric() {
    run("recall/asymmetric");
}
#[test]
fn sparse_overlaps() {
    run("recall/sparse-overlaps");
}
#[test]
fn cycle() {
    run("recall/cycle");
}
#[test]
fn network_cycles() {
    run("recall/network-cycles");
}
#[test]
fn network_noise() {
    run("recall/network-noise");
}
/// The latching network: about 2 s of CPU per list, so these are the longest tests here.
#[test]
fn latching_sublinear() {
    run("recall/latching-sublinear");
}
#[test]
fn latching_noise() {
    run("recall/latching-noise");
}
