//! The typed form of an `#[altur_api]` trait, built from syn and checked before expansion.

use crate::attr::{
    HeaderAttribute, Method, RouteAttribute, is_header_attribute, is_route_attribute,
};
use crate::errors::{Errors, code};
use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{
    Attribute, FnArg, GenericArgument, Ident, Item, ItemTrait, Pat, PathArguments, ReturnType,
    Signature, TraitItem, TraitItemFn, Type,
};

/// An annotated trait.
pub(crate) struct Api {
    /// The user's trait with its methods' route attributes removed.
    pub(crate) item: ItemTrait,
    pub(crate) endpoints: Vec<Endpoint>,
    /// Methods with a default body and no route, which pass through unchanged: helpers that
    /// call the routes.
    pub(crate) provided: Vec<TraitItemFn>,
}

/// One method of the trait: what it declares, and its route attribute.
pub(crate) struct Endpoint {
    pub(crate) declaration: Declaration,
    /// The route as parsed: its placeholders name parameters until `check` binds them.
    pub(crate) attribute: RouteAttribute,
}

/// A method as the trait declares it, without its route attribute.
pub(crate) struct Declaration {
    /// The method's attributes other than the route (docs, lints).
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) sig: Signature,
    pub(crate) params: Vec<Param>,
    pub(crate) output: Output,
}

/// A method parameter other than the receiver.
pub(crate) struct Param {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    /// `#[header("..")]`: the parameter is sent as this header.
    pub(crate) header: Option<HeaderAttribute>,
}

impl Param {
    /// The name placeholders use: `type` for `r#type`.
    pub(crate) fn name(&self) -> String {
        self.ident.unraw().to_string()
    }
}

/// `Result<T, E>` or `Result<T>` as written by the user.
pub(crate) struct Output {
    pub(crate) ty: Type,
    pub(crate) ok: Type,
    pub(crate) shape: Shape,
}

/// How a `2xx` response becomes the `Ok` value, from how `T` is spelled.
#[derive(Debug, PartialEq)]
pub(crate) enum Shape {
    /// `T`: the JSON body.
    Json(Box<Type>),
    /// `()`: any `2xx`, body ignored.
    Unit,
    /// `Bytes`: the raw body.
    Raw,
    /// `Response<T>`: status and headers, with `T` in one of the other shapes.
    Response(Box<Shape>),
}

impl Shape {
    fn of(ty: &Type) -> Shape {
        match ty {
            Type::Tuple(tuple) if tuple.elems.is_empty() => Shape::Unit,
            Type::Paren(inner) => Shape::of(&inner.elem),
            Type::Path(path) if path.qself.is_none() => {
                let Some(last) = path.path.segments.last() else {
                    return Shape::Json(Box::new(ty.clone()));
                };
                match &last.arguments {
                    PathArguments::None if last.ident == "Bytes" => Shape::Raw,
                    PathArguments::AngleBracketed(arguments)
                        if last.ident == "Response" && arguments.args.len() == 1 =>
                    {
                        match arguments.args.first() {
                            Some(GenericArgument::Type(inner)) => {
                                Shape::Response(Box::new(Shape::of(inner)))
                            }
                            _ => Shape::Json(Box::new(ty.clone())),
                        }
                    }
                    _ => Shape::Json(Box::new(ty.clone())),
                }
            }
            _ => Shape::Json(Box::new(ty.clone())),
        }
    }

    /// Whether decoding reads the body, which a `HEAD` response does not have.
    pub(crate) fn reads_body(&self) -> bool {
        match self {
            Shape::Json(_) | Shape::Raw => true,
            Shape::Unit => false,
            Shape::Response(inner) => inner.reads_body(),
        }
    }
}

/// An [`Api`] whose endpoints are all bound: only `check` builds one, and expansion reads
/// nothing else.
pub(crate) struct BoundApi<'a> {
    pub(crate) item: &'a ItemTrait,
    pub(crate) endpoints: Vec<BoundEndpoint<'a>>,
    pub(crate) provided: &'a [TraitItemFn],
}

