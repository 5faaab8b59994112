//! # learn-cli
//!
//! The library half of the `learn` command: the shared pieces every subcommand uses
//! ([`error::CliError`], [`output`] helpers, [`plot`] for figures) and `learn reproduce`
//! ([`reproduce`], over the claims gathered in [`registry`]). The subcommands of each model
//! family live beside `main.rs`.

pub mod error;
pub mod output;
pub mod plot;
pub mod registry;
pub mod reproduce;
