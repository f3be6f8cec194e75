//! `aws datapipeline list-runs`: the runs (instance objects) of a pipeline,
//! found with `QueryObjects` (sphere `INSTANCE`, all pages) and read with
//! `DescribeObjects` (100 ids a call), flattened to `{"@id", "name",
//! <field key>: <string or ref value>}` and sorted by scheduled start time
//! and name. Without `--output` on the command line they print as the
//! reference's two-line-per-run table; with it, through the usual formatter.
//!
//! Spec: `awscli/customizations/datapipeline/__init__.py`
//! (`ListRunsCommand`, `QueryArgBuilder`, `convert_described_objects`) and
//! `listrunsformatter.py`. With no interval the query covers the runs that
//! started in the last four days (UTC).
//!
//! Also `aws datapipeline create-default-roles` (deprecated in the
//! reference, which warns so on stderr): creates the roles
//! `DataPipelineDefaultRole` and `DataPipelineDefaultResourceRole` with
//! their AWS managed policies, and the resource role's instance profile,
//! when missing; prints the created roles with their policy documents
//! (`createdefaultroles.py`, `constants.py`).
use std::cmp::Ordering;
use std::io::{IsTerminal, Write};

use awscli_model::Value;
use awscli_output::{Formatter, OutputFormat};
use indexmap::IndexMap;

use super::api::{self, map, string, Api};
use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

const LIST_RUNS_SPECS: &[Spec] = &[
    Spec::required("--pipeline-id"),
    Spec::value("--status"),
    Spec::value("--start-interval"),
    Spec::value("--schedule-interval"),
];

const VALID_STATUS: [&str; 9] = [
    "waiting",
    "pending",
    "cancelled",
    "running",
    "finished",
    "failed",
    "waiting_for_runner",
    "waiting_on_dependencies",
    "shutting_down",
];

/// `DescribeObjects` takes at most this many ids.
const MAX_ITEMS_PER_DESCRIBE: usize = 100;

/// A comma-separated argument, each item stripped.
fn split_csv(text: &str) -> Vec<String> {
    text.split(',').map(|s| s.trim().to_owned()).collect()
}

fn between(field: &str, interval: &[String]) -> Result<Value, CliError> {
    // The reference indexes [0] and [1] and fails the same way on one item.
    let (Some(start), Some(end)) = (interval.first(), interval.get(1)) else {
        return Err(CliError::General("list index out of range".into()));
    };
    Ok(map([
        ("fieldName", string(field)),
        (
            "operator",
            map([
                ("type", string("BETWEEN")),
                (
                    "values",
                    Value::List(vec![string(start.as_str()), string(end.as_str())]),
                ),
            ]),
        ),
    ]))
}

/// `QueryArgBuilder.build_query`; `now` is the current UTC time.
fn build_query(
    start_interval: Option<&[String]>,
    schedule_interval: Option<&[String]>,
    status: Option<&[String]>,
    now: jiff::Timestamp,
) -> Result<Value, CliError> {
    let mut selectors = Vec::new();
    if start_interval.is_none() && schedule_interval.is_none() {
        let format = |t: jiff::Timestamp| t.strftime("%Y-%m-%dT%H:%M:%S").to_string();
        let start = now - jiff::SignedDuration::from_hours(4 * 24);
        selectors.push(between("@actualStartTime", &[format(start), format(now)])?);
    } else {
        if let Some(interval) = start_interval {
            selectors.push(between("@actualStartTime", interval)?);
        }
        if let Some(interval) = schedule_interval {
            selectors.push(between("@scheduledStartTime", interval)?);
        }
    }
    if let Some(statuses) = status {
        let values = statuses.iter().map(|s| string(s.to_uppercase())).collect();
        selectors.push(map([
            ("fieldName", string("@status")),
            (
                "operator",
                map([("type", string("EQ")), ("values", Value::List(values))]),
            ),
        ]));
    }
    Ok(map([("selectors", Value::List(selectors))]))
}

