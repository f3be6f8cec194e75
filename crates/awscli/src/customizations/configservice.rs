//! `aws configservice get-status`: the status of every AWS Config
//! configuration recorder and delivery channel, as the reference's plain
//! `name: ...` report (`DescribeConfigurationRecorderStatus`, then
//! `DescribeDeliveryChannelStatus`).
//!
//! Spec: `awscli/customizations/configservice/getstatus.py`. The report is
//! written as it is read, so a response missing a field the reference
//! indexes leaves the lines before it on stdout and fails with the
//! reference's `KeyError` text (`'lastStatus'`).
//!
//! Also `aws configservice subscribe --s3-bucket <bucket[/prefix]>
//! --sns-topic <name|arn> --iam-role <arn>` (`subscribe.py`): makes sure the
//! bucket (`HeadBucket`, created on a 404) and the topic (created when a
//! name is given) exist, creates and starts the `default` configuration
//! recorder and delivery channel, then prints both as `json.dumps(...,
//! indent=4)`. As in the reference, `--endpoint-url` applies to AWS Config
//! only, not to S3 or SNS.
use std::io::Write;

use awscli_model::Value;

use super::api::{self, map, string, Api};
use super::args::{self, Spec};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;
use crate::session::Session;

fn key_error(key: &str) -> CliError {
    CliError::General(format!("'{key}'"))
}

fn field<'a>(value: &'a Value, key: &str) -> Result<&'a Value, CliError> {
    value.get(key).ok_or_else(|| key_error(key))
}

/// Python's `'%s' % value`.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "None".into(),
        other => awscli_jmespath::python::str_of(other),
    }
}

/// Python truthiness of a delivery info (`None` and `{}` are false).
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Map(m) => !m.is_empty(),
        _ => true,
    }
}

fn write_last_status(
    out: &mut dyn Write,
    status: &Value,
    status_name: &str,
) -> Result<(), RunError> {
    let last_status = field(status, "lastStatus")?;
    writeln!(out, "last {status_name}status: {}", text(last_status))?;
    if last_status.as_str() == Some("FAILURE") {
        writeln!(out, "error code: {}", text(field(status, "lastErrorCode")?))?;
        writeln!(out, "message: {}", text(field(status, "lastErrorMessage")?))?;
    }
    Ok(())
}

