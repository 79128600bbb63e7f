//! Language detection: whatlang, plus Kazakh, which whatlang does not know.
//!
//! Kazakh Cyrillic is told from Russian (and from Kyrgyz, Ukrainian, Tatar, Bashkir) by the letters
//! only Kazakh uses together: Қ Ұ І beside Ә Ғ Ң Ө Ү Һ. Kazakh in the 2021 Latin alphabet is told from
//! Turkish, Azerbaijani, Uzbek and Turkmen by Ū, Ñ and Q, which Turkish never uses, and by the absence
//! of their own letters (Ə, Ň, Ý, Oʻ).

use serde::Serialize;

use super::lang::{Lang, Script};

/// How much text detection looks at: enough for a stable answer, bounded for book-length input.
const SAMPLE_BYTES: usize = 64 * 1024;

/// The detected language of a text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Detection {
    pub lang: Lang,
    pub script: Script,
    /// In [0, 1]: how sure the detector is.
    pub confidence: f64,
}

impl Detection {
    /// Detections below this are reported as uncertain and never override a given code.
    pub const RELIABLE: f64 = 0.5;

    pub fn is_reliable(&self) -> bool {
        self.confidence >= Self::RELIABLE
    }
}

/// Detects the language of `text`; `None` when it has no letters to go by.
pub fn detect(text: &str) -> Option<Detection> {
    let sample = sample(text);
    let letters = LetterCounts::of(sample);
    let script = Script::dominant(sample)?;
    if script == Script::Cyrillic
        && let Some(d) = kazakh_cyrillic(&letters)
    {
        return Some(d);
    }
    let info = whatlang::detect(sample);
    if script == Script::Latin {
        let whatlang_guess = info.as_ref().map(|i| (i.lang().code(), i.is_reliable()));
        if let Some(d) = kazakh_latin(&letters, whatlang_guess) {
            return Some(d);
        }
    }
    let info = info?;
    let lang = Lang::from_iso639_3(info.lang().code())?.with_script(script);
    Some(Detection {
        lang,
        script,
        confidence: info.confidence(),
    })
}

fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Counts of the letters that separate Kazakh from its neighbours.
#[derive(Debug, Default)]
struct LetterCounts {
    letters: usize,
    cyrillic: usize,
    /// қ ұ і: Kazakh's own among Cyrillic alphabets of the region.
    kk_own: usize,
    /// ә ғ ң ө ү һ: shared with Tatar, Bashkir, Kyrgyz.
    kk_shared: usize,
    /// ї є ґ ў җ ҡ ҙ ҫ: letters of Ukrainian, Belarusian, Tatar, Bashkir.
    other_cyrillic: usize,
    /// ū ñ: letters of the Kazakh 2021 Latin alphabet that neither Turkish nor English use.
    kk_latin: usize,
    /// q not followed by u: Kazakh Latin, but also Azerbaijani and Uzbek (English writes qu).
    lone_q: usize,
    /// ä: Kazakh Latin, also Turkmen, German...
    a_umlaut: usize,
    /// ə ň ý ž ʻ: Azerbaijani, Turkmen, Uzbek; acute vowels, which the 2021 alphabet has not.
    other_turkic_latin: usize,
}

impl LetterCounts {
    fn of(text: &str) -> LetterCounts {
        let mut c = LetterCounts::default();
        let mut lower = text.chars().flat_map(char::to_lowercase).peekable();
        while let Some(ch) = lower.next() {
            if ch.is_alphabetic() {
                c.letters += 1;
            }
            if ('\u{0400}'..='\u{052F}').contains(&ch) {
                c.cyrillic += 1;
            }
            match ch {
                'қ' | 'ұ' | 'і' => c.kk_own += 1,
                'ә' | 'ғ' | 'ң' | 'ө' | 'ү' | 'һ' => c.kk_shared += 1,
                'ї' | 'є' | 'ґ' | 'ў' | 'җ' | 'ҡ' | 'ҙ' | 'ҫ' => c.other_cyrillic += 1,
                'ū' | 'ñ' => c.kk_latin += 1,
                'q' if lower.peek() != Some(&'u') => c.lone_q += 1,
                'ä' => c.a_umlaut += 1,
                'ə' | 'ň' | 'ý' | 'ž' | 'ʻ' | 'á' | 'é' | 'í' | 'ó' | 'ú' => {
                    c.other_turkic_latin += 1
                }
                _ => {}
            }
        }
        c
    }
}

