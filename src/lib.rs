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
//! The modules, in the order of that flow:
//!
//! - [`text`]: decoding and normalizing input ([`text::input`]), language codes and detection
//!   ([`text::lang`], [`text::detect`]), sentence segmentation ([`text::segment`]), casing;
//! - [`corpus`]: [`Document`], [`Bead`], [`Alignment`], [`Unit`], and the parallel formats
//!   ([`corpus::formats`]);
//! - [`align`]: the sentence aligner; [`eval`]: scoring it against gold alignments;
//! - [`names`]: transliteration, name matching, the gazetteer and the consistency check;
//! - [`output`]: standard output or files written atomically.
//!
//! ```
//! use tilmash::align::{align, AlignConfig};
//! use tilmash::text::{input, lang::Lang};
//! use tilmash::Document;
//!
//! let en = input::decode("en.txt", "Mr. Smith arrived in Astana. He met 12 ministers.".as_bytes()).unwrap();
//! let tr = input::decode("tr.txt", "Bay Smith Astana'ya geldi. 12 bakanla görüştü.".as_bytes()).unwrap();
//! let (en, tr) = (Document::from_text(en, Lang::EN), Document::from_text(tr, Lang::TR));
//! assert_eq!(en.sentences.len(), 2);
//!
//! let result = align(&en, &tr, &AlignConfig::default());
//! let beads = &result.alignment.beads;
//! assert_eq!((beads[1].src.as_slice(), beads[1].tgt.as_slice()), (&[1][..], &[1][..]));
//! assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
//! ```

pub mod align;
pub mod batch;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod names;
pub mod output;
pub mod text;

pub use corpus::{Alignment, Bead, Document, Sentence, Unit};
pub use error::{Error, Result};
pub use text::lang::{Lang, Script};
