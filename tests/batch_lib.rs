//! Library-level checks of what the batch relies on.

use std::path::Path;

use tilmash::align::{self, AlignConfig, corpus_lexicon, lexicon::Lexicon};
use tilmash::corpus::Document;
use tilmash::text::{input, lang::Lang};

fn doc(name: &str, lang: Lang) -> Document {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora/ots-kazakhstan")
        .join(name);
    Document::from_text(input::read_path(&p).unwrap(), lang)
}

/// Aligning with the entries of a lexicon that can matter for a pair gives exactly what the whole
/// lexicon gives: the batch relies on it to avoid copying a corpus lexicon for every pair.
#[test]
fn a_lexicon_subset_aligns_like_the_whole_lexicon() {
    let (en, kk) = (doc("en.txt", Lang::EN), doc("kk.txt", Lang::KK));
    let mut lex = Lexicon::parse_dictionary(
        "d",
        "мемлекет @ state\nұйым @ organization\nпрезидент @ president\nқолдау @ support\n\
         министр @ minister\nкеңес @ council\nтөтенше @ emergency\nгаз @ gas\n\
         бағасы @ price\nүкімет @ government\nсайлау @ election\nмектеп @ school\n",
        Lang::EN,
        Lang::KK,
    )
    .unwrap();
    // Entries whose stems occur on neither side (they make no feature), and on one side only.
    for k in 0..500 {
        lex.add_stems(format!("zz{k}"), format!("жж{k}"), 0.7);
    }
    lex.add_stems("tokay".into(), "жжжжж".into(), 0.9);
    let stems = |d: &Document| -> Vec<String> {
        d.sentences
            .iter()
            .flat_map(|s| corpus_lexicon::sentence_stems(&s.text, d.lang))
            .collect()
    };
    let (s, t) = (stems(&en), stems(&kk));
    let sub = lex.subset_for(s.iter().map(String::as_str), t.iter().map(String::as_str));
    assert!(
        sub.len() < lex.len() && sub.len() > 5,
        "{} of {}",
        sub.len(),
        lex.len()
    );
    for learn in [false, true] {
        let with = |l: &Lexicon| {
            align::align(
                &en,
                &kk,
                &AlignConfig {
                    dictionary: Some(l.clone()),
                    learn,
                    ..AlignConfig::default()
                },
            )
            .alignment
        };
        assert_eq!(with(&lex), with(&sub), "learn = {learn}");
    }
}
