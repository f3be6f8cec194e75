//! Help pages as data, one test per case (libtest-mimic):
//! - `service::<name>`: every embedded service's page has its sections and
//!   lists its commands, and no documentation string of the service (service,
//!   operations, shapes, members) leaves an HTML tag or entity;
//! - `operation::<service>.<operation>`: a sample across all protocols lists
//!   every argument with its type;
//! - `reference::<page>`: the structure of our page against the reference
//!   AWS CLI's (`/usr/bin/aws <page> help`, run at test time; skipped when
//!   it is not installed): the same section headings in the same order, the
//!   same global options, and the same parameters and output members in the
//!   same order. The reference (2.9.19) has older models than ours, so
//!   parameters and output members are compared on the names both pages
//!   have, and each page may differ by a few names (model drift), listed in
//!   the failure message. The reference's EXAMPLES section comes from ReST
//!   files we do not ship and is left out of the comparison.
use std::process::Command;

use awscli_help::{
    arguments_from_model, cli_service_name, operation_help, service_command_names, service_help,
    waiter_help, HelpPage, Style,
};
use libtest_mimic::{Arguments, Failed, Trial};

const REFERENCE: &str = "/usr/bin/aws";

/// HTML tags model documentation uses; none may reach a page.
const TAGS: &[&str] = &[
    "p",
    "a",
    "b",
    "i",
    "code",
    "ul",
    "ol",
    "li",
    "note",
    "important",
    "fullname",
    "br",
    "div",
    "span",
    "strong",
    "em",
    "pre",
    "examples",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
];

/// A tag left as markup: its closing form, or an opening form with
/// attributes. A lone `<em>` is text the documentation talks about
/// (cloudsearchdomain: "The default for HTML highlights is <em>").
fn leftover_markup(text: &str) -> Option<String> {
    for tag in TAGS {
        for form in [
            format!("</{tag}>"),
            format!("<{tag} href="),
            format!("<{tag} class="),
        ] {
            if text.contains(&form) {
                return Some(form);
            }
        }
    }
    for entity in ["&lt;", "&gt;", "&amp;", "&quot;", "&#", "&nbsp;", "&apos;"] {
        if text.contains(entity) {
            return Some(entity.to_owned());
        }
    }
    None
}

/// Every documentation string of a service converts with no markup left.
fn check_docs(name: &str, docs: &awscli_model::Docs) -> Result<(), Failed> {
    let strings = std::iter::once(&docs.service)
        .chain(docs.operations.values())
        .chain(
            docs.shapes
                .values()
                .flat_map(|s| s.doc.iter().chain(s.members.values())),
        );
    for html in strings {
        let blocks = awscli_help::html_to_blocks(html, 0, false);
        let text: Vec<String> = blocks.iter().map(awscli_help::Block::plain_text).collect();
        // cloudsearchdomain documents its highlight tags (`<em>` ...
        // `</em>`) as text, escaped twice in the model.
        let mut text = text.join("\n");
        if name == "cloudsearchdomain" {
            text = text.replace("</em>", "");
        }
        if let Some(markup) = leftover_markup(&text) {
            let at = text.find(&markup).unwrap_or(0);
            let start = text[..at]
                .char_indices()
                .rev()
                .nth(60)
                .map_or(0, |(i, _)| i);
            let context: String = text[start..].chars().take(140).collect();
            return Err(format!("{markup} left: {context:?}").into());
        }
    }
    Ok(())
}

fn service_case(name: &'static str) -> Result<(), Failed> {
    let service = awscli_model::store::load(name)?;
    let docs = awscli_model::store::docs(name)?;
    let commands = service_command_names(&service);
    check_docs(name, &docs)?;
    let page = service_help(cli_service_name(name), &service, &docs, &commands);
    let headings = page.headings();
    if headings != ["NAME", "DESCRIPTION", "AVAILABLE COMMANDS"] {
        return Err(format!("sections {headings:?}").into());
    }
    let text = page.render(Style::Plain, 80);
    if let Some(markup) = leftover_markup(&text) {
        return Err(format!("{markup} left in the page").into());
    }
    for command in &commands {
        if !text.contains(&format!("       o {command}\n")) {
            return Err(format!("command {command} not listed").into());
        }
    }
    Ok(())
}

