//! The operations of one service command: the model's operations under
//! their CLI names, `wait` when the service has waiters, and the pipeline
//! that runs one of them.
//!
//! Spec: `ServiceCommand._create_command_table` (one entry per operation,
//! named by `xform_name(op, '-')`), `awscli/customizations/removals.py`
//! (operations the CLI hides) and `awscli/customizations/waiters.py`.
use std::io::{IsTerminal, Write};
use std::sync::Arc;

use awscli_args::{parse_operation_args, ArgTable, ParseOptions, StdFileSystem};
use awscli_client::{Invoker, PageIterator, PaginationConfig};
use awscli_model::{Service, Value};
use awscli_output::{normalize_timestamps, Formatter, OutputFormat, TimestampFormat};

use crate::call;
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::{config_error, Session};

/// Operations the reference removes from their service command.
const REMOVED: &[(&str, &[&str])] = &[
    (
        "ses",
        &[
            "delete-verified-email-address",
            "list-verified-email-addresses",
            "verify-email-address",
        ],
    ),
    ("ec2", &["import-instance", "import-volume"]),
    (
        "emr",
        &[
            "run-job-flow",
            "describe-job-flows",
            "add-job-flow-steps",
            "terminate-job-flows",
            "list-bootstrap-actions",
            "list-instance-groups",
            "set-termination-protection",
            "set-visible-to-all-users",
        ],
    ),
    ("kinesis", &["subscribe-to-shard"]),
    ("lexv2-runtime", &["start-conversation"]),
];

/// Model operations the reference offers only under other command names,
/// as `(command, operation)` (`awscli/customizations/rds.py` replaces
/// `modify-option-group` with these two).
fn aliased_operations(service: &str) -> &'static [(&'static str, &'static str)] {
    match service {
        "rds" => &[
            ("add-option-to-option-group", "ModifyOptionGroup"),
            ("remove-option-from-option-group", "ModifyOptionGroup"),
        ],
        _ => &[],
    }
}

/// One entry of a service's command table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A model operation, by its model name (`DescribeInstances`).
    Operation(String),
    /// A model operation under a command name of its own, with the
    /// arguments the customizations give that command (rds
    /// `add-option-to-option-group` calls `ModifyOptionGroup`).
    AliasedOperation {
        operation: &'static str,
        command: &'static str,
    },
    /// `aws <service> wait <waiter>`.
    Wait,
    /// `aws <service> help`.
    Help,
    /// A hand-written command (`ecr get-login-password`), see `crate::customizations`.
    Custom(&'static str),
}

/// The command table of one service.
pub struct OperationTable {
    entries: Vec<(String, Entry)>,
}

impl OperationTable {
    pub fn new(service: &Service) -> OperationTable {
        let removed: &[&str] = REMOVED
            .iter()
            .find(|(s, _)| *s == service.name)
            .map(|(_, ops)| *ops)
            .unwrap_or(&[]);
        let mut entries: Vec<(String, Entry)> = service
            .operation_names()
            .map(|op| (awscli_args::xform_name(op), Entry::Operation(op.to_owned())))
            .filter(|(cli, _)| !removed.contains(&cli.as_str()))
            .collect();
        for (command, operation) in aliased_operations(&service.name) {
            entries.retain(|(_, entry)| *entry != Entry::Operation((*operation).to_owned()));
            entries.push((
                (*command).to_owned(),
                Entry::AliasedOperation { operation, command },
            ));
        }
        if service.waiter_names().next().is_some() {
            entries.push(("wait".to_owned(), Entry::Wait));
        }
        let cli_name = crate::commands::cli_name_of(&service.name);
        for name in crate::customizations::commands_for(cli_name) {
            entries.retain(|(existing, _)| existing != name);
            entries.push(((*name).to_owned(), Entry::Custom(name)));
        }
        entries.push(("help".to_owned(), Entry::Help));
        OperationTable { entries }
    }

    pub fn lookup(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, e)| e)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }
}

/// Runs one entry of the table with the words left after the operation name.
pub fn run(
    service: &Service,
    entry: &Entry,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    match entry {
        Entry::Operation(name) => {
            let command = awscli_args::xform_name(name);
            run_operation(service, name, &command, globals, rest, env, stdout)
        }
        Entry::AliasedOperation { operation, command } => {
            run_operation(service, operation, command, globals, rest, env, stdout)
        }
        Entry::Wait => run_wait(service, globals, rest, env, stdout),
        Entry::Custom(name) => {
            if let Some(shown) = crate::help::service_custom(service, name, rest, env, stdout) {
                return shown;
            }
            crate::customizations::run(service, name, globals, rest, env, stdout)
        }
        Entry::Help => crate::help::service(service, env, stdout),
    }
}

