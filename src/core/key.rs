//! API key minting, parsing, hashing and masking.
//!
//! A key is `kw_` + 30 base62 characters drawn uniformly from a CSPRNG + 6 base62
//! characters encoding the CRC32 of those 30 (the design GitHub uses for its tokens):
//! about 178 bits of entropy, and typos are caught offline by the checksum.
//!
//! Freed memory keeps its bytes until something reuses it, so every copy of a key and of the
//! random bytes it came from is overwritten when it is dropped (`zeroize`), including the
//! hash function's working memory on the stack.

use std::fmt;

use crc::{Crc, NoTable, CRC_32_ISO_HDLC};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

/// The prefix every Keyward key starts with.
pub const KEY_PREFIX: &str = "kw_";
/// Number of random base62 characters after the prefix.
pub const RANDOM_LEN: usize = 30;
/// Number of base62 characters encoding the CRC32 checksum.
pub const CHECKSUM_LEN: usize = 6;
/// Total length of a key in characters.
pub const KEY_LEN: usize = KEY_PREFIX.len() + RANDOM_LEN + CHECKSUM_LEN;

/// The base62 alphabet, in the order its digits are valued.
const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// The standard CRC-32 (as in zlib and PNG), computed bit by bit: no tables in the download.
const CRC32: Crc<u32, NoTable> = Crc::<u32, NoTable>::new(&CRC_32_ISO_HDLC);
/// Bytes at or above this value are rejected so that `byte % 62` is uniform (248 = 4 × 62).
const REJECTION_LIMIT: u8 = 248;
/// How many random bytes to draw before giving up on a source that keeps returning rejects.
/// An honest source needs about 31; 4096 rejected bytes in a row means it is broken.
const MAX_RANDOM_BYTES: usize = 4096;

/// A source of cryptographically secure random bytes (the browser's CSPRNG in the app,
/// a deterministic sequence in tests).
pub trait RandomSource {
    /// Fills `buffer` entirely with random bytes.
    fn fill(&mut self, buffer: &mut [u8]) -> Result<(), RandomError>;
}

/// The random source could not deliver usable bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RandomError(pub String);

impl fmt::Display for RandomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "No secure random numbers are available: {}", self.0)
    }
}

impl std::error::Error for RandomError {}

/// A full secret key. Its `Debug` form is redacted so it cannot leak into logs by accident;
/// the text is reachable only through [`SecretKey::expose`]. Every copy (clones included)
/// overwrites its bytes when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Zeroizing<String>);

impl SecretKey {
    /// The full key text. Show it once, never store it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// SHA-256 of the full key, as lowercase hex: what is stored instead of the key.
    pub fn hash(&self) -> String {
        hash_key(&self.0)
    }

