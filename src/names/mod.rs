//! Names: transliteration, finding names in text, matching spellings of one entity, the gazetteer,
//! the consistency report and normalization.
//!
//! News about Kazakhstan spells one person three ways (Kassym-Jomart Tokayev, Kasım Cömert Tokayev,
//! Қасым-Жомарт Тоқаев). The pieces, from the bottom up:
//!
//! - [`translit`]: Kazakh/Russian Cyrillic to the Latin schemes people use, and back;
//! - [`key`]: a matching key that makes spellings of one name equal or close;
//! - [`mentions`]: capitalized names in running text, with suffixes stripped;
//! - [`matcher`]: the similarity of two names and the grouping of spellings into entities;
//! - [`gazetteer`]: known entities with their preferred spelling per language and their aliases;
//! - [`mod@check`]: the consistency report of `tilmash names check`;
//! - [`normalize`]: rewriting variant spellings to the preferred one.

pub mod check;
pub mod gazetteer;
pub mod key;
pub mod matcher;
pub mod mentions;
pub mod normalize;
pub mod translit;

pub use check::{Input, Issue, IssueKind, Report, check};
pub use gazetteer::Gazetteer;
pub use key::match_key;
pub use matcher::{Assignment, Spelling, group};
pub use mentions::{Mention, find_mentions, find_mentions_with};
pub use normalize::{NameChange, normalize_names};
pub use translit::{Scheme, Source, transliterate};