/// An endpoint whose placeholders, body and headers each hold the parameter they send, so that
/// expansion looks nothing up and cannot name a parameter that does not exist.
pub(crate) struct BoundEndpoint<'a> {
    pub(crate) declaration: &'a Declaration,
    pub(crate) method: Method,
    pub(crate) template: &'a str,
    /// The route literal's.
    pub(crate) route_span: Span,
    pub(crate) path: Vec<BoundPathPart<'a>>,
    pub(crate) query: Vec<BoundQueryPart<'a>>,
    pub(crate) headers: Vec<BoundHeader<'a>>,
    /// The parameter sent as the JSON body.
    pub(crate) body: Option<BoundBody<'a>>,
    pub(crate) timeout_ms: Option<u64>,
    pub(crate) total_timeout_ms: Option<u64>,
}

/// [`PathPart`](crate::route::PathPart) with its placeholder bound.
pub(crate) enum BoundPathPart<'a> {
    Literal(&'a str),
    Param(&'a Param),
}

/// [`QueryPart`](crate::route::QueryPart) with its placeholder bound.
pub(crate) enum BoundQueryPart<'a> {
    Constant {
        key: &'a str,
        value: &'a str,
        span: Span,
    },
    Param {
        key: &'a str,
        param: &'a Param,
        /// The part's, `key=<param>`.
        span: Span,
    },
    Struct(&'a Param),
}

/// `data = "<param>"`, bound.
pub(crate) struct BoundBody<'a> {
    pub(crate) param: &'a Param,
    /// The placeholder's.
    pub(crate) span: Span,
}

/// A parameter sent as a header.
pub(crate) struct BoundHeader<'a> {
    pub(crate) param: &'a Param,
    pub(crate) header: &'a HeaderAttribute,
}

impl Api {
    /// Builds the IR; every shape problem goes to `errors`, and methods that have one are left
    /// out of `endpoints` so that later stages only see well-formed ones.
    pub(crate) fn from_syn(item: Item, errors: &mut Errors) -> Option<Api> {
        let Item::Trait(mut item) = item else {
            let (keyword, kind) = item_kind(&item);
            errors.spanned(
                keyword,
                format_args!("`#[altur_api]` can only be applied to a trait, found {kind}"),
            );
            return None;
        };
        if let Some(unsafety) = &item.unsafety {
            errors.spanned(unsafety, "`#[altur_api]` traits cannot be `unsafe`");
        }
        if !item.generics.params.is_empty() {
            errors.spanned(
                &item.generics,
                "`#[altur_api]` traits cannot be generic; put generics on the methods instead",
            );
        } else if let Some(where_clause) = &item.generics.where_clause {
            errors.spanned(
                where_clause.where_token,
                "`#[altur_api]` traits cannot have a `where` clause; put bounds on the methods instead",
            );
        }
        let mut endpoints = Vec::new();
        let mut provided = Vec::new();
        for trait_item in &mut item.items {
            match trait_item {
                TraitItem::Fn(method) if is_provided(method) => provided.push(method.clone()),
                TraitItem::Fn(method) => {
                    if let Some(endpoint) = Endpoint::from_syn(method, errors) {
                        endpoints.push(endpoint);
                    }
                    method.attrs.retain(|attr| !is_route_attribute(attr));
                }
                other => errors.spanned(
                    &*other,
                    "`#[altur_api]` traits can only contain methods; move this item to another trait",
                ),
            }
        }
        Some(Api {
            item,
            endpoints,
            provided,
        })
    }
}

/// A method with a default body and no route: the user's own, left as written.
pub(crate) fn is_provided(method: &TraitItemFn) -> bool {
    method.default.is_some() && !method.attrs.iter().any(is_route_attribute)
}

