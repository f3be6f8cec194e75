//! `aws help topics` and `aws help <topic>`.
//!
//! The AWS CLI ships its topics as ReST files (`awscli/topics/*.rst`, indexed
//! by `topic-tags.json`). Ours are written for this project, in
//! `src/topics/*.txt`, with the same topics, section structure and lists of
//! settings and values. They use a small line format, read by
//! [`parse_topic`]:
//!
//! - `# Heading` starts a section, `## Heading` a sub-heading;
//! - `* text` is a bullet (continuation lines are indented two spaces);
//! - lines indented four spaces are literal (examples);
//! - other lines are paragraph text; blank lines separate blocks;
//! - `` `x` `` is bold (a command or value), `_x_` is underlined.
use crate::page::{depth, Block, HelpPage, Section, Span};
use crate::HelpError;

/// One topic: its name, category, one-line description, title and text.
struct Topic {
    name: &'static str,
    category: &'static str,
    description: &'static str,
    title: &'static str,
    text: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        name: "config-vars",
        category: "General",
        description: "Configuration Variables for the AWS CLI",
        title: "AWS CLI Configuration Variables",
        text: include_str!("topics/config-vars.txt"),
    },
    Topic {
        name: "return-codes",
        category: "General",
        description: "Describes the various return codes of the AWS CLI",
        title: "AWS CLI Return Codes",
        text: include_str!("topics/return-codes.txt"),
    },
    Topic {
        name: "s3-config",
        category: "S3",
        description: "Advanced configuration for AWS S3 Commands",
        title: "AWS CLI S3 Configuration",
        text: include_str!("topics/s3-config.txt"),
    },
    Topic {
        name: "s3-faq",
        category: "S3",
        description: "Frequently Asked Questions for Amazon S3 in the AWS CLI",
        title: "AWS CLI S3 FAQ",
        text: include_str!("topics/s3-faq.txt"),
    },
    Topic {
        name: "ddb-expressions",
        category: "ddb",
        description: "Details on the expression syntax for the ddb commands",
        title: "AWS DDB Expressions",
        text: include_str!("topics/ddb-expressions.txt"),
    },
];

/// The names of every topic, sorted.
pub fn topic_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = TOPICS.iter().map(|t| t.name).collect();
    names.sort_unstable();
    names
}

/// `aws help topics`: the topics by category (categories sorted as the
/// AWS CLI sorts them: by byte value, so `General`, `S3`, `ddb`).
pub fn topic_list() -> HelpPage {
    let mut categories: Vec<&str> = TOPICS.iter().map(|t| t.category).collect();
    categories.sort_unstable();
    categories.dedup();
    let mut blocks = Vec::new();
    for category in categories {
        blocks.push(Block::Subheading(category.to_owned()));
        let mut topics: Vec<&Topic> = TOPICS.iter().filter(|t| t.category == category).collect();
        topics.sort_by_key(|t| t.name);
        for t in topics {
            blocks.push(Block::Bullet {
                indent: 0,
                spans: vec![
                    Span::plain(t.name),
                    Span::plain(format!(": {}", t.description)),
                ],
            });
        }
    }
    let title = "AWS CLI Topic Guide";
    HelpPage {
        title: title.to_owned(),
        sections: vec![
            Section::new("Name", vec![Block::text(0, format!("{title} -"))]),
            Section::new(
                "Description",
                vec![Block::paragraph(
                    0,
                    vec![
                        Span::plain(
                            "The topic guide explains parts of the AWS CLI in more depth than \
                             the help of a single command. ",
                        ),
                        Span::bold("aws help topics"),
                        Span::plain(" lists the topics; "),
                        Span::bold("aws help topicname"),
                        Span::plain(" shows one, where topicname is a name from the list below."),
                    ],
                )],
            ),
            Section::new("Available Topics", blocks),
        ],
    }
}

/// `aws help <name>`.
pub fn topic(name: &str) -> Result<HelpPage, HelpError> {
    let topic = TOPICS
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| HelpError::UnknownTopic(name.to_owned()))?;
    Ok(parse_topic(topic.title, topic.text))
}

