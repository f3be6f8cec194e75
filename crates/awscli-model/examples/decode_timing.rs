//! Times how long the largest models take to become usable: decompress,
//! scan, and decode one operation with its input shape. Run by
//! `bench/model-decode`; prints one line per service with the median and
//! the minimum over many runs.
use std::time::{Duration, Instant};

#[expect(clippy::print_stdout, reason = "a benchmark prints its results")]
fn main() {
    let services: Vec<String> = std::env::args().skip(1).collect();
    let services = if services.is_empty() {
        vec!["ec2".to_owned(), "s3".to_owned(), "sts".to_owned()]
    } else {
        services
    };
    for name in services {
        let mut times: Vec<Duration> = (0..200)
            .map(|_| {
                let start = Instant::now();
                let service = awscli_model::store::load(&name).expect("service is embedded");
                let first = service.operation_names().next().map(str::to_owned);
                if let Some(op) = first {
                    let op = service.operation(&op).expect("operation decodes");
                    if let Some(input) = &op.input {
                        service.resolve(input).expect("input shape decodes");
                    }
                }
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{name}: median {:.2} ms, min {:.2} ms over {} runs",
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            times.len()
        );
    }
}
