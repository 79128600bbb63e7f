//! `source<TAB>target<TAB>score`: one bead per line, no header, nothing quoted. Tabs and line
//! breaks inside a segment become a space, so a line is always one pair. Read back by the CSV
//! reader with a tab delimiter.

use super::clean::one_line;
use super::sink::Encode;
use super::{WriteSummary, score_text};
use crate::corpus::Unit;
use crate::error::Result;

pub(super) struct Tsv;

impl Encode for Tsv {
    fn unit(&mut self, buf: &mut Vec<u8>, unit: &Unit, summary: &mut WriteSummary) -> Result<()> {
        let source = one_line(&unit.source, true, &mut summary.breaks_replaced);
        let target = one_line(&unit.target, true, &mut summary.breaks_replaced);
        buf.extend_from_slice(source.as_bytes());
        buf.push(b'\t');
        buf.extend_from_slice(target.as_bytes());
        buf.push(b'\t');
        buf.extend_from_slice(score_text(unit.score).as_bytes());
        buf.push(b'\n');
        Ok(())
    }
}
