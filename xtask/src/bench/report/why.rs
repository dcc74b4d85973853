//! The prose of the report's "why" list lives in why.md, not in code: this fills its pieces.

const TEMPLATE: &str = include_str!("why.md");

/// One reason, made of pieces of why.md joined with spaces.
#[derive(Default)]
pub struct Reason(Vec<String>);

impl Reason {
    pub fn new(piece: &str, values: &[(&str, String)]) -> Self {
        let mut reason = Self::default();
        reason.add(piece, values);
        reason
    }

    pub fn add(&mut self, piece: &str, values: &[(&str, String)]) {
        self.0.push(fill(piece, values));
    }

    pub fn text(self) -> String {
        self.0.join(" ")
    }
}

/// The piece `## name` of why.md with its lines joined and each `{name}` filled in. A piece
/// or a figure missing, or a figure given but not used, is a bug in the caller: it panics,
/// and the test that renders the committed report shows it.
pub fn fill(piece: &str, values: &[(&str, String)]) -> String {
    let template = body(piece).unwrap_or_else(|| panic!("why.md has no piece `## {piece}`"));
    let mut used = vec![false; values.len()];
    let mut text = String::with_capacity(template.len());
    let mut rest = template.as_str();
    while let Some(start) = rest.find('{') {
        text.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after
            .find('}')
            .unwrap_or_else(|| panic!("why.md `## {piece}`: a `{{` is not closed"));
        let name = &after[..end];
        let index = values
            .iter()
            .position(|(key, _)| *key == name)
            .unwrap_or_else(|| panic!("why.md `## {piece}` needs `{name}`, which is not given"));
        used[index] = true;
        text.push_str(&values[index].1);
        rest = &after[end + 1..];
    }
    text.push_str(rest);
    if let Some(unused) = used.iter().position(|u| !u) {
        panic!(
            "why.md `## {piece}` does not use `{}`, which is given",
            values[unused].0
        );
    }
    text
}

fn body(piece: &str) -> Option<String> {
    let heading = format!("## {piece}");
    let mut lines = TEMPLATE
        .lines()
        .skip_while(|line| line.trim_end() != heading);
    lines.next()?;
    let words: Vec<&str> = lines
        .take_while(|line| !line.starts_with("## "))
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_is_its_lines_joined_with_figures_filled_in() {
        assert_eq!(
            fill(
                "lcp-applied",
                &[("fcp", "1.20".into()), ("lcp", "2.85".into())]
            ),
            "With applied throttling (below): FCP 1.20 s, LCP 2.85 s."
        );
        assert!(fill("bundle-why", &[]).contains("`panic = \"abort\"`, `wasm-opt -Oz`"));
    }

    #[test]
    #[should_panic(expected = "needs `lcp`")]
    fn a_missing_figure_is_caught() {
        fill("lcp-applied", &[("fcp", "1.20".into())]);
    }

    #[test]
    #[should_panic(expected = "does not use `extra`")]
    fn a_figure_left_unused_is_caught() {
        fill(
            "lcp-applied",
            &[
                ("fcp", "1".into()),
                ("lcp", "2".into()),
                ("extra", "3".into()),
            ],
        );
    }
}
