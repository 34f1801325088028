//! The domain core: plain Rust with no browser in sight, tested natively.

pub mod columns;
pub mod dialog;
pub mod document;
pub mod key;
pub mod lifecycle;
pub mod listing;
pub mod name;
pub mod persist;
pub mod selection;
pub mod session;
pub mod state;
pub mod token;
pub mod unicode;
pub mod update;
pub mod verify;
pub mod view;

pub use columns::{Column, ColumnVisibility};
pub use key::{mint_key, parse_key, KeyFormatError, RandomError, RandomSource, SecretKey};
pub use name::{name_length, NameError, TokenName, MAX_NAME_CHARS, MAX_NAME_CODE_POINTS};
pub use persist::{
    load, CommitError, KeyValueStore, LoadProblem, Loaded, MemoryStore, StorageError,
};
pub use session::Session;
pub use state::{Action, ActionError, Keyring};
pub use token::{mint_token, Timestamp, TokenRecord};
#[cfg(not(target_arch = "wasm32"))]
pub use unicode::NativeUnicode;
pub use unicode::UnicodeText;
pub use update::{AppUpdate, UpdateNotice, UpdateStep};
