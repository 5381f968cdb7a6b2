//! The diagnostics accumulator, and how code is quoted inside messages.

use proc_macro2::{Delimiter, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;
use std::fmt::Display;

/// Collects every diagnostic of one expansion so they are all reported at once.
#[derive(Default)]
pub(crate) struct Errors {
    combined: Option<syn::Error>,
}

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.combined {
            Some(combined) => combined.combine(error),
            None => self.combined = Some(error),
        }
    }

    pub(crate) fn at(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    pub(crate) fn spanned(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Adds every error of `other`.
    pub(crate) fn extend(&mut self, other: Errors) {
        if let Some(error) = other.combined {
            self.push(error);
        }
    }

    /// The errors as `compile_error!` invocations; nothing when there are none.
    pub(crate) fn to_compile_error(&self) -> proc_macro2::TokenStream {
        self.combined
            .as_ref()
            .map(syn::Error::to_compile_error)
            .unwrap_or_default()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.combined.is_none()
    }

    #[cfg(test)]
    pub(crate) fn into_result(self) -> syn::Result<()> {
        match self.combined {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

/// Code as rustc prints it in messages (`Vec<u8>`, `&mut self`), where `TokenStream`'s
/// `Display` would print `Vec < u8 >` and `& mut self`.
pub(crate) fn code(tokens: &impl ToTokens) -> String {
    let mut printer = Printer::default();
    printer.stream(tokens.to_token_stream());
    printer.out
}

#[derive(Default)]
struct Printer {
    out: String,
    /// The previous token was an identifier, a literal or a closing delimiter, so a following
    /// word needs a space.
    after_word: bool,
    /// The previous token asks for a space before whatever comes next (`,`, `:`, `+`, `->`).
    space_next: bool,
    /// The previous token was joined to this one, as in `->` and `::`, or the `'` of a lifetime.
    joint: bool,
}

impl Printer {
    fn stream(&mut self, stream: TokenStream) {
        for tree in stream {
            self.tree(tree);
        }
    }

    fn tree(&mut self, tree: TokenTree) {
        match tree {
            TokenTree::Ident(ident) => self.word(&ident.to_string()),
            TokenTree::Literal(literal) => self.word(&literal.to_string()),
            TokenTree::Punct(punct) => self.punct(punct.as_char(), punct.spacing()),
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    // Invisible groups, as from `$ty` in `macro_rules!`: only their contents.
                    Delimiter::None => return self.stream(group.stream()),
                };
                if self.space_next {
                    self.out.push(' ');
                }
                self.out.push_str(open);
                self.set(false, false, false);
                self.stream(group.stream());
                self.out.push_str(close);
                self.set(true, false, false);
            }
        }
    }

    fn word(&mut self, word: &str) {
        if !self.joint && (self.space_next || self.after_word) {
            self.out.push(' ');
        }
        self.out.push_str(word);
        self.set(true, false, false);
    }

    fn punct(&mut self, ch: char, spacing: Spacing) {
        let starts_operator = !self.joint;
        let binary = matches!(ch, '=' | '+' | '-');
        if starts_operator && (self.space_next || (binary && !self.out.is_empty())) {
            self.out.push(' ');
        }
        self.out.push(ch);
        let joint = spacing == Spacing::Joint;
        let space_next = !joint
            && match ch {
                ',' | ';' | '=' | '+' => true,
                ':' => !self.out.ends_with("::"),
                '>' => self.out.ends_with("->") || self.out.ends_with("=>"),
                _ => false,
            };
        self.set(false, space_next, joint);
    }

    fn set(&mut self, after_word: bool, space_next: bool, joint: bool) {
        self.after_word = after_word;
        self.space_next = space_next;
        self.joint = joint;
    }
}

#[cfg(test)]
mod tests {
    use super::code;
    use quote::quote;

    #[test]
    fn code_is_printed_as_written() {
        let cases = [
            (quote!(Vec<u8>), "Vec<u8>"),
            (quote!(&mut self), "&mut self"),
            (quote!(&self), "&self"),
            (quote!(mut self), "mut self"),
            (quote!(self: Box<Self>), "self: Box<Self>"),
            (quote!(&'a str), "&'a str"),
            (quote!(&'a mut T), "&'a mut T"),
            (
                quote!(impl Future<Output = Result<()>> + Send),
                "impl Future<Output = Result<()>> + Send",
            ),
            (
                quote!(std::collections::HashMap<String, Vec<u8>>),
                "std::collections::HashMap<String, Vec<u8>>",
            ),
            (
                quote!(::core::result::Result<T, E>),
                "::core::result::Result<T, E>",
            ),
            (quote!([u8; 4]), "[u8; 4]"),
            (quote!((u8, u16)), "(u8, u16)"),
            (quote!(fn(u8) -> u8), "fn(u8) -> u8"),
            (
                quote!(Box<dyn Fn() + Send + 'static>),
                "Box<dyn Fn() + Send + 'static>",
            ),
            (quote!(<T as Trait>::Assoc), "<T as Trait>::Assoc"),
            (quote!(*const T), "*const T"),
            (quote!(T: ?Sized), "T: ?Sized"),
            (quote!(Option<&'static str>), "Option<&'static str>"),
            (quote!(T: 'a + Send), "T: 'a + Send"),
        ];
        for (tokens, expected) in cases {
            assert_eq!(code(&tokens), expected);
        }
    }
}
