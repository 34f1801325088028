//! Helpers shared by the native integration tests.
#![allow(dead_code)] // each test file uses its own part

pub mod name_lengths;

use keyward::core::{RandomError, RandomSource};

/// Bytes from a seed (a linear congruential stream), so every generated key is reproducible.
pub struct Seeded(pub u64);

impl RandomSource for Seeded {
    fn fill(&mut self, buffer: &mut [u8]) -> Result<(), RandomError> {
        for byte in buffer {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            *byte = (self.0 >> 33) as u8;
        }
        Ok(())
    }
}
