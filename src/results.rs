//! The results of a model run, which the comparison and the output files
//! read: below both [`crate::run`], which makes them, and
//! [`crate::output`], which writes them.

use crate::appraisal::Appraisal;
use crate::flows::Totals;
use crate::kinds::{self, Prepared};
use std::path::PathBuf;

/// A model run's results, unrounded.
#[derive(Clone, Debug)]
pub struct ModelRun {
    pub prepared: Prepared,
    pub totals: Totals,
    pub appraisal: Appraisal,
    /// Workbook warnings for the sheets it read, then the run's own.
    pub warnings: Vec<String>,
    pub baseline_file: PathBuf,
    pub baseline_sha256: String,
    /// Every parameter the run used and where it came from.
    pub assumptions: Vec<kinds::Assumption>,
    /// The simulation and sensitivity, when `savings simulate` ran them.
    pub uncertainty: Option<Box<crate::uncertainty::Results>>,
}
