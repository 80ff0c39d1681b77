//! Uncertainty: sampling the `[uncertainty]` table of a model, running
//! the iterations, and sensitivity (tornado and switching values).

pub mod sampling;
