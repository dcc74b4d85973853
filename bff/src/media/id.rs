use std::fmt;

/// A stored photo's name: 128 random bits in lowercase hex. Unguessable, because the photo
/// is served to anyone holding its URL (the city's system fetches it without credentials).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaId(String);

const HEX_CHARS: usize = 32;
const EXTENSION: &str = ".jpg";

impl MediaId {
    pub fn random() -> MediaId {
        let mut bytes = [0u8; HEX_CHARS / 2];
        getrandom::fill(&mut bytes).expect("the OS random source");
        MediaId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Reads `<id>.jpg`, and nothing else: no dots, slashes or other names can reach the disk.
    pub fn from_file_name(name: &str) -> Option<MediaId> {
        let id = name.strip_suffix(EXTENSION)?;
        let valid = id.len() == HEX_CHARS
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| MediaId(id.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn file_name(&self) -> String {
        format!("{}{EXTENSION}", self.0)
    }
}

impl fmt::Display for MediaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_round_trip_through_their_file_name() {
        let id = MediaId::random();
        assert_eq!(MediaId::from_file_name(&id.file_name()), Some(id.clone()));
        assert_ne!(MediaId::random(), id);
    }

    #[test]
    fn only_the_strict_pattern_is_a_file_name() {
        let hex = "0123456789abcdef0123456789abcdef";
        assert!(MediaId::from_file_name(&format!("{hex}.jpg")).is_some());
        for name in [
            hex.to_owned(),
            format!("{}.jpg", hex.to_uppercase()),
            format!("{hex}.png"),
            format!("{hex}0.jpg"),
            format!("../{}.jpg", &hex[3..]),
            "..%2F..%2Fetc%2Fpasswd.jpg".to_owned(),
            "../../etc/passwd".to_owned(),
            ".jpg".to_owned(),
        ] {
            assert!(MediaId::from_file_name(&name).is_none(), "{name}");
        }
    }
}