/// `convert_described_objects`: each object's fields as one map. A field
/// with neither a string nor a ref value is `Null` (Python's `None`).
fn convert_described_objects(objects: &[Value]) -> Result<Vec<Value>, CliError> {
    let key_error = |k: &str| CliError::General(format!("'{k}'"));
    let mut converted = Vec::new();
    for object in objects {
        let mut fields: IndexMap<String, Value> = IndexMap::new();
        fields.insert(
            "@id".into(),
            object.get("id").cloned().ok_or_else(|| key_error("id"))?,
        );
        fields.insert(
            "name".into(),
            object
                .get("name")
                .cloned()
                .ok_or_else(|| key_error("name"))?,
        );
        let list = object
            .get("fields")
            .and_then(Value::as_list)
            .ok_or_else(|| key_error("fields"))?;
        for field in list {
            let key = field
                .get("key")
                .and_then(Value::as_str)
                .ok_or_else(|| key_error("key"))?;
            let value = field
                .get("stringValue")
                .or_else(|| field.get("refValue"))
                .cloned()
                .unwrap_or(Value::Null);
            fields.insert(key.to_owned(), value);
        }
        converted.push(Value::Map(fields));
    }
    Ok(converted)
}

/// The sort key `(@scheduledStartTime, name)`; a missing start time sorts
/// first (where Python would compare `None`).
fn run_order(a: &Value, b: &Value) -> Ordering {
    let key = |v: &Value| {
        (
            v.get("@scheduledStartTime")
                .and_then(Value::as_str)
                .map(str::to_owned),
            v.get("name").and_then(Value::as_str).map(str::to_owned),
        )
    };
    key(a).cmp(&key(b))
}

/// Python's `'%s' % value` for the table cells.
fn cell(object: &Value, key: &str) -> String {
    match object.get(key) {
        None => String::new(),
        Some(Value::Null) => "None".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => awscli_jmespath::python::str_of(other),
    }
}

/// `ListRunsFormatter`: a title block, then two lines and a blank line per run.
fn render_list_runs(runs: &[Value], out: &mut dyn Write) -> Result<(), RunError> {
    writeln!(
        out,
        "       {:<50.50}  {:<19.19}  {:<23.23}",
        "Name", "Scheduled Start", "Status"
    )?;
    let second = format!(
        "       {:<50.50}  {:<19.19}  {:<19.19}",
        "ID", "Started", "Ended"
    );
    writeln!(out, "{second}")?;
    writeln!(out, "{}", "-".repeat(second.chars().count()))?;
    for (index, run) in runs.iter().enumerate() {
        if run.get("@componentParent").is_none() {
            return Err(CliError::General("'@componentParent'".into()).into());
        }
        writeln!(
            out,
            "{:>4}.  {:<50.50}  {:<19.19}  {:<23.23}",
            index + 1,
            cell(run, "@componentParent"),
            cell(run, "@scheduledStartTime"),
            cell(run, "@status")
        )?;
        write!(
            out,
            "       {:<50.50}  {:<19.19}  {:<19.19}\n\n",
            cell(run, "@id"),
            cell(run, "@actualStartTime"),
            cell(run, "@actualEndTime")
        )?;
    }
    Ok(())
}

/// All ids of `QueryObjects`, following `marker` while `hasMoreResults`.
fn query_object_ids(
    api: &mut Api,
    service: &awscli_model::Service,
    pipeline_id: &str,
    query: &Value,
) -> Result<Vec<Value>, CliError> {
    let mut ids = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let mut input = map([
            ("pipelineId", string(pipeline_id)),
            ("sphere", string("INSTANCE")),
            ("query", query.clone()),
        ]);
        if let (Some(m), Some(token)) = (input.as_map_mut(), &marker) {
            m.insert("marker".into(), string(token.as_str()));
        }
        let page = api.call(service, "QueryObjects", &input)?;
        if let Some(list) = page.get("ids").and_then(Value::as_list) {
            ids.extend(list.iter().cloned());
        }
        let more = matches!(page.get("hasMoreResults"), Some(Value::Bool(true)));
        let next = page
            .get("marker")
            .and_then(Value::as_str)
            .filter(|m| !m.is_empty())
            .map(str::to_owned);
        match next {
            Some(n) if more => {
                if marker.as_deref() == Some(n.as_str()) {
                    return Err(CliError::General(format!(
                        "The same next token was received twice: {{'marker': '{n}'}}"
                    )));
                }
                marker = Some(n);
            }
            _ => return Ok(ids),
        }
    }
}

