//! Reading what HTML forms post. A form sends text only: an empty number field posts `""`, an
//! unticked checkbox posts nothing, a list of people may come as `ids[]=1&ids[]=2` (the picker) or
//! as `1, 2` typed into one field (without the browser's code). These read all of them.

use serde::{Deserialize, Deserializer, Serialize};

/// Numbers given as a list (`ids[]=…`, JSON arrays) or as one text of numbers separated by commas,
/// spaces or 、 (as typed into the people field without the picker).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IdList(pub Vec<i64>);

impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Many(Vec<Text>),
            One(Text),
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Text {
            N(i64),
            S(String),
        }
        fn numbers(t: Text, out: &mut Vec<i64>) -> Result<(), String> {
            match t {
                Text::N(n) => out.push(n),
                Text::S(s) => {
                    for part in s.split([',', '，', '、', ' ', '\n', ';', '；']).map(str::trim).filter(|p| !p.is_empty()) {
                        out.push(part.parse().map_err(|_| format!("“{part}”不是人员编号"))?);
                    }
                }
            }
            Ok(())
        }
        let mut out = Vec::new();
        match Either::deserialize(d)? {
            Either::Many(list) => {
                for t in list {
                    numbers(t, &mut out).map_err(serde::de::Error::custom)?;
                }
            }
            Either::One(t) => numbers(t, &mut out).map_err(serde::de::Error::custom)?,
        }
        out.retain(|n| *n != 0);
        out.sort_unstable();
        out.dedup();
        Ok(IdList(out))
    }
}

/// An optional number from a form field: `""` (or only spaces) is none.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        N(i64),
        S(String),
    }
    match Option::<V>::deserialize(d)? {
        None => Ok(None),
        Some(V::N(n)) => Ok(Some(n)),
        Some(V::S(s)) if s.trim().is_empty() => Ok(None),
        Some(V::S(s)) => s.trim().parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// A checkbox: ticked posts `true` (or `on`, its default value), unticked posts nothing.
pub fn checkbox<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        B(bool),
        S(String),
    }
    Ok(match Option::<V>::deserialize(d)? {
        None => false,
        Some(V::B(b)) => b,
        Some(V::S(s)) => matches!(s.as_str(), "true" | "on" | "1" | "yes"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq, Default)]
    #[serde(default)]
    struct F {
        ids: IdList,
        #[serde(deserialize_with = "opt_i64")]
        n: Option<i64>,
        #[serde(deserialize_with = "checkbox")]
        on: bool,
    }

    fn qs(s: &str) -> Result<F, serde_qs::Error> {
        serde_qs::from_str(s)
    }

    #[test]
    fn forms_read_as_typed_or_as_picked() {
        assert_eq!(qs("ids[]=3&ids[]=1&n=&on=on").unwrap(), F { ids: IdList(vec![1, 3]), n: None, on: true });
        assert_eq!(qs("ids=12,%2045、7&n=5").unwrap(), F { ids: IdList(vec![7, 12, 45]), n: Some(5), on: false });
        assert_eq!(qs("").unwrap(), F::default());
        assert!(qs("ids=12,abc").is_err());
        assert!(qs("n=x").is_err());
        let j: F = serde_json::from_str(r#"{"ids":[5,5,2],"n":3,"on":true}"#).unwrap();
        assert_eq!(j, F { ids: IdList(vec![2, 5]), n: Some(3), on: true });
    }
}
