//! Times the stages of `aws ec2 run-instances help`: model, documentation
//! (decompression, then decoding only what the page needs, against
//! decoding all of it), page and text. Run with `--release`.
use std::io::Write;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let ec2 = awscli_model::store::load("ec2")?;
    let loaded = t.elapsed();
    let text = awscli_model::store::docs_text("ec2")?;
    let decompressed = t.elapsed();
    let docs = awscli_help::operation_docs(&text, &ec2, "RunInstances")?;
    let decoded = t.elapsed();
    let op = ec2.operation("RunInstances")?;
    let arguments = awscli_help::arguments_from_model(&ec2, op, true)?;
    let page = awscli_help::operation_help("ec2", &ec2, &docs, "RunInstances", &arguments)?;
    let built = t.elapsed();
    let rendered = page.render(awscli_help::Style::Plain, 80);
    let done = t.elapsed();
    let t = Instant::now();
    let _whole: awscli_model::Docs = serde_json::from_str(&text)?;
    let whole = t.elapsed();
    writeln!(
        std::io::stderr(),
        "model {loaded:?}, docs decompress {:?} ({} bytes), decode for the page {:?} \
         (all of it: {whole:?}), page {:?}, render {:?} ({} bytes); total {done:?}",
        decompressed - loaded,
        text.len(),
        decoded - decompressed,
        built - decoded,
        done - built,
        rendered.len()
    )?;
    Ok(())
}