impl Endpoint {
    fn from_syn(method: &TraitItemFn, errors: &mut Errors) -> Option<Endpoint> {
        let sig = &method.sig;
        let name = &sig.ident;
        let route = route_attribute(method, errors);
        if let Some(body) = &method.default {
            errors.spanned(
                body,
                format_args!(
                    "method `{name}` has a route, so its implementation is generated; remove \
                     this body, or remove the route to keep `{name}` as a provided method"
                ),
            );
        }
        check_qualifiers(sig, errors);
        check_receiver(sig, errors);
        let output = if sig.asyncness.is_some() {
            Output::from_syn(sig, errors)
        } else if let ReturnType::Type(_, ty) = &sig.output
            && let Type::ImplTrait(_) = &**ty
        {
            // The desugared form of `async fn`: one mistake, so one error.
            errors.spanned(
                sig.fn_token,
                format_args!(
                    "method `{name}` must be an `async fn`; expected \
                     `async fn {name}(&self, ..) -> Result<T, altur_client::Error>`"
                ),
            );
            None
        } else {
            errors.spanned(
                sig.fn_token,
                format_args!(
                    "method `{name}` must be `async`; expected `async fn {name}(&self, ..)`"
                ),
            );
            Output::from_syn(sig, errors)
        };
        let params = params(sig, errors);
        // Shape errors above do not stop the IR from being built, so that the route is still
        // checked against the parameters and every mistake of the method is reported at once.
        Some(Endpoint {
            declaration: Declaration {
                attrs: method
                    .attrs
                    .iter()
                    .filter(|attr| !is_route_attribute(attr))
                    .cloned()
                    .collect(),
                sig: sig.clone(),
                params: params?,
                output: output?,
            },
            attribute: route?,
        })
    }
}

fn route_attribute(method: &TraitItemFn, errors: &mut Errors) -> Option<RouteAttribute> {
    let name = &method.sig.ident;
    let mut route_attrs = method.attrs.iter().filter(|attr| is_route_attribute(attr));
    let Some(first) = route_attrs.next() else {
        errors.spanned(
            name,
            format_args!(
                "method `{name}` has no route attribute; expected `#[get(\"/path\")]` or another \
                 verb: `post`, `put`, `patch`, `delete`, `head`; or give it a default body to \
                 keep it as a provided method"
            ),
        );
        return None;
    };
    let mut duplicated = false;
    for extra in route_attrs {
        duplicated = true;
        errors.spanned(
            extra,
            format_args!("method `{name}` has more than one route attribute; expected exactly one"),
        );
    }
    let parsed = RouteAttribute::parse(first, errors);
    if duplicated { None } else { parsed }
}

fn check_qualifiers(sig: &Signature, errors: &mut Errors) {
    let name = &sig.ident;
    if let Some(token) = &sig.constness {
        errors.spanned(token, format_args!("method `{name}` cannot be `const`"));
    }
    if let Some(token) = &sig.unsafety {
        errors.spanned(token, format_args!("method `{name}` cannot be `unsafe`"));
    }
    if let Some(abi) = &sig.abi {
        errors.spanned(abi, format_args!("method `{name}` cannot have an ABI"));
    }
    if let Some(variadic) = &sig.variadic {
        errors.spanned(variadic, format_args!("method `{name}` cannot be variadic"));
    }
}

/// `&self` is the only receiver: the client is shared, and endpoints never consume it.
fn check_receiver(sig: &Signature, errors: &mut Errors) {
    let name = &sig.ident;
    match sig.inputs.first() {
        Some(FnArg::Receiver(receiver)) => {
            let is_shared_ref = receiver.reference.is_some()
                && receiver.mutability.is_none()
                && receiver.colon_token.is_none();
            if !is_shared_ref {
                errors.spanned(
                    receiver,
                    format_args!(
                        "expected `&self`, found `{}`; endpoints take the client by shared reference",
                        code(receiver)
                    ),
                );
            }
        }
        _ => errors.at(
            sig.paren_token.span.join(),
            format_args!("method `{name}` must take `&self` as its first parameter"),
        ),
    }
}

fn params(sig: &Signature, errors: &mut Errors) -> Option<Vec<Param>> {
    let mut params = Vec::new();
    let mut ok = true;
    for input in &sig.inputs {
        let FnArg::Typed(typed) = input else { continue };
        let mut header = None;
        for attr in &typed.attrs {
            if !is_header_attribute(attr) {
                errors.spanned(
                    attr,
                    "unsupported attribute on a parameter; expected `#[header(\"Name\")]`",
                );
                ok = false;
            } else if header.is_some() {
                errors.spanned(
                    attr,
                    "a parameter is sent as one header; remove this attribute",
                );
                ok = false;
            } else {
                header = HeaderAttribute::parse(attr, errors);
                ok &= header.is_some();
            }
        }
        match &*typed.pat {
            Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                params.push(Param {
                    ident: pat.ident.clone(),
                    ty: (*typed.ty).clone(),
                    header,
                });
            }
            pattern => {
                errors.spanned(pattern, "expected a parameter name, found a pattern");
                ok = false;
            }
        }
    }
    ok.then_some(params)
}

