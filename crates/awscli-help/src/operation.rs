//! Operation and waiter pages: `aws <service> <operation> help` and
//! `aws <service> wait <waiter> help`.
//!
//! Follows `awscli/clidocs.py:OperationDocumentEventHandler`: NAME,
//! DESCRIPTION (model documentation, the API reference cross-link, the
//! document-type and pagination notes), SYNOPSIS (every argument, then the
//! global options), OPTIONS (type, documentation, streaming and tagged-union
//! notes, enum values, the nested members, shorthand and JSON syntax
//! examples), GLOBAL OPTIONS and OUTPUT (the output members as a tree).
//! The EXAMPLES section of the reference comes from its own ReST files,
//! which we do not ship.
use awscli_args::{xform_name, ArgTable, ArgumentKind, MemberAction, PageType};
use awscli_model::{Docs, MemberRef, Operation, Service, Shape, ShapeType, Waiter};

use crate::globals;
use crate::html;
use crate::page::{depth, Block, HelpPage, Section, Span};
use crate::HelpError;

/// One argument of an operation, as help shows it. This mirrors the
/// argument table of `awscli-args` (`ArgTable::arguments`, hidden ones left
/// out), so the caller maps each `CliArgument` to one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpArgument {
    /// The name without dashes (`role-arn`, `no-dry-run`, `outfile`).
    pub name: String,
    pub kind: HelpArgumentKind,
    /// Shown without brackets in the synopsis (`required` or
    /// `document_as_required` of the argument table).
    pub required: bool,
}

/// What a [`HelpArgument`] sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpArgumentKind {
    /// A member of the input structure. `negated` is the `--no-x` half of a
    /// boolean pair; both halves are listed together.
    Member {
        member: String,
        negated: bool,
    },
    /// The positional file a streaming output is written to.
    Outfile,
    CliInputJson,
    CliInputYaml,
    GenerateCliSkeleton,
    StartingToken,
    /// `--page-size` and `--max-items` take the type of the paginator's
    /// limit key.
    PageSize(PageType),
    MaxItems(PageType),
    /// An argument a customization adds to a model operation (`ec2
    /// get-password-data --priv-launch-key`), with its type and description.
    Extra {
        type_name: &'static str,
        description: &'static str,
    },
}

impl HelpArgument {
    fn cli_name(&self) -> String {
        match self.kind {
            HelpArgumentKind::Outfile => self.name.clone(),
            _ => format!("--{}", self.name),
        }
    }

    /// Arguments listed under one entry: a boolean's `--x | --no-x`, and
    /// `--cli-input-json | --cli-input-yaml`.
    fn group(&self) -> Option<String> {
        match &self.kind {
            HelpArgumentKind::Member { member, .. } => Some(format!("member:{member}")),
            HelpArgumentKind::CliInputJson | HelpArgumentKind::CliInputYaml => {
                Some("cli-input".to_owned())
            }
            _ => None,
        }
    }
}

/// The arguments help lists, from an `awscli-args` table: every argument
/// that is not hidden, in table order.
pub fn arguments_from_table(table: &ArgTable) -> Vec<HelpArgument> {
    table
        .arguments
        .iter()
        .filter(|a| !a.hidden)
        .map(|a| HelpArgument {
            name: a.name.clone(),
            kind: match &a.kind {
                ArgumentKind::Member { member, action, .. } => HelpArgumentKind::Member {
                    member: member.clone(),
                    negated: *action == MemberAction::StoreFalse,
                },
                ArgumentKind::Outfile { .. } => HelpArgumentKind::Outfile,
                ArgumentKind::CliInputJson => HelpArgumentKind::CliInputJson,
                ArgumentKind::CliInputYaml => HelpArgumentKind::CliInputYaml,
                ArgumentKind::GenerateCliSkeleton => HelpArgumentKind::GenerateCliSkeleton,
                ArgumentKind::StartingToken => HelpArgumentKind::StartingToken,
                ArgumentKind::PageSize(t) => HelpArgumentKind::PageSize(*t),
                ArgumentKind::MaxItems(t) => HelpArgumentKind::MaxItems(*t),
                ArgumentKind::Custom(c) => HelpArgumentKind::Extra {
                    type_name: c.type_name(),
                    description: c.documentation(),
                },
            },
            required: a.required || a.document_as_required,
        })
        .collect()
}

/// [`arguments_from_table`] of `ArgTable::for_operation(service,
/// operation, paginated)`.
pub fn arguments_from_model(
    service: &Service,
    operation: &Operation,
    paginated: bool,
) -> Result<Vec<HelpArgument>, HelpError> {
    let table = ArgTable::for_operation(service, operation, paginated)?;
    Ok(arguments_from_table(&table))
}

