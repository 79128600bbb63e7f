//! `tilmash names check FILE...` and `tilmash names match FILE`: name consistency across versions of
//! a text, and grouping a list of spellings into entities.

use std::io::Write;
use std::path::{Path, PathBuf};

use tilmash::error::{Error, label_of};
use tilmash::names::check::{Input, Report, check};
use tilmash::names::matcher::{Spelling, group};
use tilmash::output::Output;
use tilmash::text::{input, lang::Lang, resolve_lang};

use super::common::{GazetteerArgs, parse_lang};
use super::{Outcome, report_normalization, warn};

/// Check and match names across English, Turkish, Kazakh and Russian texts.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    Check(CheckArgs),
    Match(MatchArgs),
}

/// Report every spelling of every name across versions of a text, and flag the problems.
///
/// Flags spellings that are inconsistent within one text (Erdogan and Erdoğan), that disagree with
/// another version (English Kassym-Gomert where the Kazakh text has Қасым-Жомарт), and likely
/// misspellings (Jabarov for Japarov), each with a suggestion. Exits with 1 when anything is
/// flagged, 0 when all is clean, 2 on bad input.
#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Text files, one per language version (`-` for standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Language of each file, in order (repeat the option); detected when not given.
    #[arg(short, long, value_parser = parse_lang)]
    lang: Vec<Lang>,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    /// Write to FILE instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Entities with their spellings, then the problems, for people.
    Text,
    /// One JSON document: entities, issues, clean.
    Json,
    /// One row per spelling per file, with the problem and suggestion when there is one.
    Csv,
}

/// Group a list of spellings into entities.
///
/// Input: one spelling per line, or `lang<TAB>spelling` (blank lines are skipped). Output: CSV with
/// the header spelling,entity,canonical,score,lang,group,key,line; one row per spelling in input
/// order. `entity` is the gazetteer id or the group's canonical spelling.
#[derive(Debug, clap::Args)]
struct MatchArgs {
    /// File of spellings (`-` for standard input).
    file: PathBuf,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
    /// Write to FILE instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        Sub::Check(a) => run_check(a),
        Sub::Match(a) => run_match(a),
    }
}

