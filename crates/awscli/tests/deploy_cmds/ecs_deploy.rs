//! `aws ecs deploy`: the calls made (ECS through `--endpoint-url`,
//! CodeDeploy without it), the AppSpec sent with the new task definition
//! ARN and its SHA-256, the progress lines, the wait, and the errors.

use awscli_test_support::{CannedResponse, Cli, RecordingServer};

use crate::util::{assert_same, clis, json, json_error, with_endpoint};

const TASK_DEF: &str = r#"{
    "family": "web",
    "containerDefinitions": [
        {"name": "web", "image": "nginx", "memory": 128, "essential": true,
         "portMappings": [{"containerPort": 80}]}
    ],
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "256"
}"#;

const APPSPEC_YAML: &str = "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: \"<TASK_DEFINITION>\"\n        LoadBalancerInfo:\n          ContainerName: \"web\"\n          ContainerPort: 80\n";

const CLUSTER_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
const SERVICE_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";
const TASK_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";

fn write_files(cli: &Cli) {
    cli.sandbox().write("taskdef.json", TASK_DEF).unwrap();
    cli.sandbox().write("appspec.yaml", APPSPEC_YAML).unwrap();
}

fn services() -> CannedResponse {
    json(&format!(
        r#"{{"services": [{{"serviceArn": "{SERVICE_ARN}", "serviceName": "web", "clusterArn": "{CLUSTER_ARN}"}}], "failures": []}}"#
    ))
}

fn application(platform: &str) -> CannedResponse {
    json(&format!(
        r#"{{"application": {{"applicationId": "1", "applicationName": "AppECS-prod-web", "computePlatform": "{platform}"}}}}"#
    ))
}

fn group(service: &str, ready: i64, terminate: i64) -> CannedResponse {
    json(&format!(
        r#"{{"deploymentGroupInfo": {{"applicationName": "AppECS-prod-web", "deploymentGroupName": "DgpECS-prod-web",
            "computePlatform": "ECS",
            "ecsServices": [{{"serviceName": "{service}", "clusterName": "prod"}}],
            "blueGreenDeploymentConfiguration": {{
                "deploymentReadyOption": {{"actionOnTimeout": "CONTINUE_DEPLOYMENT", "waitTimeInMinutes": {ready}}},
                "terminateBlueInstancesOnDeploymentSuccess": {{"action": "TERMINATE", "terminationWaitTimeInMinutes": {terminate}}}}}}}}}"#
    ))
}

fn registered() -> CannedResponse {
    json(&format!(
        r#"{{"taskDefinition": {{"taskDefinitionArn": "{TASK_ARN}", "family": "web", "revision": 7}}}}"#
    ))
}

fn deployment(status: &str) -> CannedResponse {
    json(&format!(
        r#"{{"deploymentInfo": {{"deploymentId": "d-ABC123", "status": "{status}"}}}}"#
    ))
}

fn args(endpoint: &str, extra: &[&str]) -> Vec<String> {
    let mut words = vec![
        "ecs",
        "deploy",
        "--cluster",
        "prod",
        "--service",
        "web",
        "--task-definition",
        "taskdef.json",
        "--codedeploy-appspec",
        "appspec.yaml",
    ];
    words.extend_from_slice(extra);
    with_endpoint(&words, endpoint)
}

#[test]
fn deploy_registers_creates_and_waits() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_files(&ours);
    let responses = [
        services(),
        application("ECS"),
        group("web", 5, 400),
        registered(),
        json(r#"{"deploymentId": "d-ABC123"}"#),
        deployment("Succeeded"),
    ];
    let (expected, _) = assert_same(
        &server,
        &ours,
        &reference,
        &args(&endpoint, &[]),
        &responses,
    );
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);
    assert!(expected
        .output
        .stdout_text()
        .contains("(will wait up to 360 minutes)"));
}

#[test]
fn deploy_with_json_appspec_and_named_resources() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_files(&ours);
    ours.sandbox()
        .write(
            "appspec.json",
            r#"{"version": 1.0, "resources": [{"svc": {"type": "AWS::ECS::Service", "properties": {"taskdefinition": "x", "note": "caf\u00e9"}}}]}"#,
        )
        .unwrap();
    let responses = [
        services(),
        application("ECS"),
        group(SERVICE_ARN, 1, 1),
        registered(),
        json(r#"{"deploymentId": "d-ABC123"}"#),
        deployment("Succeeded"),
    ];
    let mut words = args(
        &endpoint,
        &[
            "--codedeploy-application",
            "my-app",
            "--codedeploy-deployment-group",
            "my-group",
        ],
    );
    let at = words.iter().position(|w| w == "appspec.yaml").unwrap();
    words[at] = "appspec.json".into();
    let (expected, _) = assert_same(&server, &ours, &reference, &words, &responses);
    assert_eq!(expected.output.exit_code, 0, "{}", expected.output.stderr);
}

#[test]
fn deploy_reports_a_failed_deployment() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_files(&ours);
    let responses = [
        services(),
        application("ECS"),
        group("web", 0, 5),
        registered(),
        json(r#"{"deploymentId": "d-ABC123"}"#),
        deployment("Failed"),
    ];
    let (expected, _) = assert_same(
        &server,
        &ours,
        &reference,
        &args(&endpoint, &[]),
        &responses,
    );
    assert_eq!(expected.output.exit_code, 255);
}

#[test]
fn deploy_validation_errors() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_files(&ours);
    let cases: Vec<(Vec<String>, Vec<CannedResponse>)> = vec![
        // No such service in the cluster.
        (
            args(&endpoint, &[]),
            vec![json(
                r#"{"services": [], "failures": [{"reason": "MISSING"}]}"#,
            )],
        ),
        // DescribeServices fails.
        (
            args(&endpoint, &[]),
            vec![json_error(
                400,
                "ClusterNotFoundException",
                "Cluster not found.",
            )],
        ),
        // The application is not an ECS one.
        (
            args(&endpoint, &[]),
            vec![services(), application("Server"), group("web", 1, 1)],
        ),
        // The group targets another service.
        (
            args(&endpoint, &[]),
            vec![services(), application("ECS"), group("other", 1, 1)],
        ),
        // No such application.
        (
            args(&endpoint, &[]),
            vec![
                services(),
                json_error(
                    400,
                    "ApplicationDoesNotExistException",
                    "No application found for name: AppECS-prod-web",
                ),
            ],
        ),
        // A task definition file that is not there.
        (
            with_endpoint(
                &[
                    "ecs",
                    "deploy",
                    "--service",
                    "web",
                    "--task-definition",
                    "missing.json",
                    "--codedeploy-appspec",
                    "appspec.yaml",
                ],
                &endpoint,
            ),
            vec![],
        ),
        // Missing required arguments.
        (
            with_endpoint(&["ecs", "deploy", "--service", "web"], &endpoint),
            vec![],
        ),
    ];
    for (words, responses) in cases {
        assert_same(&server, &ours, &reference, &words, &responses);
    }
}

#[test]
fn deploy_appspec_without_resources_fails_after_registering() {
    let server = RecordingServer::start().unwrap();
    let endpoint = server.endpoint();
    let (ours, reference) = clis(&endpoint);
    write_files(&ours);
    ours.sandbox()
        .write("appspec.yaml", "version: 0.0\n")
        .unwrap();
    let responses = [
        services(),
        application("ECS"),
        group("web", 1, 1),
        registered(),
    ];
    let (expected, _) = assert_same(
        &server,
        &ours,
        &reference,
        &args(&endpoint, &[]),
        &responses,
    );
    assert_eq!(expected.output.exit_code, 255);
}
