//! Times the stages of `aws ec2 run-instances help`: model, docs, page, text.
use std::io::Write;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let ec2 = awscli_model::store::load("ec2")?;
    let loaded = t.elapsed();
    let docs = awscli_model::store::docs("ec2")?;
    let documented = t.elapsed();
    let op = ec2.operation("RunInstances")?;
    let arguments = awscli_help::arguments_from_model(&ec2, op, true)?;
    let page = awscli_help::operation_help("ec2", &ec2, &docs, "RunInstances", &arguments)?;
    let built = t.elapsed();
    let text = page.render(awscli_help::Style::Terminal, 80);
    let rendered = t.elapsed();
    writeln!(
        std::io::stderr(),
        "load {loaded:?}, docs {:?}, page {:?}, render {:?} ({} bytes)",
        documented - loaded,
        built - documented,
        rendered - built,
        text.len()
    )?;
    Ok(())
}