fn run_check(args: CheckArgs) -> anyhow::Result<Outcome> {
    if !args.lang.is_empty() && args.lang.len() != args.files.len() {
        return Err(Error::Usage(format!(
            "{} files but {} --lang values: give one per file, in order, or none",
            args.files.len(),
            args.lang.len()
        ))
        .into());
    }
    let gazetteer = args.gazetteer.load()?;
    let mut sources = Vec::new();
    for (i, path) in args.files.iter().enumerate() {
        let src = input::read_path(path)?;
        report_normalization(&src);
        let (lang, warning) = resolve_lang(&src.label, args.lang.get(i).copied(), &src.text);
        if let Some(w) = warning {
            warn(w);
        }
        sources.push((src, lang));
    }
    let inputs: Vec<Input> = sources
        .iter()
        .map(|(s, l)| Input {
            label: s.label.clone(),
            lang: *l,
            text: &s.text,
        })
        .collect();
    let report = check(&inputs, &gazetteer);
    let mut out = Output::create(args.output.as_deref())?;
    match args.format {
        Format::Text => write_text(&mut out, &report)?,
        Format::Json => {
            let v = serde_json::json!({
                "clean": report.is_clean(),
                "entities": report.entities,
                "issues": report.issues,
            });
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        Format::Csv => write_csv(&mut out, &report)?,
    }
    out.finish()?;
    if report.is_clean() {
        eprintln!(
            "tilmash: names check: {} entities, no problems",
            report.entities.len()
        );
        Ok(Outcome::Clean)
    } else {
        eprintln!(
            "tilmash: names check: {} problem{} in {} entities",
            report.issues.len(),
            if report.issues.len() == 1 { "" } else { "s" },
            report.entities.len()
        );
        Ok(Outcome::Problems)
    }
}

fn write_text(out: &mut Output, r: &Report) -> std::io::Result<()> {
    if r.issues.is_empty() {
        writeln!(out, "No problems found.")?;
    } else {
        writeln!(out, "Problems:")?;
        for i in &r.issues {
            writeln!(
                out,
                "  {}:{}:{}: {}: {} → {}  ({}; {}×)",
                i.file,
                i.line,
                i.column,
                i.kind.as_str(),
                i.spelling,
                i.suggestion,
                i.evidence,
                i.count
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Entities:")?;
    for e in &r.entities {
        writeln!(
            out,
            "  {}{}",
            e.entity,
            if e.known {
                ""
            } else {
                " (not in the gazetteer)"
            }
        )?;
        for s in &e.spellings {
            let at: Vec<String> = s
                .occurrences
                .iter()
                .map(|o| format!("{}:{}", o.line, o.column))
                .collect();
            writeln!(
                out,
                "    {}\t{}\t{}\t{}×\t{}",
                s.spelling,
                s.file,
                s.lang,
                s.count,
                at.join(" ")
            )?;
        }
    }
    Ok(())
}

fn write_csv(out: &mut Output, r: &Report) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "entity",
        "file",
        "lang",
        "spelling",
        "count",
        "positions",
        "issue",
        "suggestion",
        "evidence",
    ])?;
    for e in &r.entities {
        for s in &e.spellings {
            let issue = r
                .issues
                .iter()
                .find(|i| i.file == s.file && i.spelling == s.spelling && i.entity == e.entity);
            let at: Vec<String> = s
                .occurrences
                .iter()
                .map(|o| format!("{}:{}", o.line, o.column))
                .collect();
            w.write_record([
                e.entity.as_str(),
                &s.file,
                &s.lang.tag(),
                &s.spelling,
                &s.count.to_string(),
                &at.join(" "),
                issue.map_or("", |i| i.kind.as_str()),
                issue.map_or("", |i| i.suggestion.as_str()),
                issue.map_or("", |i| i.evidence.as_str()),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Reads `lang<TAB>spelling` or `spelling` lines; a bad language code is an error at its line.
fn read_spellings(path: &Path) -> anyhow::Result<(Vec<Spelling>, Vec<usize>)> {
    let src = input::read_path(path)?;
    report_normalization(&src);
    let label = label_of(path);
    let mut spellings = Vec::new();
    let mut lines = Vec::new();
    for (n, line) in src.text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (lang, text) = match line.split_once('\t') {
            Some((l, t)) => {
                let lang = Lang::parse(l.trim()).map_err(|e| {
                    Error::malformed_line(
                        &label,
                        n + 1,
                        format!("{e} (expected LANG<TAB>SPELLING)"),
                    )
                })?;
                (Some(lang), t.trim())
            }
            None => (None, line.trim()),
        };
        if text.is_empty() {
            return Err(
                Error::malformed_line(&label, n + 1, "empty spelling after the tab").into(),
            );
        }
        spellings.push(Spelling {
            lang,
            text: text.to_string(),
        });
        lines.push(n + 1);
    }
    Ok((spellings, lines))
}

fn run_match(args: MatchArgs) -> anyhow::Result<Outcome> {
    let gazetteer = args.gazetteer.load()?;
    let (spellings, lines) = read_spellings(&args.file)?;
    let gz = (!gazetteer.is_empty()).then_some(&gazetteer);
    let result = group(&spellings, gz);
    let mut out = Output::create(args.output.as_deref())?;
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record([
            "spelling",
            "entity",
            "canonical",
            "score",
            "lang",
            "group",
            "key",
            "line",
        ])?;
        for (a, line) in result.iter().zip(&lines) {
            w.write_record([
                a.spelling.as_str(),
                &a.entity,
                &a.canonical,
                &format!("{:.3}", a.score),
                &a.lang.tag(),
                &a.group.to_string(),
                &a.key,
                &line.to_string(),
            ])?;
        }
        w.flush()?;
    }
    out.finish()?;
    Ok(Outcome::Clean)
}
