//! Arguments of the attribute itself: `#[altur_api(crate = "path")]`.

use crate::runtime::Runtime;
use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;

pub(crate) fn parse(args: TokenStream) -> syn::Result<Runtime> {
    let mut krate = None;
    let parser = syn::meta::parser(|meta: ParseNestedMeta| {
        if meta.path.is_ident("crate") {
            let path: syn::LitStr = meta.value()?.parse()?;
            krate = Some(path.parse::<syn::Path>()?);
            Ok(())
        } else {
            let key = quote::ToTokens::to_token_stream(&meta.path).to_string();
            Err(meta.error(format_args!(
                "unknown `#[altur_api]` argument `{key}`; expected `crate = \"path\"`"
            )))
        }
    });
    syn::parse::Parser::parse2(parser, args)?;
    Ok(krate.map(Runtime::new).unwrap_or_default())
}