    /// The display form that may be stored and shown, e.g. `kw_AbC1…9xYz`.
    pub fn masked(&self) -> String {
        mask_key(&self.0)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// Draws a new key from `random`.
pub fn mint_key(random: &mut dyn RandomSource) -> Result<SecretKey, RandomError> {
    // Written in place at its final capacity, so no reallocation leaves a copy behind, and
    // wiped on every return, errors included.
    let mut key = Zeroizing::new(String::with_capacity(KEY_LEN));
    key.push_str(KEY_PREFIX);
    let body_end = KEY_PREFIX.len() + RANDOM_LEN;
    let mut pool = Zeroizing::new([0u8; 64]);
    let mut drawn = 0;
    while key.len() < body_end {
        if drawn >= MAX_RANDOM_BYTES {
            return Err(RandomError(
                "the random source keeps returning unusable bytes".to_owned(),
            ));
        }
        random.fill(pool.as_mut_slice())?;
        drawn += pool.len();
        for &byte in pool.iter() {
            if byte < REJECTION_LIMIT && key.len() < body_end {
                key.push(char::from(ALPHABET[usize::from(byte % 62)]));
            }
        }
    }
    // A source may keep its last output where it cannot be wiped from here (the browser's
    // sits in a JavaScript array): draw once more, so what it keeps is not what the key
    // came from.
    random.fill(pool.as_mut_slice())?;
    let checksum = Zeroizing::new(encode_checksum(checksum_of(
        &key.as_bytes()[KEY_PREFIX.len()..],
    )));
    key.extend(checksum.iter().map(|&digit| char::from(digit)));
    Ok(SecretKey(key))
}

/// The CRC-32 of a key's random part.
fn checksum_of(body: &[u8]) -> u32 {
    CRC32.checksum(body)
}

/// Encodes a CRC32 as exactly [`CHECKSUM_LEN`] base62 digits (ASCII), most significant first.
fn encode_checksum(mut value: u32) -> [u8; CHECKSUM_LEN] {
    let mut digits = [ALPHABET[0]; CHECKSUM_LEN];
    for slot in digits.iter_mut().rev() {
        *slot = ALPHABET[(value % 62) as usize];
        value /= 62;
    }
    digits
}

/// Why a candidate string is not a well-formed Keyward key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyFormatError {
    /// Nothing was given.
    Empty,
    /// The text does not start with `kw_`.
    WrongPrefix,
    /// The text has the wrong number of characters.
    WrongLength { found: usize },
    /// A character outside the base62 alphabet, at a 1-based position.
    InvalidCharacter { character: char, position: usize },
    /// Well formed, but the checksum does not match: a typo or a truncated copy.
    ChecksumMismatch,
}

impl fmt::Display for KeyFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Please paste a key."),
            Self::WrongPrefix => write!(f, "A Keyward key starts with \"{KEY_PREFIX}\"."),
            Self::WrongLength { found } => write!(
                f,
                "A Keyward key is {KEY_LEN} characters long; this one has {found}."
            ),
            Self::InvalidCharacter {
                character,
                position,
            } if character.is_control() || character.is_whitespace() => write!(
                f,
                "Character {position} (U+{:04X}) cannot appear in a Keyward key.",
                u32::from(*character)
            ),
            Self::InvalidCharacter {
                character,
                position,
            } => write!(
                f,
                "Character {position} (\u{201c}{character}\u{201d}) cannot appear in a Keyward key."
            ),
            Self::ChecksumMismatch => f.write_str(
                "The checksum does not match: the key has a typo or was copied incompletely.",
            ),
        }
    }
}

impl std::error::Error for KeyFormatError {}

/// Checks a candidate key offline: prefix, then length, then alphabet, then checksum.
/// Surrounding whitespace (as left by copy and paste) is ignored.
pub fn parse_key(candidate: &str) -> Result<SecretKey, KeyFormatError> {
    let candidate = candidate.trim();
    if candidate.is_empty() {
        return Err(KeyFormatError::Empty);
    }
    let Some(rest) = candidate.strip_prefix(KEY_PREFIX) else {
        return Err(KeyFormatError::WrongPrefix);
    };
    let found = candidate.chars().count();
    if found != KEY_LEN {
        return Err(KeyFormatError::WrongLength { found });
    }
    if let Some((index, character)) = rest
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
    {
        return Err(KeyFormatError::InvalidCharacter {
            character,
            position: KEY_PREFIX.len() + index + 1,
        });
    }
    // All ASCII from here on, so byte offsets are character offsets.
    let (body, checksum) = rest.split_at(RANDOM_LEN);
    if encode_checksum(checksum_of(body.as_bytes())) != checksum.as_bytes() {
        return Err(KeyFormatError::ChecksumMismatch);
    }
    Ok(SecretKey(Zeroizing::new(candidate.to_owned())))
}

/// SHA-256 of `key`, as 64 lowercase hex digits. The hash function's working memory, which
/// holds copies of the key, is overwritten before this returns.
pub fn hash_key(key: &str) -> String {
    let hex = sha256_hex(key);
    scrub_stack();
    hex
}

