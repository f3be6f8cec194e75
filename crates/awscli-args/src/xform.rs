//! [`xform_name`]: botocore's CamelCase to kebab-case conversion
//! (`botocore/__init__.py:xform_name`), which names every operation command
//! (`DescribeInstances` -> `describe-instances`) and every parameter
//! (`InstanceIds` -> `--instance-ids`).
//!
//! This is a port of its three regular expressions and its table of special
//! cases, not an idealised conversion: `LoRaWAN` becomes `lo-ra-wan`
//! there, and the AWS CLI renames such results afterwards (see
//! [`crate::table`]), so changing the rules here would change command names.

/// Names the regular expressions get wrong, from botocore 1.43.67's
/// `_xform_cache` (the `-` entries; the `_` entries are the same words).
const SPECIAL_CASES: &[(&str, &str)] = &[
    ("CreateCachediSCSIVolume", "create-cached-iscsi-volume"),
    (
        "DescribeCachediSCSIVolumes",
        "describe-cached-iscsi-volumes",
    ),
    (
        "DescribeStorediSCSIVolumes",
        "describe-stored-iscsi-volumes",
    ),
    ("CreateStorediSCSIVolume", "create-stored-iscsi-volume"),
    (
        "ListHITsForQualificationType",
        "list-hits-for-qualification-type",
    ),
    ("ExecutePartiQLStatement", "execute-partiql-statement"),
    ("ExecutePartiQLTransaction", "execute-partiql-transaction"),
    ("ExecutePartiQLBatch", "execute-partiql-batch"),
    ("CreateOAuth2Token", "create-oauth2-token"),
    ("CreateOAuth2TokenWithIAM", "create-oauth2-token-with-iam"),
    (
        "IntrospectOAuth2TokenWithIAM",
        "introspect-oauth2-token-with-iam",
    ),
    ("RevokeOAuth2TokenWithIAM", "revoke-oauth2-token-with-iam"),
    (
        "AssociateWhatsAppBusinessAccount",
        "associate-whatsapp-business-account",
    ),
    ("CreateWhatsAppDataset", "create-whatsapp-dataset"),
    ("CreateWhatsAppFlow", "create-whatsapp-flow"),
    (
        "CreateWhatsAppMessageTemplate",
        "create-whatsapp-message-template",
    ),
    (
        "CreateWhatsAppMessageTemplateFromLibrary",
        "create-whatsapp-message-template-from-library",
    ),
    (
        "CreateWhatsAppMessageTemplateMedia",
        "create-whatsapp-message-template-media",
    ),
    ("DeleteWhatsAppFlow", "delete-whatsapp-flow"),
    (
        "DeleteWhatsAppMessageMedia",
        "delete-whatsapp-message-media",
    ),
    (
        "DeleteWhatsAppMessageTemplate",
        "delete-whatsapp-message-template",
    ),
    ("DeprecateWhatsAppFlow", "deprecate-whatsapp-flow"),
    (
        "DisassociateWhatsAppBusinessAccount",
        "disassociate-whatsapp-business-account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccount",
        "get-linked-whatsapp-business-account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccountPhoneNumber",
        "get-linked-whatsapp-business-account-phone-number",
    ),
    ("GetOTelEnrichment", "get-otel-enrichment"),
    ("GetWhatsAppFlow", "get-whatsapp-flow"),
    ("GetWhatsAppFlowPreview", "get-whatsapp-flow-preview"),
    ("GetWhatsAppMessageMedia", "get-whatsapp-message-media"),
    (
        "GetWhatsAppMessageTemplate",
        "get-whatsapp-message-template",
    ),
    (
        "ListLinkedWhatsAppBusinessAccounts",
        "list-linked-whatsapp-business-accounts",
    ),
    ("ListWhatsAppFlowAssets", "list-whatsapp-flow-assets"),
    ("ListWhatsAppFlows", "list-whatsapp-flows"),
    (
        "ListWhatsAppMessageTemplates",
        "list-whatsapp-message-templates",
    ),
    (
        "ListWhatsAppTemplateLibrary",
        "list-whatsapp-template-library",
    ),
    ("PostWhatsAppMessageMedia", "post-whatsapp-message-media"),
    ("PublishWhatsAppFlow", "publish-whatsapp-flow"),
    (
        "PutWhatsAppBusinessAccountEventDestinations",
        "put-whatsapp-business-account-event-destinations",
    ),
    (
        "SendWhatsAppConversionEvent",
        "send-whatsapp-conversion-event",
    ),
    ("SendWhatsAppMessage", "send-whatsapp-message"),
    ("StartOTelEnrichment", "start-otel-enrichment"),
    ("StopOTelEnrichment", "stop-otel-enrichment"),
    ("UpdateWhatsAppFlow", "update-whatsapp-flow"),
    ("UpdateWhatsAppFlowAssets", "update-whatsapp-flow-assets"),
    (
        "UpdateWhatsAppMessageTemplate",
        "update-whatsapp-message-template",
    ),
];