/// `aws datapipeline list-runs`.
pub fn list_runs(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(LIST_RUNS_SPECS, rest)?;
    let session = Session::new(globals, env)?;
    // The reference makes its client (and so checks the region) first.
    if session.region()?.is_none() {
        return Err(CliError::Configuration {
            code: "NoRegion",
            message: "You must specify a region. You can also configure your region by running \"aws configure\".".to_owned(),
        }
        .into());
    }
    let start_interval = parsed.value("--start-interval").map(split_csv);
    let schedule_interval = parsed.value("--schedule-interval").map(split_csv);
    let status = parsed.value("--status").map(split_csv);
    if let Some(statuses) = &status {
        if let Some(bad) = statuses
            .iter()
            .find(|s| !VALID_STATUS.contains(&s.as_str()))
        {
            return Err(CliError::param(format!(
                "Invalid status: {bad}, must be one of: {}",
                VALID_STATUS.join(", ")
            ))
            .into());
        }
    }
    let query = build_query(
        start_interval.as_deref(),
        schedule_interval.as_deref(),
        status.as_deref(),
        jiff::Timestamp::now(),
    )?;
    let pipeline_id = parsed.value("--pipeline-id").unwrap_or_default();
    let service = api::model("datapipeline")?;
    let mut api = Api::new(session);
    let ids = query_object_ids(&mut api, &service, pipeline_id, &query)?;
    let mut objects = Vec::new();
    for chunk in ids.chunks(MAX_ITEMS_PER_DESCRIBE) {
        let input = map([
            ("pipelineId", string(pipeline_id)),
            ("objectIds", Value::List(chunk.to_vec())),
        ]);
        let output = api.call(&service, "DescribeObjects", &input)?;
        let described = output
            .get("pipelineObjects")
            .and_then(Value::as_list)
            .ok_or_else(|| CliError::General("'pipelineObjects'".into()))?;
        objects.extend(described.iter().cloned());
    }
    let mut runs = convert_described_objects(&objects)?;
    runs.sort_by(run_order);
    render(globals, runs, stdout)?;
    Ok(0)
}

/// The reference picks its own table only when `--output` is not on the
/// command line (a configured `output` does not count).
fn render(globals: &GlobalArgs, runs: Vec<Value>, stdout: &mut dyn Write) -> Result<(), RunError> {
    let Some(output_name) = &globals.output else {
        return render_list_runs(&runs, stdout);
    };
    let format =
        OutputFormat::from_setting(output_name).ok_or_else(|| CliError::Configuration {
            code: "Configuration",
            message: format!("Unknown output type: {output_name}"),
        })?;
    let mut formatter = Formatter::new(format);
    if let Some(query) = &globals.query {
        formatter = formatter.with_query(Some(crate::driver::compile_query(query)?));
    }
    formatter.color = match globals.color.as_str() {
        "on" => true,
        "off" => false,
        _ => std::io::stdout().is_terminal(),
    };
    formatter
        .render("list-runs", Value::List(runs), stdout)
        .map_err(|e| CliError::General(e.to_string()))?;
    Ok(())
}

const DEPRECATION_NOTICE: &str = "
Support for this command has been deprecated and may fail to create these roles
if they do not already exist. For more information on managing these policies
manually see the following documentation:

https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-iam-roles.html
";

const SERVICE_ROLE: &str = "DataPipelineDefaultRole";
const RESOURCE_ROLE: &str = "DataPipelineDefaultResourceRole";

/// The trust policy of a default role, trusting `services`.
fn assume_role_policy(services: Value) -> Value {
    map([
        ("Version", string("2008-10-17")),
        (
            "Statement",
            Value::List(vec![map([
                ("Sid", string("")),
                ("Effect", string("Allow")),
                ("Principal", map([("Service", services)])),
                ("Action", string("sts:AssumeRole")),
            ])]),
        ),
    ])
}