/// The tokio runtime for the network half: one thread, as a CLI runs one
/// call at a time (S3 transfers use their own concurrency).
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::General(e.to_string()))
}

fn args_error(e: awscli_args::ArgsError) -> CliError {
    let message = e.to_string();
    if matches!(e, awscli_args::ArgsError::UnknownOptions(_)) {
        return CliError::UnknownOptions(message);
    }
    match e.exit_code() {
        252 if e.shows_usage() => CliError::usage(message),
        252 => CliError::param(message),
        _ => CliError::General(message),
    }
}

fn model_error(e: awscli_model::ModelError) -> CliError {
    CliError::General(e.to_string())
}

/// Parses an operation's arguments (by its argument `table`) in the
/// context of the session.
fn parse_args(
    session: &Session,
    service: &Service,
    operation: &awscli_model::Operation,
    table: &ArgTable,
    rest: &[String],
) -> Result<awscli_args::ParsedArgs, CliError> {
    let binary_format = match session.config.binary_format().map_err(config_error)? {
        awscli_config::config::BinaryFormat::RawInBase64Out => {
            awscli_args::BinaryFormat::RawInBase64Out
        }
        _ => awscli_args::BinaryFormat::Base64,
    };
    let options = ParseOptions {
        binary_format,
        paginate: session.globals.paginate,
        fs: &StdFileSystem,
    };
    parse_operation_args(service, operation, table, rest, &options).map_err(args_error)
}

fn run_operation(
    service: &Service,
    name: &str,
    command: &str,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let operation = service.operation(name).map_err(model_error)?;
    let paginator = service.paginator(name).map_err(model_error)?;
    let table = ArgTable::for_command(service, operation, command, paginator.is_some())
        .map_err(args_error)?;
    if crate::help::operation_help_requested(&table, rest)? {
        return crate::help::operation(service, name, &table, env, stdout);
    }
    let session = Session::new(globals, env)?;
    let parsed = parse_args(&session, service, operation, &table, rest)?;
    if let Some(kind) = parsed.generate_skeleton {
        write_skeleton(service, operation, kind, stdout)?;
        return Ok(0);
    }
    // customizations/cloudsearchdomain.py (a `calling-command` handler):
    // the service has no regional endpoint to fall back on.
    if service.name == "cloudsearchdomain" && globals.endpoint_url.is_none() {
        return Err(CliError::param(
            "--endpoint-url is required for cloudsearchdomain commands".to_owned(),
        )
        .into());
    }
    let output = OutputSettings::new(&session, &operation.name)?;
    let mut paged = crate::pager::open(&session, stdout)?;
    let result = call_and_render(
        service, operation, paginator, &session, &parsed, &output, &mut paged,
    );
    // A pager that could not start is the error to report (253), not the
    // failed write it caused.
    paged.finish()?;
    result
}

/// Sends the request (every page of it) and renders the result to `stdout`.
fn call_and_render(
    service: &Service,
    operation: &awscli_model::Operation,
    paginator: Option<&awscli_model::Paginator>,
    session: &Session,
    parsed: &awscli_args::ParsedArgs,
    output: &OutputSettings,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let endpoint = session.resolve_endpoint(service, operation, &parsed.input)?;
    let transport = call::transport(session)?;
    let ctx = call::context(session, service, operation, &endpoint, transport)?;
    let runtime = runtime()?;
    let invoker = Invoker {
        ctx: &ctx,
        service,
        operation,
    };
    if let (Some(paginator), true) = (paginator, parsed.paginate) {
        let config = PaginationConfig {
            max_items: parsed.max_items,
            page_size: parsed.page_size.as_ref().and_then(page_size_number),
            starting_token: parsed.starting_token.clone(),
        };
        let mut pages = PageIterator::new(
            &invoker,
            service,
            operation,
            paginator,
            &parsed.input,
            config,
        )
        .map_err(paginate_error)?;
        if output.format.is_per_page() {
            let mut index = 0;
            while let Some(mut page) = runtime
                .block_on(pages.next_page())
                .map_err(paginate_error)?
            {
                normalize_timestamps(&mut page, output.timestamps);
                output.render_page(index, &page, &pages, stdout)?;
                index += 1;
            }
            // Only the text formatter tells where to resume (`NEXTTOKEN`),
            // with the query applied to it as to any response; yaml-stream
            // prints nothing more.
            if let (Some(token), OutputFormat::Text) = (pages.resume_token(), output.format) {
                let page = awscli_output::text::next_token_page(token);
                output
                    .formatter
                    .render_text_page(&page, stdout)
                    .map_err(output_error)?;
            }
        } else {
            let mut result = runtime
                .block_on(pages.build_full_result())
                .map_err(paginate_error)?;
            normalize_timestamps(&mut result, output.timestamps);
            output.render(result, stdout)?;
        }
        return Ok(0);
    }
    let streaming = awscli_protocol::streaming_output_member(service, operation).map(str::to_owned);
    let mut result = match (&streaming, &parsed.outfile) {
        (Some(_), Some(path)) => {
            runtime.block_on(download_to(&ctx, service, operation, &parsed.input, path))?
        }
        _ => runtime
            .block_on(awscli_client::invoke(
                &ctx,
                service,
                operation,
                &parsed.input,
            ))
            .map_err(call::call_error)?,
    };
    write_response_files(&parsed.response_files, &mut result)?;
    normalize_timestamps(&mut result, output.timestamps);
    output.render(result, stdout)?;
    Ok(0)
}

