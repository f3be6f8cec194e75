//! Files written from the response: iam `create-virtual-mfa-device
//! --outfile --bootstrap-method` (`iamvirtmfa.py`) and iot
//! `create-keys-and-certificate` / `create-certificate-from-csr`
//! `--*-outfile` (`iot.py`). Both CLIs run in one sandbox, one after the
//! other; each one's files are read (and removed) before the next runs.

use std::os::unix::fs::PermissionsExt;

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli};

use crate::util::{assert_same_refusal, clis, run_recorded};

/// Contents and permission bits of `names` in the sandbox, removed after.
fn take_files(cli: &Cli, names: &[&str]) -> Vec<Option<(Vec<u8>, u32)>> {
    names
        .iter()
        .map(|name| {
            let path = cli.sandbox().path().join(name);
            let found = std::fs::read(&path).ok().map(|bytes| {
                let mode = std::fs::metadata(&path)
                    .map(|m| m.permissions().mode() & 0o777)
                    .unwrap_or_default();
                (bytes, mode)
            });
            let _ = std::fs::remove_file(&path);
            found
        })
        .collect()
}

#[track_caller]
fn assert_same_files(args: &[&str], response: CannedResponse, files: &[&str]) {
    let (ours, reference) = clis();
    let expected = run_recorded(&reference, args, std::slice::from_ref(&response));
    assert_eq!(
        expected.output.exit_code, 0,
        "the reference failed: {}",
        expected.output.stderr
    );
    let expected_files = take_files(&reference, files);
    assert!(
        expected_files.iter().all(Option::is_some),
        "the reference wrote no file"
    );
    let actual = run_recorded(&ours, args, &[response]);
    let actual_files = take_files(&ours, files);
    assert_same_requests(&expected.requests, &actual.requests);
    assert_same_outcome(&expected.output, &actual.output);
    assert_eq!(expected_files, actual_files);
}

/// The seed is written decoded from the response's base64 (`SEVMTE8=`).
const MFA_RESPONSE: &str = r#"<CreateVirtualMFADeviceResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateVirtualMFADeviceResult><VirtualMFADevice><SerialNumber>arn:aws:iam::123456789012:mfa/dev</SerialNumber><Base32StringSeed>U0VWTVRFOD0=</Base32StringSeed><QRCodePNG>U0VWTVRFOD0=</QRCodePNG></VirtualMFADevice></CreateVirtualMFADeviceResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateVirtualMFADeviceResponse>"#;

#[test]
fn virtual_mfa_device_seed_goes_to_outfile() {
    for method in ["Base32StringSeed", "QRCodePNG"] {
        assert_same_files(
            &[
                "iam",
                "create-virtual-mfa-device",
                "--virtual-mfa-device-name",
                "dev",
                "--outfile",
                "seed.out",
                "--bootstrap-method",
                method,
            ],
            CannedResponse::xml(MFA_RESPONSE),
            &["seed.out"],
        );
    }
}

#[test]
fn virtual_mfa_device_option_errors_match_the_reference() {
    let base = [
        "iam",
        "create-virtual-mfa-device",
        "--virtual-mfa-device-name",
        "dev",
    ];
    for extra in [
        &["--outfile", "seed.out"][..],
        &["--bootstrap-method", "QRCodePNG"][..],
        &["--outfile", "seed.out", "--bootstrap-method", "PNG"][..],
        &[
            "--outfile",
            "no/such/dir/seed.out",
            "--bootstrap-method",
            "QRCodePNG",
        ][..],
        &[
            "--outfile",
            "seed.out",
            "--bootstrap-method",
            "QRCodePNG",
            "--generate-cli-skeleton",
        ][..],
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        assert_same_refusal(|_| {}, &args);
    }
}

const KEYS_RESPONSE: &str = r#"{"certificateArn": "arn:aws:iot:us-east-1:123456789012:cert/abc", "certificateId": "abc", "certificatePem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "keyPair": {"PublicKey": "-----BEGIN PUBLIC KEY-----\nPUB\n-----END PUBLIC KEY-----\n", "PrivateKey": "-----BEGIN RSA PRIVATE KEY-----\nPRIV\n-----END RSA PRIVATE KEY-----\n"}}"#;

#[test]
fn iot_keys_and_certificate_outfiles() {
    assert_same_files(
        &[
            "iot",
            "create-keys-and-certificate",
            "--set-as-active",
            "--certificate-pem-outfile",
            "cert.pem",
            "--public-key-outfile",
            "public.key",
            "--private-key-outfile",
            "private.key",
        ],
        CannedResponse::json("application/json", KEYS_RESPONSE),
        &["cert.pem", "public.key", "private.key"],
    );
}

#[test]
fn iot_certificate_from_csr_outfile() {
    assert_same_files(
        &[
            "iot",
            "create-certificate-from-csr",
            "--certificate-signing-request",
            "CSR",
            "--certificate-pem-outfile",
            "cert.pem",
        ],
        CannedResponse::json(
            "application/json",
            r#"{"certificateArn": "arn:aws:iot:us-east-1:123456789012:cert/abc", "certificateId": "abc", "certificatePem": "PEM"}"#,
        ),
        &["cert.pem"],
    );
}

#[test]
fn iot_outfile_in_a_missing_directory_is_refused() {
    assert_same_refusal(
        |_| {},
        &[
            "iot",
            "create-keys-and-certificate",
            "--certificate-pem-outfile",
            "missing/cert.pem",
        ],
    );
}