/// The page of `aws <service_cli_name> <operation> help`. `operation_name`
/// is the model name (`AssumeRole`).
pub fn operation_help(
    service_cli_name: &str,
    service: &Service,
    docs: &Docs,
    operation_name: &str,
    arguments: &[HelpArgument],
) -> Result<HelpPage, HelpError> {
    let operation = service.operation(operation_name)?;
    let command = xform_name(operation_name);
    let writer = Writer {
        command: service_cli_name,
        service,
        docs,
    };
    let mut description = html::to_blocks(
        docs.operations
            .get(operation_name)
            .map(String::as_str)
            .unwrap_or(""),
        0,
        false,
    );
    description.extend(writer.crosslink(operation_name));
    if writer.uses_document_types(operation)? {
        description.push(Block::paragraph(
            0,
            vec![
                Span::bold(command.clone()),
                Span::plain(
                    " uses document type values. Document types follow the JSON data model \
                     where valid values are: strings, numbers, booleans, null, arrays, and \
                     objects. For command input, options and nested parameters that are \
                     labeled with the type document must be provided as JSON. Shorthand \
                     syntax does not support document types.",
                ),
            ],
        ));
    }
    description.extend(writer.pagination_note(&command, operation, arguments)?);
    let mut sections = vec![
        Section::new("Name", vec![Block::text(0, format!("{command} -"))]),
        Section::new("Description", description),
    ];
    sections.extend(writer.argument_sections(&command, operation, arguments)?);
    sections.push(Section::new("Output", writer.output(operation)?));
    Ok(HelpPage {
        title: command,
        sections,
    })
}

/// The page of `aws <service_cli_name> wait <waiter> help`. `waiter_name`
/// is the model name (`InstanceRunning`); `arguments` are those of the
/// waiter's operation.
pub fn waiter_help(
    service_cli_name: &str,
    service: &Service,
    docs: &Docs,
    waiter_name: &str,
    arguments: &[HelpArgument],
) -> Result<HelpPage, HelpError> {
    let waiter = service
        .waiter(waiter_name)?
        .ok_or_else(|| HelpError::UnknownWaiter {
            service: service.name.clone(),
            waiter: waiter_name.to_owned(),
        })?;
    let operation = service.operation(&waiter.operation)?;
    let command = xform_name(waiter_name);
    let writer = Writer {
        command: service_cli_name,
        service,
        docs,
    };
    let mut description = vec![Block::paragraph(0, waiter_description(waiter))];
    description.extend(writer.crosslink(&waiter.operation));
    description.extend(writer.pagination_note(&command, operation, arguments)?);
    let mut sections = vec![
        Section::new("Name", vec![Block::text(0, format!("{command} -"))]),
        Section::new("Description", description),
    ];
    sections.extend(writer.argument_sections(&command, operation, arguments)?);
    sections.push(Section::new("Output", vec![Block::text(0, "None")]));
    Ok(HelpPage {
        title: command,
        sections,
    })
}

/// `awscli/customizations/waiters.py:WaiterStateDocBuilder`: what success
/// looks like, the operation polled, the delay and the attempts.
fn waiter_description(waiter: &Waiter) -> Vec<Span> {
    let mut spans = vec![Span::plain("Wait until ")];
    if let Some(acceptor) = waiter.acceptors.iter().find(|a| a.state == "success") {
        let expected = python_str(&acceptor.expected);
        let argument = acceptor.argument.clone().unwrap_or_default();
        let text = match acceptor.matcher.as_str() {
            "error" => format!("{expected} is thrown "),
            "path" => format!("JMESPath query {argument} returns {expected} "),
            "pathAll" => format!("JMESPath query {argument} returns {expected} for all elements "),
            "pathAny" => format!("JMESPath query {argument} returns {expected} for any element "),
            "status" => format!("{expected} response is received "),
            _ => String::new(),
        };
        spans.push(Span::plain(text));
    }
    spans.push(Span::plain("when polling with "));
    spans.push(Span::bold(xform_name(&waiter.operation)));
    spans.push(Span::plain(format!(
        ". It will poll every {} seconds until a successful state has been reached. This will \
         exit with a return code of 255 after {} failed checks.",
        waiter.delay, waiter.max_attempts
    )));
    spans
}

/// A JSON value as Python's `str()` shows it (`True`, `200`, `running`).
fn python_str(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(true) => "True".to_owned(),
        serde_json::Value::Bool(false) => "False".to_owned(),
        serde_json::Value::Null => "None".to_owned(),
        other => other.to_string(),
    }
}