/// Saves what the argument customizations take from a successful response
/// (iam `create-virtual-mfa-device --outfile`, iot `--*-outfile`), as
/// their `after-call` handlers do before the output is printed.
fn write_response_files(
    files: &[awscli_args::ResponseFile],
    output: &mut Value,
) -> Result<(), CliError> {
    for file in files {
        let Some(saved) = file.take_from(output) else {
            continue;
        };
        let os_error = |e: std::io::Error| {
            let text = e.to_string();
            let code = e.raw_os_error().unwrap_or(0);
            let message = text
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&text)
                .to_owned();
            CliError::General(format!("[Errno {code}] {message}: '{}'", saved.path))
        };
        std::fs::write(&saved.path, &saved.contents).map_err(os_error)?;
        if let Some(mode) = saved.mode {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&saved.path, std::fs::Permissions::from_mode(mode))
                .map_err(os_error)?;
        }
    }
    Ok(())
}

/// Calls a streaming-output operation, writing the body to `path`.
async fn download_to(
    ctx: &awscli_client::CallContext,
    service: &Service,
    operation: &awscli_model::Operation,
    input: &Value,
    path: &str,
) -> Result<Value, CliError> {
    let mut file = tokio::fs::File::create(path).await.map_err(|e| {
        CliError::General(format!(
            "[Errno {}] {}: '{path}'",
            e.raw_os_error().unwrap_or(0),
            e
        ))
    })?;
    let options = awscli_client::InvokeOptions {
        stream_to: Some(&mut file),
    };
    let response = awscli_client::invoke_full(ctx, service, operation, input, options)
        .await
        .map_err(call::call_error)?;
    Ok(response.output)
}

