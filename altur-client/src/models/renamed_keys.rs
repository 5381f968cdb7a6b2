//! Decoding a struct whose keys the API spells more than one way, when a body may carry several
//! spellings at once.
//!
//! `#[serde(alias)]` maps every spelling to one field, so a body with two of them is a
//! "duplicate field" error. The models that rename keys derive `DeserializeWithAliases` instead:
//! it keeps the `alias` attributes where readers expect them and decodes through
//! [`deserialize`], which passes exactly one spelling of each field to the derived code.
//!
//! When a body has several spellings of a field, a value wins over `null`, and among values the
//! spelling the model writes (its field name or `rename`) wins over its aliases, and earlier
//! aliases over later ones, wherever each appears in the body. The values of renamed fields are
//! held as `serde_json::Value`s until the body ends; every other key streams through untouched.

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// The spellings of one field: the one the model writes, then its aliases in order of
/// precedence.
#[derive(Debug)]
pub struct RenamedKey {
    /// The spelling the model serializes, which wins over the aliases when a body has several.
    pub key: &'static str,
    /// The other spellings the field is read from, the first one winning over the next.
    pub aliases: &'static [&'static str],
}

/// Implemented by `DeserializeWithAliases` for the models whose keys have several spellings, so
/// tests can list them.
pub trait RenamedKeys {
    /// Every field that has aliases.
    const RENAMED_KEYS: &'static [RenamedKey];
}

/// Runs `derived`, the derived deserializer of a struct whose `alias` attributes were removed,
/// with every alias in `renamed` read as its field, and only the winning spelling passed on.
pub fn deserialize<'de, D, T>(
    deserializer: D,
    renamed: &'static [RenamedKey],
    derived: impl FnOnce(Renaming<D>) -> Result<T, D::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    derived(Renaming {
        inner: deserializer,
        renamed,
    })
}

/// A deserializer that hands the derived visitor a map with one spelling per field.
#[derive(Debug)]
pub struct Renaming<D> {
    inner: D,
    renamed: &'static [RenamedKey],
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Renaming<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(RenamingVisitor {
            inner: visitor,
            renamed: self.renamed,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_struct(
            name,
            fields,
            RenamingVisitor {
                inner: visitor,
                renamed: self.renamed,
            },
        )
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

struct RenamingVisitor<V> {
    inner: V,
    renamed: &'static [RenamedKey],
}

impl<'de, V: Visitor<'de>> Visitor<'de> for RenamingVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(RenamingMap {
            inner: map,
            renamed: self.renamed,
            held: (0..self.renamed.len()).map(|_| None).collect(),
            ended: false,
            next_value: None,
        })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }
}

struct RenamingMap<A> {
    inner: A,
    renamed: &'static [RenamedKey],
    /// The best spelling of each renamed field read so far.
    held: Vec<Option<Spelling>>,
    /// Whether the body's keys have all been read, so only held fields remain.
    ended: bool,
    /// The value of the held field just passed on.
    next_value: Option<Value>,
}

/// One spelling of a renamed field, with its value.
struct Spelling {
    /// 0 for the field's key, then 1, 2, ... for its aliases in order.
    rank: usize,
    value: Value,
}

impl Spelling {
    /// Whether `self` wins over `other`: a value wins over `null`, then the lower rank.
    fn wins_over(&self, other: &Spelling) -> bool {
        let key = |spelling: &Spelling| (spelling.value.is_null(), spelling.rank);
        key(self) < key(other)
    }
}

impl<A> RenamingMap<A> {
    /// The renamed field `key` spells, and the rank of that spelling.
    fn renamed_field(&self, key: &str) -> Option<(usize, usize)> {
        self.renamed
            .iter()
            .enumerate()
            .find_map(|(field, renamed)| {
                if renamed.key == key {
                    return Some((field, 0));
                }
                let alias = renamed.aliases.iter().position(|alias| *alias == key)?;
                Some((field, alias + 1))
            })
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for RenamingMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while !self.ended {
            let Some(key) = self.inner.next_key_seed(KeySeed)? else {
                self.ended = true;
                break;
            };
            let Some((field, rank)) = self.renamed_field(key.as_str()) else {
                return match key {
                    Key::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
                    Key::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
                }
                .map(Some);
            };
            // Any spelling may still follow, so every one is held until the end of the body.
            let spelling = Spelling {
                rank,
                value: self.inner.next_value()?,
            };
            let held = &mut self.held[field];
            if held.as_ref().is_none_or(|held| spelling.wins_over(held)) {
                *held = Some(spelling);
            }
        }
        // The end of the body: pass on the winning spelling of each renamed field, under its key.
        let Some(field) = self.held.iter().position(Option::is_some) else {
            return Ok(None);
        };
        self.next_value = self.held[field].take().map(|spelling| spelling.value);
        seed.deserialize(StrDeserializer::new(self.renamed[field].key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.next_value.take() {
            None => self.inner.next_value_seed(seed),
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A key of the body, borrowed from the input when the format allows it.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key))
    }
}
