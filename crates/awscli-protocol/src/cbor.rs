//! A small CBOR (RFC 8949, <https://www.rfc-editor.org/rfc/rfc8949>)
//! encoder and decoder covering what `smithy-rpc-v2-cbor` uses: integers,
//! byte and text strings (definite and indefinite), arrays, maps, tag 1
//! (epoch timestamps), booleans, null/undefined and half/single/double floats.
//! Encoding follows botocore's `CBORSerializer` (shortest integer heads,
//! definite lengths, special floats as half precision).

/// A decoded CBOR data item.
#[derive(Debug, Clone, PartialEq)]
pub enum Cbor {
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer, `-1 - n`.
    Negative(u64),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Cbor>),
    Map(Vec<(Cbor, Cbor)>),
    Tag(u64, Box<Cbor>),
    Bool(bool),
    Null,
    Undefined,
    Float(f64),
}

impl Cbor {
    /// The entry `key` of a map with text keys.
    pub fn get(&self, key: &str) -> Option<&Cbor> {
        match self {
            Cbor::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| matches!(k, Cbor::Text(t) if t == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Cbor::Null | Cbor::Undefined)
    }
}

// ---- encoding ----

pub fn write_head(out: &mut Vec<u8>, major: u8, value: u64) {
    let major = major << 5;
    if value < 24 {
        out.push(major | value as u8);
    } else if value < 0x100 {
        out.push(major | 24);
        out.push(value as u8);
    } else if value < 0x1_0000 {
        out.push(major | 25);
        out.extend_from_slice(&(value as u16).to_be_bytes());
    } else if value < 0x1_0000_0000 {
        out.push(major | 26);
        out.extend_from_slice(&(value as u32).to_be_bytes());
    } else {
        out.push(major | 27);
        out.extend_from_slice(&value.to_be_bytes());
    }
}

pub fn write_int(out: &mut Vec<u8>, value: i64) {
    if value >= 0 {
        write_head(out, 0, value as u64);
    } else {
        write_head(out, 1, (-1 - value) as u64);
    }
}

pub fn write_text(out: &mut Vec<u8>, s: &str) {
    write_head(out, 3, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

pub fn write_bytes(out: &mut Vec<u8>, b: &[u8]) {
    write_head(out, 2, b.len() as u64);
    out.extend_from_slice(b);
}

pub fn write_bool(out: &mut Vec<u8>, b: bool) {
    out.push(if b { 0xf5 } else { 0xf4 });
}

/// NaN and infinities go out as half floats, as botocore writes them.
fn write_special(out: &mut Vec<u8>, f: f64) -> bool {
    let half: u16 = if f.is_nan() {
        0x7e00
    } else if f == f64::INFINITY {
        0x7c00
    } else if f == f64::NEG_INFINITY {
        0xfc00
    } else {
        return false;
    };
    out.push(0xf9);
    out.extend_from_slice(&half.to_be_bytes());
    true
}

pub fn write_f32(out: &mut Vec<u8>, f: f64) {
    if !write_special(out, f) {
        out.push(0xfa);
        out.extend_from_slice(&(f as f32).to_be_bytes());
    }
}

pub fn write_f64(out: &mut Vec<u8>, f: f64) {
    if !write_special(out, f) {
        out.push(0xfb);
        out.extend_from_slice(&f.to_be_bytes());
    }
}

// ---- decoding ----

/// Decodes one data item from the whole of `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Cbor, String> {
    let mut d = Decoder { bytes, pos: 0 };
    d.item(0)
}

struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
}

fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = (bits >> 10) & 0x1f;
    let mant = f64::from(bits & 0x3ff);
    sign * match exp {
        0 => mant * 2f64.powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + mant / 1024.0) * 2f64.powi(i32::from(e) - 15),
    }
}

