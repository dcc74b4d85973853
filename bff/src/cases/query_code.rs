use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Query codes are a keyed MAC of the case id: nothing is stored, and without the secret
/// nobody can make one. 8 characters of base32 are 40 bits.
#[derive(Clone)]
pub struct QueryCodes {
    secret: Vec<u8>,
}

impl QueryCodes {
    pub fn new(secret: &[u8]) -> QueryCodes {
        QueryCodes {
            secret: secret.to_vec(),
        }
    }

    pub fn code_for(&self, case_id: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("any key length");
        mac.update(b"huiyin-query-code-v1\0");
        mac.update(case_id.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut bits: u64 = 0;
        for byte in &digest[..5] {
            bits = (bits << 8) | u64::from(*byte);
        }
        (0..api::validation::limits::QUERY_CODE_CHARS)
            .rev()
            .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
            .collect()
    }

    /// Compares in constant time, after forgiving case, spaces, dashes and the letters
    /// people confuse with digits.
    pub fn verify(&self, case_id: &str, code: &str) -> bool {
        let given = normalize(code);
        let expected = self.code_for(case_id);
        given.len() == expected.len()
            && given
                .bytes()
                .zip(expected.bytes())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
    }
}

fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_keyed_and_forgiving() {
        let codes = QueryCodes::new(b"secret one");
        let code = codes.code_for("20261128000001");
        assert_eq!(code.len(), 8);
        assert_eq!(code, codes.code_for("20261128000001"));
        assert!(codes.verify("20261128000001", &code));
        assert!(codes.verify("20261128000001", &code.to_lowercase()));
        assert!(codes.verify("20261128000001", &format!("{}-{}", &code[..4], &code[4..])));
        assert!(!codes.verify("20261128000002", &code));
        assert_ne!(
            QueryCodes::new(b"secret two").code_for("20261128000001"),
            code
        );
        assert_ne!(codes.code_for("20261128000002"), code);
    }
}