/// Creates `role_name` with its managed policy when missing; the created
/// role and the policy document, for the result.
fn create_role(
    api: &mut Api,
    iam: &awscli_model::Service,
    role_name: &str,
    policy_arn: &str,
    trust: &Value,
) -> Result<Option<Value>, CliError> {
    let get = map([("RoleName", string(role_name))]);
    if super::dlm::exists(api, iam, "GetRole", &get)? {
        return Ok(None);
    }
    let created = api.call(
        iam,
        "CreateRole",
        &map([
            ("RoleName", string(role_name)),
            (
                "AssumeRolePolicyDocument",
                string(super::pyjson::dumps(trust, Some(2))),
            ),
        ]),
    )?;
    api.call(
        iam,
        "AttachRolePolicy",
        &map([
            ("PolicyArn", string(policy_arn)),
            ("RoleName", string(role_name)),
        ]),
    )?;
    let document = super::dlm::policy_document(api, iam, policy_arn)?;
    Ok(created
        .get("Role")
        .filter(|r| !matches!(r, Value::Null))
        .map(|role| map([("Role", role.clone()), ("RolePolicy", document)])))
}

/// `aws datapipeline create-default-roles`.
pub fn create_default_roles(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    args::parse(&[], rest)?;
    let session = Session::new(globals, env)?;
    let iam = api::model("iam")?;
    // Python's `warnings.warn` line, as a frozen build prints it (no source line).
    #[expect(
        clippy::print_stderr,
        reason = "the reference warns on stderr before any call"
    )]
    {
        eprintln!(
            "awscli/customizations/datapipeline/createdefaultroles.py:78: UserWarning: {DEPRECATION_NOTICE}"
        );
    }
    let mut api = Api::new(session);
    let service_trust = assume_role_policy(Value::List(vec![
        string("datapipeline.amazonaws.com"),
        string("elasticmapreduce.amazonaws.com"),
    ]));
    let resource_trust = assume_role_policy(string("ec2.amazonaws.com"));
    let mut result = Vec::new();
    result.extend(create_role(
        &mut api,
        &iam,
        SERVICE_ROLE,
        "arn:aws:iam::aws:policy/service-role/AWSDataPipelineRole",
        &service_trust,
    )?);
    let resource = create_role(
        &mut api,
        &iam,
        RESOURCE_ROLE,
        "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforDataPipelineRole",
        &resource_trust,
    )?;
    let profile = map([("InstanceProfileName", string(RESOURCE_ROLE))]);
    if !super::dlm::exists(&mut api, &iam, "GetInstanceProfile", &profile)? {
        api.call(&iam, "CreateInstanceProfile", &profile)?;
        api.call(
            &iam,
            "AddRoleToInstanceProfile",
            &map([
                ("InstanceProfileName", string(RESOURCE_ROLE)),
                ("RoleName", string(RESOURCE_ROLE)),
            ]),
        )?;
    }
    result.extend(resource);
    super::display::display_response(
        &api.session,
        globals,
        "create_role",
        Value::List(result),
        stdout,
    )?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn default_query_covers_the_last_four_days() {
        let now: jiff::Timestamp = "2024-03-05T10:11:12Z".parse().unwrap();
        let query = build_query(None, None, Some(&words(&["finished", "failed"])), now).unwrap();
        let selectors = query.get("selectors").and_then(Value::as_list).unwrap();
        let values = |i: usize| selectors[i].get("operator").unwrap().get("values").cloned();
        assert_eq!(
            values(0),
            Some(Value::List(vec![
                string("2024-03-01T10:11:12"),
                string("2024-03-05T10:11:12")
            ]))
        );
        assert_eq!(
            values(1),
            Some(Value::List(vec![string("FINISHED"), string("FAILED")]))
        );
    }

    #[test]
    fn an_interval_needs_two_items() {
        let now = jiff::Timestamp::UNIX_EPOCH;
        let e = build_query(Some(&words(&["a"])), None, None, now).unwrap_err();
        assert_eq!(e.to_string(), "list index out of range");
    }

    #[test]
    fn table_pads_and_truncates_like_printf() {
        let run = map([
            ("@id", string("@Act_2024")),
            ("name", string("Act")),
            ("@componentParent", string("A".repeat(60))),
            ("@status", Value::Null),
        ]);
        let mut out = Vec::new();
        render_list_runs(&[run], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2].len(), 7 + 50 + 2 + 19 + 2 + 19);
        assert_eq!(
            lines[3],
            format!("   1.  {}  {:19}  {:23}", "A".repeat(50), "", "None")
        );
    }
}
