//! Sentence segmentation.
//!
//! Two layers. `paragraph` cuts the text into paragraphs: blank lines separate them, a file with
//! one paragraph per line works as well, hard-wrapped lines are joined, and a headline on its own
//! line stays a sentence of its own. `scan` then finds sentence ends inside each paragraph with
//! rules per language, driven by the word lists in `data/segment/` (`rules`): abbreviations
//! (`Mr.`, `U.S.`, `vb.`, `т.б.`, `ж.`), initials (`J. R. R. Tolkien`, `Н.Ә. Назарбаев`), ordinals
//! (`2. Dünya Savaşı`), quotes and dialogue dashes (`«Келеміз!» – деді ол.`). Semicolons and colons
//! never end a sentence. English, Turkish, Kazakh and Russian have lists of their own; any other
//! language gets the shared abbreviations, initials, decimals and the ordinal rule.
//!
//! Hand-written because no crate does well enough here: `sentencex`, the best candidate, has no
//! Turkish rules, stays below the recall target on ntrex-dev (see `docs/segmentation.md` for both
//! sets of figures), and its quote pairing turns quadratic on unbalanced quotes, while this
//! segmenter is one linear pass.

mod paragraph;
mod rules;
mod scan;

// sentencex 0.1.33 was removed from Cargo.toml because it falls short on ntrex-dev (recall 0.955 en,
// 0.964 tr, 0.935 kk), has no Turkish rules and turns quadratic on unbalanced quotes (2.6 s for one
// 224 KB paragraph of `«а. б `), so it is no fallback we could trust with arbitrary input.

use crate::corpus::Sentence;
use crate::text::lang::Lang;

/// Splits running text into sentences with byte spans into `text`.
///
/// Never panics; linear in the length of `text`. Every non-white-space character of `text` lies in
/// exactly one sentence span.
pub fn segment(text: &str, lang: Lang) -> Vec<Sentence> {
    let rules = rules::for_lang(lang);
    let mut out = Vec::new();
    for (p, para) in paragraph::paragraphs(text).into_iter().enumerate() {
        let body = &text[para.clone()];
        let mut start = para.start;
        for cut in scan::boundaries(body, rules) {
            push(text, start, para.start + cut, p, &mut out);
            start = para.start + cut;
        }
        push(text, start, para.end, p, &mut out);
    }
    out
}

/// One segment per line; ids are 0-based line numbers. A final line end starts no segment.
///
/// Spans are trimmed like those of [`segment`]; a blank line is an empty segment (so that ids stay
/// line numbers) and ends a paragraph.
pub fn lines(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut paragraph = 0;
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        let s = if trimmed.is_empty() {
            start
        } else {
            start + lead
        };
        out.push(Sentence {
            text: trimmed.to_string(),
            span: s..s + trimmed.len(),
            paragraph,
        });
        if trimmed.is_empty() {
            paragraph += 1;
        }
        start += line.len() + 1;
    }
    out
}

/// Adds the sentence in `text[start..end]`, trimmed, unless it is only white space.
fn push(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let raw = &text[start..end];
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return;
    }
    let s = start + (raw.len() - raw.trim_start().len());
    out.push(Sentence {
        text: display(trimmed),
        span: s..s + trimmed.len(),
        paragraph,
    });
}

