//! The design language: one string describes a conditioning experiment.
//!
//! # Grammar
//!
//! Whitespace may appear between any two tokens (not inside a number or a `(name)`).
//!
//! ```text
//! design     := group (';' group)*
//! group      := [NAME ':'] item ('|' item)*   -- at least one item is a phase, and a
//!                                             -- delay is always followed by a phase
//! item       := delay | phase
//! delay      := '@' NUMBER          -- a delay phase: NUMBER extra time units pass
//! phase      := prefix* trial_type ('/' trial_type)*
//! prefix     := '@' NUMBER          -- NUMBER extra time units pass before the phase
//!             | '!'                 -- interleave the phase's trials in a seeded order
//! trial_type := [NUMBER] ['#'] stage ('>' stage)* ['>'] [outcome]
//!             | [NUMBER] outcome    -- a trial without cues: `1+`, `1-`
//! stage      := cue+                -- cues presented together (a compound)
//! cue        := 'A'..'Z'            -- a one-letter cue
//!             | '(' NAMECHAR+ ')'   -- a named cue, e.g. (tone), (light_2)
//! outcome    := '+'                 -- the US is delivered (reinforced)
//!             | '-'                 -- no US (written explicitly)
//! NAME       := [A-Za-z_][A-Za-z0-9_]*     NAMECHAR := [A-Za-z0-9_]
//! ```
//!
//! - `10A+`: ten trials of cue A reinforced; `10AX-`: A and X together, no US; a missing
//!   count means 1, a missing outcome means no US (`10B>A`).
//! - `1+`: a trial without cues, with the US (an *unsignalled US*, as in reinstatement);
//!   `1-`: a trial without cues and without the US (an empty trial: time passes and the
//!   learner sees a trial with nothing in it). A trial without cues must write its outcome,
//!   and cannot be a probe or have `>`.
//! - `1#B`: a *probe*: the model's prediction to B is recorded but nothing is learned.
//!   A probe takes no outcome.
//! - `>` makes a serial compound in time: `10A>+` is A, then the US (after A has ended);
//!   `10B>A` is B, then A, no US. Models without time within a trial (Rescorla–Wagner)
//!   treat all cues of a trial as one compound and `A>+` as `A+`.
//! - `|` separates phases, run in order; `/` separates the trial types of a phase, run as
//!   blocks in the order written, or shuffled together (seeded) when the phase starts
//!   with `!`: `!10A+/10AX-`.
//! - Consecutive trials are 1 time unit apart. A *delay phase* `@N` lets N extra units pass
//!   before the next phase: `3A+ | @20 | 1A-`. Delays add up: `| @5 | @3 1A-`, `| @5 | @3 |
//!   1A-` and `| @8 | 1A-` are the same design. `@N` may also start a phase (`10A+ | @30 1#A`);
//!   its digits run to the first non-digit, so a count that follows needs a space: `@30 10A+`
//!   (`@3010A+` is a delay of 3010 before one `A+`). A phase takes one `@N` prefix; a delay
//!   must be followed by a phase with trials (`3A+ | @20` is an error).
//! - Groups (an experimental and a control design, run on fresh learners) are separated by
//!   `;` and named with `NAME:`: `Blocking: 10A+ | 10AB+ | 1#B ; Control: 10C+ | 10AB+ | 1#B`.
//!   A design with one group may leave it unnamed; with several, every group needs a
//!   distinct name.
//!
//! A delay is not a phase of its own in the parsed [`Design`]: the delays before a phase are
//! summed into its [`Phase::delay`], and phase indices count phases with trials only.
//! [`Design`]'s `Display` writes the canonical form: counts always written, single spaces
//! around `|` and `;` and after `NAME:`, and every delay as its own phase
//! (`3A+ | @20 | 1A-`, whichever way it was written); `parse(design.to_string()) == design`.
//!
//! # Limits
//! Absurd designs are errors, not out-of-memory crashes: at most
//! [`MAX_TRIALS_PER_TYPE`] trials per trial type, [`MAX_TRIALS_TOTAL`] trials in the whole
//! design, [`MAX_DELAY`] units per `@N` and before any one phase, [`MAX_DESIGN_LEN`] characters, [`MAX_NAME_LEN`]
//! characters per cue or group name.

use std::collections::BTreeSet;
use std::fmt;

use rand::seq::SliceRandom;
use serde::Serialize;