impl Decoder<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(
                "End of stream reached; this indicates a malformed CBOR response from the server",
            )?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn uint(&mut self, info: u8) -> Result<u64, String> {
        Ok(match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.take(1)?[0]),
            25 => u64::from(u16::from_be_bytes(
                self.take(2)?.try_into().map_err(|_| "short read")?,
            )),
            26 => u64::from(u32::from_be_bytes(
                self.take(4)?.try_into().map_err(|_| "short read")?,
            )),
            27 => u64::from_be_bytes(self.take(8)?.try_into().map_err(|_| "short read")?),
            _ => return Err(format!("unparsable additional info {info} for an integer")),
        })
    }

    fn at_break(&mut self) -> bool {
        if self.bytes.get(self.pos) == Some(&0xff) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn string_bytes(&mut self, major: u8, info: u8) -> Result<Vec<u8>, String> {
        if info != 31 {
            let len = self.uint(info)? as usize;
            return Ok(self.take(len)?.to_vec());
        }
        let mut out = Vec::new();
        loop {
            if self.at_break() {
                return Ok(out);
            }
            let head = self.take(1)?[0];
            if head >> 5 != major {
                return Err("chunk of the wrong type in an indefinite string".to_owned());
            }
            let len = self.uint(head & 0x1f)? as usize;
            out.extend_from_slice(self.take(len)?);
        }
    }

    fn item(&mut self, depth: usize) -> Result<Cbor, String> {
        if depth > 512 {
            return Err("nesting too deep".to_owned());
        }
        let head = self.take(1)?[0];
        let (major, info) = (head >> 5, head & 0x1f);
        Ok(match major {
            0 => Cbor::Unsigned(self.uint(info)?),
            1 => Cbor::Negative(self.uint(info)?),
            2 => Cbor::Bytes(self.string_bytes(2, info)?),
            3 => Cbor::Text(
                String::from_utf8(self.string_bytes(3, info)?).map_err(|e| e.to_string())?,
            ),
            4 => {
                let mut items = Vec::new();
                if info == 31 {
                    while !self.at_break() {
                        items.push(self.item(depth + 1)?);
                    }
                } else {
                    for _ in 0..self.uint(info)? {
                        items.push(self.item(depth + 1)?);
                    }
                }
                Cbor::Array(items)
            }
            5 => {
                let mut entries = Vec::new();
                if info == 31 {
                    while !self.at_break() {
                        let k = self.item(depth + 1)?;
                        entries.push((k, self.item(depth + 1)?));
                    }
                } else {
                    for _ in 0..self.uint(info)? {
                        let k = self.item(depth + 1)?;
                        entries.push((k, self.item(depth + 1)?));
                    }
                }
                Cbor::Map(entries)
            }
            6 => {
                let tag = self.uint(info)?;
                Cbor::Tag(tag, Box::new(self.item(depth + 1)?))
            }
            _ => match info {
                20 => Cbor::Bool(false),
                21 => Cbor::Bool(true),
                22 => Cbor::Null,
                23 => Cbor::Undefined,
                25 => Cbor::Float(half_to_f64(u16::from_be_bytes(
                    self.take(2)?.try_into().map_err(|_| "short read")?,
                ))),
                26 => Cbor::Float(f64::from(f32::from_be_bytes(
                    self.take(4)?.try_into().map_err(|_| "short read")?,
                ))),
                27 => Cbor::Float(f64::from_be_bytes(
                    self.take(8)?.try_into().map_err(|_| "short read")?,
                )),
                _ => {
                    return Err(format!(
                        "Invalid additional info found for major type 7: {info}"
                    ))
                }
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_indefinite_map_and_half_float() {
        // {_ "a": 1.5 (half), "b": [_ h'01']}
        let bytes = [
            0xbf, 0x61, b'a', 0xf9, 0x3e, 0x00, 0x61, b'b', 0x9f, 0x41, 0x01, 0xff, 0xff,
        ];
        let v = decode(&bytes).unwrap();
        assert_eq!(v.get("a"), Some(&Cbor::Float(1.5)));
        assert_eq!(v.get("b"), Some(&Cbor::Array(vec![Cbor::Bytes(vec![1])])));
    }

    #[test]
    fn write_int_uses_shortest_head() {
        let mut out = Vec::new();
        write_int(&mut out, 500);
        write_int(&mut out, -1);
        assert_eq!(out, [0x19, 0x01, 0xf4, 0x20]);
    }
}
