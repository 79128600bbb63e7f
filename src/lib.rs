//! # tilmash
//!
//! Sentence alignment, name consistency and parallel-corpus export for news in English, Turkish,
//! Kazakh and other languages.
//!
//! The data flows in one direction, each stage a plain function:
//!
//! ```text
//! bytes ──text::input──▶ SourceText ──text::detect──▶ Lang ──text::segment──▶ corpus::Document
//! Document × Document ──align──▶ corpus::Alignment ──export──▶ TSV, CSV, TMX, JSONL, Moses, beads
//! ```
//!
//! ```
//! use tilmash::text::{input, lang::Lang};
//! use tilmash::corpus::Document;
//!
//! let src = input::decode("en.txt", "Mr. Smith arrived. He was late.".as_bytes()).unwrap();
//! let doc = Document::from_text(src, Lang::EN);
//! assert_eq!(doc.sentences.len(), 2);
//! ```

pub mod align;
pub mod batch;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod output;
pub mod text;

pub use corpus::{Alignment, Bead, Document, Sentence, Unit};
pub use error::{Error, Result};
pub use text::lang::{Lang, Script};