/// At most this many trials per trial type (`1000000A+` is the largest).
pub const MAX_TRIALS_PER_TYPE: u64 = 1_000_000;
/// At most this many trials in a whole design (all groups together).
pub const MAX_TRIALS_TOTAL: u64 = 1_000_000;
/// At most this many extra time units in one `@N`, and in all the delays before one phase.
pub const MAX_DELAY: u64 = 1_000_000_000;
/// At most this many characters in a design string.
pub const MAX_DESIGN_LEN: usize = 100_000;
/// At most this many characters in a cue or group name.
pub const MAX_NAME_LEN: usize = 64;

/// A design string that failed to parse: where, at which token, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("design error at position {position} (`{token}`): {message}")]
pub struct DesignError {
    /// 1-based character position of the offending token (length + 1 at end of input).
    pub position: usize,
    /// The offending token as written, or `end of input`.
    pub token: String,
    /// What was expected or what is wrong.
    pub message: String,
}

/// A cue (conditioned stimulus), by name. One capital letter is written bare (`A`), any
/// other name in parentheses (`(tone)`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Cue(pub String);

impl Cue {
    /// The cue's name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Cue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bare = self.0.len() == 1 && self.0.as_bytes()[0].is_ascii_uppercase();
        if bare {
            write!(f, "{}", self.0)
        } else {
            write!(f, "({})", self.0)
        }
    }
}

/// What follows the cues of a trial type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// `+`: the US is delivered.
    Reinforced,
    /// `-`: no US, written explicitly.
    NonReinforced,
    /// Nothing written: no US.
    Unspecified,
}

impl Outcome {
    /// Whether the US is delivered.
    pub fn is_reinforced(self) -> bool {
        matches!(self, Outcome::Reinforced)
    }
}

/// One trial type: `count` identical trials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrialType {
    /// How many trials (1..=[`MAX_TRIALS_PER_TYPE`]).
    pub count: u64,
    /// `#`: a probe trial (prediction recorded, no learning).
    pub probe: bool,
    /// The stimuli in temporal order; each stage is a compound of one or more cues. Empty
    /// for a trial without cues (`1+`, `1-`), which then has an explicit outcome, is not a
    /// probe and has `outcome_after` false.
    pub stages: Vec<Vec<Cue>>,
    /// Whether the outcome was written after a `>` (`A>+`: the US follows the last stage
    /// instead of coinciding with its end).
    pub outcome_after: bool,
    /// The outcome.
    pub outcome: Outcome,
}

impl TrialType {
    /// All distinct cues of the trial, in order of first appearance.
    pub fn cues(&self) -> Vec<&Cue> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for cue in self.stages.iter().flatten() {
            if seen.insert(cue) {
                out.push(cue);
            }
        }
        out
    }
}

impl fmt::Display for TrialType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.count)?;
        if self.probe {
            write!(f, "#")?;
        }
        for (k, stage) in self.stages.iter().enumerate() {
            if k > 0 {
                write!(f, ">")?;
            }
            for cue in stage {
                write!(f, "{cue}")?;
            }
        }
        if self.outcome_after {
            write!(f, ">")?;
        }
        match self.outcome {
            Outcome::Reinforced => write!(f, "+"),
            Outcome::NonReinforced => write!(f, "-"),
            Outcome::Unspecified => Ok(()),
        }
    }
}

/// One phase: trial types run as blocks in order, or interleaved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    /// Extra time units before the phase's first trial: the sum of the delay phases written
    /// before it (`@20 |`) and of its own `@N` prefix.
    pub delay: u64,
    /// `!`: the phase's trials are shuffled together in a seeded order.
    pub interleaved: bool,
    /// The trial types, in the order written.
    pub trial_types: Vec<TrialType>,
}

impl fmt::Display for Phase {
    /// A phase with a delay is written after a delay phase: `@20 | 1A-`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.delay > 0 {
            write!(f, "@{} | ", self.delay)?;
        }
        if self.interleaved {
            write!(f, "!")?;
        }
        for (k, t) in self.trial_types.iter().enumerate() {
            if k > 0 {
                write!(f, "/")?;
            }
            write!(f, "{t}")?;
        }
        Ok(())
    }
}

/// One group: a sequence of phases run on a fresh learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The group's name (`Blocking:`), if written.
    pub name: Option<String>,
    /// The phases, in order.
    pub phases: Vec<Phase>,
}

