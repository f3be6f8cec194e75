//! `before-parameter-build` handlers outside S3 (botocore 1.43
//! `handlers.py`): `_handle_request_validation_mode_member`,
//! `base64_encode_user_data` (EC2 `RunInstances`, Auto Scaling
//! `CreateLaunchConfiguration`), `fix_route53_ids` and Glacier's
//! `inject_account_id`.
use awscli_model::{Operation, Service, Value};
use base64::Engine;
use indexmap::IndexMap;

use super::{ChecksumWhen, HandlerConfig};

/// `_handle_request_validation_mode_member`: ask for response checksums
/// (`ChecksumMode=ENABLED`) unless validation is `when_required`.
pub(super) fn request_validation_mode_member(
    operation: &Operation,
    config: &HandlerConfig,
    params: &mut IndexMap<String, Value>,
) {
    let Some(member) = operation
        .http_checksum
        .as_ref()
        .and_then(|c| c.request_validation_mode_member.as_ref())
    else {
        return;
    };
    if config.response_checksum_validation == ChecksumWhen::WhenSupported {
        params
            .entry(member.clone())
            .or_insert_with(|| Value::String("ENABLED".into()));
    }
}

/// `base64_encode_user_data`: the model wants base64, users give text.
pub(super) fn base64_encode_user_data(params: &mut IndexMap<String, Value>) {
    let Some(user_data) = params.get_mut("UserData") else {
        return;
    };
    let bytes = match user_data {
        Value::String(s) => s.as_bytes().to_vec(),
        Value::Blob(b) => b.clone(),
        _ => return,
    };
    *user_data = Value::String(base64::engine::general_purpose::STANDARD.encode(bytes));
}

/// `fix_route53_ids`: `/hostedzone/Z123` becomes `Z123` for members whose
/// shape is `ResourceId`, `DelegationSetId` or `ChangeId`.
pub(super) fn fix_route53_ids(
    service: &Service,
    operation: &Operation,
    params: &mut IndexMap<String, Value>,
) {
    let Some(input) = operation
        .input
        .as_ref()
        .and_then(|m| service.resolve(m).ok())
    else {
        return;
    };
    for (name, member) in &input.members {
        if !matches!(
            member.shape.as_str(),
            "ResourceId" | "DelegationSetId" | "ChangeId"
        ) {
            continue;
        }
        if let Some(Value::String(id)) = params.get_mut(name) {
            if let Some(last) = id.rsplit('/').next() {
                *id = last.to_owned();
            }
        }
    }
}

/// `inject_account_id`: Glacier takes `-` for the caller's own account.
pub(super) fn inject_account_id(params: &mut IndexMap<String, Value>) {
    match params.get("accountId") {
        None | Some(Value::Null) => {
            params.insert("accountId".into(), Value::String("-".into()));
        }
        Some(_) => {}
    }
}