/// Reads the topic line format (see the module documentation). Text before
/// the first `#` heading goes under NAME, after the title, as the
/// reference's topics do.
fn parse_topic(title: &str, text: &str) -> HelpPage {
    let mut sections = vec![Section::new(
        "Name",
        vec![Block::text(0, format!("{title} -"))],
    )];
    let mut paragraph: Vec<String> = Vec::new();
    let mut bullet: Option<Vec<String>> = None;
    let mut literal: Vec<String> = Vec::new();

    fn flush(
        sections: &mut [Section],
        paragraph: &mut Vec<String>,
        bullet: &mut Option<Vec<String>>,
        literal: &mut Vec<String>,
    ) {
        let Some(section) = sections.last_mut() else {
            return;
        };
        if !paragraph.is_empty() {
            section
                .blocks
                .push(Block::paragraph(0, inline(&paragraph.join(" "))));
            paragraph.clear();
        }
        if let Some(lines) = bullet.take() {
            section.blocks.push(Block::Bullet {
                indent: 0,
                spans: inline(&lines.join(" ")),
            });
        }
        if !literal.is_empty() {
            while literal.last().is_some_and(|l| l.is_empty()) {
                literal.pop();
            }
            section.blocks.push(Block::Literal {
                indent: depth(1),
                lines: std::mem::take(literal),
            });
        }
    }

    for line in text.lines() {
        if let Some(code) = line.strip_prefix("    ") {
            if literal.is_empty() {
                flush(&mut sections, &mut paragraph, &mut bullet, &mut literal);
            }
            literal.push(code.to_owned());
            continue;
        }
        if line.trim().is_empty() {
            if literal.is_empty() {
                flush(&mut sections, &mut paragraph, &mut bullet, &mut literal);
            } else {
                literal.push(String::new());
            }
            continue;
        }
        if !literal.is_empty() {
            flush(&mut sections, &mut paragraph, &mut bullet, &mut literal);
        }
        if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut sections, &mut paragraph, &mut bullet, &mut literal);
            if let Some(section) = sections.last_mut() {
                section
                    .blocks
                    .push(Block::Subheading(heading.trim().to_owned()));
            }
        } else if let Some(heading) = line.strip_prefix("# ") {
            flush(&mut sections, &mut paragraph, &mut bullet, &mut literal);
            sections.push(Section::new(heading.trim(), Vec::new()));
        } else if let Some(item) = line.strip_prefix("* ") {
            flush(&mut sections, &mut paragraph, &mut bullet, &mut literal);
            bullet = Some(vec![item.trim().to_owned()]);
        } else if let (Some(lines), Some(more)) = (bullet.as_mut(), line.strip_prefix("  ")) {
            lines.push(more.trim().to_owned());
        } else {
            if bullet.is_some() {
                flush(&mut sections, &mut paragraph, &mut bullet, &mut literal);
            }
            paragraph.push(line.trim().to_owned());
        }
    }
    flush(&mut sections, &mut paragraph, &mut bullet, &mut literal);
    HelpPage {
        title: title.to_owned(),
        sections,
    }
}

/// `` `bold` `` and `_underlined_` inside topic text.
fn inline(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let marker = match c {
            '`' => Some('`'),
            // `_` marks emphasis only at a word start (not in snake_case).
            '_' if i == 0 || text[..i].ends_with([' ', '(']) => Some('_'),
            _ => None,
        };
        if let Some(m) = marker {
            if let Some(end) = text[i + 1..].find(m) {
                if !plain.is_empty() {
                    spans.push(Span::plain(std::mem::take(&mut plain)));
                }
                let inner = &text[i + 1..i + 1 + end];
                spans.push(if m == '`' {
                    Span::bold(inner)
                } else {
                    Span::underline(inner)
                });
                while chars.peek().is_some_and(|(j, _)| *j <= i + 1 + end) {
                    chars.next();
                }
                continue;
            }
        }
        plain.push(c);
    }
    if !plain.is_empty() {
        spans.push(Span::plain(plain));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_parses_with_sections() {
        for name in topic_names() {
            let page = topic(name).unwrap();
            assert_eq!(page.headings()[0], "NAME", "{name}");
            assert!(
                page.sections[0].blocks.len() > 1,
                "{name} has no introduction"
            );
        }
    }

    #[test]
    fn topic_list_groups_by_category() {
        let page = topic_list();
        assert_eq!(page.headings(), ["NAME", "DESCRIPTION", "AVAILABLE TOPICS"]);
        let subheadings: Vec<String> = page.sections[2]
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Subheading(_)))
            .map(Block::plain_text)
            .collect();
        assert_eq!(subheadings, ["General", "S3", "ddb"]);
    }

    #[test]
    fn inline_markup() {
        assert_eq!(
            inline("run `aws configure` in _any_ shell, max_queue_size"),
            vec![
                Span::plain("run "),
                Span::bold("aws configure"),
                Span::plain(" in "),
                Span::underline("any"),
                Span::plain(" shell, max_queue_size"),
            ]
        );
    }

    #[test]
    fn unknown_topic_is_an_error() {
        assert!(matches!(topic("nope"), Err(HelpError::UnknownTopic(_))));
    }
}