impl Group {
    /// The name, or `G{k+1}` for the unnamed group at index `k`.
    pub fn label(&self, k: usize) -> String {
        self.name.clone().unwrap_or_else(|| format!("G{}", k + 1))
    }

    /// Number of trials in the group.
    pub fn trial_count(&self) -> u64 {
        self.phases
            .iter()
            .flat_map(|p| &p.trial_types)
            .map(|t| t.count)
            .sum()
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = &self.name {
            write!(f, "{name}: ")?;
        }
        for (k, p) in self.phases.iter().enumerate() {
            if k > 0 {
                write!(f, " | ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// A parsed design: one or more groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Design {
    /// The groups, in the order written.
    pub groups: Vec<Group>,
}

impl fmt::Display for Design {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, g) in self.groups.iter().enumerate() {
            if k > 0 {
                write!(f, " ; ")?;
            }
            write!(f, "{g}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Design {
    type Err = DesignError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

/// Parses a design string (see the [module documentation](self) for the grammar).
///
/// ```
/// let d = learn_conditioning::design::parse("10A+ | 10AB+ | 1#B").unwrap();
/// assert_eq!(d.groups[0].phases.len(), 3);
/// assert_eq!(d.to_string(), "10A+ | 10AB+ | 1#B");
/// let e = learn_conditioning::design::parse("10A+ | 10a+").unwrap_err();
/// assert_eq!((e.position, e.token.as_str()), (10, "a"));
/// ```
pub fn parse(input: &str) -> Result<Design, DesignError> {
    let chars: Vec<char> = input.chars().collect();
    if chars.len() > MAX_DESIGN_LEN {
        return Err(DesignError {
            position: MAX_DESIGN_LEN + 1,
            token: chars[MAX_DESIGN_LEN].to_string(),
            message: format!("a design may have at most {MAX_DESIGN_LEN} characters"),
        });
    }
    let mut p = Parser {
        s: chars,
        i: 0,
        total: 0,
    };
    let design = p.design()?;
    Ok(design)
}

/// What stands between two `|`: a delay phase or a phase with trials.
enum PhaseItem {
    /// `@N` alone: the delay accumulated so far, for the next phase.
    Delay(u64),
    /// A phase with trials.
    Trials(Phase),
}

struct Parser {
    s: Vec<char>,
    i: usize,
    total: u64,
}

impl Parser {
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.s.get(self.i).copied()
    }

    fn error_at(&self, at: usize, message: impl Into<String>) -> DesignError {
        let token = match self.s.get(at) {
            Some(c) => c.to_string(),
            None => "end of input".to_string(),
        };
        DesignError {
            position: at + 1,
            token,
            message: message.into(),
        }
    }

    fn error_span(&self, from: usize, to: usize, message: impl Into<String>) -> DesignError {
        DesignError {
            position: from + 1,
            token: self.s[from..to].iter().collect(),
            message: message.into(),
        }
    }

    fn error_here(&mut self, message: impl Into<String>) -> DesignError {
        self.skip_ws();
        self.error_at(self.i, message)
    }

    fn design(&mut self) -> Result<Design, DesignError> {
        let mut groups = Vec::new();
        let mut starts = Vec::new();
        loop {
            self.skip_ws();
            starts.push(self.i);
            groups.push(self.group()?);
            match self.peek() {
                None => break,
                Some(';') => self.i += 1,
                Some(_) => {
                    return Err(self.error_here(
                        "expected `|` (next phase), `/` (next trial type), `;` (next group) or the end",
                    ));
                }
            }
        }
        if groups.len() > 1 {
            let mut names = BTreeSet::new();
            for (g, start) in groups.iter().zip(&starts) {
                match &g.name {
                    None => {
                        return Err(self.error_at(
                            *start,
                            "a design with several groups must name each one (`Name: ...`)",
                        ));
                    }
                    Some(n) => {
                        if !names.insert(n.clone()) {
                            return Err(self.error_span(
                                *start,
                                *start + n.chars().count(),
                                "duplicate group name",
                            ));
                        }
                    }
                }
            }
        }
        Ok(Design { groups })
    }

    /// Tries to read `NAME :` at the current position; rewinds when absent.
    fn group_name(&mut self) -> Result<Option<String>, DesignError> {
        self.skip_ws();
        let start = self.i;
        let mut j = self.i;
        if j < self.s.len() && (self.s[j].is_ascii_alphabetic() || self.s[j] == '_') {
            j += 1;
            while j < self.s.len() && (self.s[j].is_ascii_alphanumeric() || self.s[j] == '_') {
                j += 1;
            }
            let mut k = j;
            while k < self.s.len() && self.s[k].is_whitespace() {
                k += 1;
            }
            if k < self.s.len() && self.s[k] == ':' {
                if j - start > MAX_NAME_LEN {
                    return Err(self.error_span(
                        start,
                        j,
                        format!("a group name may have at most {MAX_NAME_LEN} characters"),
                    ));
                }
                let name: String = self.s[start..j].iter().collect();
                self.i = k + 1;
                return Ok(Some(name));
            }
        }
        Ok(None)
    }

    fn group(&mut self) -> Result<Group, DesignError> {
        let name = self.group_name()?;
        let mut phases = Vec::new();
        // The summed delay phases (`@N |`) waiting for the next phase with trials.
        let mut pending: Option<u64> = None;
        loop {
            match self.phase(pending.unwrap_or(0))? {
                PhaseItem::Delay(total) => pending = Some(total),
                PhaseItem::Trials(phase) => {
                    pending = None;
                    phases.push(phase);
                }
            }
            if self.peek() == Some('|') {
                self.i += 1;
            } else {
                break;
            }
        }
        if pending.is_some() {
            return Err(self
                .error_here("a delay `@N` must be followed by a phase with trials (`@20 | 1A-`)"));
        }
        Ok(Group { name, phases })
    }

    fn number(&mut self, what: &str, max: u64) -> Result<u64, DesignError> {
        self.skip_ws();
        let start = self.i;
        let mut value: u64 = 0;
        let mut overflow = false;
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
            let d = u64::from(self.s[self.i] as u8 - b'0');
            match value.checked_mul(10).and_then(|v| v.checked_add(d)) {
                Some(v) => value = v,
                None => overflow = true,
            }
            self.i += 1;
        }
        if self.i == start {
            return Err(self.error_at(start, format!("expected a number ({what})")));
        }
        if overflow || value > max {
            return Err(self.error_span(start, self.i, format!("{what} must be at most {max}")));
        }
        Ok(value)
    }

    /// One item between `|`s: a delay phase (`@N` alone), returned as the delay accumulated
    /// so far (`pending` + N), or a phase with trials, whose delay includes `pending`.
    fn phase(&mut self, pending: u64) -> Result<PhaseItem, DesignError> {
        let mut delay = None;
        let mut interleaved = false;
        loop {
            match self.peek() {
                Some('@') => {
                    if delay.is_some() {
                        return Err(self.error_here("a phase takes one `@N` delay"));
                    }
                    self.i += 1;
                    self.skip_ws();
                    let start = self.i;
                    let n = self.number("the delay after `@`", MAX_DELAY)?;
                    delay = Some((n, start, self.i));
                }
                Some('!') => {
                    if interleaved {
                        return Err(self.error_here("a phase takes one `!`"));
                    }
                    self.i += 1;
                    interleaved = true;
                }
                _ => break,
            }
        }
        let total = match delay {
            None => pending,
            Some((n, start, end)) => match pending.checked_add(n) {
                Some(t) if t <= MAX_DELAY => t,
                _ => {
                    return Err(self.error_span(
                        start,
                        end,
                        format!("the delays before one phase must add up to at most {MAX_DELAY}"),
                    ));
                }
            },
        };
        if delay.is_some() && !interleaved && matches!(self.peek(), None | Some('|') | Some(';')) {
            return Ok(PhaseItem::Delay(total));
        }
        let mut trial_types = vec![self.trial_type()?];
        while self.peek() == Some('/') {
            self.i += 1;
            trial_types.push(self.trial_type()?);
        }
        Ok(PhaseItem::Trials(Phase {
            delay: total,
            interleaved,
            trial_types,
        }))
    }

    fn trial_type(&mut self) -> Result<TrialType, DesignError> {
        let count = match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                let start = self.i;
                let n = self.number("the trial count", MAX_TRIALS_PER_TYPE)?;
                if n == 0 {
                    return Err(self.error_span(start, self.i, "a trial count must be at least 1"));
                }
                self.total += n;
                if self.total > MAX_TRIALS_TOTAL {
                    return Err(self.error_span(
                        start,
                        self.i,
                        format!("the design would have more than {MAX_TRIALS_TOTAL} trials"),
                    ));
                }
                n
            }
            _ => {
                self.total += 1;
                if self.total > MAX_TRIALS_TOTAL {
                    return Err(self.error_here(format!(
                        "the design would have more than {MAX_TRIALS_TOTAL} trials"
                    )));
                }
                1
            }
        };
        let probe = if self.peek() == Some('#') {
            self.i += 1;
            true
        } else {
            false
        };
        if let Some(c @ ('+' | '-')) = self.peek() {
            // A trial without cues: an unsignalled US (`1+`) or an empty trial (`1-`).
            if probe {
                return Err(self.error_here("a probe trial (`#`) needs cues and takes no outcome"));
            }
            self.i += 1;
            return Ok(TrialType {
                count,
                probe,
                stages: Vec::new(),
                outcome_after: false,
                outcome: if c == '+' {
                    Outcome::Reinforced
                } else {
                    Outcome::NonReinforced
                },
            });
        }
        let mut stages = vec![self.stage(!probe)?];
        let mut outcome_after = false;
        while self.peek() == Some('>') {
            self.i += 1;
            match self.peek() {
                Some('+') | Some('-') => {
                    outcome_after = true;
                    break;
                }
                _ => stages.push(self.stage(false)?),
            }
        }
        let outcome = match self.peek() {
            Some('+') => Outcome::Reinforced,
            Some('-') => Outcome::NonReinforced,
            _ => Outcome::Unspecified,
        };
        if outcome != Outcome::Unspecified {
            if probe {
                return Err(self.error_here("a probe trial (`#`) takes no outcome"));
            }
            self.i += 1;
        }
        Ok(TrialType {
            count,
            probe,
            stages,
            outcome_after,
            outcome,
        })
    }

    /// One compound of cues; `or_outcome` when a lone outcome (a trial without cues) could
    /// have stood here instead, which the error message then mentions.
    fn stage(&mut self, or_outcome: bool) -> Result<Vec<Cue>, DesignError> {
        let mut cues: Vec<Cue> = Vec::new();
        loop {
            let start = {
                self.skip_ws();
                self.i
            };
            let cue = match self.s.get(self.i).copied() {
                Some(c) if c.is_ascii_uppercase() => {
                    self.i += 1;
                    Cue(c.to_string())
                }
                Some('(') => {
                    self.i += 1;
                    let name_start = self.i;
                    while self.i < self.s.len()
                        && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == '_')
                    {
                        self.i += 1;
                    }
                    if self.i == name_start {
                        return Err(self.error_at(
                            self.i,
                            "expected a cue name (letters, digits, `_`) after `(`",
                        ));
                    }
                    if self.i - name_start > MAX_NAME_LEN {
                        return Err(self.error_span(
                            name_start,
                            self.i,
                            format!("a cue name may have at most {MAX_NAME_LEN} characters"),
                        ));
                    }
                    if self.s.get(self.i) != Some(&')') {
                        return Err(self.error_at(self.i, "expected `)` to close the cue name"));
                    }
                    let name: String = self.s[name_start..self.i].iter().collect();
                    self.i += 1;
                    Cue(name)
                }
                _ => {
                    if cues.is_empty() {
                        let message = if or_outcome {
                            "expected a cue (a capital letter `A`-`Z` or a name in parentheses \
                             `(tone)`) or, for a trial without cues, `+` or `-`"
                        } else {
                            "expected a cue: a capital letter `A`-`Z` or a name in parentheses `(tone)`"
                        };
                        return Err(self.error_at(self.i, message));
                    }
                    break;
                }
            };
            if cues.contains(&cue) {
                return Err(self.error_span(
                    start,
                    self.i,
                    "the same cue appears twice in a compound",
                ));
            }
            cues.push(cue);
        }
        Ok(cues)
    }
}

/// When the US arrives in a trial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UsTiming {
    /// No US.
    Absent,
    /// The US coincides with the end of the last stage (`A+`, `B>A+`); for a trial without
    /// cues (`1+`), it comes when it would in a one-stage trial.
    WithLast,
    /// The US follows the last stage (`A>+`).
    AfterLast,
}

