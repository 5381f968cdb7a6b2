//! `#[altur_api(spec = "openapi/api.yaml")]`: every route of the trait checked, at expansion
//! time, against an operation of an OpenAPI 3 document.
//!
//! The document is read and parsed once per expansion, from the file as it is now: nothing is
//! cached across expansions, so a long-lived compiler process (rust-analyzer) never checks
//! against an old copy. The expansion includes the file's bytes, so that cargo rebuilds the
//! crate when the document changes.

mod check;
mod document;

use crate::errors::Errors;
use document::Document;
use proc_macro2::TokenStream;
use quote::quote_spanned;
use std::path::PathBuf;
use syn::LitStr;

/// The `spec = ".."` argument and, when it could be read, its document.
pub(crate) struct Spec {
    /// The path as written: messages name it, and errors about the document point at it.
    literal: LitStr,
    /// The file, resolved against the crate's manifest directory.
    file: Option<PathBuf>,
    /// `None` when the file could not be read or parsed (reported already).
    document: Option<Document>,
}

impl Spec {
    /// Reads and parses the document, reporting at the literal any reason it cannot be used.
    pub(crate) fn load(literal: LitStr, errors: &mut Errors) -> Spec {
        let shown = literal.value();
        let mut spec = Spec {
            literal,
            file: None,
            document: None,
        };
        if shown.trim().is_empty() {
            errors.spanned(
                &spec.literal,
                "expected the path of an OpenAPI document, relative to the crate's \
                 `Cargo.toml`, as in `spec = \"openapi/api.yaml\"`",
            );
            return spec;
        }
        // Cargo sets it for every crate it compiles, and for the macros that expand in it.
        let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
            errors.spanned(
                &spec.literal,
                format_args!(
                    "cannot find `{shown}`: `spec` paths are relative to the crate's `Cargo.toml`, \
                     and `CARGO_MANIFEST_DIR` is not set; build with cargo"
                ),
            );
            return spec;
        };
        let file = PathBuf::from(manifest_dir).join(&shown);
        let text = match read_bounded(&file) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                errors.spanned(
                    &spec.literal,
                    format_args!(
                        "`{shown}` is larger than {} MiB; expected an OpenAPI document",
                        MAX_DOCUMENT_SIZE >> 20
                    ),
                );
                return spec;
            }
            Err(error) => {
                errors.spanned(
                    &spec.literal,
                    format_args!(
                        "cannot read `{shown}` (relative to the crate's `Cargo.toml`): {}",
                        io_reason(&error)
                    ),
                );
                return spec;
            }
        };
        spec.file = Some(file);
        let Ok(text) = String::from_utf8(text) else {
            errors.spanned(
                &spec.literal,
                format_args!("`{shown}` is not UTF-8 text; expected an OpenAPI document"),
            );
            return spec;
        };
        match Document::parse(&text) {
            Ok(document) => spec.document = Some(document),
            Err(problems) => {
                for problem in problems {
                    errors.spanned(&spec.literal, format_args!("in `{shown}`: {problem}"));
                }
            }
        }
        spec
    }

    /// `const _: usize = include_bytes!("/abs/path").len();`, which makes the document an input
    /// of the crate: cargo rebuilds it, and expands the trait again, whenever the file changes.
    /// Only the length is kept, so the crate's metadata holds one copy of the document per
    /// trait, not two.
    pub(crate) fn track(&self) -> TokenStream {
        let Some(path) = self.file.as_ref().and_then(|file| file.to_str()) else {
            return TokenStream::new();
        };
        let span = self.literal.span();
        quote_spanned! {span=>
            const _: usize = ::core::include_bytes!(#path).len();
        }
    }
}

/// Far above any real API description (Altur's whole API is under 100 KiB), so that a path to
/// something endless, such as a device, is an error rather than a hung build.
const MAX_DOCUMENT_SIZE: u64 = 32 << 20;

/// The file's bytes, `None` when it is larger than [`MAX_DOCUMENT_SIZE`].
fn read_bounded(file: &std::path::Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::fs::File::open(file)?
        .take(MAX_DOCUMENT_SIZE + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_DOCUMENT_SIZE).then_some(bytes))
}

/// The OS's reason without the `(os error 2)` suffix, which differs between platforms.
fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => error.to_string(),
    }
}
