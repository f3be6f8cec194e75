//! A small XML tree: written as Python's `ElementTree.tostring` writes it
//! (botocore builds rest-xml bodies with ElementTree), and read from a
//! response with quick-xml into elements named by their local name, as
//! botocore's parsers see them after stripping `{namespace}`.
//! Spec: <https://www.w3.org/TR/xml/>, and the restXml binding
//! <https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html>.
use quick_xml::events::Event;
use quick_xml::Reader;

mod expat;

pub use expat::XmlError;

/// One element.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    /// The tag: as written when building, the local name when read.
    pub name: String,
    /// Attributes with their qualified names (`xmlns:xsi`, `xsi:type`).
    pub attributes: Vec<(String, String)>,
    /// The text directly inside the element (ElementTree's `.text`).
    pub text: Option<String>,
    pub children: Vec<Element>,
}

impl Element {
    pub fn new(name: impl Into<String>) -> Element {
        Element {
            name: name.into(),
            ..Element::default()
        }
    }

    pub fn with_text(name: impl Into<String>, text: impl Into<String>) -> Element {
        Element {
            name: name.into(),
            text: Some(text.into()),
            ..Element::default()
        }
    }

    /// Sets an attribute, replacing one of the same name in place.
    pub fn set_attribute(&mut self, name: &str, value: &str) {
        match self.attributes.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value.to_owned(),
            None => self.attributes.push((name.to_owned(), value.to_owned())),
        }
    }

    /// The text, `""` when empty (botocore's `_text_content`).
    pub fn text_content(&self) -> &str {
        self.text.as_deref().unwrap_or("")
    }

    /// `ElementTree.tostring(element, encoding="utf-8")`.
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (k, v) in &self.attributes {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            escape_attribute(out, v);
            out.push('"');
        }
        let text = self.text.as_deref().unwrap_or("");
        if text.is_empty() && self.children.is_empty() {
            out.push_str(" />");
            return;
        }
        out.push('>');
        escape_text(out, text);
        for child in &self.children {
            child.write(out);
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

fn escape_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

fn escape_attribute(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#09;"),
            _ => out.push(c),
        }
    }
}

/// The local part of a qualified name.
pub fn local_name(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// Parses a document into its root element. A malformed document fails
/// with the error expat (botocore's parser) reports for it.
pub fn parse_document(bytes: &[u8]) -> Result<Element, XmlError> {
    read_document(bytes).map_err(|(message, offset)| {
        // quick-xml's wording and position are its own; expat's are what
        // the user of the reference CLI sees.
        expat::diagnose(bytes).unwrap_or_else(|| {
            let (line, column) = expat::position(bytes, offset);
            XmlError {
                message,
                line,
                column,
            }
        })
    })
}

/// [`parse_document`] with quick-xml's error and the byte offset it
/// stopped at.
fn read_document(bytes: &[u8]) -> Result<Element, (String, usize)> {
    let text =
        std::str::from_utf8(bytes).map_err(|e| (format!("not UTF-8: {e}"), e.valid_up_to()))?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    read_events(&mut reader).map_err(|message| {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        (message, offset)
    })
}

fn read_events(reader: &mut Reader<&[u8]>) -> Result<Element, String> {
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let start = |e: &quick_xml::events::BytesStart<'_>| -> Result<Element, String> {
        let qname = std::str::from_utf8(e.name().as_ref())
            .map_err(|err| err.to_string())?
            .to_owned();
        let mut el = Element::new(local_name(&qname));
        for attr in e.attributes() {
            let attr = attr.map_err(|err| err.to_string())?;
            let key = std::str::from_utf8(attr.key.as_ref())
                .map_err(|err| err.to_string())?
                .to_owned();
            let value = attr.unescape_value().map_err(|err| err.to_string())?;
            el.attributes.push((key, value.into_owned()));
        }
        Ok(el)
    };
    let push_text = |stack: &mut Vec<Element>, s: &str| {
        if let Some(top) = stack.last_mut() {
            // Only text before the first child is `.text`; later text is a
            // child's tail, which botocore never reads.
            if top.children.is_empty() {
                top.text.get_or_insert_with(String::new).push_str(s);
            }
        }
    };
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                if root.is_some() {
                    return Err("junk after document element".to_owned());
                }
                stack.push(start(&e)?);
            }
            Event::Empty(e) => {
                let el = start(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err("junk after document element".to_owned()),
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| e.to_string())?;
                if stack.is_empty() {
                    if !s.trim().is_empty() {
                        return Err("text outside the document element".to_owned());
                    }
                } else {
                    push_text(&mut stack, &s);
                }
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t.into_inner()).into_owned();
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("no element found".to_owned());
    }
    root.ok_or_else(|| "no element found".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_xml_matches_elementtree() {
        let mut root = Element::new("A");
        root.children.push(Element::with_text("B", ""));
        let mut c = Element::with_text("C", "x<>&\"");
        c.set_attribute("q", "a\"<\n");
        root.children.push(c);
        assert_eq!(
            root.to_xml(),
            r#"<A><B /><C q="a&quot;&lt;&#10;">x&lt;&gt;&amp;"</C></A>"#
        );
    }

    #[test]
    fn parse_document_strips_prefixes() {
        let root = parse_document(
            br#"<?xml version="1.0"?><a:Root xmlns:a="u"><a:B x="1">t&amp;</a:B><C/></a:Root>"#,
        )
        .unwrap();
        assert_eq!(root.name, "Root");
        assert_eq!(root.children[0].name, "B");
        assert_eq!(root.children[0].text_content(), "t&");
        assert_eq!(root.children[1].text_content(), "");
    }
}
