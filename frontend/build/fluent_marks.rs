//! How a compiled Fluent pattern marks what is not plain text: written by
//! `fluent_compile.rs` at build time, read by `src/i18n/messages.rs` in the app. Control
//! characters, which no message text may hold (the compiler refuses them).

/// Between two pieces of text that Fluent keeps apart.
pub const TEXT_BREAK: char = '\u{1}';
/// `VARIABLE name END`: an argument.
pub const VARIABLE: char = '\u{2}';
/// Closes a variable or a literal.
pub const END: char = '\u{3}';
/// `LITERAL text END`: a string or number literal, already as Fluent writes it (never
/// transformed, like Fluent's literals).
pub const LITERAL: char = '\u{4}';
/// `SELECT name (VARIANT key KEY_END pattern)+ SELECT_END`; a default variant's key starts
/// with `*`.
pub const SELECT: char = '\u{5}';
pub const VARIANT: char = '\u{6}';
pub const KEY_END: char = '\u{7}';
pub const SELECT_END: char = '\u{8}';
/// Between messages in a locale's table, and between keys (the unit separator; not `\0`,
/// whose escape before a digit reads like an octal one).
pub const MESSAGE_SEPARATOR: char = '\u{1f}';
/// Between a locale's tag, its keys and its patterns in the table the BFF serves
/// (`/messages/<tag>.<hash>.txt`; the record separator).
pub const TABLE_SEPARATOR: char = '\u{1e}';
