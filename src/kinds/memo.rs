//! Remembering a baseline's reductions across the many runs of one
//! simulation or sensitivity analysis.
//!
//! Preparing a plan reduces the baseline (the eligible placements, a
//! library service's costs by category) in polars; the result depends on
//! the baseline and on the few keys that select rows, never on the numbers
//! a simulation samples. A [`Memo`] lives for one model's simulation,
//! against one baseline: [`super::Sources::remember`] computes a reduction
//! once and hands out copies. A run with a scaled baseline (`baseline.<c>`
//! sampled or set) does not use it, so a remembered reduction is always of
//! the very baseline it is asked for.

use crate::error::Result;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Reductions of one baseline, by a key naming what was reduced and how.
#[derive(Default)]
pub struct Memo {
    cells: Mutex<HashMap<String, Arc<dyn Any + Send + Sync>>>,
}

impl Memo {
    /// The reduction named `key`, made by `make` the first time.
    pub fn get_or<V: Clone + Send + Sync + 'static>(
        &self,
        key: String,
        make: impl FnOnce() -> Result<V>,
    ) -> Result<V> {
        if let Some(v) = self
            .cells
            .lock()
            .ok()
            .and_then(|c| c.get(&key).and_then(|v| v.downcast_ref::<V>().cloned()))
        {
            return Ok(v);
        }
        let v = make()?;
        if let Ok(mut cells) = self.cells.lock() {
            cells.insert(key, Arc::new(v.clone()));
        }
        Ok(v)
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}
