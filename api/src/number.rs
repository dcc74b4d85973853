//! Whether an answer is a number, decided from its digits.
//!
//! The same answers as `text.parse::<f64>()` followed by `is_finite()`, without converting
//! anything: the browser compiles this crate too, and Rust's decimal-to-float conversion
//! brings a 10 KB table of powers of five into the .wasm that no compression shrinks (about
//! 15 KB brotli with its code), for a yes-or-no question.

use std::cmp::Ordering;

/// Half-way between `f64::MAX` and 2^1024 (2^1024 − 2^970), all 309 digits: a decimal at or
/// above it rounds to infinity, one below it to a finite `f64`.
const OVERFLOW_DIGITS: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// True when Rust would read `text` as a finite `f64`: an optional sign, digits with an
/// optional decimal point (a digit on at least one side), an optional exponent (`e` or `E`,
/// an optional sign, digits), and a value below the overflow to infinity. `inf` and `NaN`
/// are not numbers here, as they are not finite.
pub fn is_finite_number(text: &str) -> bool {
    let text = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return false;
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(exponent) => {
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || !all_digits(digits) {
                return false;
            }
            // Past a few thousand the answer no longer depends on the exponent's size.
            let size = digits
                .bytes()
                .fold(0i64, |n, b| (n * 10 + i64::from(b - b'0')).min(1_000_000));
            if exponent.starts_with('-') {
                -size
            } else {
                size
            }
        }
    };
    // The value is 0.DIGITS × 10^point, DIGITS (the whole part, then the fraction) starting
    // with the first non-zero digit.
    let whole = whole.trim_start_matches('0');
    let ((first, then), point) = if whole.is_empty() {
        let significant = fraction.trim_start_matches('0');
        (
            ("", significant),
            -((fraction.len() - significant.len()) as i64),
        )
    } else {
        ((whole, fraction), whole.len() as i64)
    };
    let digits = || first.bytes().chain(then.bytes());
    if digits().all(|b| b == b'0') {
        return true; // zero
    }
    match (point + exponent).cmp(&(OVERFLOW_DIGITS.len() as i64)) {
        Ordering::Less => true,
        Ordering::Greater => false,
        // The same magnitude: digit by digit. Trailing zeros only make equal digits
        // greater, and equal is already infinite.
        Ordering::Equal => digits().cmp(OVERFLOW_DIGITS.bytes()) == Ordering::Less,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_rust_reads_it(text: &str) -> bool {
        text.parse::<f64>().is_ok_and(f64::is_finite)
    }

    #[test]
    fn a_number_answer_is_judged_as_rust_reads_it() {
        let near_overflow = [
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.79769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791e308",
            "1.79769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792e308",
            "1.797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977920000e308",
            "1.7976931348623159e308",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.999",
            "0.00017976931348623159e312",
            "17976931348623159e292",
            "1e308",
            "1e309",
            "-1e309",
            "9e308",
        ];
        let ordinary = [
            "0",
            "-0",
            "+0",
            "00012",
            "12",
            "-12",
            "+12",
            "3.5",
            "-3.5",
            "1.",
            ".5",
            "-.5",
            "+.5",
            ".",
            "-",
            "+",
            "",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            "1e",
            "1e+",
            "e5",
            ".e5",
            "1.e5",
            "0e999999999999999999999",
            "1e-999999999999999999999",
            "1e999999999999",
            "0.000e400",
            "1_000",
            "1,5",
            "١٢",
            "12a",
            "a12",
            "1 2",
            "--1",
            "+-1",
            "1e5.5",
            "1.2.3",
            "inf",
            "-inf",
            "Infinity",
            "infinity",
            "NaN",
            "nan",
            "0x10",
            "1e-400",
            "0.0000000000000000000000000000000000000000000000000000000001",
            "000000000000000000000000000000000000000000000000000000000000000000000001e308",
        ];
        for text in near_overflow.into_iter().chain(ordinary) {
            assert_eq!(is_finite_number(text), as_rust_reads_it(text), "{text:?}");
        }
    }

    #[test]
    fn every_short_answer_of_digits_and_signs_is_judged_as_rust_reads_it() {
        // Every string of up to five of these characters: each grammar rule at each place.
        let alphabet = ['0', '1', '9', '.', 'e', '-', '+', 'x'];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, String::len))
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            assert_eq!(is_finite_number(text), as_rust_reads_it(text), "{text:?}");
        }
    }
}
