//! Enums whose every variant is named once: the variant, its stable name and its place in
//! `ALL` come from one line, so a new variant cannot be left out of `ALL` (and with it out
//! of the tests that walk `ALL`, such as every message in every locale).

/// Writes the enum, `ALL` (every variant, in the order written) and the function giving
/// each variant's stable name. The serialized form comes from the enum's own
/// `#[serde(rename_all = "snake_case")]` (which the OpenAPI schema reads too); each enum's
/// tests check that it is the stable name.
macro_rules! listed {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $name_of:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[$variant_meta])* $variant ),+
        }

        impl $name {
            /// Every variant, in the order they are declared.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The stable name, as serialized.
            pub const fn $name_of(self) -> &'static str {
                match self {
                    $( $name::$variant => $text ),+
                }
            }
        }
    };
}

pub(crate) use listed;
