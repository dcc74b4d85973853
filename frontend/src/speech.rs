//! The only place that talks to the browser's speech synthesis (Web Speech API): is it
//! there, which voice speaks the page's language, and what the page says.

use api::Locale;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

/// The voice's own speed, and the slower one elderly listeners ask for.
pub const NORMAL_RATE: f32 = 1.0;
pub const SLOW_RATE: f32 = 0.7;

/// Chrome stops an utterance that runs longer than about 15 seconds; shorter pieces also
/// let a change of speed restart near where the listener was.
const LONGEST_PIECE: usize = 160;

/// The browser's speech synthesis, when it has one.
pub fn synthesis() -> Option<SpeechSynthesis> {
    let window = web_sys::window()?;
    let has_utterances = js_sys::Reflect::get(&window, &"SpeechSynthesisUtterance".into())
        .is_ok_and(|constructor| constructor.is_function());
    let synthesis = js_sys::Reflect::get(&window, &"speechSynthesis".into())
        .ok()
        .filter(JsValue::is_object)?;
    has_utterances.then(|| synthesis.unchecked_into())
}

/// How long to wait for a browser to load its voices before saying it has none.
const VOICES_WAIT_MS: i32 = 1500;

/// Chromium loads its voices after the first request and says so with `voiceschanged`; a
/// browser with no voices at all may never say anything. Returns once the list is there,
/// or after [`VOICES_WAIT_MS`], whichever comes first.
pub async fn voices_loaded(synthesis: &SpeechSynthesis) {
    if synthesis.get_voices().length() > 0 {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        synthesis.set_onvoiceschanged(Some(&resolve));
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, VOICES_WAIT_MS);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    synthesis.set_onvoiceschanged(None);
}

/// A voice for the page's language. `Ok(None)`: the browser has one but lets us name only
/// the language, and it will choose the voice itself. `Err(())`: it has none.
pub fn voice_for(
    synthesis: &SpeechSynthesis,
    page_tag: &str,
) -> Result<Option<SpeechSynthesisVoice>, ()> {
    let voices: Vec<(String, JsValue)> = synthesis
        .get_voices()
        .iter()
        .map(|voice| {
            let lang = js_sys::Reflect::get(&voice, &"lang".into())
                .ok()
                .and_then(|lang| lang.as_string())
                .unwrap_or_default();
            (lang, voice)
        })
        .collect();
    let best = [Match::Exact, Match::Locale, Match::Language]
        .into_iter()
        .find_map(|wanted| {
            voices
                .iter()
                .find(|(lang, _)| matches(lang, page_tag) >= Some(wanted))
        });
    match best {
        Some((_, voice)) => Ok(voice.dyn_ref::<SpeechSynthesisVoice>().cloned()),
        None => Err(()),
    }
}

/// How well a voice's language fits the page's, best last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// Same primary language (a zh-TW voice for a zh-CN page).
    Language,
    /// The same app locale (`zh-Hans-CN` for `zh-CN`, `en-GB` for `en`).
    Locale,
    Exact,
}

pub fn matches(voice_lang: &str, page_tag: &str) -> Option<Match> {
    let voice = normalized(voice_lang);
    let page = normalized(page_tag);
    if voice.is_empty() {
        return None;
    }
    if voice == page {
        return Some(Match::Exact);
    }
    let voice_locale = Locale::negotiate(&voice);
    if voice_locale.is_some() && voice_locale == Locale::negotiate(&page) {
        return Some(Match::Locale);
    }
    (voice.split('-').next() == page.split('-').next()).then_some(Match::Language)
}

/// Lower case, hyphens, and Mandarin or Cantonese codes read as Chinese (Android says
/// `cmn-Hans-CN`).
fn normalized(tag: &str) -> String {
    let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
    for chinese in ["cmn", "yue"] {
        if let Some(rest) = tag.strip_prefix(chinese)
            && (rest.is_empty() || rest.starts_with('-'))
        {
            return format!("zh{rest}");
        }
    }
    tag
}

/// The text of the element with this id (`main` for the page) as a person sees it.
pub fn text_of(id: &str) -> String {
    gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|main| main.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|main| main.inner_text())
        .unwrap_or_default()
}

/// What to say, in pieces: each line of the page, long lines cut between sentences.
pub fn pieces(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let mut piece = String::new();
        let sentences = line.split_inclusive(['。', '！', '？', '；', '.', '!', '?', ';']);
        for sentence in sentences {
            let length = piece.chars().count() + sentence.chars().count();
            if !piece.is_empty() && length > LONGEST_PIECE {
                pieces.push(std::mem::take(&mut piece).trim().to_owned());
            }
            piece.push_str(sentence);
        }
        if !piece.trim().is_empty() {
            pieces.push(piece.trim().to_owned());
        }
    }
    pieces
}

/// One piece to say. `on_event` hears its `start`, `end` and `error`.
pub fn utterance(
    text: &str,
    lang: &str,
    voice: Option<&SpeechSynthesisVoice>,
    rate: f32,
    on_event: &js_sys::Function,
) -> Option<SpeechSynthesisUtterance> {
    let utterance = SpeechSynthesisUtterance::new_with_text(text).ok()?;
    utterance.set_lang(lang);
    utterance.set_voice(voice);
    utterance.set_rate(rate);
    utterance.set_onstart(Some(on_event));
    utterance.set_onend(Some(on_event));
    utterance.set_onerror(Some(on_event));
    Some(utterance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voices_are_matched_to_the_page_language() {
        assert_eq!(matches("zh-CN", "zh-CN"), Some(Match::Exact));
        assert_eq!(matches("zh_CN", "zh-CN"), Some(Match::Exact));
        assert_eq!(matches("cmn-Hans-CN", "zh-CN"), Some(Match::Locale));
        assert_eq!(matches("zh-HK", "zh-TW"), Some(Match::Locale));
        assert_eq!(matches("zh-TW", "zh-CN"), Some(Match::Language));
        assert_eq!(matches("en-GB", "en"), Some(Match::Locale));
        assert_eq!(matches("en-US", "en-XA"), Some(Match::Locale));
        assert_eq!(matches("en-US", "zh-CN"), None);
        assert_eq!(matches("", "zh-CN"), None);
        assert_eq!(matches("cmnx", "zh-CN"), None);
    }

    #[test]
    fn the_page_is_said_line_by_line_and_long_lines_by_sentence() {
        assert_eq!(
            pieces("服务\n\n  找到要办的事。 \n"),
            vec!["服务".to_owned(), "找到要办的事。".to_owned()]
        );
        let sentence = "这是一句比较长的话，用来检查切分是否按句子进行，而且不会把话切碎。";
        let per_piece = LONGEST_PIECE / sentence.chars().count();
        let said = pieces(&sentence.repeat(per_piece + 1));
        assert_eq!(said, vec![sentence.repeat(per_piece), sentence.to_owned()]);
    }
}
