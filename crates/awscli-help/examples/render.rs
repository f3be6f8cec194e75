//! Renders a help page: `render [--terminal] [service [operation | wait waiter]]`
//! or `render topics` / `render topic NAME`.
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let style = if args.first().map(String::as_str) == Some("--terminal") {
        args.remove(0);
        awscli_help::Style::Terminal
    } else {
        awscli_help::Style::Plain
    };
    let page = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => awscli_help::provider_help(),
        ["topics"] => awscli_help::topic_list(),
        ["topic", name] => awscli_help::topic(name)?,
        [service] => {
            let model = awscli_model::store::load(service)?;
            let docs = awscli_model::store::docs(service)?;
            let names = awscli_help::service_command_names(&model);
            awscli_help::service_help(
                awscli_help::cli_service_name(service),
                &model,
                &docs,
                &names,
            )
        }
        [service, "wait", waiter] => {
            let model = awscli_model::store::load(service)?;
            let docs = awscli_model::store::docs(service)?;
            let w = model.waiter(waiter)?.ok_or("no such waiter")?;
            let op = model.operation(&w.operation)?;
            let arguments = awscli_help::arguments_from_model(&model, op, true)?;
            awscli_help::waiter_help(
                awscli_help::cli_service_name(service),
                &model,
                &docs,
                waiter,
                &arguments,
            )?
        }
        [service, operation] => {
            let model = awscli_model::store::load(service)?;
            let docs = awscli_model::store::docs(service)?;
            let op = model.operation(operation)?;
            let arguments = awscli_help::arguments_from_model(&model, op, true)?;
            awscli_help::operation_help(
                awscli_help::cli_service_name(service),
                &model,
                &docs,
                operation,
                &arguments,
            )?
        }
        _ => return Err("usage: render [--terminal] [service [operation | wait waiter]]".into()),
    };
    std::io::stdout().write_all(page.render(style, 80).as_bytes())?;
    Ok(())
}
