//! Pieces every resource's models share: string enums that survive new values, and timestamps
//! in the shapes the API sends.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
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
        for garbage in ["", "yesterday", "2025-13-01 00:00:00", "12"] {
            assert!(
                serde_json::from_value::<Timestamp>(serde_json::json!(garbage)).is_err(),
                "{garbage}"
            );
        }
    }
}