/// `xform_name(name, '-')`: `DescribeInstances` -> `describe-instances`.
pub fn xform_name(name: &str) -> String {
    xform_name_with(name, '-')
}

/// `xform_name(name, sep)` with any separator (`_` gives botocore's Python
/// method names).
pub fn xform_name_with(name: &str, sep: char) -> String {
    // A name that already holds the separator is taken as transformed.
    if name.contains(sep) {
        return name.to_owned();
    }
    if let Some((_, kebab)) = SPECIAL_CASES.iter().find(|(camel, _)| *camel == name) {
        return kebab.replace('-', &sep.to_string());
    }
    let mut chars: Vec<char> = name.chars().collect();
    // `[A-Z]{2,}s$`: a pluralised acronym (GatewayARNs, ListWebACLs) is split
    // off whole and lower-cased, before the two general rules run.
    if chars.last() == Some(&'s') {
        let end = chars.len() - 1;
        let mut start = end;
        while start > 0 && chars[start - 1].is_ascii_uppercase() {
            start -= 1;
        }
        if end - start >= 2 {
            let tail: String = chars[start..].iter().collect::<String>().to_lowercase();
            chars.truncate(start);
            chars.push(sep);
            chars.extend(tail.chars());
        }
    }
    let first = first_cap(&chars, sep);
    end_cap(&first, sep).to_lowercase()
}

/// `re.sub('(.)([A-Z][a-z]+)', r'\1-\2', name)`.
fn first_cap(chars: &[char], sep: char) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        // `.` matches anything but a newline.
        let matches = chars[i] != '\n'
            && chars.get(i + 1).is_some_and(char::is_ascii_uppercase)
            && chars.get(i + 2).is_some_and(char::is_ascii_lowercase);
        if matches {
            let mut end = i + 2;
            while end < chars.len() && chars[end].is_ascii_lowercase() {
                end += 1;
            }
            out.push(chars[i]);
            out.push(sep);
            out.extend_from_slice(&chars[i + 1..end]);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `re.sub('([a-z0-9])([A-Z])', r'\1-\2', s1)`.
fn end_cap(chars: &[char], sep: char) -> String {
    let mut out = String::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c.is_ascii_lowercase() || c.is_ascii_digit())
            && chars.get(i + 1).is_some_and(char::is_ascii_uppercase)
        {
            out.push(c);
            out.push(sep);
            out.push(chars[i + 1]);
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xform_name_tricky_names_match_botocore() {
        let cases = [
            ("DescribeInstances", "describe-instances"),
            ("ListMFADevices", "list-mfa-devices"),
            ("CreateDBInstance", "create-db-instance"),
            ("GatewayARNs", "gateway-arns"),
            ("ListWebACLs", "list-web-acls"),
            ("SomeCNAMEs", "some-cnames"),
            ("S3Location", "s3-location"),
            ("Ec2TagFilters", "ec2-tag-filters"),
            ("LoRaWAN", "lo-ra-wan"),
            ("CreateCachediSCSIVolume", "create-cached-iscsi-volume"),
            ("ExecutePartiQLStatement", "execute-partiql-statement"),
            ("HTTPHeader", "http-header"),
            ("ARNs", "-arns"),
            ("already-done", "already-done"),
            ("MaxResults", "max-results"),
            ("SSEKMSKeyId", "ssekms-key-id"),
            ("ContentMD5", "content-md5"),
            ("IPv6Address", "i-pv6-address"),
            ("DryRun", "dry-run"),
            ("tags", "tags"),
            (
                "ReplicationServersSecurityGroupsIDs",
                "replication-servers-security-groups-ids",
            ),
        ];
        for (camel, kebab) in cases {
            assert_eq!(xform_name(camel), kebab, "{camel}");
        }
        assert_eq!(
            xform_name_with("DescribeInstances", '_'),
            "describe_instances"
        );
        assert_eq!(
            xform_name_with("ExecutePartiQLBatch", '_'),
            "execute_partiql_batch"
        );
    }

    #[test]
    fn xform_name_gives_unique_operation_names_in_every_service() {
        let mut count = 0;
        for service_name in awscli_model::store::service_names() {
            let service = awscli_model::store::load(service_name)
                .unwrap_or_else(|e| panic!("{service_name}: {e}"));
            let mut seen = std::collections::HashMap::new();
            for op in service.operation_names() {
                let cli = xform_name(op);
                if let Some(other) = seen.insert(cli.clone(), op.to_owned()) {
                    panic!("{service_name}: {op} and {other} both map to {cli}");
                }
                count += 1;
            }
        }
        assert!(count > 10_000, "only {count} operations");
    }
}
