//! Integration tests of the reference's argument customizations of model
//! commands (`awscli/customizations/ec2/addcount.py`, `runinstances.py`,
//! `secgroupsimplify.py`, `protocolarg.py`, `putmetricdata.py`,
//! `awslambda.py`, `sessendemail.py`, `iamvirtmfa.py`, `iot.py`,
//! `rekognition.py`, `cloudfront.py`, `ec2/paginate.py`, `rds.py`,
//! `translate.py`, `configservice/putconfigurationrecorder.py`,
//! `kinesis.py`, `cloudsearchdomain.py`, `codedeploy/locationargs.py`,
//! `emr/addtags.py`, `emr/listclusters.py`, `cloudsearch.py`) and route53's
//! id prefixes: the same command line through the
//! reference CLI (`/usr/bin/aws`, 2.9.19) and ours, each against a recording
//! server, must send the same request (compared by meaning, see
//! `awscli_test_support::compare`), print the same stdout and stderr and
//! exit with the same code. Error cases must send nothing.
//!
//! CloudWatch is the exception to comparing requests as sent: the
//! reference's model speaks the query protocol, ours (botocore 1.43) JSON,
//! so our body is flattened into query-style pairs
//! (`MetricData.member.1.Value`) and compared with the reference's form.
//! Everything talks to 127.0.0.1 only.

mod cloudfront;
mod cloudsearch;
mod cloudwatch;
mod ec2;
mod emr;
mod files;
mod hoisted;
mod images;
mod lambda;
mod misc;
mod route53;
mod ses;
mod util;
