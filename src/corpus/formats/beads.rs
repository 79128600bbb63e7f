//! The beads format (`[0, 1]:[0]:0.93`), through [`crate::corpus::beads::format_bead`]. It holds
//! ids only: units read from a format without ids get ids by the lines convention (each non-empty
//! side is one segment, numbered from 0 in each document).

use super::WriteSummary;
use super::sink::Encode;
use crate::corpus::beads::format_bead;
use crate::corpus::{Bead, Unit};
use crate::error::Result;

#[derive(Default)]
pub(super) struct Beads {
    doc: Option<String>,
    next_src: usize,
    next_tgt: usize,
}

impl Encode for Beads {
    fn unit(&mut self, buf: &mut Vec<u8>, unit: &Unit, _summary: &mut WriteSummary) -> Result<()> {
        if self.doc.as_deref() != Some(unit.doc.as_str()) {
            // Ids restart with each document; a blank line (skipped by the beads reader) shows where.
            if self.doc.is_some() {
                buf.push(b'\n');
            }
            self.doc = Some(unit.doc.clone());
            self.next_src = 0;
            self.next_tgt = 0;
        }
        let src = ids_or_numbered(&unit.src_ids, &unit.source, &mut self.next_src);
        let tgt = ids_or_numbered(&unit.tgt_ids, &unit.target, &mut self.next_tgt);
        let bead = Bead::new(src, tgt, unit.score.unwrap_or(1.0));
        buf.extend_from_slice(format_bead(&bead, unit.score.is_some()).as_bytes());
        buf.push(b'\n');
        Ok(())
    }
}

fn ids_or_numbered(ids: &[usize], text: &str, next: &mut usize) -> Vec<usize> {
    if !ids.is_empty() {
        *next = ids[ids.len() - 1] + 1;
        ids.to_vec()
    } else if text.is_empty() {
        Vec::new()
    } else {
        *next += 1;
        vec![*next - 1]
    }
}