/// Renders an operation page from the model alone.
fn our_operation_page(service: &str, operation: &str) -> Result<HelpPage, Failed> {
    let model = awscli_model::store::load(service)?;
    let docs = awscli_model::store::docs(service)?;
    let op = model.operation(operation)?;
    let arguments = arguments_from_model(&model, op, true)?;
    Ok(operation_help(
        cli_service_name(service),
        &model,
        &docs,
        operation,
        &arguments,
    )?)
}

fn operation_case(service: &'static str, operation: &'static str) -> Result<(), Failed> {
    let page = our_operation_page(service, operation)?;
    let headings = page.headings();
    let expected = [
        "NAME",
        "DESCRIPTION",
        "SYNOPSIS",
        "OPTIONS",
        "GLOBAL OPTIONS",
        "OUTPUT",
    ];
    if headings != expected {
        return Err(format!("sections {headings:?}").into());
    }
    let text = page.render(Style::Plain, 80);
    if let Some(markup) = leftover_markup(&text) {
        return Err(format!("{markup} left in the page").into());
    }
    // Wide enough that no option heading wraps.
    let text = page.render(Style::Plain, 1000);
    let model = awscli_model::store::load(service)?;
    let op = model.operation(operation)?;
    let arguments = arguments_from_model(&model, op, true)?;
    let options = text
        .split("\nOPTIONS\n")
        .nth(1)
        .and_then(|t| t.split("\nGLOBAL OPTIONS\n").next())
        .unwrap_or("");
    let hidden: Vec<String> = model
        .paginator(operation)?
        .map(|p| {
            let mut v = p.input_token.to_vec();
            v.extend(p.limit_key.iter().cloned());
            v
        })
        .unwrap_or_default();
    if let Some(input) = &op.input {
        for member in model.resolve(input)?.members.keys() {
            let listed = arguments.iter().any(|a| {
                matches!(&a.kind, awscli_help::HelpArgumentKind::Member { member: m, .. } if m == member)
            });
            // `ec2 run-instances --count` replaces these two
            // (`customizations/ec2/addcount.py`, see awscli-args `custom`).
            let replaced = (service, operation) == ("ec2", "RunInstances")
                && matches!(member.as_str(), "MinCount" | "MaxCount");
            if !listed && !hidden.contains(member) && !replaced {
                return Err(format!("member {member} has no argument").into());
            }
        }
    }
    check_option_details(&model, op, &arguments, options)?;
    for argument in &arguments {
        let name = match argument.kind {
            awscli_help::HelpArgumentKind::Outfile => argument.name.clone(),
            _ => format!("--{}", argument.name),
        };
        let found = options.lines().any(|l| {
            l.strip_prefix("       ").is_some_and(|h| {
                (h.starts_with(&format!("{name} ")) || h.contains(&format!(" {name} ")))
                    && h.trim_end().ends_with(')')
            })
        });
        if !found {
            return Err(format!("{name} is not listed with its type in OPTIONS").into());
        }
    }
    Ok(())
}

/// The text of one option in OPTIONS: from its heading (`--name (type)`,
/// at column 7) to the next heading.
fn option_block(options: &str, name: &str) -> Option<String> {
    let mut block: Option<Vec<&str>> = None;
    for line in options.lines() {
        let is_heading = line
            .strip_prefix("       ")
            .is_some_and(|h| !h.starts_with(' ') && h.trim_end().ends_with(')'));
        if is_heading {
            if block.is_some() {
                break;
            }
            let heading = &line[7..];
            if heading.starts_with(&format!("{name} ")) || heading.contains(&format!(" {name} ")) {
                block = Some(vec![line]);
            }
        } else if let Some(b) = block.as_mut() {
            b.push(line);
        }
    }
    block.map(|b| b.join("\n"))
}

