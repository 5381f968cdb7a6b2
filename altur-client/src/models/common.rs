//! Pieces every resource's models share: string enums that survive new values, and timestamps
//! in the shapes the API sends.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Declares an enum of the strings the API documents, plus `Other(String)` for values it adds
/// later, so that decoding never fails on a new value. Serializes back to the same string.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
            /// A value this version of the crate does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire $(| $alias)* => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok($name::from(&*value))
            }
        }
    };
}

pub(crate) use string_enum;

/// A point in time as the API sends it: RFC 3339 (`2023-11-07T05:31:56Z`,
/// `2026-06-08T14:23:15.482000-06:00`), or `YYYY-MM-DD HH:MM:SS` without a zone (as in
/// `last_call_at`), which is read as UTC. Serializes as RFC 3339.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<FixedOffset>);

impl Timestamp {
    /// Parses any of the accepted shapes.
    pub fn parse(text: &str) -> Option<Timestamp> {
        if let Ok(time) = DateTime::parse_from_rfc3339(text) {
            return Some(Timestamp(time));
        }
        ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
            // RFC 3339 has four-digit years only, so a year outside them could not be written
            // back in the form this type serializes to.
            .filter(|naive| (0..=9999).contains(&naive.year()))
            .map(|naive| Timestamp(naive.and_utc().fixed_offset()))
    }

    /// The time with the offset it was sent with.
    pub fn as_datetime(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

impl From<DateTime<FixedOffset>> for Timestamp {
    fn from(time: DateTime<FixedOffset>) -> Self {
        Timestamp(time)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Timestamp::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "invalid timestamp `{text}`: expected RFC 3339 or `YYYY-MM-DD HH:MM:SS`"
            ))
        })
    }
}

// Deserializers for the places where the API is loose about types.

/// An id that is a string or an integer, as text: the API does not say which it is for tags,
/// users and integrations.
pub(crate) fn string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    deserializer.deserialize_any(IdVisitor)
}

pub(crate) fn optional_string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_option(OptionalId)
}

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id (a string or an integer)")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }
}

struct OptionalId;

impl<'de> Visitor<'de> for OptionalId {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id (a string or an integer) or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        string_or_number(deserializer).map(Some)
    }
}

/// A `date-time` field that may be missing, `null` or `""` (all `None`); any other text must be
/// a [`Timestamp`].
pub(crate) fn optional_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => Timestamp::parse(&text).map(Some).ok_or_else(|| {
            de::Error::custom(format_args!(
                "invalid timestamp `{text}`: expected RFC 3339 or `YYYY-MM-DD HH:MM:SS`"
            ))
        }),
    }
}

/// A list that may also be `null`.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A duration in whole seconds: an integer, a decimal (rounded), digits, or `MM:SS` /
/// `HH:MM:SS` text (`"00:46"` is 46 seconds); `null` and `""` are `None`.
pub(crate) fn optional_seconds<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    deserializer.deserialize_any(SecondsVisitor)
}

struct SecondsVisitor;

impl<'de> Visitor<'de> for SecondsVisitor {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a duration in seconds (an integer, or `MM:SS` / `HH:MM:SS` text)")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Some(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        u64::try_from(value)
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        if value.is_finite() && (0.0..=u64::MAX as f64).contains(&value) {
            // In range and finite, so the cast neither saturates nor wraps.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok(Some(value.round() as u64))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(value), &self))
        }
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        parse_clock(text)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
    }
}

/// `"270"`, `"04:30"` or `"1:04:30"` as seconds; every field after the first is below 60.
fn parse_clock(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|part| part.is_empty() || !part.bytes().all(|byte| byte.is_ascii_digit()))
    {
        return None;
    }
    let mut total: u64 = 0;
    for (index, part) in parts.iter().enumerate() {
        let value: u64 = part.parse().ok()?;
        if index > 0 && value >= 60 {
            return None;
        }
        total = total.checked_mul(60)?.checked_add(value)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    string_enum! {
        /// A test enum.
        pub enum Color {
            /// Red.
            Red = "red",
            /// Blue, also spelled the old way.
            Blue = "blue" | "BLUE",
        }
    }

    #[test]
    fn string_enums_keep_unknown_values() {
        let colors: Vec<Color> = serde_json::from_str(r#"["red", "BLUE", "green"]"#).unwrap();
        assert_eq!(
            colors,
            [Color::Red, Color::Blue, Color::Other("green".into())]
        );
        assert_eq!(
            serde_json::to_string(&colors).unwrap(),
            r#"["red","blue","green"]"#
        );
        assert_eq!(Color::Blue.to_string(), "blue");
    }

    #[test]
    fn timestamps_in_every_documented_shape() {
        let cases = [
            ("2023-11-07T05:31:56Z", "2023-11-07T05:31:56+00:00"),
            (
                "2026-06-08T14:23:15.482000-06:00",
                "2026-06-08T14:23:15.482-06:00",
            ),
            ("2025-10-03 19:11:39", "2025-10-03T19:11:39+00:00"),
            ("2025-10-03T19:11:39", "2025-10-03T19:11:39+00:00"),
        ];
        for (text, rfc3339) in cases {
            let parsed: Timestamp = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(parsed.to_string(), rfc3339, "{text}");
            let again: Timestamp =
                serde_json::from_value(serde_json::to_value(parsed).unwrap()).unwrap();
            assert_eq!(again, parsed);
        }
        for garbage in [
            "",
            "yesterday",
            "2025-13-01 00:00:00",
            "12",
            "-0001-01-01 00:00:00",
            "+10000-01-01 00:00:00",
        ] {
            assert!(
                serde_json::from_value::<Timestamp>(serde_json::json!(garbage)).is_err(),
                "{garbage}"
            );
        }
    }
}