/// One concrete trial of an expanded design. Cues are indices into the design's
/// vocabulary ([`Schedule::cues`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trial {
    /// Index of the trial within its group (0-based).
    pub index: usize,
    /// Index of its phase (0-based).
    pub phase: usize,
    /// Index of its trial type within the phase (0-based).
    pub trial_type: usize,
    /// Time stamp: consecutive trials are 1 unit apart, `@N` adds N units.
    pub time: f64,
    /// Stimuli in temporal order: each stage is a compound (cue indices). Empty for a trial
    /// without cues (`1+`, `1-`).
    pub stages: Vec<Vec<usize>>,
    /// All distinct cues of the trial (sorted cue indices; empty for a trial without cues).
    pub cues: Vec<usize>,
    /// When the US arrives.
    pub us: UsTiming,
    /// A probe: record the prediction, learn nothing.
    pub probe: bool,
}

impl Trial {
    /// Whether the US is delivered.
    pub fn reinforced(&self) -> bool {
        self.us != UsTiming::Absent
    }
}

/// The trials of one group, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSchedule {
    /// The group's label ([`Group::label`]).
    pub name: String,
    /// The trials.
    pub trials: Vec<Trial>,
}

/// A design expanded into concrete, time-stamped trials.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// The design's cues in order of first appearance (shared by all groups).
    pub cues: Vec<Cue>,
    /// One schedule per group.
    pub groups: Vec<GroupSchedule>,
}