/// Out of line, so that everything the hash function keeps on the stack (its block buffer
/// with the key's bytes, and the message schedule with them byte-swapped) lies in frames
/// below `hash_key`'s, where `scrub_stack` reaches it. `sha2` 0.10 cannot wipe its own state,
/// and driving its `compress256` on a block of our own would not reach the schedule it
/// copies the block into; overwriting the stack covers every copy, wherever it is made.
#[inline(never)]
fn sha256_hex(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(HEX_DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// How much stack `scrub_stack` overwrites: `sha256_hex` and the functions it calls use under
/// 1 KB in an optimised WebAssembly build and about 11 KB in an unoptimised one.
const SCRUB_BYTES: usize = 32 * 1024;

/// Overwrites the stack just below the caller's frame, where the functions it called last
/// kept their locals. Out of line, so its buffer starts where their frames started; the
/// writes are volatile and the buffer escapes through `black_box`, so none is optimised away.
#[inline(never)]
fn scrub_stack() {
    let mut scratch = [0u8; SCRUB_BYTES];
    scratch.zeroize();
    std::hint::black_box(&scratch);
}

/// Whether `text` looks like a stored hash: 64 lowercase hex digits.
pub fn is_key_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| HEX_DIGITS.contains(&b))
}

/// The display form of a key: the prefix, the first 4 and the last 4 characters of the
/// rest, with an ellipsis between (`kw_AbC1…9xYz`). Too little of the key to guess it.
pub fn mask_key(key: &str) -> String {
    let (prefix, rest) = match key.strip_prefix(KEY_PREFIX) {
        Some(rest) => (KEY_PREFIX, rest),
        None => ("", key),
    };
    if rest.chars().count() <= 8 {
        return format!("{prefix}…");
    }
    // Sliced where the characters start, so the key's text is never copied.
    let head_end = rest.char_indices().nth(4).map_or(rest.len(), |(at, _)| at);
    let tail_start = rest.char_indices().nth_back(3).map_or(0, |(at, _)| at);
    format!("{prefix}{}…{}", &rest[..head_end], &rest[tail_start..])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A deterministic source: a simple xorshift stream, good enough to exercise the code.
    pub struct SeededRandom(pub u64);

    impl RandomSource for SeededRandom {
        fn fill(&mut self, buffer: &mut [u8]) -> Result<(), RandomError> {
            for byte in buffer {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                *byte = (self.0 >> 24) as u8;
            }
            Ok(())
        }
    }

    /// Replays the given bytes cyclically.
    struct ScriptedRandom(Vec<u8>, usize);

    impl RandomSource for ScriptedRandom {
        fn fill(&mut self, buffer: &mut [u8]) -> Result<(), RandomError> {
            for byte in buffer {
                *byte = self.0[self.1 % self.0.len()];
                self.1 += 1;
            }
            Ok(())
        }
    }

    /// Keeps every batch it hands out, as the browser's source keeps its last output.
    struct RecordingRandom {
        inner: SeededRandom,
        batches: Vec<Vec<u8>>,
    }

    impl RandomSource for RecordingRandom {
        fn fill(&mut self, buffer: &mut [u8]) -> Result<(), RandomError> {
            self.inner.fill(buffer)?;
            self.batches.push(buffer.to_vec());
            Ok(())
        }
    }

    struct FailingRandom;

    impl RandomSource for FailingRandom {
        fn fill(&mut self, _: &mut [u8]) -> Result<(), RandomError> {
            Err(RandomError("crypto.getRandomValues is missing".into()))
        }
    }

    fn body_of(key: &SecretKey) -> &str {
        &key.expose()[KEY_PREFIX.len()..KEY_PREFIX.len() + RANDOM_LEN]
    }

    #[test]
    fn minted_key_has_prefix_length_alphabet_and_valid_checksum() {
        let mut random = SeededRandom(42);
        for _ in 0..200 {
            let key = mint_key(&mut random).unwrap();
            let text = key.expose();
            assert!(text.starts_with("kw_"));
            assert_eq!(text.len(), KEY_LEN);
            assert_eq!(KEY_LEN, 39);
            assert!(text[3..].bytes().all(|b| b.is_ascii_alphanumeric()));
            let checksum = &text[3 + RANDOM_LEN..];
            assert_eq!(
                checksum.as_bytes(),
                encode_checksum(checksum_of(body_of(&key).as_bytes()))
            );
            assert_eq!(parse_key(text), Ok(key.clone()));
        }
    }

    #[test]
    fn injected_randomness_makes_minting_deterministic() {
        let a = mint_key(&mut SeededRandom(7)).unwrap();
        let b = mint_key(&mut SeededRandom(7)).unwrap();
        let c = mint_key(&mut SeededRandom(8)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn bytes_at_or_above_the_rejection_limit_are_skipped() {
        // 248..=255 must never be used; 0, 61, 62 and 247 map to '0', 'z', '0' and 'z'.
        let script = vec![255, 248, 0, 250, 61, 62, 247, 252];
        let key = mint_key(&mut ScriptedRandom(script, 0)).unwrap();
        assert_eq!(body_of(&key), "0z0z".repeat(8)[..RANDOM_LEN].to_string());
    }

    #[test]
    fn a_source_of_only_rejected_bytes_is_an_error_not_a_hang() {
        let result = mint_key(&mut ScriptedRandom(vec![255], 0));
        assert!(matches!(result, Err(RandomError(_))));
    }

    #[test]
    fn what_the_source_last_handed_out_is_not_what_the_key_came_from() {
        let mut random = RecordingRandom {
            inner: SeededRandom(21),
            batches: Vec::new(),
        };
        let key = mint_key(&mut random).unwrap();
        let (last, earlier) = random.batches.split_last().unwrap();
        let body_from_earlier: String = earlier
            .concat()
            .into_iter()
            .filter(|&byte| byte < REJECTION_LIMIT)
            .take(RANDOM_LEN)
            .map(|byte| char::from(ALPHABET[usize::from(byte % 62)]))
            .collect();
        assert_eq!(body_from_earlier, body_of(&key));
        assert_eq!(last.len(), 64, "the last draw overwrites a whole batch");
    }

    #[test]
    fn a_failing_source_is_reported() {
        let err = mint_key(&mut FailingRandom).unwrap_err();
        assert!(err.to_string().contains("getRandomValues"));
    }

    #[test]
    fn sampler_is_uniform_over_the_alphabet() {
        // Chi-square test over 62 symbols from 200,000 draws. With 61 degrees of freedom the
        // 99.99th percentile is about 114; a modulo-biased sampler (plain `byte % 62`) scores
        // in the thousands here because symbols 0..8 appear 5/4 as often.
        let mut random = SeededRandom(0x9e37_79b9_7f4a_7c15);
        let mut counts = [0u64; 62];
        let mut total = 0u64;
        while total < 200_000 {
            let key = mint_key(&mut random).unwrap();
            for b in body_of(&key).bytes() {
                let index = ALPHABET.iter().position(|&a| a == b).unwrap();
                counts[index] += 1;
                total += 1;
            }
        }
        let expected = total as f64 / 62.0;
        let chi_square: f64 = counts
            .iter()
            .map(|&c| (c as f64 - expected).powi(2) / expected)
            .sum();
        assert!(chi_square < 114.0, "chi-square {chi_square}");

        let biased: f64 = {
            let mut counts = [0u64; 62];
            let mut random = SeededRandom(0x9e37_79b9_7f4a_7c15);
            let mut buf = [0u8; 1];
            for _ in 0..200_000 {
                random.fill(&mut buf).unwrap();
                counts[usize::from(buf[0] % 62)] += 1;
            }
            let expected = 200_000.0 / 62.0;
            counts
                .iter()
                .map(|&c| (c as f64 - expected).powi(2) / expected)
                .sum()
        };
        assert!(biased > 1000.0, "the test must be able to see modulo bias");
    }

    #[test]
    fn checksum_is_the_standard_crc32() {
        // The CRC-32 check value from the catalogue of parametrised CRC algorithms.
        assert_eq!(checksum_of(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn checksum_encoding_is_fixed_width() {
        assert_eq!(&encode_checksum(0), b"000000");
        assert_eq!(&encode_checksum(61), b"00000z");
        assert_eq!(&encode_checksum(62), b"000010");
        assert_eq!(&encode_checksum(u32::MAX), b"4gfFC3");
    }

    fn valid_key() -> String {
        mint_key(&mut SeededRandom(99)).unwrap().expose().to_owned()
    }

    #[test]
    fn parser_accepts_a_valid_key_with_surrounding_whitespace() {
        let key = valid_key();
        assert_eq!(parse_key(&format!("  {key}\n")).unwrap().expose(), key);
    }

    #[test]
    fn parser_names_what_is_wrong() {
        let key = valid_key();
        assert_eq!(parse_key(""), Err(KeyFormatError::Empty));
        assert_eq!(parse_key("   "), Err(KeyFormatError::Empty));
        assert_eq!(
            parse_key(&key.replacen("kw_", "sk_", 1)),
            Err(KeyFormatError::WrongPrefix)
        );
        assert_eq!(
            parse_key(&key[..KEY_LEN - 1]),
            Err(KeyFormatError::WrongLength { found: 38 })
        );
        assert_eq!(
            parse_key(&format!("{key}A")),
            Err(KeyFormatError::WrongLength { found: 40 })
        );
        let mut bad_char = key.clone();
        bad_char.replace_range(10..11, "-");
        assert_eq!(
            parse_key(&bad_char),
            Err(KeyFormatError::InvalidCharacter {
                character: '-',
                position: 11
            })
        );
        // A multi-byte character keeps the character count right and never panics.
        let mut emoji = key.clone();
        emoji.replace_range(5..6, "é");
        assert_eq!(
            parse_key(&emoji),
            Err(KeyFormatError::InvalidCharacter {
                character: 'é',
                position: 6
            })
        );
    }

    #[test]
    fn parser_catches_every_single_character_typo_in_the_body() {
        let key = valid_key();
        for position in 3..KEY_LEN {
            let original = key.as_bytes()[position];
            let replacement = if original == b'a' { b'b' } else { b'a' };
            let mut typo = key.clone().into_bytes();
            typo[position] = replacement;
            let typo = String::from_utf8(typo).unwrap();
            assert_eq!(
                parse_key(&typo),
                Err(KeyFormatError::ChecksumMismatch),
                "typo at {position}"
            );
        }
    }

    #[test]
    fn error_messages_are_sentences_for_people() {
        assert_eq!(
            KeyFormatError::WrongLength { found: 12 }.to_string(),
            "A Keyward key is 39 characters long; this one has 12."
        );
        assert!(KeyFormatError::ChecksumMismatch
            .to_string()
            .contains("typo"));
    }

    #[test]
    fn hash_is_sha256_hex_of_the_full_key() {
        // Known SHA-256 test vector.
        assert_eq!(
            hash_key("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let key = mint_key(&mut SeededRandom(1)).unwrap();
        assert_eq!(key.hash(), hash_key(key.expose()));
        assert!(is_key_hash(&key.hash()));
        assert!(!is_key_hash("ABC"));
        assert!(!is_key_hash(&"G".repeat(64)));
    }

    #[test]
    fn masking_keeps_prefix_first_four_and_last_four() {
        let key = mint_key(&mut SeededRandom(5)).unwrap();
        let text = key.expose();
        let masked = key.masked();
        assert_eq!(
            masked,
            format!("kw_{}…{}", &text[3..7], &text[KEY_LEN - 4..])
        );
        assert!(!masked.contains(&text[7..KEY_LEN - 4]));
        assert_eq!(mask_key("kw_short"), "kw_…");
        assert_eq!(mask_key("kw_ééééxyzüüüü"), "kw_éééé…üüüü");
        assert_eq!(mask_key("ab"), "…");
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let key = mint_key(&mut SeededRandom(3)).unwrap();
        let debug = format!("{key:?}");
        assert!(!debug.contains(&key.expose()[3..]));
        assert!(debug.contains("redacted"));
    }
}