fn write_recorders(out: &mut dyn Write, status: &Value) -> Result<(), RunError> {
    out.write_all(b"Configuration Recorders:\n\n")?;
    let recorders = field(status, "ConfigurationRecordersStatus")?;
    for recorder in recorders.as_list().unwrap_or_default() {
        writeln!(out, "name: {}", text(field(recorder, "name")?))?;
        let recording = match field(recorder, "recording")? {
            Value::Bool(b) => *b,
            other => return Err(key_error(&text(other)).into()),
        };
        writeln!(out, "recorder: {}", if recording { "ON" } else { "OFF" })?;
        if recording {
            write_last_status(out, recorder, "")?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn write_channels(out: &mut dyn Write, status: &Value) -> Result<(), RunError> {
    out.write_all(b"Delivery Channels:\n\n")?;
    let channels = field(status, "DeliveryChannelsStatus")?;
    for channel in channels.as_list().unwrap_or_default() {
        writeln!(out, "name: {}", text(field(channel, "name")?))?;
        let deliveries = [
            (
                field(channel, "configStreamDeliveryInfo")?,
                "stream delivery ",
            ),
            (
                field(channel, "configHistoryDeliveryInfo")?,
                "history delivery ",
            ),
            (
                field(channel, "configSnapshotDeliveryInfo")?,
                "snapshot delivery ",
            ),
        ];
        for (info, name) in deliveries {
            if truthy(info) {
                write_last_status(out, info, name)?;
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `aws configservice get-status`.
pub fn get_status(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    args::parse(&[], rest)?;
    let mut api = Api::new(Session::new(globals, env)?);
    let service = api::model("config")?;
    let empty = Value::empty_map();
    let recorders = api.call(&service, "DescribeConfigurationRecorderStatus", &empty)?;
    write_recorders(stdout, &recorders)?;
    let channels = api.call(&service, "DescribeDeliveryChannelStatus", &empty)?;
    write_channels(stdout, &channels)?;
    Ok(0)
}

const SUBSCRIBE_SPECS: &[Spec] = &[
    Spec::required("--s3-bucket"),
    Spec::required("--sns-topic"),
    Spec::required("--iam-role"),
];

/// The code of a service error (`404` for a bucket `HeadBucket` cannot find).
fn error_code(e: &CliError) -> Option<&str> {
    match e {
        CliError::Service { message, .. } => message
            .strip_prefix("An error occurred (")
            .and_then(|rest| rest.split_once(')'))
            .map(|(code, _)| code),
        _ => None,
    }
}

/// `s3_bucket_exists`: only a 404 means missing; other errors with a
/// numeric code mean it exists (someone else's bucket answers 403).
fn bucket_exists(
    api: &mut Api,
    s3: &awscli_model::Service,
    bucket: &str,
) -> Result<bool, CliError> {
    match api.call(s3, "HeadBucket", &map([("Bucket", string(bucket))])) {
        Ok(_) => Ok(true),
        Err(e) => match error_code(&e).map(str::parse::<i64>) {
            Some(Ok(404)) => Ok(false),
            Some(Ok(_)) => Ok(true),
            Some(Err(_)) => Err(CliError::General(format!(
                "invalid literal for int() with base 10: '{}'",
                error_code(&e).unwrap_or_default()
            ))),
            None => Err(e),
        },
    }
}

/// `aws configservice subscribe`.
pub fn subscribe(
    globals: &GlobalArgs,
    rest: &[String],
    env: &Env,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let parsed = args::parse(SUBSCRIBE_SPECS, rest)?;
    let s3_path = parsed.value("--s3-bucket").unwrap_or_default();
    let topic = parsed.value("--sns-topic").unwrap_or_default();
    let role = parsed.value("--iam-role").unwrap_or_default();
    let mut other_globals = globals.clone();
    other_globals.endpoint_url = None;
    let mut other_api = Api::new(Session::new(&other_globals, env)?);
    let mut config_api = Api::new(Session::new(globals, env)?);
    let (bucket, prefix) = s3_path.split_once('/').unwrap_or((s3_path, ""));
    let s3 = api::model("s3")?;
    if bucket_exists(&mut other_api, &s3, bucket)? {
        writeln!(stdout, "Using existing S3 bucket: {bucket}")?;
    } else {
        let mut input = map([("Bucket", string(bucket))]);
        let region = other_api
            .session
            .region()?
            .unwrap_or_else(|| "us-east-1".into());
        if region != "us-east-1" {
            if let Some(m) = input.as_map_mut() {
                m.insert(
                    "CreateBucketConfiguration".into(),
                    map([("LocationConstraint", string(region))]),
                );
            }
        }
        other_api.call(&s3, "CreateBucket", &input)?;
        writeln!(stdout, "Using new S3 bucket: {bucket}")?;
    }
    // A topic name cannot contain a colon; only ARNs do.
    let topic_arn = if topic.contains(':') {
        writeln!(stdout, "Using existing SNS topic: {topic}")?;
        topic.to_owned()
    } else {
        let sns = api::model("sns")?;
        let created = other_api.call(&sns, "CreateTopic", &map([("Name", string(topic))]))?;
        let arn = created
            .get("TopicArn")
            .and_then(Value::as_str)
            .ok_or_else(|| key_error("TopicArn"))?
            .to_owned();
        writeln!(stdout, "Using new SNS topic: {arn}")?;
        arn
    };
    let config = api::model("config")?;
    config_api.call(
        &config,
        "PutConfigurationRecorder",
        &map([(
            "ConfigurationRecorder",
            map([("name", string("default")), ("roleARN", string(role))]),
        )]),
    )?;
    let mut channel = map([
        ("name", string("default")),
        ("s3BucketName", string(bucket)),
        ("snsTopicARN", string(topic_arn)),
    ]);
    if let (false, Some(m)) = (prefix.is_empty(), channel.as_map_mut()) {
        m.insert("s3KeyPrefix".into(), string(prefix));
    }
    config_api.call(
        &config,
        "PutDeliveryChannel",
        &map([("DeliveryChannel", channel)]),
    )?;
    config_api.call(
        &config,
        "StartConfigurationRecorder",
        &map([("ConfigurationRecorderName", string("default"))]),
    )?;
    let empty = Value::empty_map();
    stdout.write_all(b"Subscribe succeeded:\n\nConfiguration Recorders: ")?;
    let recorders = config_api.call(&config, "DescribeConfigurationRecorders", &empty)?;
    let recorders = field(&recorders, "ConfigurationRecorders")?;
    write!(stdout, "{}\n\n", super::pyjson::dumps(recorders, Some(4)))?;
    stdout.write_all(b"Delivery Channels: ")?;
    let channels = config_api.call(&config, "DescribeDeliveryChannels", &empty)?;
    let channels = field(&channels, "DeliveryChannels")?;
    writeln!(stdout, "{}", super::pyjson::dumps(channels, Some(4)))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_delivery_lists_its_error() {
        let status = map([(
            "DeliveryChannelsStatus",
            Value::List(vec![map([
                ("name", string("default")),
                ("configStreamDeliveryInfo", Value::empty_map()),
                (
                    "configHistoryDeliveryInfo",
                    map([
                        ("lastStatus", string("FAILURE")),
                        ("lastErrorCode", string("AccessDenied")),
                        ("lastErrorMessage", string("no")),
                    ]),
                ),
                (
                    "configSnapshotDeliveryInfo",
                    map([("lastStatus", string("SUCCESS"))]),
                ),
            ])]),
        )]);
        let mut out = Vec::new();
        write_channels(&mut out, &status).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Delivery Channels:\n\nname: default\nlast history delivery status: FAILURE\n\
             error code: AccessDenied\nmessage: no\nlast snapshot delivery status: SUCCESS\n\n"
        );
    }

    #[test]
    fn missing_field_is_a_key_error_after_the_lines_before_it() {
        let status = map([(
            "ConfigurationRecordersStatus",
            Value::List(vec![map([
                ("name", string("default")),
                ("recording", Value::Bool(true)),
            ])]),
        )]);
        let mut out = Vec::new();
        let e = write_recorders(&mut out, &status).unwrap_err();
        assert!(matches!(e, RunError::Cli(CliError::General(m)) if m == "'lastStatus'"));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Configuration Recorders:\n\nname: default\nrecorder: ON\n"
        );
    }
}