/// Builds the parts of a page from one service's model and docs.
pub(crate) struct Writer<'a> {
    /// The CLI command of the service (`s3api`), for per-command quirks.
    pub command: &'a str,
    pub service: &'a Service,
    pub docs: &'a Docs,
}

const SCALARS: &[ShapeType] = &[
    ShapeType::String,
    ShapeType::Float,
    ShapeType::Integer,
    ShapeType::Long,
    ShapeType::Boolean,
    ShapeType::Double,
    ShapeType::Blob,
    ShapeType::Timestamp,
    ShapeType::Bigdecimal,
    ShapeType::Biginteger,
    ShapeType::Byte,
    ShapeType::Short,
    ShapeType::Character,
];

fn is_scalar(shape: &Shape) -> bool {
    SCALARS.contains(&shape.kind)
}

fn type_name(kind: ShapeType) -> &'static str {
    match kind {
        ShapeType::Structure => "structure",
        ShapeType::List => "list",
        ShapeType::Map => "map",
        ShapeType::String => "string",
        ShapeType::Integer => "integer",
        ShapeType::Long => "long",
        ShapeType::Float => "float",
        ShapeType::Double => "double",
        ShapeType::Boolean => "boolean",
        ShapeType::Timestamp => "timestamp",
        ShapeType::Blob => "blob",
        ShapeType::Bigdecimal => "bigdecimal",
        ShapeType::Biginteger => "biginteger",
        ShapeType::Byte => "byte",
        ShapeType::Short => "short",
        ShapeType::Character => "character",
    }
}

