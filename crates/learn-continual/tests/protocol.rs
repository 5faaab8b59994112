//! The task protocols: tasks, heads and targets of each scenario; permutations; metrics on a
//! hand-built matrix.

use learn_continual::data;
use learn_continual::protocol::{Scenario, TaskSequence};

fn seq(s: Scenario) -> TaskSequence {
    let d = data::digits().unwrap();
    let (tr, te) = d.stratified_split(0.2, 3).unwrap();
    TaskSequence::new(s, &tr, &te, 4, 3).unwrap()
}

#[test]
fn split_scenarios_have_the_van_de_ven_heads() {
    let task = seq(Scenario::Task);
    let domain = seq(Scenario::Domain);
    let class = seq(Scenario::Class);
    assert_eq!((task.outputs, domain.outputs, class.outputs), (10, 2, 10));
    for t in 0..5 {
        let (lo, hi) = (2 * t as u8, 2 * t as u8 + 1);
        assert_eq!(task.tasks[t].name, format!("{lo}/{hi}"));
        assert_eq!(task.tasks[t].head, vec![usize::from(lo), usize::from(hi)]);
        assert_eq!(domain.tasks[t].head, vec![0, 1]);
        assert_eq!(class.tasks[t].head, (0..10).collect::<Vec<_>>());
        for (i, &l) in task.tasks[t].train.labels.iter().enumerate() {
            assert!(l == lo || l == hi);
            assert_eq!(task.tasks[t].train_targets[i], usize::from(l));
            assert_eq!(domain.tasks[t].train_targets[i], usize::from(l % 2));
            assert_eq!(class.tasks[t].train_targets[i], usize::from(l));
        }
    }
}

#[test]
fn overlapping_pairs_contradict_on_the_shared_digit() {
    let pairs = seq(Scenario::Pairs);
    assert_eq!(pairs.len(), 8);
    assert_eq!(pairs.tasks[0].name, "1/2");
    assert_eq!(pairs.tasks[7].name, "8/9");
    let target_of = |t: usize, digit: u8| {
        let task = &pairs.tasks[t];
        let i = task.train.labels.iter().position(|&l| l == digit).unwrap();
        task.train_targets[i]
    };
    // Digit 2 is the "higher" digit of 1/2 and the "lower" digit of 2/3.
    assert_eq!(target_of(0, 2), 1);
    assert_eq!(target_of(1, 2), 0);
}

#[test]
fn permuted_tasks_are_pixel_permutations_with_the_first_unpermuted() {
    let d = data::digits().unwrap();
    let (tr, _) = d.stratified_split(0.2, 3).unwrap();
    let perm = seq(Scenario::Permuted);
    assert_eq!(perm.len(), 4);
    assert_eq!(perm.tasks[0].train, tr);
    for t in 1..4 {
        let task = &perm.tasks[t];
        assert_eq!(task.train.labels, tr.labels);
        assert_ne!(task.train.inputs, tr.inputs);
        // Same multiset of pixel values in every image.
        for i in [0, 17, 500] {
            let mut a = tr.input(i).to_vec();
            let mut b = task.train.input(i).to_vec();
            a.sort_by(f32::total_cmp);
            b.sort_by(f32::total_cmp);
            assert_eq!(a, b);
        }
    }
    assert_ne!(perm.tasks[1].train.inputs, perm.tasks[2].train.inputs);
    // Seeded: the same seed gives the same permutations.
    assert_eq!(seq(Scenario::Permuted), perm);
}
