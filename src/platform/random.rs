//! The browser's CSPRNG (`crypto.getRandomValues`) as the core's [`RandomSource`].

use crate::core::{RandomError, RandomSource};

/// Random bytes from the browser's `crypto.getRandomValues`, called directly: the `getrandom`
/// crate's many platform back ends and their messages would only add to the download.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemRandom;

impl RandomSource for SystemRandom {
    fn fill(&mut self, buffer: &mut [u8]) -> Result<(), RandomError> {
        let crypto = web_sys::window()
            .ok_or_else(|| RandomError("there is no browser window".into()))?
            .crypto()
            .map_err(|_| RandomError("this browser offers no Web Crypto".into()))?;
        crypto
            .get_random_values_with_u8_array(buffer)
            .map(|_| ())
            .map_err(|_| RandomError("the browser refused to give random bytes".into()))
    }
}
