//! The browser's CSPRNG (`crypto.getRandomValues`) as the core's [`RandomSource`].

use crate::core::{RandomError, RandomSource};

/// Random bytes from the operating system or browser, via `getrandom`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemRandom;

impl RandomSource for SystemRandom {
    fn fill(&mut self, buffer: &mut [u8]) -> Result<(), RandomError> {
        getrandom::getrandom(buffer).map_err(|e| RandomError(e.to_string()))
    }
}
