//! [`Value`]: the data that flows through the CLI.
//!
//! It mirrors what botocore hands the AWS CLI: Python dicts, lists and
//! scalars, where structures and maps keep their order (model member order
//! for structures, wire order for maps), blobs are bytes and timestamps are
//! instants that still remember how the wire wrote them, because
//! `cli_timestamp_format = wire` prints them untouched.
use indexmap::IndexMap;

/// One value: a parameter, a request input, a parsed response or part of one.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    Blob(Vec<u8>),
    Timestamp(Timestamp),
    List(Vec<Value>),
    /// A structure (members in model order) or a map (entries in wire order).
    Map(IndexMap<String, Value>),
}

impl Value {
    /// An empty map, the input of an operation called without parameters.
    pub fn empty_map() -> Value {
        Value::Map(IndexMap::new())
    }

    pub fn as_map(&self) -> Option<&IndexMap<String, Value>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_map_mut(&mut self) -> Option<&mut IndexMap<String, Value>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The member `key` of a map, if this is a map that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_map().and_then(|m| m.get(key))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A point in time, as a protocol parser or the user gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Timestamp {
    /// Whole seconds since the Unix epoch (UTC), rounded down.
    pub seconds: i64,
    /// Nanoseconds past `seconds`, below 1e9.
    pub nanos: u32,
    /// The UTC offset in seconds the value was written with. `None` when the
    /// wire gave a bare epoch number: the reference shows those in the local
    /// time zone (`datetime.fromtimestamp(v, tzlocal())`).
    pub offset: Option<i32>,
    /// The value exactly as it was on the wire, if it came from a response.
    pub wire: Option<WireValue>,
}

/// How a timestamp was written on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum WireValue {
    /// A JSON or CBOR number, as its decimal text (`1795743167.741`).
    Number(String),
    /// A string (`2026-11-27T01:22:33.786231Z`, an HTTP date, or digits in a header).
    Text(String),
}

impl Timestamp {
    /// A timestamp from epoch seconds with a fractional part.
    pub fn from_epoch_f64(epoch: f64) -> Timestamp {
        let seconds = epoch.floor();
        let nanos = ((epoch - seconds) * 1e9).round().clamp(0.0, 999_999_999.0) as u32;
        Timestamp {
            seconds: seconds as i64,
            nanos,
            offset: None,
            wire: None,
        }
    }

    /// Seconds since the epoch as a float (what epoch-seconds serializers send).
    pub fn as_epoch_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / 1e9
    }
}