impl Writer<'_> {
    /// `clidocs.py:_get_argument_type_name`.
    fn argument_type_name(&self, member: Option<&MemberRef>, shape: &Shape) -> String {
        if member.is_some_and(|m| m.jsonvalue) {
            return "JSON".to_owned();
        }
        if shape.document {
            return "document".to_owned();
        }
        if shape.kind == ShapeType::Blob && (shape.streaming || member.is_some_and(|m| m.streaming))
        {
            return "streaming blob".to_owned();
        }
        if shape.union {
            return "tagged union structure".to_owned();
        }
        type_name(shape.kind).to_owned()
    }

    /// The documentation of a member: its own, else its target shape's
    /// (botocore merges the reference's traits over the shape's).
    fn member_doc(&self, parent: Option<&str>, member: &str, target: &Shape) -> &str {
        parent
            .and_then(|p| self.docs.shapes.get(p))
            .and_then(|d| d.members.get(member))
            .or_else(|| {
                self.docs
                    .shapes
                    .get(&target.name)
                    .and_then(|d| d.doc.as_ref())
            })
            .map(String::as_str)
            .unwrap_or("")
    }

    fn crosslink(&self, operation_name: &str) -> Vec<Block> {
        match &self.service.metadata.uid {
            Some(_) => vec![Block::paragraph(
                0,
                vec![
                    Span::plain("See also: "),
                    Span::underline("AWS API Documentation"),
                ],
            )],
            None => {
                let _ = operation_name;
                Vec::new()
            }
        }
    }

    fn pagination_note(
        &self,
        command: &str,
        operation: &Operation,
        arguments: &[HelpArgument],
    ) -> Result<Vec<Block>, HelpError> {
        if !arguments
            .iter()
            .any(|a| a.kind == HelpArgumentKind::StartingToken)
        {
            return Ok(Vec::new());
        }
        let Some(paginator) = self.service.paginator(&operation.name)? else {
            return Ok(Vec::new());
        };
        let keys = paginator
            .result_key
            .as_ref()
            .map(|k| k.to_vec().join(", "))
            .unwrap_or_default();
        Ok(vec![Block::paragraph(
            0,
            vec![
                Span::bold(command),
                Span::plain(
                    " is a paginated operation. Multiple API calls may be issued in order to \
                     retrieve the entire data set of results. You can disable pagination by \
                     providing the ",
                ),
                Span::bold("--no-paginate"),
                Span::plain(" argument. When using "),
                Span::bold("--output text"),
                Span::plain(" and the "),
                Span::bold("--query"),
                Span::plain(
                    " argument on a paginated response, the --query argument must extract \
                     data from the results of the following query expressions: ",
                ),
                Span::bold(keys),
            ],
        )])
    }

    fn uses_document_types(&self, operation: &Operation) -> Result<bool, HelpError> {
        let mut seen = Vec::new();
        for root in [&operation.input, &operation.output].into_iter().flatten() {
            if self.reaches_document(&root.shape, &mut seen)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn reaches_document(&self, name: &str, seen: &mut Vec<String>) -> Result<bool, HelpError> {
        if seen.iter().any(|s| s == name) {
            return Ok(false);
        }
        seen.push(name.to_owned());
        let shape = self.service.shape(name)?;
        if shape.document {
            return Ok(true);
        }
        let children = shape
            .members
            .values()
            .chain(shape.member.iter())
            .chain(shape.key.iter())
            .chain(shape.value.iter());
        for child in children {
            if self.reaches_document(&child.shape, seen)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// SYNOPSIS, OPTIONS and GLOBAL OPTIONS.
    fn argument_sections(
        &self,
        command: &str,
        operation: &Operation,
        arguments: &[HelpArgument],
    ) -> Result<Vec<Section>, HelpError> {
        let input = match &operation.input {
            Some(r) => Some(self.service.resolve(r)?),
            None => None,
        };
        let mut synopsis = vec![format!("  {command}")];
        let mut options = Vec::new();
        let mut done_groups: Vec<String> = Vec::new();
        for argument in arguments {
            let group = argument.group();
            let names = match &group {
                Some(g) => {
                    if done_groups.contains(g) {
                        continue;
                    }
                    done_groups.push(g.clone());
                    let members: Vec<String> = arguments
                        .iter()
                        .filter(|a| a.group().as_ref() == Some(g))
                        .map(HelpArgument::cli_name)
                        .collect();
                    members
                }
                None => vec![argument.cli_name()],
            };
            let single_member = names.len() == 1;
            let mut entry = names.join(" | ");
            if argument.kind == HelpArgumentKind::Outfile {
                entry = format!("<{entry}>");
            } else if single_member {
                entry.push_str(" <value>");
            }
            if !argument.required {
                entry = format!("[{entry}]");
            }
            synopsis.push(entry);
            options.extend(self.option(input, argument, &names)?);
        }
        synopsis.extend(globals::synopsis_lines());
        if options.is_empty() {
            options.push(Block::text(0, "None"));
        }
        Ok(vec![
            Section::new(
                "Synopsis",
                vec![Block::Literal {
                    indent: depth(1),
                    lines: synopsis,
                }],
            ),
            Section::new("Options", options),
            Section::new("Global Options", globals::option_blocks()),
        ])
    }

    fn option(
        &self,
        input: Option<&Shape>,
        argument: &HelpArgument,
        names: &[String],
    ) -> Result<Vec<Block>, HelpError> {
        let mut heading: Vec<Span> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                heading.push(Span::plain(" | "));
            }
            heading.push(Span::bold(name.clone()));
        }
        let custom = |type_name: &str, text: &str| {
            let mut heading = heading.clone();
            heading.push(Span::plain(format!(" ({type_name})")));
            vec![
                Block::paragraph(0, heading),
                Block::attached(depth(1), vec![Span::plain(text)]),
            ]
        };
        let member = match &argument.kind {
            HelpArgumentKind::Member { member, .. } => member,
            HelpArgumentKind::Outfile => {
                return Ok(custom(
                    "string",
                    "Filename where the content will be saved.",
                ))
            }
            HelpArgumentKind::CliInputJson | HelpArgumentKind::CliInputYaml => {
                return Ok(custom("string", CLI_INPUT_DOC))
            }
            HelpArgumentKind::GenerateCliSkeleton => {
                return Ok(custom("string", GENERATE_SKELETON_DOC))
            }
            HelpArgumentKind::StartingToken => return Ok(custom("string", STARTING_TOKEN_DOC)),
            HelpArgumentKind::PageSize(t) => return Ok(custom(page_type_name(*t), PAGE_SIZE_DOC)),
            HelpArgumentKind::MaxItems(t) => return Ok(custom(page_type_name(*t), MAX_ITEMS_DOC)),
            HelpArgumentKind::Extra {
                type_name,
                description,
            } => return Ok(custom(type_name, description)),
        };
        let Some((input, member_ref)) = input.and_then(|i| i.members.get(member).map(|m| (i, m)))
        else {
            return Err(HelpError::UnknownMember {
                member: member.clone(),
            });
        };
        let shape = self.service.resolve(member_ref)?;
        heading.push(Span::plain(format!(
            " ({})",
            self.argument_type_name(Some(member_ref), shape)
        )));
        let mut blocks = vec![Block::paragraph(0, heading)];
        blocks.extend(html::to_blocks(
            self.member_doc(Some(&input.name), member, shape),
            depth(1),
            true,
        ));
        if shape.kind == ShapeType::Blob && (shape.streaming || member_ref.streaming) {
            blocks.push(Block::text(depth(1), "NOTE:"));
            blocks.push(Block::attached(
                depth(2),
                vec![
                    Span::plain("This argument is of type: streaming blob. Its value must be the path to a file (e.g. "),
                    Span::bold("path/to/file"),
                    Span::plain(") and must "),
                    Span::bold("not"),
                    Span::plain(" be prefixed with "),
                    Span::bold("file://"),
                    Span::plain(" or "),
                    Span::bold("fileb://"),
                ],
            ));
        }
        if shape.union {
            blocks.extend(self.union_note(shape, depth(1)));
        }
        if let Some(values) = &shape.enum_values {
            if shape.kind == ShapeType::String && !values.is_empty() {
                blocks.push(Block::text(depth(1), "Possible values:"));
                for value in values {
                    blocks.push(Block::Bullet {
                        indent: depth(1),
                        spans: vec![Span::bold(value.clone())],
                    });
                }
            }
        }
        let mut stack = vec![shape.name.clone()];
        match shape.kind {
            ShapeType::Structure => {
                for (name, child) in &shape.members {
                    self.doc_member(&mut blocks, Some(&shape.name), name, child, 1, &mut stack)?;
                }
            }
            ShapeType::List => {
                if let Some(child) = &shape.member {
                    self.doc_member(&mut blocks, None, "", child, 1, &mut stack)?;
                }
            }
            ShapeType::Map => {
                self.doc_map_entries(&mut blocks, shape, 1, &mut stack)?;
            }
            _ => {}
        }
        blocks.extend(self.syntax_examples(argument, shape)?);
        Ok(blocks)
    }

    fn union_note(&self, shape: &Shape, indent: usize) -> Vec<Block> {
        let mut spans = vec![Span::plain(
            "This is a Tagged Union structure. Only one of the following top level keys can be set: ",
        )];
        for (i, name) in shape.members.keys().enumerate() {
            if i > 0 {
                spans.push(Span::plain(", "));
            }
            spans.push(Span::bold(name.clone()));
        }
        spans.push(Span::plain("."));
        vec![
            Block::text(indent, "NOTE:"),
            Block::attached(indent + 4, spans),
        ]
    }

    fn doc_map_entries(
        &self,
        blocks: &mut Vec<Block>,
        shape: &Shape,
        level: usize,
        stack: &mut Vec<String>,
    ) -> Result<(), HelpError> {
        if let Some(key) = &shape.key {
            let name = key
                .location_name
                .clone()
                .unwrap_or_else(|| "key".to_owned());
            self.doc_member(blocks, None, &name, key, level, stack)?;
        }
        if let Some(value) = &shape.value {
            let name = value
                .location_name
                .clone()
                .unwrap_or_else(|| "value".to_owned());
            self.doc_member(blocks, None, &name, value, level, stack)?;
        }
        Ok(())
    }

    /// `clidocs.py:_doc_member`: `Name -> (type)`, its documentation and
    /// its own members one level deeper. A shape already on the stack is
    /// shown once more, then cut as recursive.
    fn doc_member(
        &self,
        blocks: &mut Vec<Block>,
        parent: Option<&str>,
        name: &str,
        member: &MemberRef,
        level: usize,
        stack: &mut Vec<String>,
    ) -> Result<(), HelpError> {
        let shape = self.service.resolve(member)?;
        let seen = stack.iter().filter(|s| **s == shape.name).count();
        if seen > 1 {
            if shape.kind == ShapeType::Structure {
                blocks.push(Block::text(depth(level), "( ... recursive ... )"));
            }
            return Ok(());
        }
        stack.push(shape.name.clone());
        let type_name = self.argument_type_name(Some(member), shape);
        let label = if name.is_empty() {
            format!("({type_name})")
        } else {
            format!("{name} -> ({type_name})")
        };
        blocks.push(Block::text(depth(level), label));
        let doc = match parent {
            Some(_) => self.member_doc(parent, name, shape),
            None => self.member_doc(None, name, shape),
        };
        blocks.extend(html::to_blocks(doc, depth(level + 1), true));
        if shape.union {
            blocks.extend(self.union_note(shape, depth(level + 1)));
        }
        match shape.kind {
            ShapeType::Structure => {
                for (child_name, child) in &shape.members {
                    self.doc_member(
                        blocks,
                        Some(&shape.name),
                        child_name,
                        child,
                        level + 1,
                        stack,
                    )?;
                }
            }
            ShapeType::Map => self.doc_map_entries(blocks, shape, level + 1, stack)?,
            ShapeType::List => {
                if let Some(child) = &shape.member {
                    self.doc_member(blocks, None, "", child, level + 1, stack)?;
                }
            }
            _ => {}
        }
        stack.pop();
        Ok(())
    }

    /// `doc_option_example`: shorthand syntax for complex arguments, the
    /// space-separated form for lists of scalars, JSON for the rest.
    fn syntax_examples(
        &self,
        argument: &HelpArgument,
        shape: &Shape,
    ) -> Result<Vec<Block>, HelpError> {
        let mut blocks = Vec::new();
        let heading = |text: &str| Block::text(0, text);
        if self.supports_shorthand(shape)? {
            match self.shorthand_example(argument, shape)? {
                None => return Ok(blocks),
                Some(example) if !example.is_empty() => {
                    blocks.push(heading("Shorthand Syntax:"));
                    blocks.push(Block::Literal {
                        indent: depth(1),
                        lines: example.lines().map(str::to_owned).collect(),
                    });
                }
                Some(_) => {}
            }
        }
        let list_member = match (&shape.kind, &shape.member) {
            (ShapeType::List, Some(m)) => Some(self.service.resolve(m)?),
            _ => None,
        };
        match list_member {
            Some(member) if is_scalar(member) => {
                let value = json_value_name(member, false);
                let mut lines = vec![format!("{value} {value} ...")];
                if let Some(values) = member.enum_values.as_ref().filter(|v| !v.is_empty()) {
                    lines.push(String::new());
                    lines.push("Where valid values are:".to_owned());
                    lines.extend(values.iter().map(|v| format!("    {v}")));
                }
                blocks.push(heading("Syntax:"));
                blocks.push(Block::Literal {
                    indent: depth(1),
                    lines,
                });
            }
            _ if !is_scalar(shape) => {
                let mut example = CodeWriter::default();
                self.json_example(&mut example, shape, &mut Vec::new())?;
                blocks.push(heading("JSON Syntax:"));
                blocks.push(Block::Literal {
                    indent: depth(1),
                    lines: example.lines(),
                });
            }
            _ => {}
        }
        Ok(blocks)
    }

    /// `argprocess.py:_supports_shorthand_syntax`: complex, not a list of
    /// scalars, not made of document types.
    fn supports_shorthand(&self, shape: &Shape) -> Result<bool, HelpError> {
        if self.is_document_container(shape)? {
            return Ok(false);
        }
        Ok(match shape.kind {
            ShapeType::Structure | ShapeType::Map => true,
            ShapeType::List => match &shape.member {
                Some(m) => !is_scalar(self.service.resolve(m)?),
                None => false,
            },
            _ => false,
        })
    }

    /// A document, or lists and maps whose innermost values are documents.
    fn is_document_container(&self, shape: &Shape) -> Result<bool, HelpError> {
        let mut current = shape;
        for _ in 0..32 {
            if current.document {
                return Ok(true);
            }
            let next = match current.kind {
                ShapeType::List => current.member.as_ref(),
                ShapeType::Map => current.value.as_ref(),
                _ => None,
            };
            match next {
                Some(m) => current = self.service.resolve(m)?,
                None => return Ok(false),
            }
        }
        Ok(false)
    }

    /// `ParamShorthandDocGen.generate_shorthand_example`: `None` means the
    /// argument gets no syntax example at all, an empty string that the
    /// shape is too deep for shorthand.
    fn shorthand_example(
        &self,
        argument: &HelpArgument,
        shape: &Shape,
    ) -> Result<Option<String>, HelpError> {
        if shape.kind == ShapeType::List {
            if let Some(member) = &shape.member {
                let member_shape = self.service.resolve(member)?;
                if member_shape.kind == ShapeType::Structure
                    && member_shape.members.len() == 1
                    && uses_old_list_case(self.command, &argument.name)
                {
                    let name = member_shape
                        .members
                        .keys()
                        .next()
                        .cloned()
                        .unwrap_or_default();
                    let cli = argument.cli_name();
                    if shape.min == Some(1.0) && shape.max == Some(1.0) {
                        return Ok(Some(format!("{cli} {name}1")));
                    }
                    return Ok(Some(format!("{cli} {name}1 {name}2 {name}3")));
                }
                let mut stack = Vec::new();
                return Ok(Some(
                    self.shorthand_docs(member_shape, &mut stack)?
                        .map(|s| format!("{s} ..."))
                        .unwrap_or_default(),
                ));
            }
        }
        if shape.kind == ShapeType::Structure && shape.members.len() == 1 {
            if let Some(value) = shape.members.get("Value") {
                if self.service.resolve(value)?.kind == ShapeType::String {
                    return Ok(None);
                }
            }
        }
        let mut stack = Vec::new();
        Ok(Some(
            self.shorthand_docs(shape, &mut stack)?.unwrap_or_default(),
        ))
    }

    /// `_shorthand_docs`; `Ok(None)` is `TooComplexError`.
    fn shorthand_docs(
        &self,
        shape: &Shape,
        stack: &mut Vec<String>,
    ) -> Result<Option<String>, HelpError> {
        const MAX_STACK: usize = 3;
        if stack.len() > MAX_STACK {
            return Ok(None);
        }
        Ok(match shape.kind {
            ShapeType::Structure => {
                let mut parts = Vec::new();
                for (name, member) in &shape.members {
                    let child = self.service.resolve(member)?;
                    if self.is_document_container(child)? {
                        continue;
                    }
                    if stack.contains(&child.name) {
                        parts.push(format!("{name}=( ... recursive ... )"));
                        continue;
                    }
                    stack.push(child.name.clone());
                    let value = self.shorthand_docs(child, stack)?;
                    stack.pop();
                    match value {
                        Some(v) => parts.push(format!("{name}={v}")),
                        None => return Ok(None),
                    }
                }
                let inner = parts.join(",");
                Some(if stack.is_empty() {
                    inner
                } else {
                    format!("{{{inner}}}")
                })
            }
            ShapeType::List => {
                let Some(member) = &shape.member else {
                    return Ok(Some(String::new()));
                };
                let child = self.service.resolve(member)?;
                stack.push(child.name.clone());
                let element = self.shorthand_docs(child, stack)?;
                stack.pop();
                let Some(element) = element else {
                    return Ok(None);
                };
                Some(if !is_scalar(child) || stack.len() > 1 {
                    format!("[{element},{element}]")
                } else {
                    format!("{element},{element}")
                })
            }
            ShapeType::Map => {
                let value = match &shape.value {
                    Some(v) => self.service.resolve(v)?,
                    None => return Ok(Some(String::new())),
                };
                let Some(value_docs) = self.shorthand_docs(value, stack)? else {
                    return Ok(None);
                };
                let mut start = format!("KeyName1={value_docs},KeyName2={value_docs}");
                let key_enum = match &shape.key {
                    Some(k) => self.service.resolve(k)?.enum_values.clone(),
                    None => None,
                };
                match key_enum {
                    Some(values) if stack.is_empty() && !values.is_empty() => {
                        start.push_str("\n\nWhere valid key names are:\n");
                        for v in values {
                            start.push_str(&format!("  {v}\n"));
                        }
                    }
                    _ if !stack.is_empty() => start = format!("{{{start}}}"),
                    _ => {}
                }
                Some(start)
            }
            kind => Some(type_name(kind).to_owned()),
        })
    }

    /// `_json_example`: a shape already twice on the stack is cut.
    fn json_example(
        &self,
        w: &mut CodeWriter,
        shape: &Shape,
        stack: &mut Vec<String>,
    ) -> Result<(), HelpError> {
        let seen = stack.iter().filter(|s| **s == shape.name).count();
        if seen > 1 {
            if shape.kind == ShapeType::Structure {
                w.write("{ ... recursive ... }");
            }
            return Ok(());
        }
        stack.push(shape.name.clone());
        let result = self.do_json_example(w, shape, stack);
        stack.pop();
        result
    }

    fn do_json_example(
        &self,
        w: &mut CodeWriter,
        shape: &Shape,
        stack: &mut Vec<String>,
    ) -> Result<(), HelpError> {
        match shape.kind {
            ShapeType::List => {
                w.write("[");
                if let Some(member) = &shape.member {
                    let member = self.service.resolve(member)?;
                    if is_scalar(member) {
                        w.write(&format!("{}, ...", json_value_name(member, true)));
                    } else {
                        w.indent();
                        w.new_line();
                        self.json_example(w, member, stack)?;
                        w.new_line();
                        w.write("...");
                        w.dedent();
                        w.new_line();
                    }
                }
                w.write("]");
            }
            ShapeType::Map => {
                w.write("{");
                w.indent();
                if let Some(key) = &shape.key {
                    let key = self.service.resolve(key)?;
                    w.write(&format!("{}: ", json_value_name(key, true)));
                }
                if let Some(value) = &shape.value {
                    let value = self.service.resolve(value)?;
                    if is_scalar(value) {
                        w.write(&json_value_name(value, true));
                    } else {
                        w.indent();
                        self.json_example(w, value, stack)?;
                        w.dedent();
                    }
                }
                w.new_line();
                w.write("...");
                w.dedent();
                w.write("}");
            }
            ShapeType::Structure if shape.document => w.write("{...}"),
            ShapeType::Structure => {
                w.write("{");
                w.indent();
                w.new_line();
                let count = shape.members.len();
                for (i, (name, member)) in shape.members.iter().enumerate() {
                    let child = self.service.resolve(member)?;
                    if is_scalar(child) {
                        w.write(&format!("\"{name}\": {}", json_value_name(child, true)));
                    } else {
                        w.write(&format!("\"{name}\": "));
                        self.json_example(w, child, stack)?;
                    }
                    if i + 1 < count {
                        w.write(",");
                        w.new_line();
                    }
                }
                w.dedent();
                w.new_line();
                w.write("}");
            }
            _ => {}
        }
        Ok(())
    }

    /// OUTPUT: the output members as a tree, or `None`.
    fn output(&self, operation: &Operation) -> Result<Vec<Block>, HelpError> {
        let Some(output) = &operation.output else {
            return Ok(vec![Block::text(0, "None")]);
        };
        let shape = self.service.resolve(output)?;
        if shape.members.is_empty() {
            return Ok(vec![Block::text(0, "None")]);
        }
        let mut blocks = Vec::new();
        let mut stack = Vec::new();
        for (name, member) in &shape.members {
            self.doc_member(&mut blocks, Some(&shape.name), name, member, 0, &mut stack)?;
        }
        Ok(blocks)
    }
}

fn page_type_name(page_type: PageType) -> &'static str {
    match page_type {
        PageType::String => "string",
        PageType::Integer => "integer",
    }
}

