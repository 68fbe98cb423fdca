//! Small closed sets of words (leg, muscle, technique...): parsing, display, choices.

/// Generates the word form of a small closed set: parsing, display and the list of choices.
macro_rules! word_enum_impl {
    ($(#[$meta:meta])* $name:ident, $field:literal, { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The words, in the order of [`Self::ALL`]: for help and shell completions.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, $crate::domain::Invalid> {
                let text = raw.trim().to_ascii_lowercase();
                match text.as_str() {
                    $($word => Ok($name::$variant),)+
                    _ => Err($crate::domain::Invalid::new(format!(
                        "{} must be {}, got {}",
                        $field,
                        $crate::domain::words::choices(Self::ALL.iter().map(|v| v.as_str())),
                        $crate::domain::shown(raw.trim())
                    ))),
                }
            }

            /// The word exactly as the diary writes it (`cramps`, not `CRAMPS`): how a stored or
            /// imported value is read. The refusal names `field` and the choices.
            pub fn parse_exact(field: &str, raw: &str) -> Result<Self, $crate::domain::Invalid> {
                match Self::ALL.iter().find(|v| v.as_str() == raw) {
                    Some(v) => Ok(*v),
                    None => Err($crate::domain::Invalid::new(format!(
                        "{field}: expected {}, got '{raw}'",
                        $crate::domain::words::choices(Self::ALL.iter().map(|v| v.as_str()))
                    ))),
                }
            }

            /// The next (or previous) choice, wrapping: for cycling a form field.
            pub fn cycle(self, step: isize) -> Self {
                let all = Self::ALL;
                let at = all.iter().position(|v| *v == self).unwrap_or(0) as isize;
                let len = all.len() as isize;
                all[((at + step).rem_euclid(len)) as usize]
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use word_enum_impl as word_enum;

/// "a, b or c"
pub fn choices<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let words: Vec<&str> = words.collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}