/// The sentence as shown: a line break and the white space around it become one space; all
/// other text stays as it is.
fn display(s: &str) -> String {
    if !s.contains(is_line_break) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find(char::is_whitespace) {
        out.push_str(&rest[..k]);
        let run_len = rest[k..]
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map_or(rest.len() - k, |(j, _)| j);
        let run = &rest[k..k + run_len];
        if run.contains(is_line_break) {
            out.push(' ');
        } else {
            out.push_str(run);
        }
        rest = &rest[k + run_len..];
    }
    out.push_str(rest);
    out
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences as they stand in `text`, after checking spans and shown text agree.
    fn split(text: &str, lang: &str) -> Vec<String> {
        let lang = Lang::parse(lang).unwrap();
        segment(text, lang)
            .into_iter()
            .map(|s| {
                let exact = &text[s.span.clone()];
                assert_eq!(exact.trim(), exact, "span not trimmed");
                assert_eq!(s.text, display(exact));
                exact.to_string()
            })
            .collect()
    }

    fn count(text: &str, lang: &str) -> usize {
        split(text, lang).len()
    }

    #[test]
    fn english_abbreviations() {
        assert_eq!(
            split("Mr. Smith arrived. He was late.", "en"),
            ["Mr. Smith arrived.", "He was late."]
        );
        assert_eq!(
            split(
                "U.S. Sen. Elizabeth Warren says she will run. The Boston Globe reported it.",
                "en"
            ),
            [
                "U.S. Sen. Elizabeth Warren says she will run.",
                "The Boston Globe reported it."
            ]
        );
        assert_eq!(
            count("Dr. Jones and Prof. Lee met Gov. Brown. They talked.", "en"),
            2
        );
        assert_eq!(
            count("Talks ended in the U.S. The delegation then left.", "en"),
            2
        );
        assert_eq!(
            count("He lives at No. 10 Downing Street. No. He does not.", "en"),
            3
        );
        assert_eq!(
            count(
                "Apple Inc. CEO Tim Cook spoke. He works for Apple Inc. The firm agreed.",
                "en"
            ),
            3
        );
        assert_eq!(
            count(
                "The case Roe v. Wade was decided in 1973. It still matters.",
                "en"
            ),
            2
        );
    }

    #[test]
    fn english_times_dates_decimals_initials() {
        assert_eq!(
            count(
                "Rosa had winds of 85 mph as of 5 a.m. Eastern time Sunday. It weakened.",
                "en"
            ),
            2
        );
        assert_eq!(count("The vote is at 3 p.m. He will attend.", "en"), 2);
        assert_eq!(
            count(
                "The summit opens on Jan. 15 in Astana. It lasts two days.",
                "en"
            ),
            2
        );
        assert_eq!(
            count(
                "Growth slowed to 2.5 per cent in 2018. Prices rose 3.1 per cent.",
                "en"
            ),
            2
        );
        assert_eq!(
            count("J. R. R. Tolkien wrote it. George W. Bush read it.", "en"),
            2
        );
        assert_eq!(
            count(
                "Sean Combs, also known as P. Diddy, spoke. Fans cheered.",
                "en"
            ),
            2
        );
        assert_eq!(count("Prices rose in 2020. 40 shops closed.", "en"), 2);
    }

    #[test]
    fn quotes_question_marks_and_ellipses() {
        assert_eq!(count("He said: \"We will win.\" Then he left.", "en"), 2);
        assert_eq!(
            count("\"Will we win?\" he asked. Nobody answered.", "en"),
            2
        );
        assert_eq!(count("“Where are you going?” asked Tom.", "en"), 1);
        assert_eq!(count("Well... maybe not. Yes! Really?! Sure.", "en"), 4);
        assert_eq!(count("It was close… too close. Then rain came.", "en"), 2);
        assert_eq!(count("(This was not planned.) The team left.", "en"), 2);
    }

    #[test]
    fn semicolons_and_colons_never_split() {
        assert_eq!(
            count(
                "Boston Globe bildiriyor; Sık sık eleştirilen Warren yarışacak.",
                "tr"
            ),
            1
        );
        assert_eq!(count("He said: The plan works.", "en"), 1);
    }

    #[test]
    fn turkish_ordinals() {
        assert_eq!(
            split(
                "19. yüzyılda kurulan şehir büyüdü. 2. Dünya Savaşı sırasında yıkıldı.",
                "tr"
            ),
            [
                "19. yüzyılda kurulan şehir büyüdü.",
                "2. Dünya Savaşı sırasında yıkıldı."
            ]
        );
        assert_eq!(
            count("Şehir, 2. Dünya Savaşı sırasında büyük hasar gördü.", "tr"),
            1
        );
        assert_eq!(
            count(
                "Etkinlik, Warren'ın seçmenlerle yaptığı 36. toplantı oldu. Bir katılımcı soru sordu.",
                "tr"
            ),
            2
        );
        assert_eq!(
            count(
                "Kayıplar II. Abdülhamit döneminde arttı. Bu da tartışıldı.",
                "tr"
            ),
            2
        );
        // A sentence may still end in a number when a sentence starter follows.
        assert_eq!(
            count(
                "İşsizlik oranı yüzde 10. Ancak gençlerde daha yüksek.",
                "tr"
            ),
            2
        );
        // In English a number before a capital ends the sentence.
        assert_eq!(count("The war ended in 1945. World leaders met.", "en"), 2);
    }

    #[test]
    fn turkish_abbreviations() {
        assert_eq!(
            count(
                "Pazarda elma, armut vb. meyveler satıldı. Fiyatlar arttı.",
                "tr"
            ),
            2
        );
        assert_eq!(
            count("Masada kalem, defter vs. vardı. Öğrenciler geldi.", "tr"),
            2
        );
        assert_eq!(
            split(
                "Prof. Dr. Ahmet Yılmaz konuştu. T.C. Dışişleri Bakanlığı açıklama yaptı.",
                "tr"
            ),
            [
                "Prof. Dr. Ahmet Yılmaz konuştu.",
                "T.C. Dışişleri Bakanlığı açıklama yaptı."
            ]
        );
        assert_eq!(
            count(
                "Şirketin unvanı Anadolu Gıda Ltd. Şti. olarak değişti. Kurul toplandı.",
                "tr"
            ),
            2
        );
        assert_eq!(
            count(
                "Koç Holding A.Ş. Yönetim Kurulu Başkanı açıklama yaptı.",
                "tr"
            ),
            1
        );
        assert_eq!(
            count("Galatasaray vs. Fenerbahçe maçı bu akşam oynanacak.", "tr"),
            1
        );
        assert_eq!(
            count(
                "\"Yarın geleceğiz,\" dedi. \"Hazır olun!\" diye ekledi. İSTANBUL'da yağmur var.",
                "tr"
            ),
            3
        );
    }

    #[test]
    fn kazakh_initials_and_abbreviations() {
        assert_eq!(
            split(
                "Мемлекет басшысы Қ.Тоқаев Астанада кездесу өткізді. Кездесуге Н.Ә.Назарбаев та қатысты.",
                "kk"
            ),
            [
                "Мемлекет басшысы Қ.Тоқаев Астанада кездесу өткізді.",
                "Кездесуге Н.Ә.Назарбаев та қатысты."
            ]
        );
        assert_eq!(
            count("Мәлімдемені Қ. Тоқаев пен Н.Ә. Назарбаев жасады.", "kk"),
            1
        );
        assert_eq!(
            count(
                "Көрмеде киім, кітап, ойыншық т.б. тауарлар сатылды. Бағасы қымбат емес.",
                "kk"
            ),
            2
        );
        assert_eq!(
            count(
                "Нан, сүт, ет т.с.с. азық-түлік қымбаттады. Бұл туралы министр айтты.",
                "kk"
            ),
            2
        );
        assert_eq!(
            count(
                "Зауыт 2018 ж. іске қосылды. Оған 5 млрд теңге жұмсалды.",
                "kk"
            ),
            2
        );
        assert_eq!(
            count("Тәуелсіздік 1991 ж. 16 желтоқсанда жарияланды.", "kk"),
            1
        );
        assert_eq!(count("Құрылыс 2024 ж. Бұл жоба үлкен.", "kk"), 2);
        assert_eq!(
            count(
                "Жобаға 5 млн. теңге бөлінді. Ол ХХІ ғ. басында басталды.",
                "kk"
            ),
            2
        );
    }

    #[test]
    fn kazakh_dialogue() {
        assert_eq!(
            count("«Біз бұл жобаны биыл аяқтаймыз!» – деді министр.", "kk"),
            1
        );
        assert_eq!(count("«Жеңеміз!» – Тоқаев осылай деді.", "kk"), 1);
        assert_eq!(
            count(
                "«Келісімге қол қойылды», – деді ол. Кейін баспасөз мәслихаты өтті.",
                "kk"
            ),
            2
        );
        assert_eq!(count("– Біз дайынбыз, – деді ол. – Бастаймыз.", "kk"), 2);
        assert_eq!(count("Біз жеңеміз! – деді ол.", "kk"), 1);
        assert_eq!(
            count(
                "«Олар маған жеңілдік берілді деп ойлай ма? », – деп сұрады ол.",
                "kk"
            ),
            1
        );
        assert_eq!(count("Қарным ашты. » Сосын ол жалғастырды.", "kk"), 2);
        assert_eq!(
            split("Қарным ашты. » Сосын ол жалғастырды.", "kk")[0],
            "Қарным ашты. »"
        );
    }

    #[test]
    fn russian_basics() {
        assert_eq!(
            count(
                "Он родился в 1960 г. в Алматы. Затем переехал в Москву.",
                "ru"
            ),
            2
        );
        assert_eq!(
            count("Купили книги, журналы и т.д. Он был доволен.", "ru"),
            2
        );
        assert_eq!(count("Главное, т.е. самое важное, решено.", "ru"), 1);
        assert_eq!(
            count("А. С. Пушкин родился в Москве. Это известно.", "ru"),
            2
        );
    }

    #[test]
    fn generic_fallback() {
        assert_eq!(
            count(
                "Am 3. Oktober feiert Deutschland. Dr. Müller kommt auch.",
                "de"
            ),
            2
        );
        assert_eq!(
            count(
                "Das kostet 2,5 Mio. Euro, z.B. für Schulen. Es ist viel.",
                "de"
            ),
            2
        );
        assert_eq!(count("M. Dupont est arrivé. Il était en retard.", "fr"), 2);
        assert_eq!(count("Le taux est de 3.5 pour cent. Il baisse.", "fr"), 2);
        assert_eq!(
            split("今天下雨了。明天是晴天！", "zh"),
            ["今天下雨了。", "明天是晴天！"]
        );
        assert_eq!(count("Τι κάνεις; Καλά είμαι.", "el"), 2);
    }

    #[test]
    fn headlines_and_paragraphs() {
        let text = "Tokayev visits Ankara\n\nKazakh President Kassym-Jomart Tokayev arrived on Tuesday. \
                    He met Erdoğan.\n\nTalks went well.\n";
        let s = segment(text, Lang::EN);
        let paras: Vec<usize> = s.iter().map(|s| s.paragraph).collect();
        assert_eq!(paras, [0, 1, 1, 2]);
        assert_eq!(s[0].text, "Tokayev visits Ankara");
        // A headline right above the body, without a blank line.
        let text =
            "Tokayev visits Ankara\nKazakh President Tokayev arrived on Tuesday. He met Erdoğan.\n";
        assert_eq!(
            split(text, "en"),
            [
                "Tokayev visits Ankara",
                "Kazakh President Tokayev arrived on Tuesday.",
                "He met Erdoğan."
            ]
        );
    }

    #[test]
    fn one_paragraph_per_line() {
        let text = "Türk Devletleri Teşkilatı zirvesi başladı\n\
                    Zirveye Kazakistan, Kırgızistan ve Özbekistan liderleri katıldı. Toplantı iki gün sürecek.\n\
                    Cumhurbaşkanı Erdoğan açılış konuşmasını yaptı.\n";
        let s = segment(text, Lang::TR);
        let paras: Vec<usize> = s.iter().map(|s| s.paragraph).collect();
        assert_eq!(paras, [0, 1, 1, 2]);
    }

    #[test]
    fn hard_wrapped_paragraphs() {
        let text = "Kazakh President Kassym-Jomart Tokayev arrived in Ankara on\n\
                    Tuesday for talks with Turkish President Recep Tayyip Erdogan,\n\
                    his office said. The two leaders discussed trade and energy\n\
                    and signed six agreements.\n\
                    \n\
                    Officials said the next summit of the Organization of Turkic\n\
                    States would be held in Astana. It will be the first such\n\
                    meeting since the organization was renamed in 2021.\n";
        let s = segment(text, Lang::EN);
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Kazakh President Kassym-Jomart Tokayev arrived in Ankara on Tuesday for talks with \
                 Turkish President Recep Tayyip Erdogan, his office said.",
                "The two leaders discussed trade and energy and signed six agreements.",
                "Officials said the next summit of the Organization of Turkic States would be held in Astana.",
                "It will be the first such meeting since the organization was renamed in 2021.",
            ]
        );
        assert_eq!(
            s.iter().map(|s| s.paragraph).collect::<Vec<_>>(),
            [0, 0, 1, 1]
        );
        assert!(text[s[0].span.clone()].contains("on\nTuesday"));
    }

    #[test]
    fn hard_wrapped_without_blank_lines() {
        // Paragraphs end on a short line; a headline above the body stays apart.
        let text = "Tokayev meets Erdogan in Ankara\n\
                    Kazakh President Kassym-Jomart Tokayev arrived in Ankara on\n\
                    Tuesday for talks with Turkish President Recep Tayyip Erdogan\n\
                    about trade, energy and transport routes.\n\
                    The two leaders discussed the Middle Corridor across the\n\
                    Caspian Sea and signed six agreements on energy and on\n\
                    customs.\n";
        let s = segment(text, Lang::EN);
        assert_eq!(s.len(), 3, "{s:#?}");
        assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn white_space_is_kept_except_line_breaks() {
        let text = "  The  talks\tended\r\n  in Ankara.  Next.  ";
        let s = segment(text, Lang::EN);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "The  talks\tended in Ankara.");
        assert_eq!(
            &text[s[0].span.clone()],
            "The  talks\tended\r\n  in Ankara."
        );
        assert_eq!(s[1].text, "Next.");
    }

    #[test]
    fn long_white_space_between_sentences() {
        let text = format!("It ended.{}Then rain came.", " ".repeat(500));
        assert_eq!(count(&text, "en"), 2);
    }

    #[test]
    fn crlf_and_odd_input() {
        let s = segment("A b.\r\n\r\nC d.\r\n", Lang::EN);
        assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 1]);
        for text in [
            "", " ", "\n\n\n", ".", "...", "!?!", "« »", "\"", "-", "1.", "a.b.c.", "\u{0}",
        ] {
            let s = segment(text, Lang::TR);
            assert!(s.len() <= 1, "{text:?}: {s:?}");
        }
    }

    #[test]
    fn long_inputs_are_linear() {
        let start = std::time::Instant::now();
        let inputs = [
            "word ".repeat(40_000),
            "«а. б ".repeat(30_000),
            "\"a. b ".repeat(30_000),
            ".".repeat(200_000),
            ". ".repeat(100_000),
            "x".repeat(200_000),
            "Mr. A. B. ".repeat(20_000),
            format!("{}\n", "word ".repeat(20)).repeat(10_000),
        ];
        for text in &inputs {
            let s = segment(text, Lang::EN);
            assert!(!s.is_empty());
        }
        // Quadratic behaviour on any of these would take minutes, even unoptimized.
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn lines_keep_line_numbers() {
        let text = "One.\n\n  Two. \nThree.\n";
        let s = lines(text);
        assert_eq!(s.len(), 4);
        assert_eq!(s[1].text, "");
        assert_eq!(s[2].text, "Two.");
        assert_eq!(&text[s[2].span.clone()], "Two.");
        assert_eq!(
            s.iter().map(|s| s.paragraph).collect::<Vec<_>>(),
            [0, 0, 1, 1]
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "a", "Z", "İ", "ı", "Қ", "ә", "Б", "字", "1", "19", " ", "  ", "\n", "\n\n",
                "\r\n", "\t", "\u{a0}", ".", "!", "?", "…", "...", ";", ":", ",", "-", "–", "\"",
                "'", "«", "»", "“", "”", "„", "(", ")", "。", "Mr", "U.S", "т.б", "ж", "vb", "The",
                "Бұл", "\u{301}", "😀",
            ]);
            prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn spans_cover_every_character_once(text in text(), lang in prop::sample::select(vec!["en", "tr", "kk", "ru", "de", "el", "zh"])) {
                check(&text, Lang::parse(lang).unwrap());
            }

            #[test]
            fn any_string(text in ".{0,200}") {
                check(&text, Lang::EN);
                check(&text, Lang::KK);
            }
        }

        fn check(text: &str, lang: Lang) {
            let sentences = segment(text, lang);
            let mut covered = vec![false; text.len()];
            let mut last_end = 0;
            let mut last_paragraph = 0;
            for s in &sentences {
                assert!(
                    s.span.start >= last_end,
                    "spans overlap or go back: {sentences:?}"
                );
                assert!(s.span.start < s.span.end, "empty sentence: {sentences:?}");
                assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
                assert!(s.paragraph >= last_paragraph);
                let exact = &text[s.span.clone()];
                assert_eq!(exact.trim(), exact);
                assert_eq!(s.text, display(exact));
                covered[s.span.clone()].iter_mut().for_each(|c| *c = true);
                last_end = s.span.end;
                last_paragraph = s.paragraph;
            }
            for (i, c) in text.char_indices() {
                assert!(
                    c.is_whitespace() || covered[i],
                    "{c:?} at {i} is in no sentence: {text:?} -> {sentences:?}"
                );
            }
        }
    }
}
