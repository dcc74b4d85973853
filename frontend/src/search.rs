//! Finding a service by the resident's own words, in the browser, over the catalogue
//! already loaded: Chinese or English, whole words or parts of them.

use api::ServiceSummary;

/// Splits a query into terms on spaces and punctuation (ASCII and CJK alike).
fn terms(query: &str) -> Vec<String> {
    query
        .split(|c: char| {
            c.is_whitespace()
                || (c.is_ascii_punctuation() && c != '-')
                || "，。、；：？！（）【】《》“”‘’·".contains(c)
        })
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// How well one term matches one text: 2 for the whole term, 1 for part of it (a long
/// Chinese term by a third of its character pairs, so "路灯坏了" finds "路灯"; an English
/// word by its stem), 0 for no match.
fn term_match(term: &str, text: &str) -> u32 {
    if text.contains(term) {
        return 2;
    }
    let chars: Vec<char> = term.chars().collect();
    if chars.len() >= 3 && chars.iter().all(|c| is_cjk(*c)) {
        let pairs: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
        let found = pairs.iter().filter(|p| text.contains(p.as_str())).count();
        if found > 0 && found * 3 >= pairs.len() {
            return 1;
        }
    }
    if chars.len() >= 4 && chars.iter().all(char::is_ascii_alphanumeric) {
        // "lamps" finds "lamp", "constructions" finds "construction".
        let shortest = (chars.len() - 3).max(3);
        if (shortest..chars.len())
            .rev()
            .any(|n| text.contains(&term[..n]))
        {
            return 1;
        }
    }
    0
}

/// Higher is better; `None` when some term matches nothing. Names count most, then
/// keywords, then the description.
pub fn score(service: &ServiceSummary, query: &str) -> Option<u32> {
    let name = service.name.to_lowercase();
    let keywords = service.keywords.join(" ").to_lowercase();
    let description = service.description.to_lowercase();
    let mut total = 0;
    for term in terms(query) {
        let best = [(&name, 3), (&keywords, 2), (&description, 1)]
            .iter()
            .map(|(text, weight)| term_match(&term, text) * weight)
            .max()
            .unwrap_or(0);
        if best == 0 {
            return None;
        }
        total += best;
    }
    Some(total)
}

/// The services that match, best first; all of them, in order, for an empty query.
pub fn find<'a>(services: &'a [ServiceSummary], query: &str) -> Vec<&'a ServiceSummary> {
    if terms(query).is_empty() {
        return services.iter().collect();
    }
    let mut found: Vec<(u32, usize, &ServiceSummary)> = services
        .iter()
        .enumerate()
        .filter_map(|(index, s)| score(s, query).map(|score| (score, index, s)))
        .collect();
    crate::sorting::sort_by(&mut found, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found.into_iter().map(|(_, _, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, name: &str, description: &str, keywords: &[&str]) -> ServiceSummary {
        ServiceSummary {
            code: code.into(),
            name: name.into(),
            description: description.into(),
            category: None,
            kind: None,
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
            time_limit_days: None,
            common_rank: None,
        }
    }

    fn catalogue() -> Vec<ServiceSummary> {
        vec![
            service(
                "noise",
                "噪音扰民投诉",
                "反映施工、商业经营等噪音",
                &["噪音", "装修"],
            ),
            service(
                "light",
                "路灯不亮求助",
                "道路的路灯不亮、闪烁",
                &["路灯", "照明"],
            ),
            service(
                "light-en",
                "Streetlight out",
                "A streetlight is out or flickering",
                &["lamp", "lighting"],
            ),
            service("water", "停水求助", "家中突然停水", &["停水", "水压低"]),
        ]
    }

    fn codes(query: &str) -> Vec<String> {
        let services = catalogue();
        find(&services, query)
            .iter()
            .map(|s| s.code.clone())
            .collect()
    }

    #[test]
    fn empty_query_lists_everything_in_order() {
        assert_eq!(codes("  "), vec!["noise", "light", "light-en", "water"]);
    }

    #[test]
    fn chinese_parts_of_words_find_services() {
        assert_eq!(codes("噪音"), vec!["noise"]);
        assert_eq!(codes("装修"), vec!["noise"]);
        assert_eq!(
            codes("路灯坏了"),
            vec!["light"],
            "a third of the character pairs match"
        );
        assert_eq!(codes("停水，水压"), vec!["water"]);
    }

    #[test]
    fn english_is_case_insensitive_and_tolerates_endings() {
        assert_eq!(codes("STREET"), vec!["light-en"]);
        assert_eq!(codes("lamps"), vec!["light-en"]);
        assert_eq!(codes("flicker"), vec!["light-en"]);
    }

    #[test]
    fn every_term_must_match_and_names_rank_first() {
        assert!(codes("噪音 路灯").is_empty());
        let services = vec![
            service("a", "Other", "mentions noise", &[]),
            service("b", "Noise", "", &[]),
        ];
        let found: Vec<&str> = find(&services, "noise")
            .iter()
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(found, vec!["b", "a"]);
    }
}
