//! # savings
//!
//! A savings engine for UK local-authority change programmes. Data flows
//! one way through the modules:
//!
//! workbook ([`workbook`]) → baseline tables ([`baseline`]) → model files
//! ([`model`]) → model kinds ([`kinds`]) → monthly flows ([`flows`]) →
//! appraisal ([`appraisal`]) → outputs ([`output`]).
//!
//! [`calendar`] and [`money`] hold the time and money types; [`prices`]
//! the inflation indices; [`run`] ties a whole run together so that the
//! binary, the tests and the benches all call the same library.

pub mod appraisal;
pub mod baseline;
pub mod calendar;
pub mod cli;
pub mod compare;
pub mod error;
pub mod flows;
pub mod input_file;
pub mod kinds;
pub mod model;
pub mod money;
pub mod number;
pub mod output;
pub mod prices;
pub mod programme;
pub mod results;
pub mod run;
pub mod scaffold;
pub mod suggest;
pub mod synthetic;
pub mod terminal;
pub mod uncertainty;
pub mod unit_costs;
pub mod workbook;

pub use error::{Error, Problem, Result};