fn kazakh_cyrillic(c: &LetterCounts) -> Option<Detection> {
    if c.cyrillic == 0 {
        return None;
    }
    let own = c.kk_own as f64 / c.cyrillic as f64;
    let all = (c.kk_own + c.kk_shared) as f64 / c.cyrillic as f64;
    // Running Kazakh has 7–10% of its letters in the specific set; a Russian text quoting a
    // Kazakh name has far less. Require Kazakh's own letters, not only those shared with Kyrgyz.
    let is_kk = c.kk_own >= 1 && own >= 0.01 && all >= 0.04 && c.other_cyrillic * 4 <= c.kk_own;
    is_kk.then(|| Detection {
        lang: Lang::KK,
        script: Script::Cyrillic,
        confidence: (all / 0.06).clamp(0.0, 1.0),
    })
}

fn kazakh_latin(c: &LetterCounts, whatlang: Option<(&str, bool)>) -> Option<Detection> {
    if c.letters == 0 {
        return None;
    }
    let evidence = c.kk_latin + c.lone_q + c.a_umlaut;
    let marks = evidence as f64 / c.letters as f64;
    // whatlang reads Kazakh Latin as one of its Turkic neighbours; then Kazakh's own letters decide.
    // A confident other verdict stands (Spanish has ñ, Latvian ū); an unsure one yields only to a
    // text dense with Kazakh letters.
    let (turkic_guess, unsure) = match whatlang {
        None => (true, true),
        Some((code, reliable)) => (matches!(code, "tur" | "aze" | "uzb" | "tuk"), !reliable),
    };
    let is_kk = evidence > 0
        && c.other_turkic_latin * 4 <= evidence
        && ((turkic_guess && (c.kk_latin > 0 || marks >= 0.01))
            || (unsure && c.kk_latin > 0 && marks >= 0.02));
    is_kk.then(|| Detection {
        lang: Lang::KK_LATN,
        script: Script::Latin,
        confidence: (marks / 0.04).clamp(0.0, 1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> String {
        detect(text).unwrap().lang.tag()
    }

    #[test]
    fn english() {
        assert_eq!(
            code("The organization reiterated its readiness to provide the necessary support."),
            "en"
        );
    }

    #[test]
    fn turkish() {
        assert_eq!(
            code(
                "Teşkilat, mevcut krizin aşılması için Kazakistan yönetimine ve halkına gerekli desteği vermeye hazır olduğunu yineledi."
            ),
            "tr"
        );
    }

    #[test]
    fn kazakh_cyrillic_not_russian() {
        assert_eq!(
            code(
                "Ұйым Қазақстан басшылығы мен халқына қазіргі дағдарысты еңсеру үшін қажетті қолдау көрсетуге дайын екенін тағы да растады."
            ),
            "kk"
        );
        assert_eq!(
            code(
                "Организация вновь заявила о готовности оказать руководству и народу Казахстана необходимую поддержку."
            ),
            "ru"
        );
    }

    #[test]
    fn russian_quoting_a_kazakh_name_stays_russian() {
        assert_eq!(
            code(
                "Президент Касым-Жомарт Токаев (по-казахски Қасым-Жомарт Тоқаев) выступил с обращением к народу страны в среду вечером."
            ),
            "ru"
        );
    }

    #[test]
    fn kazakh_latin_not_turkish() {
        let d = detect("Ūiym Qazaqstan basşylyğy men halqyna qazırgı dağdarysty eñseru üşın qajettı qoldau körsetuge daiyn ekenın tağy da rastady.").unwrap();
        assert_eq!(d.lang.tag(), "kk-Latn");
        assert_eq!(d.script, Script::Latin);
    }

    #[test]
    fn other_languages_from_whatlang() {
        assert_eq!(
            code(
                "Die Organisation bekräftigte ihre Bereitschaft, der Regierung und dem Volk die notwendige Unterstützung zu leisten."
            ),
            "de"
        );
        assert_eq!(
            code(
                "L'organisation a réaffirmé sa disponibilité à fournir le soutien nécessaire au gouvernement et au peuple."
            ),
            "fr"
        );
    }

    #[test]
    fn short_kazakh_sentences_and_english_q() {
        assert_eq!(
            code("Полицияның айтуынша, оқиға кеше кешке орын алған."),
            "kk"
        );
        assert_eq!(code("Он живёт в Алматы, а работает в Астане."), "ru");
        assert_eq!(code("It was quite a quiet night in the city."), "en");
        assert_eq!(code("The queen quietly quit the quarrel."), "en");
        assert_eq!(code("El niño llegó a España el año pasado."), "es");
    }

    #[test]
    fn no_letters_no_detection() {
        assert!(detect("12 345 — 67,8 %").is_none());
    }
}