impl Design {
    /// The design's cues in order of first appearance, across all groups.
    pub fn cues(&self) -> Vec<Cue> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for cue in self
            .groups
            .iter()
            .flat_map(|g| &g.phases)
            .flat_map(|p| &p.trial_types)
            .flat_map(|t| t.stages.iter().flatten())
        {
            if seen.insert(cue.clone()) {
                out.push(cue.clone());
            }
        }
        out
    }

    /// Total number of trials over all groups.
    pub fn trial_count(&self) -> u64 {
        self.groups.iter().map(Group::trial_count).sum()
    }

    /// Expands the design into concrete trials. Interleaved (`!`) phases are shuffled with
    /// group `g`'s own stream `learn_core::rng::stream(derive_seed(seed, "design-order"), g)`,
    /// so the order depends only on the seed and the group's position.
    ///
    /// ```
    /// let d = learn_conditioning::design::parse("2A+ | @5 !1B-/1C-").unwrap();
    /// let s = d.expand(7);
    /// let times: Vec<f64> = s.groups[0].trials.iter().map(|t| t.time).collect();
    /// assert_eq!(times, vec![0.0, 1.0, 7.0, 8.0]);
    /// ```
    pub fn expand(&self, seed: u64) -> Schedule {
        let cues = self.cues();
        let index_of = |c: &Cue| cues.iter().position(|x| x == c).unwrap_or(0);
        let order_seed = learn_core::rng::derive_seed(seed, "design-order");
        let mut groups = Vec::with_capacity(self.groups.len());
        for (g, group) in self.groups.iter().enumerate() {
            let mut rng = learn_core::rng::stream(order_seed, g as u64);
            let mut trials = Vec::new();
            let mut time = 0.0f64;
            let mut first = true;
            for (p, phase) in group.phases.iter().enumerate() {
                let mut block: Vec<usize> = Vec::new();
                for (k, t) in phase.trial_types.iter().enumerate() {
                    block.extend(std::iter::repeat_n(k, t.count as usize));
                }
                if phase.interleaved {
                    block.shuffle(&mut rng);
                }
                for (j, &k) in block.iter().enumerate() {
                    if !first {
                        time += 1.0;
                    }
                    if j == 0 {
                        time += phase.delay as f64;
                    }
                    first = false;
                    let tt = &phase.trial_types[k];
                    let stages: Vec<Vec<usize>> = tt
                        .stages
                        .iter()
                        .map(|s| s.iter().map(index_of).collect())
                        .collect();
                    let mut all: Vec<usize> = stages.iter().flatten().copied().collect();
                    all.sort_unstable();
                    all.dedup();
                    let us = match (tt.outcome.is_reinforced(), tt.outcome_after) {
                        (false, _) => UsTiming::Absent,
                        (true, false) => UsTiming::WithLast,
                        (true, true) => UsTiming::AfterLast,
                    };
                    trials.push(Trial {
                        index: trials.len(),
                        phase: p,
                        trial_type: k,
                        time,
                        stages,
                        cues: all,
                        us,
                        probe: tt.probe,
                    });
                }
            }
            groups.push(GroupSchedule {
                name: group.label(g),
                trials,
            });
        }
        Schedule { cues, groups }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> DesignError {
        parse(s).unwrap_err()
    }

    #[test]
    fn parses_the_issue_examples() {
        for s in [
            "10A+ | 10AB+ | 1#B",
            "10AX-",
            "!10A+/10AX-",
            "10A>+",
            "10B>A",
            "10(tone)(light)+",
            "Blocking: 10A+ | 10AB+ | 1#B ; Control: 10C+ | 10AB+ | 1#B",
            "10A+ | @24 | 1#A",
            "3A+ | @20 | 1A- | @3 | 18A- | @200 | 1A-",
            "3A+ | @20 | 19A- | @20 | 1+ | @20 | 1A-",
            "G1: 2A+ | @10 | 1A- ; G2: @7 | 1B+",
            "1+",
            "5- | 2+ | 1#A",
            "!3+/3A-/3-",
        ] {
            let d = parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(d.to_string(), s, "canonical form of {s}");
            assert_eq!(parse(&d.to_string()).unwrap(), d);
        }
    }

    #[test]
    fn canonicalises() {
        let d = parse("  A+|B - ;").unwrap_err();
        assert_eq!(d.token, "end of input");
        let d = parse(" 3 A B + |@2 ! 2(C)- ").unwrap();
        assert_eq!(d.to_string(), "3AB+ | @2 | !2C-");
        assert_eq!(parse("A+").unwrap().to_string(), "1A+");
        assert_eq!(parse("+ | -").unwrap().to_string(), "1+ | 1-");
        // Delays written as phases and as prefixes are one design, and they add up.
        let canonical = "3A+ | @20 | 1A- | @3 | 18A-";
        for s in [
            canonical,
            "3A+ | @20 1A- | @3 18A-",
            "3A+|@20|1A-|@3|18A-",
            "3A+ | @15 | @5 | 1A- | @1 | @2 18A-",
            "3A+ | @0 | @20 1A- | @3 | @0 | 18A-",
        ] {
            assert_eq!(parse(s).unwrap().to_string(), canonical, "{s}");
        }
        assert_eq!(parse("@0 | 1A+").unwrap().to_string(), "1A+");
    }

    #[test]
    fn delay_phases() {
        let d = parse("G1: 2A+ | @10 | 1A- ; G2: @7 | 1B+").unwrap();
        assert_eq!(d.groups[0].phases.len(), 2);
        assert_eq!(d.groups[0].phases[1].delay, 10);
        assert_eq!(d.groups[1].phases[0].delay, 7);
        let s = d.expand(0);
        let times: Vec<f64> = s.groups[0].trials.iter().map(|t| t.time).collect();
        assert_eq!(times, vec![0.0, 1.0, 12.0]);
        assert_eq!(s.groups[0].trials[2].phase, 1, "a delay is not a phase");
        assert_eq!(s.groups[1].trials[0].time, 7.0);
        let d = parse("1A+ | @2 | @3 !2B-").unwrap();
        assert_eq!(d.groups[0].phases[1].delay, 5);
        assert!(d.groups[0].phases[1].interleaved);
        // The sum is limited like one delay.
        let e = err("1A+ | @600000000 | @600000000 1A+");
        assert_eq!((e.position, e.token.as_str()), (21, "600000000"));
        assert!(e.message.contains("add up"), "{e}");
        assert!(parse("1A+ | @500000000 | @500000000 | 1A+").is_ok());
    }

    #[test]
    fn trials_without_cues() {
        let d = parse("2A+ | 1+ | 3-").unwrap();
        let s = d.expand(0);
        let g = &s.groups[0];
        assert_eq!(s.cues, vec![Cue("A".into())]);
        assert!(g.trials[2].cues.is_empty() && g.trials[2].stages.is_empty());
        assert_eq!(g.trials[2].us, UsTiming::WithLast);
        assert!(g.trials[3].cues.is_empty() && !g.trials[3].reinforced());
        let t = &d.groups[0].phases[1].trial_types[0];
        assert_eq!(
            (t.count, t.probe, t.outcome),
            (1, false, Outcome::Reinforced)
        );
        assert!(t.cues().is_empty());
        assert!(parse("1+").unwrap().cues().is_empty());
    }

    #[test]
    fn structure() {
        let d = parse("5#A>B").unwrap();
        let t = &d.groups[0].phases[0].trial_types[0];
        assert!(t.probe);
        assert_eq!(t.stages.len(), 2);
        assert_eq!(t.outcome, Outcome::Unspecified);
        let d = parse("5A>+").unwrap();
        let t = &d.groups[0].phases[0].trial_types[0];
        assert!(t.outcome_after && t.outcome.is_reinforced());
    }

    #[test]
    fn errors_name_position_and_token() {
        let e = err("10A+ | 10AB+ | (tone");
        assert_eq!((e.position, e.token.as_str()), (21, "end of input"));
        let e = err("10A+ || 10B+");
        assert_eq!((e.position, e.token.as_str()), (7, "|"));
        let e = err("0A+");
        assert_eq!((e.position, e.token.as_str()), (1, "0"));
        let e = err("1000000000000A+");
        assert_eq!(e.position, 1);
        assert!(e.message.contains("at most"), "{e}");
        let e = err("10AA+");
        assert_eq!((e.position, e.token.as_str()), (4, "A"));
        let e = err("1#B+");
        assert_eq!((e.position, e.token.as_str()), (4, "+"));
        let e = err("10A+ ; 10B+");
        assert_eq!(e.position, 1);
        let e = err("X: 1A+ ; X: 1B+");
        assert_eq!((e.position, e.token.as_str()), (10, "X"));
        let e = err("");
        assert_eq!(e.token, "end of input");
        let e = err("10A+ | ");
        assert_eq!(e.token, "end of input");
        let e = err("10A+ 5B+");
        assert_eq!((e.position, e.token.as_str()), (6, "5"));
        let e = err("600000A+ | 600000B+");
        assert!(e.message.contains("more than"), "{e}");
        let e = err("10A> ");
        assert_eq!(e.token, "end of input");
        assert!(err("()").message.contains("cue name"));
        // Delays.
        let e = err("3A+ | @20");
        assert_eq!((e.position, e.token.as_str()), (10, "end of input"));
        assert!(e.message.contains("followed by a phase"), "{e}");
        let e = err("X: 3A+ | @20 ; Y: 1A+");
        assert_eq!((e.position, e.token.as_str()), (14, ";"));
        let e = err("@5");
        assert_eq!(e.token, "end of input");
        let e = err("3A+ | @ | 1A-");
        assert_eq!((e.position, e.token.as_str()), (9, "|"));
        let e = err("3A+ | @2 @3 1A-");
        assert_eq!((e.position, e.token.as_str()), (10, "@"));
        let e = err("3A+ | !@2 | 1A-");
        assert_eq!((e.position, e.token.as_str()), (11, "|"));
        // Trials without cues.
        let e = err("1#+");
        assert_eq!((e.position, e.token.as_str()), (3, "+"));
        let e = err("1#");
        assert_eq!(e.token, "end of input");
        let e = err("10 | 1A+");
        assert_eq!((e.position, e.token.as_str()), (4, "|"));
        assert!(e.message.contains("`+` or `-`"), "{e}");
        let e = err("1>+");
        assert_eq!((e.position, e.token.as_str()), (2, ">"));
    }

    #[test]
    fn expansion_times_and_interleaving() {
        let d = parse("3A+ | @10 !20B+/20C-").unwrap();
        let s = d.expand(1);
        let g = &s.groups[0];
        assert_eq!(g.trials.len(), 43);
        assert_eq!(g.trials[2].time, 2.0);
        assert_eq!(g.trials[3].time, 13.0);
        assert_eq!(g.trials[42].time, 52.0);
        let order: Vec<usize> = g.trials[3..].iter().map(|t| t.trial_type).collect();
        assert_eq!(order.iter().filter(|&&k| k == 0).count(), 20);
        assert_ne!(order, [vec![0; 20], vec![1; 20]].concat(), "shuffled");
        assert_eq!(d.expand(1), s, "seeded");
        assert_ne!(d.expand(2), s, "seed matters");
        assert_eq!(
            s.cues,
            vec![Cue("A".into()), Cue("B".into()), Cue("C".into())]
        );
        assert!(g.trials[0].reinforced());
        assert!(
            !g.trials
                .iter()
                .any(|t| t.trial_type == 1 && t.phase == 1 && t.reinforced())
        );
    }
}