/// Each member option shows what its shape needs: the enum's values
/// ("Possible values:"), the syntax of a list of scalars ("Syntax:"), the
/// JSON form of a structure, map or list of structures ("JSON Syntax:"),
/// and shorthand where the AWS CLI supports it for structures of scalars.
fn check_option_details(
    model: &awscli_model::Service,
    op: &awscli_model::Operation,
    arguments: &[awscli_help::HelpArgument],
    options: &str,
) -> Result<(), Failed> {
    use awscli_model::ShapeType;
    let Some(input) = &op.input else {
        return Ok(());
    };
    let input = model.resolve(input)?;
    for argument in arguments {
        let awscli_help::HelpArgumentKind::Member {
            member,
            negated: false,
        } = &argument.kind
        else {
            continue;
        };
        let Some(member_ref) = input.members.get(member) else {
            continue;
        };
        let shape = model.resolve(member_ref)?;
        let name = format!("--{}", argument.name);
        let block = option_block(options, &name)
            .ok_or_else(|| format!("{name} has no block in OPTIONS"))?;
        let need = |what: &str| -> Result<(), Failed> {
            if block.contains(what) {
                Ok(())
            } else {
                Err(format!("{name} ({:?}) lacks {what:?}:\n{block}", shape.kind).into())
            }
        };
        if shape.document {
            continue;
        }
        match shape.kind {
            ShapeType::String => {
                if let Some(values) = shape.enum_values.as_ref().filter(|v| !v.is_empty()) {
                    need("Possible values:")?;
                    for value in values {
                        need(&format!("o {value}"))?;
                    }
                }
            }
            ShapeType::Structure | ShapeType::Map => need("JSON Syntax:")?,
            ShapeType::List => {
                let element = shape
                    .member
                    .as_ref()
                    .map(|m| model.resolve(m))
                    .transpose()?;
                match element {
                    Some(e) if e.is_scalar() => need("Syntax:")?,
                    Some(e) if !e.document => need("JSON Syntax:")?,
                    _ => {}
                }
            }
            _ => {}
        }
        let scalar_structure = shape.kind == ShapeType::Structure
            && !shape.union
            && shape
                .members
                .values()
                .all(|m| model.resolve(m).is_ok_and(|s| s.is_scalar() && !s.document));
        if scalar_structure && !shape.members.is_empty() {
            need("Shorthand Syntax:")?;
        }
    }
    Ok(())
}