/// `_json_example_value_name`.
fn json_value_name(shape: &Shape, include_enum: bool) -> String {
    match shape.kind {
        ShapeType::String => match &shape.enum_values {
            Some(values) if include_enum && !values.is_empty() => values
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join("|"),
            _ => "\"string\"".to_owned(),
        },
        ShapeType::Boolean => "true|false".to_owned(),
        kind => type_name(kind).to_owned(),
    }
}

/// `ParamShorthand._uses_old_list_case`: lists of one-member structures
/// that still take bare values.
fn uses_old_list_case(service: &str, argument: &str) -> bool {
    matches!(
        (service, argument),
        ("firehose", "records")
            | ("workspaces", "reboot-workspace-requests")
            | ("workspaces", "rebuild-workspace-requests")
            | ("workspaces", "terminate-workspace-requests")
            | ("elb", "listeners")
            | ("elb", "availability-zones")
            | ("elb", "security-groups")
            | ("elb", "subnets")
            | ("elb", "instances")
    )
}

/// The ReST writer's view of a code block: text, and new lines indented
/// two spaces per level.
#[derive(Default)]
struct CodeWriter {
    text: String,
    level: usize,
}

impl CodeWriter {
    fn write(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn indent(&mut self) {
        self.level += 1;
    }
    fn dedent(&mut self) {
        self.level = self.level.saturating_sub(1);
    }
    fn new_line(&mut self) {
        self.text.push('\n');
        self.text.push_str(&"  ".repeat(self.level));
    }
    fn lines(&self) -> Vec<String> {
        self.text.lines().map(|l| l.trim_end().to_owned()).collect()
    }
}

const CLI_INPUT_DOC: &str =
    "Reads the arguments of the command from the JSON (--cli-input-json) or \
    YAML (--cli-input-yaml) text given, in the form --generate-cli-skeleton prints. Arguments also \
    given on the command line take precedence over the values read. Binary values cannot be passed \
    this way: the text is taken literally. The two options cannot be used together.";

const GENERATE_SKELETON_DOC: &str = "Prints a skeleton of the command's input to standard output \
    and sends no request. With no value or input, the skeleton is JSON to fill in and pass to \
    --cli-input-json; with yaml-input it is YAML for --cli-input-yaml; with output, the command's \
    arguments are validated and a sample of its JSON output is printed. The skeleton's shape may \
    change between versions of the AWS CLI.";

const STARTING_TOKEN_DOC: &str = "The token where pagination starts: the NextToken value of a \
    previous, truncated response.";

const PAGE_SIZE_DOC: &str = "How many items each call to the service requests. It does not change \
    how many items the command prints: a smaller page size makes more calls with fewer items \
    each, which can keep the calls from timing out.";

const MAX_ITEMS_DOC: &str = "The most items the command prints in total. When more items are \
    available, the output includes a NextToken; pass its value to --starting-token in a later \
    command to resume. Do not pass the NextToken response element to the service directly.";