fn page_size_number(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(i) => Some(*i),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn paginate_error(e: awscli_client::PaginateError) -> CliError {
    match e {
        awscli_client::PaginateError::Call(call) => call::call_error(call),
        other => CliError::General(other.to_string()),
    }
}

fn write_skeleton(
    service: &Service,
    operation: &awscli_model::Operation,
    kind: awscli_args::SkeletonKind,
    stdout: &mut dyn Write,
) -> Result<(), RunError> {
    use awscli_args::skeleton;
    let text = match kind {
        awscli_args::SkeletonKind::Input => {
            skeleton::render_input_skeleton_json(service, operation).map_err(args_error)?
        }
        awscli_args::SkeletonKind::YamlInput => {
            let docs = awscli_model::store::docs(&service.name).ok();
            skeleton::render_input_skeleton_yaml(service, operation, docs.as_ref())
                .map_err(args_error)?
        }
        awscli_args::SkeletonKind::Output => {
            let value = skeleton::output_skeleton(service, operation).map_err(args_error)?;
            let mut out = Vec::new();
            awscli_output::render_json(&value, &mut out)
                .map_err(|e| CliError::General(e.to_string()))?;
            String::from_utf8_lossy(&out).into_owned()
        }
    };
    stdout.write_all(text.as_bytes())?;
    Ok(())
}

/// `aws <service> wait <waiter> [parameters]`.
fn run_wait(
    service: &Service,
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let waiters: Vec<(String, String)> = service
        .waiter_names()
        .map(|w| (awscli_args::xform_name(w), w.to_owned()))
        .collect();
    let Some(position) = rest
        .iter()
        .position(|t| !crate::globals::looks_like_option(t))
    else {
        return Err(
            CliError::usage("the following arguments are required: subcommand".to_owned()).into(),
        );
    };
    let word = &rest[position];
    if word == "help" {
        return crate::help::wait(service, env, stdout);
    }
    let Some((_, waiter_name)) = waiters.iter().find(|(cli, _)| cli == word) else {
        let mut names: Vec<&str> = waiters.iter().map(|(cli, _)| cli.as_str()).collect();
        names.push("help");
        return Err(CliError::invalid_choice("subcommand", word, names).into());
    };
    let mut remaining = rest.to_vec();
    remaining.remove(position);
    let waiter = service
        .waiter(waiter_name)
        .map_err(model_error)?
        .ok_or_else(|| CliError::General(format!("unknown waiter {waiter_name}")))?;
    let operation = service.operation(&waiter.operation).map_err(model_error)?;
    let table = ArgTable::for_operation(service, operation, true).map_err(args_error)?;
    if crate::help::operation_help_requested(&table, &remaining)? {
        return crate::help::waiter(service, waiter_name, &table, env, stdout);
    }
    let session = Session::new(globals, env)?;
    // The waiter's own options: its help lists the operation's pagination
    // arguments, the command itself takes none.
    let table = ArgTable::for_operation(service, operation, false).map_err(args_error)?;
    let parsed = parse_args(&session, service, operation, &table, &remaining)?;
    let endpoint = session.resolve_endpoint(service, operation, &parsed.input)?;
    let transport = call::transport(&session)?;
    let ctx = call::context(&session, service, operation, &endpoint, transport)?;
    let runtime = runtime()?;
    let invoker = Invoker {
        ctx: &ctx,
        service,
        operation,
    };
    let config = awscli_client::WaiterConfig {
        delay: None,
        max_attempts: None,
    };
    runtime
        .block_on(awscli_client::wait(
            &invoker,
            waiter,
            &parsed.input,
            config,
            Arc::new(awscli_client::TokioSleeper),
        ))
        .map_err(|e| match e {
            awscli_client::WaiterError::Call(call) => call::call_error(call),
            other => CliError::General(other.to_string()),
        })?;
    Ok(0)
}

/// How results are printed: `--output`, `--query`, `cli_timestamp_format`, colour.
struct OutputSettings {
    format: OutputFormat,
    formatter: Formatter,
    timestamps: TimestampFormat,
    command_name: String,
}

impl OutputSettings {
    fn new(session: &Session, command_name: &str) -> Result<OutputSettings, CliError> {
        let name = session
            .setting("output")?
            .unwrap_or_else(|| "json".to_owned());
        let format = OutputFormat::from_setting(&name).ok_or_else(|| CliError::Configuration {
            code: "Configuration",
            message: format!("Unknown output type: {name}"),
        })?;
        let timestamps = match session.config.timestamp_format().map_err(config_error)? {
            awscli_config::config::TimestampFormat::Wire => TimestampFormat::Wire,
            _ => TimestampFormat::Iso8601,
        };
        let mut formatter = Formatter::new(format);
        if let Some(query) = &session.globals.query {
            formatter = formatter.with_query(Some(crate::driver::compile_query(query)?));
        }
        let tty = std::io::stdout().is_terminal();
        formatter.color = match session.globals.color.as_str() {
            "on" => true,
            "off" => false,
            _ => tty,
        };
        formatter.terminal_width = if tty { terminal_width() } else { 80 };
        Ok(OutputSettings {
            format,
            formatter,
            timestamps,
            command_name: command_name.to_owned(),
        })
    }

    fn render(&self, value: Value, stdout: &mut dyn Write) -> Result<(), CliError> {
        self.formatter
            .render(&self.command_name, value, stdout)
            .map_err(output_error)
    }

    fn render_page(
        &self,
        index: usize,
        page: &Value,
        pages: &PageIterator<'_>,
        stdout: &mut dyn Write,
    ) -> Result<(), CliError> {
        match self.format {
            OutputFormat::YamlStream => self
                .formatter
                .render_yaml_stream_page(page.clone(), stdout)
                .map_err(output_error),
            _ => {
                let result_keys: Vec<awscli_jmespath::Expression> = pages
                    .result_keys()
                    .iter()
                    .filter_map(|k| awscli_jmespath::compile(k).ok())
                    .collect();
                let shaped = awscli_output::text::paginated_text_page(
                    index,
                    page,
                    pages.non_aggregate_part(),
                    &result_keys,
                );
                self.formatter
                    .render_text_page(&shaped, stdout)
                    .map_err(output_error)
            }
        }
    }
}

fn output_error(e: awscli_output::OutputError) -> CliError {
    match e {
        awscli_output::OutputError::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe => {
            CliError::Reported(0)
        }
        other => CliError::General(other.to_string()),
    }
}

/// The terminal's width in columns (`COLUMNS`, else 80).
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80)
}