/// The page of the reference CLI as plain text, or `None` when it is not
/// installed.
fn reference_page(words: &[&str]) -> Result<Option<String>, Failed> {
    if !std::path::Path::new(REFERENCE).exists() {
        return Ok(None);
    }
    let output = Command::new(REFERENCE)
        .args(words)
        .args(if words.first() == Some(&"help") {
            None
        } else {
            Some("help")
        })
        .env("PAGER", "cat")
        .env("MANPAGER", "cat")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .output()?;
    let raw = String::from_utf8_lossy(&output.stdout);
    // groff -T ascii shows bold as `c\bc` and underline as `_\bc`.
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if chars.peek() == Some(&'\u{8}') {
            chars.next();
            continue;
        }
        text.push(c);
    }
    if text.trim().is_empty() {
        return Err(format!(
            "{REFERENCE} printed nothing: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(Some(text))
}

/// What the comparison looks at in a rendered page.
#[derive(Debug, Default)]
struct Structure {
    headings: Vec<String>,
    options: Vec<String>,
    globals: Vec<String>,
    output: Vec<String>,
    /// Sub-headings (column 3), compared for topic pages.
    subheadings: Vec<String>,
}

fn structure(text: &str) -> Structure {
    let mut s = Structure::default();
    let mut section = String::new();
    for line in text.lines() {
        if !line.is_empty()
            && !line.starts_with(' ')
            && line.chars().any(|c| c.is_ascii_alphabetic())
            && !line.ends_with("()")
            && line == line.to_uppercase()
        {
            section = line.to_owned();
            s.headings.push(section.clone());
            continue;
        }
        if let Some(sub) = line.strip_prefix("   ") {
            if sub.starts_with(|c: char| !c.is_whitespace()) {
                s.subheadings.push(sub.trim_end().to_owned());
                continue;
            }
        }
        let Some(body) = line.strip_prefix("       ") else {
            continue;
        };
        if body.starts_with(' ') {
            continue;
        }
        match section.as_str() {
            "OPTIONS" => {
                // An option heading: `--name (type)`, `--a | --b (type)`
                // or the positional `outfile (string)`.
                let name = body.split(' ').next().unwrap_or("");
                let rest = &body[name.len()..];
                // groff may widen the gap when it justifies the line.
                let rest = rest.trim_start();
                let heading = rest.is_empty() || rest.starts_with('(') || rest.starts_with('|');
                if (heading && name.starts_with("--")) || is_positional_heading(name, rest) {
                    s.options.push(name.to_owned());
                }
            }
            "GLOBAL OPTIONS" => {
                if let Some(name) = body.strip_prefix("--") {
                    s.globals
                        .push(name.split(' ').next().unwrap_or("").to_owned());
                }
            }
            "OUTPUT" => {
                if let Some((name, _)) = body.split_once(" -> (") {
                    s.output.push(name.to_owned());
                }
            }
            _ => {}
        }
    }
    s
}

/// A positional's heading (`outfile (string)`, `paths (string)`,
/// `group_name (string)`): a bare name and a lower-case type, which a
/// wrapped description line (`vice (KMS) ...`) is not.
fn is_positional_heading(name: &str, rest: &str) -> bool {
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-');
    let type_ok = rest
        .strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .is_some_and(|(t, _)| {
            !t.is_empty() && t.chars().all(|c| c.is_ascii_lowercase() || c == ' ')
        });
    name_ok && type_ok
}

/// Compares two name lists on the names both have: the same order (when
/// `ordered`), and at most `drift` names only on one side.
fn compare(
    what: &str,
    ours: &[String],
    theirs: &[String],
    drift: usize,
    ordered: bool,
) -> Result<(), String> {
    let common_ours: Vec<&String> = ours.iter().filter(|n| theirs.contains(n)).collect();
    let common_theirs: Vec<&String> = theirs.iter().filter(|n| ours.contains(n)).collect();
    if ordered && common_ours != common_theirs {
        return Err(format!(
            "{what}: order differs\n  ours:      {common_ours:?}\n  reference: {common_theirs:?}"
        ));
    }
    let only_ours: Vec<&String> = ours.iter().filter(|n| !theirs.contains(n)).collect();
    let only_theirs: Vec<&String> = theirs.iter().filter(|n| !ours.contains(n)).collect();
    if only_ours.len() > drift || only_theirs.len() > drift {
        return Err(format!(
            "{what}: too many differences\n  only ours: {only_ours:?}\n  only reference: {only_theirs:?}"
        ));
    }
    Ok(())
}

enum Page {
    Operation(&'static str, &'static str),
    Waiter(&'static str, &'static str),
    Service(&'static str),
    Provider,
    Topics,
    Topic(&'static str),
    /// A hand-written command (`s3 ls`, `configure set`, `logs tail`).
    Custom(&'static str),
}

/// How far a reference page may differ: `drift` names on either side, and
/// whether the order is compared (ec2's newer models list members in a
/// different order than 2.9.19's: `DryRun, InstanceIds, Filters` against
/// `Filters, InstanceIds, DryRun`).
#[derive(Clone, Copy)]
struct Tolerance {
    drift: usize,
    ordered: bool,
}

const EXACT: Tolerance = Tolerance {
    drift: 0,
    ordered: true,
};

const fn drift(drift: usize) -> Tolerance {
    Tolerance {
        drift,
        ordered: true,
    }
}

const EC2_REORDERED: Tolerance = Tolerance {
    drift: 2,
    ordered: false,
};

fn reference_case(
    words: &'static [&'static str],
    page: Page,
    tolerance: Tolerance,
) -> Result<(), Failed> {
    let Tolerance { drift, ordered } = tolerance;
    let Some(theirs) = reference_page(words)? else {
        return Err(format!("{REFERENCE} is not installed").into());
    };
    let ours = match page {
        Page::Operation(service, operation) => our_operation_page(service, operation)?,
        Page::Waiter(service, waiter) => {
            let model = awscli_model::store::load(service)?;
            let docs = awscli_model::store::docs(service)?;
            let w = model.waiter(waiter)?.ok_or("no such waiter")?;
            let op = model.operation(&w.operation)?;
            let arguments = arguments_from_model(&model, op, true)?;
            waiter_help(cli_service_name(service), &model, &docs, waiter, &arguments)?
        }
        Page::Service(service) => {
            let model = awscli_model::store::load(service)?;
            let docs = awscli_model::store::docs(service)?;
            let names = service_command_names(&model);
            service_help(cli_service_name(service), &model, &docs, &names)
        }
        Page::Provider => awscli_help::provider_help(),
        Page::Topics => awscli_help::topic_list(),
        Page::Topic(name) => awscli_help::topic(name)?,
        Page::Custom(path) => {
            let words: Vec<&str> = path.split(' ').collect();
            awscli_help::custom_command_help(&words).ok_or("no page")?
        }
    };
    let is_topic = matches!(page, Page::Topic(_) | Page::Topics);
    let ours = structure(&ours.render(Style::Plain, 80));
    let theirs = structure(&theirs);
    let their_headings: Vec<String> = theirs
        .headings
        .iter()
        .filter(|h| *h != "EXAMPLES")
        .cloned()
        .collect();
    let mut problems = Vec::new();
    if ours.headings != their_headings {
        problems.push(format!(
            "headings differ\n  ours:      {:?}\n  reference: {their_headings:?}",
            ours.headings
        ));
    }
    if ours.globals != theirs.globals {
        problems.push(format!(
            "global options differ\n  ours:      {:?}\n  reference: {:?}",
            ours.globals, theirs.globals
        ));
    }
    problems.extend(compare("options", &ours.options, &theirs.options, drift, ordered).err());
    problems.extend(compare("output", &ours.output, &theirs.output, drift, ordered).err());
    if is_topic && ours.subheadings != theirs.subheadings {
        problems.push(format!(
            "sub-headings differ\n  ours:      {:?}\n  reference: {:?}",
            ours.subheadings, theirs.subheadings
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for name in awscli_model::store::service_names() {
        trials.push(Trial::test(format!("service::{name}"), move || {
            service_case(name)
        }));
    }
    for (service, operation) in [
        ("ec2", "RunInstances"),
        ("ec2", "DescribeInstances"),
        ("s3", "PutObject"),
        ("s3", "GetObject"),
        ("dynamodb", "Query"),
        ("sts", "AssumeRole"),
        ("lambda", "Invoke"),
        ("iam", "CreateRole"),
        ("sqs", "SendMessage"),
        ("cloudwatch", "PutMetricData"),
        ("kinesis", "PutRecord"),
        ("apigateway", "CreateRestApi"),
        ("route53", "ChangeResourceRecordSets"),
        ("cloudformation", "CreateStack"),
        ("bedrock-runtime", "Converse"),
        ("secretsmanager", "CreateSecret"),
        ("appstream", "CreateFleet"),
        ("s3control", "CreateAccessPoint"),
        ("ecs", "RunTask"),
        ("ec2", "CreateTags"),
    ] {
        trials.push(Trial::test(
            format!("operation::{service}.{operation}"),
            move || operation_case(service, operation),
        ));
    }
    // Pages whose parameters have not changed between the reference's
    // models and ours, or by a name or two (the drift allowed).
    // cloudwatch put-metric-data is left out: an AWS CLI customization adds
    // `--metric-name`, `--value` ... which the argument table does not have.
    let references: Vec<(&'static [&'static str], Page, Tolerance)> = vec![
        (
            &["sts", "assume-role"],
            Page::Operation("sts", "AssumeRole"),
            drift(1),
        ),
        (
            &["sts", "get-caller-identity"],
            Page::Operation("sts", "GetCallerIdentity"),
            EXACT,
        ),
        (
            &["iam", "create-role"],
            Page::Operation("iam", "CreateRole"),
            EXACT,
        ),
        (
            &["sqs", "send-message"],
            Page::Operation("sqs", "SendMessage"),
            EXACT,
        ),
        (
            &["kms", "encrypt"],
            Page::Operation("kms", "Encrypt"),
            drift(1),
        ),
        (
            &["sns", "publish"],
            Page::Operation("sns", "Publish"),
            EXACT,
        ),
        (
            &["secretsmanager", "get-secret-value"],
            Page::Operation("secretsmanager", "GetSecretValue"),
            EXACT,
        ),
        (
            &["dynamodb", "query"],
            Page::Operation("dynamodb", "Query"),
            EXACT,
        ),
        (
            &["logs", "filter-log-events"],
            Page::Operation("logs", "FilterLogEvents"),
            drift(1),
        ),
        (
            &["ecs", "run-task"],
            Page::Operation("ecs", "RunTask"),
            drift(2),
        ),
        (
            &["s3api", "get-object"],
            Page::Operation("s3", "GetObject"),
            drift(7),
        ),
        (
            &["s3api", "list-objects-v2"],
            Page::Operation("s3", "ListObjectsV2"),
            drift(1),
        ),
        (
            &["ec2", "describe-instances"],
            Page::Operation("ec2", "DescribeInstances"),
            EC2_REORDERED,
        ),
        (
            &["ec2", "wait", "instance-running"],
            Page::Waiter("ec2", "InstanceRunning"),
            EC2_REORDERED,
        ),
        (&["sts"], Page::Service("sts"), EXACT),
        (&[], Page::Provider, EXACT),
        (&["help", "topics"], Page::Topics, EXACT),
        (&["help", "config-vars"], Page::Topic("config-vars"), EXACT),
        (
            &["help", "return-codes"],
            Page::Topic("return-codes"),
            EXACT,
        ),
        (&["help", "s3-config"], Page::Topic("s3-config"), EXACT),
        (&["help", "s3-faq"], Page::Topic("s3-faq"), EXACT),
        (
            &["help", "ddb-expressions"],
            Page::Topic("ddb-expressions"),
            EXACT,
        ),
    ];
    // Every hand-written command's page (option names, types and order
    // taken from the reference's argument tables).
    let mut references = references;
    for command in awscli_help::custom_commands() {
        let words: Vec<&'static str> = command.path.split(' ').collect();
        references.push((words.leak(), Page::Custom(command.path), EXACT));
    }
    for (words, page, tolerance) in references {
        let name = if words.is_empty() {
            "aws".to_owned()
        } else {
            words.join("_")
        };
        // Without the reference CLI these cases are reported as ignored,
        // labelled with what they need.
        let installed = std::path::Path::new(REFERENCE).exists();
        trials.push(
            Trial::test(format!("reference::{name}"), move || {
                reference_case(words, page, tolerance)
            })
            .with_kind(if installed { "" } else { "needs /usr/bin/aws" })
            .with_ignored_flag(!installed),
        );
    }
    libtest_mimic::run(&args, trials).exit();
}