impl Output {
    fn from_syn(sig: &Signature, errors: &mut Errors) -> Option<Output> {
        let name = &sig.ident;
        let ReturnType::Type(_, ty) = &sig.output else {
            errors.spanned(
                name,
                format_args!(
                    "method `{name}` has no return type; expected `-> Result<T, altur_client::Error>`"
                ),
            );
            return None;
        };
        match result_ok_type(ty) {
            Some(ok) => Some(Output {
                ty: (**ty).clone(),
                ok: ok.clone(),
                shape: Shape::of(ok),
            }),
            None => {
                errors.spanned(
                    ty,
                    format_args!(
                        "expected `Result<T, altur_client::Error>` or `altur_client::Result<T>`, found `{}`",
                        code(ty)
                    ),
                );
                None
            }
        }
    }
}

/// `T` of a type spelled `Result<T>` or `Result<T, E>` (any path ending in `Result`).
fn result_ok_type(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    if arguments.args.len() > 2 {
        return None;
    }
    match arguments.args.first()? {
        GenericArgument::Type(ok) => Some(ok),
        _ => None,
    }
}

/// The token that names the kind of item, so "not a trait" points at `struct`, `fn`, ..., and
/// what to call it in the message.
fn item_kind(item: &Item) -> (proc_macro2::TokenStream, &'static str) {
    match item {
        Item::Struct(item) => (item.struct_token.to_token_stream(), "a struct"),
        Item::Enum(item) => (item.enum_token.to_token_stream(), "an enum"),
        Item::Union(item) => (item.union_token.to_token_stream(), "a union"),
        Item::Fn(item) => (item.sig.fn_token.to_token_stream(), "a function"),
        Item::Impl(item) => (item.impl_token.to_token_stream(), "an `impl` block"),
        Item::Mod(item) => (item.mod_token.to_token_stream(), "a module"),
        Item::Type(item) => (item.type_token.to_token_stream(), "a type alias"),
        Item::TraitAlias(item) => (item.trait_token.to_token_stream(), "a trait alias"),
        Item::Const(item) => (item.const_token.to_token_stream(), "a constant"),
        Item::Static(item) => (item.static_token.to_token_stream(), "a static"),
        Item::Use(item) => (item.use_token.to_token_stream(), "a `use` declaration"),
        Item::ExternCrate(item) => (item.crate_token.to_token_stream(), "an `extern crate`"),
        Item::ForeignMod(item) => (item.abi.to_token_stream(), "an `extern` block"),
        Item::Macro(item) => (item.mac.path.to_token_stream(), "a macro invocation"),
        other => (other.to_token_stream(), "another item"),
    }
}

#[cfg(test)]
mod tests {
    use super::Shape;
    use syn::parse_quote;

    #[test]
    fn shapes_follow_the_spelling_of_the_ok_type() {
        assert_eq!(Shape::of(&parse_quote!(())), Shape::Unit);
        assert_eq!(Shape::of(&parse_quote!(Bytes)), Shape::Raw);
        assert_eq!(Shape::of(&parse_quote!(altur_client::Bytes)), Shape::Raw);
        assert_eq!(
            Shape::of(&parse_quote!(Response<()>)),
            Shape::Response(Box::new(Shape::Unit))
        );
        assert_eq!(
            Shape::of(&parse_quote!(altur_client::Response<Bytes>)),
            Shape::Response(Box::new(Shape::Raw))
        );
        assert_eq!(
            Shape::of(&parse_quote!(Response<Vec<u8>>)),
            Shape::Response(Box::new(Shape::Json(Box::new(parse_quote!(Vec<u8>)))))
        );
        assert_eq!(
            Shape::of(&parse_quote!(Vec<u8>)),
            Shape::Json(Box::new(parse_quote!(Vec<u8>)))
        );
        assert_eq!(
            Shape::of(&parse_quote!(Bytes<u8>)),
            Shape::Json(Box::new(parse_quote!(Bytes<u8>)))
        );
        assert!(!Shape::of(&parse_quote!(Response<()>)).reads_body());
        assert!(Shape::of(&parse_quote!(Response<Bytes>)).reads_body());
    }
}
