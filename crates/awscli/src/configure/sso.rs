//! `aws configure sso` and `aws configure sso-session`: the wizards that write an IAM Identity
//! Center profile (`sso_session`, `sso_account_id`, `sso_role_name`, `region`, `output`) and
//! its `[sso-session NAME]` section, logging in on the way to list the accounts and roles.
//!
//! Spec: `awscli/customizations/configure/sso.py` (2.9.19, and the v2 branch of aws/aws-cli for
//! the newer flow), `awscli/customizations/wizard/ui/selectmenu.py` for the pick lists. The
//! login is `do_sso_login` of [`crate::customizations::sso`] (device flow; 2.22+ defaults to a
//! PKCE browser flow this build does not have, so `--use-device-code` is accepted and changes
//! nothing, as in `aws sso login`).
//!
//! The newer texts we follow (v2 branch `sso.py`, and the CLI user guide's transcript): the
//! prompts `Default client Region`, `CLI default output format (json if not specified)` and
//! `Profile name` (2.9.19: `CLI default client Region`, `CLI default output format`,
//! `CLI profile name`), and the closing hint `aws sts get-caller-identity --profile NAME`
//! (2.9.19: `aws s3 ls --profile NAME`), with its own wording for the `default` profile.
//!
//! The reference reads answers with prompt_toolkit. On a terminal the screens match: the
//! prompt, the echoed answer, pick lists drawn with `>` before the current item and erased once
//! chosen. A rejected answer's reason shows below the question until it is answered (the
//! reference shows it on the bottom row and keeps the rejected text for editing; here the
//! question is asked afresh, since the answer is read as a line). From a pipe prompt_toolkit warns `Input is not a terminal (fd=0).` on stderr, echoes
//! each accepted answer, keeps an answer its validator rejects and appends the next line to it
//! (showing nothing until it is accepted or input ends), and takes arrow-key
//! escape sequences and a carriage return for the pick lists; this port does the same (minus
//! the drawing of the pick list, which from a pipe is only cursor noise).

use std::io::{BufRead, Write};

use awscli_client::CallError;
use awscli_config::SectionUpdate;
use awscli_model::Value;
use indexmap::IndexMap;

use super::args::{self, Arg};
use super::{io, profile_to_section, section_header, write_update, Session};
use crate::customizations::sso::{do_sso_login, PortalClient, SsoLogin};
use crate::driver::{Env, RunError};
use crate::error::CliError;
use crate::globals::GlobalArgs;

/// `LOGIN_ARGS`: `--no-browser`, and 2.22+'s `--use-device-code`.
const SSO_ARGS: &[Arg] = &[Arg::Flag("no-browser"), Arg::Flag("use-device-code")];

const DEFAULT_SSO_SCOPE: &str = "sso:account:access";

/// prompt_toolkit's warning when stdin is not a terminal.
const NOT_A_TERMINAL: &str = "Warning: Input is not a terminal (fd=0).\n";

/// `_warn_configuring_using_legacy_format`, with colorama's bright/reset codes around it.
const LEGACY_WARNING: &str = "\x1b[1mWARNING: Configuring using legacy format (e.g. without an SSO session).\nConsider re-running \"configure sso\" command and providing a session name.\n\x1b[0m";

/// `select_menu`'s `max_height`.
const MENU_HEIGHT: usize = 10;

/// Where answers come from, and whether it is a terminal.
pub(super) struct Console<'a> {
    pub stdin: &'a mut dyn BufRead,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// stdin is a terminal: answers are echoed by it and pick lists use raw mode.
    pub terminal: bool,
    warned: bool,
}

impl<'a> Console<'a> {
    pub fn new(
        stdin: &'a mut dyn BufRead,
        stdout: &'a mut dyn Write,
        stderr: &'a mut dyn Write,
        terminal: bool,
    ) -> Self {
        Console {
            stdin,
            stdout,
            stderr,
            terminal,
            warned: false,
        }
    }

    fn print(&mut self, text: &str) -> Result<(), CliError> {
        self.stdout.write_all(text.as_bytes()).map_err(io)?;
        self.stdout.flush().map_err(io)
    }

    /// prompt_toolkit warns once, when it first reads from a pipe.
    fn warn_if_piped(&mut self) -> Result<(), CliError> {
        if !self.terminal && !self.warned {
            self.warned = true;
            self.stderr
                .write_all(NOT_A_TERMINAL.as_bytes())
                .map_err(io)?;
        }
        Ok(())
    }

    /// `PTKPrompt.get_value`: shows `prompt`, reads answers until `validator` accepts one, and
    /// returns it stripped, or `current` when it is blank.
    fn get_value(
        &mut self,
        current: Option<&str>,
        prompt: &str,
        validator: Validator,
    ) -> Result<Option<String>, CliError> {
        self.warn_if_piped()?;
        self.print(prompt)?;
        // prompt_toolkit keeps a rejected answer in its buffer; from a pipe the next line is
        // typed after it, with nothing shown. On a terminal the user sees why and retypes.
        let mut buffer = String::new();
        let mut message_shown = false;
        let answer = loop {
            let Some(line) = read_line(self.stdin)? else {
                // prompt_toolkit shows the buffer and ends the line, then raises `EOFError`
                // (an empty message, rc 255).
                let shown = if self.terminal { "" } else { buffer.as_str() };
                self.print(&format!("{shown}\n"))?;
                return Err(CliError::General(String::new()));
            };
            if self.terminal {
                buffer = line;
            } else {
                buffer.push_str(&line);
            }
            match validator.check(&buffer, current) {
                Ok(()) => break buffer,
                // The terminal's echo left the cursor below the answer: the reason goes on
                // that line and the question is asked again on the line above it.
                Err(message) if self.terminal => {
                    self.print(&format!("\x1b[2K{message}\x1b[1A\r\x1b[2K{prompt}"))?;
                    message_shown = true;
                }
                Err(_) => {}
            }
        };
        if message_shown {
            // The accepted answer's line break moved onto the reason; once answered it goes,
            // as prompt_toolkit's validation toolbar does.
            self.print("\x1b[2K")?;
        }
        if !self.terminal {
            self.print(&format!("{answer}\n"))?;
        }
        let answer = answer.trim();
        Ok(if answer.is_empty() {
            current.map(str::to_owned)
        } else {
            Some(answer.to_owned())
        })
    }

    /// `select_menu`: the index of the chosen item.
    fn select(&mut self, items: &[String]) -> Result<usize, CliError> {
        self.warn_if_piped()?;
        if self.terminal {
            let raw = awscli_output::terminal::RawMode::enter(std::io::stdin()).map_err(io)?;
            let columns = awscli_output::terminal::window_size(std::io::stdin())
                .map_or(80, |size| size.columns);
            let mut menu = Menu::new(items, columns);
            self.print(&menu.draw(false))?;
            let outcome = loop {
                match read_key(self.stdin)? {
                    Key::Up => menu.move_cursor(-1),
                    Key::Down => menu.move_cursor(1),
                    Key::Enter => break Ok(menu.selection),
                    Key::Interrupt | Key::End => break Err(CliError::Reported(130)),
                    Key::Other => continue,
                }
                self.print(&menu.draw(true))?;
            };
            self.print(&menu.erase())?;
            drop(raw);
            if outcome.is_err() {
                self.print("\n")?;
            }
            outcome
        } else {
            let mut menu = Menu::new(items, 80);
            loop {
                match read_key(self.stdin)? {
                    Key::Up => menu.move_cursor(-1),
                    Key::Down => menu.move_cursor(1),
                    Key::Enter => return Ok(menu.selection),
                    Key::Interrupt => return Err(CliError::Reported(130)),
                    Key::End => return Err(CliError::General(String::new())),
                    Key::Other => {}
                }
            }
        }
    }
}

/// Python's `input()` line, without its line break; `None` at end of input.
fn read_line(stdin: &mut dyn BufRead) -> Result<Option<String>, CliError> {
    let mut line = String::new();
    if stdin.read_line(&mut line).map_err(io)? == 0 {
        return Ok(None);
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(Some(line))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Up,
    Down,
    Enter,
    Interrupt,
    /// End of input.
    End,
    Other,
}

fn read_byte(stdin: &mut dyn BufRead) -> Result<Option<u8>, CliError> {
    let buffer = stdin.fill_buf().map_err(io)?;
    let Some(&byte) = buffer.first() else {
        return Ok(None);
    };
    stdin.consume(1);
    Ok(Some(byte))
}

/// One key press: arrows as VT100 sends them (`ESC [ A`, or `ESC O A` in application mode).
fn read_key(stdin: &mut dyn BufRead) -> Result<Key, CliError> {
    Ok(match read_byte(stdin)? {
        None => Key::End,
        Some(b'\r' | b'\n') => Key::Enter,
        Some(0x03) => Key::Interrupt,
        Some(0x1b) => match read_byte(stdin)? {
            Some(b'[' | b'O') => match read_byte(stdin)? {
                Some(b'A') => Key::Up,
                Some(b'B') => Key::Down,
                _ => Key::Other,
            },
            _ => Key::Other,
        },
        Some(_) => Key::Other,
    })
}

/// `SelectionMenuControl` in a window of at most [`MENU_HEIGHT`] rows.
struct Menu<'a> {
    items: &'a [String],
    selection: usize,
    top: usize,
    width: usize,
    drawn_rows: usize,
}

impl<'a> Menu<'a> {
    fn new(items: &'a [String], columns: usize) -> Self {
        // `preferred_width`: the widest item plus "> " and two trailing spaces, at least 7.
        let widest = items.iter().map(|i| i.chars().count()).max().unwrap_or(0);
        let width = (widest + 4).max(7).min(columns.max(7));
        Menu {
            items,
            selection: 0,
            top: 0,
            width,
            drawn_rows: 0,
        }
    }

    fn rows(&self) -> usize {
        self.items.len().min(MENU_HEIGHT)
    }

    /// `_move_cursor`: wraps around at both ends; the window scrolls just enough.
    fn move_cursor(&mut self, delta: isize) {
        let count = self.items.len();
        if count == 0 {
            return;
        }
        self.selection = match (delta < 0, self.selection) {
            (true, 0) => count - 1,
            (true, n) => n - 1,
            (false, n) if n + 1 >= count => 0,
            (false, n) => n + 1,
        };
        if self.selection < self.top {
            self.top = self.selection;
        } else if self.selection >= self.top + self.rows() {
            self.top = self.selection + 1 - self.rows();
        }
    }

    /// `_menu_item_fragment`: `"> text  "`, padded to the menu's width.
    fn line(&self, index: usize) -> String {
        let cursor = if index == self.selection { '>' } else { ' ' };
        let room = self.width.saturating_sub(4);
        let text = trim_text(&self.items[index], room);
        let padding = room.saturating_sub(text.chars().count());
        format!("{cursor} {text}{}  ", " ".repeat(padding))
    }

    /// The escape sequences that (re)draw the window, leaving the cursor on its last row.
    fn draw(&mut self, redraw: bool) -> String {
        let mut out = String::new();
        if redraw {
            out.push_str(&self.back_to_top());
        }
        let lines: Vec<String> = (self.top..self.top + self.rows())
            .map(|i| format!("\x1b[2K{}", self.line(i)))
            .collect();
        out.push_str(&lines.join("\n"));
        self.drawn_rows = self.rows();
        out
    }

    fn back_to_top(&self) -> String {
        match self.drawn_rows {
            0 | 1 => "\r".to_owned(),
            n => format!("\r\x1b[{}A", n - 1),
        }
    }

    /// `erase_when_done`: back to the first row and clear to the end of the screen.
    fn erase(&self) -> String {
        format!("{}\x1b[J", self.back_to_top())
    }
}

/// `_trim_text`: text wider than `max_width` ends in `...`.
fn trim_text(text: &str, max_width: usize) -> String {
    if text.chars().count() <= max_width {
        return text.to_owned();
    }
    let keep = max_width.saturating_sub(3).max(1);
    let mut trimmed: String = text.chars().take(keep).collect();
    trimmed.push_str("...");
    trimmed.chars().take(max_width).collect()
}

/// The validators of `sso.py`; each lets a blank answer through when there is a current value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Validator {
    None,
    /// `RequiredInputValidator`.
    Required,
    /// `StartUrlValidator`.
    StartUrl,
    /// `ScopesValidator`.
    Scopes,
}

impl Validator {
    /// The answer as typed (not yet stripped), as prompt_toolkit hands it to the validator.
    fn check(self, text: &str, current: Option<&str>) -> Result<(), &'static str> {
        let has_default = current.is_some_and(|c| !c.is_empty());
        match self {
            Validator::None => Ok(()),
            Validator::Required if text.is_empty() && !has_default => Err("A value is required"),
            Validator::Required => Ok(()),
            Validator::StartUrl if text.is_empty() && has_default => Ok(()),
            Validator::StartUrl if is_valid_endpoint_url(text) => Ok(()),
            Validator::StartUrl => Err("Not a valid Start URL"),
            Validator::Scopes if text.is_empty() && has_default => Ok(()),
            Validator::Scopes => {
                if text
                    .split(',')
                    .all(|scope| !scope.trim().contains(char::is_whitespace))
                {
                    Ok(())
                } else {
                    Err("Scope values must be separated by commas")
                }
            }
        }
    }
}

/// botocore `is_valid_endpoint_url`: `urlsplit` must find a host name made of DNS labels.
fn is_valid_endpoint_url(url: &str) -> bool {
    // bpo-43882: urlsplit strips these, so botocore refuses them first.
    if url.contains(['\t', '\r', '\n']) {
        return false;
    }
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    let valid_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !valid_scheme {
        return false;
    }
    let Some(rest) = url[colon + 1..].strip_prefix("//") else {
        return false;
    };
    let netloc = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() || host.len() > 255 {
        return false;
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    host.split('.').all(|label| {
        (1..=63).contains(&label.len())
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// `display_account`: name and e-mail address when the service gave them.
fn display_account(account: &Value) -> String {
    let text = |key: &str| account.get(key).and_then(Value::as_str);
    let id = text("accountId").unwrap_or_default();
    match (text("accountName"), text("emailAddress")) {
        (None, None) => id.to_owned(),
        (Some(name), None) => format!("{name} ({id})"),
        (None, Some(email)) => format!("{email} ({id})"),
        (Some(name), Some(email)) => format!("{name}, {email} ({id})"),
    }
}

/// `parse_sso_registration_scopes`.
fn parse_scopes(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `SSOSessionConfigurationPrompter`: the session being configured and its values.
struct SessionPrompter {
    /// Every `[sso-session]` of the config file, scalar values only.
    sessions: IndexMap<String, IndexMap<String, String>>,
    sso_session: Option<String>,
    config: IndexMap<String, String>,
}

impl SessionPrompter {
    fn new(config: &awscli_config::Config) -> Self {
        let sessions = config
            .files()
            .config
            .sso_sessions
            .iter()
            .map(|(name, section)| {
                let values = section
                    .iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                    .collect();
                (name.clone(), values)
            })
            .collect();
        SessionPrompter {
            sessions,
            sso_session: None,
            config: IndexMap::new(),
        }
    }

    /// The `sso_session` setter: the session's existing values become the current ones.
    fn set_session(&mut self, name: Option<String>) {
        self.config = name
            .as_ref()
            .and_then(|n| self.sessions.get(n))
            .cloned()
            .unwrap_or_default();
        self.sso_session = name;
    }

    fn prompt_for_sso_session(
        &mut self,
        console: &mut Console<'_>,
        required: bool,
    ) -> Result<Option<String>, CliError> {
        let text = "SSO session name";
        let current = self.sso_session.clone();
        let prompt = match (&current, required) {
            (Some(current), _) if !current.is_empty() => format!("{text} [{current}]: "),
            (_, true) => format!("{text}: "),
            (_, false) => format!("{text} (Recommended): "),
        };
        let validator = if required {
            Validator::Required
        } else {
            Validator::None
        };
        let answer = console.get_value(current.as_deref(), &prompt, validator)?;
        self.set_session(answer.clone());
        Ok(answer)
    }

    fn prompt_for(
        &mut self,
        console: &mut Console<'_>,
        key: &str,
        text: &str,
        validator: Validator,
    ) -> Result<Option<String>, CliError> {
        let current = self.config.get(key).cloned();
        let prompt = format!("{text} [{}]: ", current.as_deref().unwrap_or("None"));
        let value = console.get_value(current.as_deref(), &prompt, validator)?;
        if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
            self.config.insert(key.to_owned(), value.clone());
        }
        Ok(value)
    }

    fn prompt_for_sso_start_url(
        &mut self,
        console: &mut Console<'_>,
    ) -> Result<Option<String>, CliError> {
        self.prompt_for(
            console,
            "sso_start_url",
            "SSO start URL",
            Validator::StartUrl,
        )
    }

    fn prompt_for_sso_region(
        &mut self,
        console: &mut Console<'_>,
    ) -> Result<Option<String>, CliError> {
        self.prompt_for(console, "sso_region", "SSO region", Validator::Required)
    }

    fn prompt_for_sso_registration_scopes(
        &mut self,
        console: &mut Console<'_>,
    ) -> Result<Vec<String>, CliError> {
        if !self.config.contains_key("sso_registration_scopes") {
            self.config.insert(
                "sso_registration_scopes".to_owned(),
                DEFAULT_SSO_SCOPE.to_owned(),
            );
        }
        let raw = self.prompt_for(
            console,
            "sso_registration_scopes",
            "SSO registration scopes",
            Validator::Scopes,
        )?;
        Ok(parse_scopes(raw.as_deref().unwrap_or_default()))
    }

    /// `_write_sso_configuration`.
    fn write(&self, session: &Session, stderr: &mut dyn Write) -> Result<(), CliError> {
        let Some(name) = &self.sso_session else {
            return Ok(());
        };
        write_section(
            session,
            section_header("sso-session", name),
            &self.config,
            stderr,
        )
    }
}

/// `_update_section`: the values into `[section]` of the config file.
fn write_section(
    session: &Session,
    section: String,
    values: &IndexMap<String, String>,
    stderr: &mut dyn Write,
) -> Result<(), CliError> {
    let mut update = SectionUpdate::new(section);
    for (key, value) in values {
        update.values.insert(key.clone(), value.clone().into());
    }
    update.validate().map_err(super::write_error)?;
    write_update(&session.config_path(), &update, false, stderr)
}

/// Runs `aws configure sso-session`.
pub(super) fn run_sso_session(
    session: &Session,
    rest: &[String],
    console: &mut Console<'_>,
) -> Result<u8, CliError> {
    args::parse(rest, &[])?;
    let config = session.load()?;
    let mut prompter = SessionPrompter::new(&config);
    prompter.prompt_for_sso_session(console, true)?;
    prompter.prompt_for_sso_start_url(console)?;
    prompter.prompt_for_sso_region(console)?;
    prompter.prompt_for_sso_registration_scopes(console)?;
    prompter.write(session, console.stderr)?;
    let name = prompter.sso_session.unwrap_or_default();
    console.print(&format!(
        "\nCompleted configuring SSO session: {name}\nRun the following to login and refresh access token for this session:\n\naws sso login --sso-session {name}\n"
    ))?;
    Ok(0)
}

/// What `do_sso_login` is called with.
struct Registration {
    session_name: Option<String>,
    start_url: String,
    sso_region: String,
    scopes: Option<Vec<String>>,
    force_refresh: bool,
}

fn run_error(error: RunError) -> CliError {
    match error {
        RunError::Cli(error) => error,
        RunError::Io(error) => io(error),
    }
}

/// Runs `aws configure sso`.
pub(super) fn run_sso(
    session: &Session,
    globals: &GlobalArgs,
    env: &Env,
    rest: &[String],
    console: &mut Console<'_>,
) -> Result<u8, CliError> {
    let parsed = args::parse(rest, SSO_ARGS)?;
    let config = session.load()?;
    let original_profile = session.profile();
    // `get_scoped_config()`, with a missing profile read as empty.
    let profile_name = original_profile.as_deref().unwrap_or("default");
    let profile_config: IndexMap<String, String> = config
        .profiles()
        .get(profile_name)
        .map(|profile| {
            profile
                .iter()
                .filter_map(|(k, v)| v.value.as_str().map(|v| (k.clone(), v.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let mut prompter = SessionPrompter::new(&config);
    if let Some(name) = profile_config.get("sso_session") {
        prompter.set_session(Some(name.clone()));
    }
    let mut new_values: IndexMap<String, String> = IndexMap::new();

    // `_unset_session_profile`: the SSO clients do not use the (maybe missing) profile.
    let client_globals = GlobalArgs {
        profile: None,
        ..globals.clone()
    };
    let mut client_env = env.clone();
    client_env.remove("AWS_PROFILE");
    client_env.remove("AWS_DEFAULT_PROFILE");

    let registration =
        prompt_for_registration(&mut prompter, &profile_config, &mut new_values, console)?;
    let access_token = do_sso_login(
        &client_globals,
        &client_env,
        &SsoLogin {
            start_url: &registration.start_url,
            sso_region: &registration.sso_region,
            session_name: registration.session_name.as_deref(),
            registration_scopes: registration.scopes.as_deref(),
            force_refresh: registration.force_refresh,
            no_browser: parsed.flag("no-browser"),
        },
        console.stdout,
    )
    .map_err(run_error)?;

    let mut portal = PortalClient::new(&client_globals, &client_env, &registration.sso_region)?;
    let (account, role) =
        prompt_for_account_and_role(&mut portal, &access_token, &mut new_values, console)?;
    let configured_for_credentials = account.is_some() && role.is_some();

    for (key, text, current) in [
        (
            "region",
            "Default client Region",
            profile_config.get("region"),
        ),
        (
            "output",
            "CLI default output format (json if not specified)",
            profile_config.get("output"),
        ),
    ] {
        let prompt = format!("{text} [{}]: ", current.map_or("None", String::as_str));
        let value = console.get_value(current.map(String::as_str), &prompt, Validator::None)?;
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            new_values.insert(key.to_owned(), value);
        }
    }

    let profile = match &original_profile {
        Some(profile) => profile.clone(),
        None => {
            let default = match (&account, &role) {
                (Some(account), Some(role)) => Some(format!("{role}-{account}")),
                _ => None,
            };
            let prompt = format!("Profile name [{}]: ", default.as_deref().unwrap_or("None"));
            console
                .get_value(default.as_deref(), &prompt, Validator::Required)?
                .unwrap_or_default()
        }
    };

    if !new_values.is_empty() {
        write_section(
            session,
            profile_to_section(&profile),
            &new_values,
            console.stderr,
        )?;
    }
    prompter.write(session, console.stderr)?;

    let conclusion = if !configured_for_credentials {
        format!("Successfully configured SSO for profile: {profile}\n")
    } else if profile.eq_ignore_ascii_case("default") {
        "The AWS CLI is now configured to use the default profile.\nRun the following command to verify your configuration:\n\naws sts get-caller-identity\n".to_owned()
    } else {
        format!("\nTo use this profile, specify the profile name using --profile, as shown:\n\naws sts get-caller-identity --profile {profile}\n")
    };
    console.print(&conclusion)?;
    Ok(0)
}

/// `_prompt_for_sso_registration_args`: an `sso-session` (new or existing) or, without a
/// session name, the legacy keys in the profile itself.
fn prompt_for_registration(
    prompter: &mut SessionPrompter,
    profile_config: &IndexMap<String, String>,
    new_values: &mut IndexMap<String, String>,
    console: &mut Console<'_>,
) -> Result<Registration, CliError> {
    let defaults_from_profile = |config: &mut IndexMap<String, String>| {
        for key in ["sso_start_url", "sso_region"] {
            if let Some(value) = profile_config.get(key) {
                config.insert(key.to_owned(), value.clone());
            }
        }
    };
    let Some(name) = prompter.prompt_for_sso_session(console, false)? else {
        console.print(LEGACY_WARNING)?;
        // The answers go straight into the profile's values.
        prompter.config = std::mem::take(new_values);
        defaults_from_profile(&mut prompter.config);
        let start_url = prompter.prompt_for_sso_start_url(console)?;
        let sso_region = prompter.prompt_for_sso_region(console)?;
        *new_values = std::mem::take(&mut prompter.config);
        return Ok(Registration {
            session_name: None,
            start_url: start_url.unwrap_or_default(),
            sso_region: sso_region.unwrap_or_default(),
            scopes: None,
            force_refresh: false,
        });
    };
    new_values.insert("sso_session".to_owned(), name.clone());
    if let Some(existing) = prompter.sessions.get(&name) {
        // `_get_sso_session_config`: the section must be complete.
        let missing: Vec<&str> = ["sso_start_url", "sso_region"]
            .into_iter()
            .filter(|key| !existing.contains_key(*key))
            .collect();
        if !missing.is_empty() {
            // `InvalidSSOConfigError`: 253 with the bare message, as `aws sso login` says it.
            let message = format!(
                "Missing the following required SSO configuration values: {}.",
                missing.join(", ")
            );
            write!(console.stderr, "\naws: [ERROR]: {message}\n").map_err(io)?;
            return Err(CliError::Reported(253));
        }
        return Ok(Registration {
            session_name: Some(name.clone()),
            start_url: existing["sso_start_url"].clone(),
            sso_region: existing["sso_region"].clone(),
            scopes: existing
                .get("sso_registration_scopes")
                .map(|raw| parse_scopes(raw)),
            force_refresh: false,
        });
    }
    defaults_from_profile(&mut prompter.config);
    let start_url = prompter.prompt_for_sso_start_url(console)?;
    let sso_region = prompter.prompt_for_sso_region(console)?;
    let scopes = prompter.prompt_for_sso_registration_scopes(console)?;
    Ok(Registration {
        session_name: Some(name),
        start_url: start_url.unwrap_or_default(),
        sso_region: sso_region.unwrap_or_default(),
        scopes: Some(scopes),
        // A new session never reuses a token cached by an earlier attempt.
        force_refresh: true,
    })
}

/// `build_full_result` of a paginator on `nextToken`: every page's `result_key` items.
fn list_all(
    portal: &mut PortalClient,
    operation: &str,
    mut input: IndexMap<String, Value>,
    result_key: &str,
) -> Result<Vec<Value>, CallError> {
    let mut items = Vec::new();
    loop {
        let page = portal.call(operation, &Value::Map(input.clone()))?;
        if let Some(Value::List(list)) = page.get(result_key) {
            items.extend(list.iter().cloned());
        }
        match page.get("nextToken").and_then(Value::as_str) {
            Some(token) if !token.is_empty() => {
                input.insert("nextToken".to_owned(), Value::String(token.to_owned()));
            }
            _ => return Ok(items),
        }
    }
}

/// `_prompt_for_sso_account_and_role`: an `UnauthorizedException` skips both.
fn prompt_for_account_and_role(
    portal: &mut PortalClient,
    access_token: &str,
    new_values: &mut IndexMap<String, String>,
    console: &mut Console<'_>,
) -> Result<(Option<String>, Option<String>), CliError> {
    let unauthorized = |error: &CallError| matches!(error, CallError::Service { error, .. } if error.code == "UnauthorizedException");
    let token = (
        "accessToken".to_owned(),
        Value::String(access_token.to_owned()),
    );
    let accounts = match list_all(
        portal,
        "ListAccounts",
        IndexMap::from([token.clone()]),
        "accountList",
    ) {
        Ok(accounts) => accounts,
        Err(error) if unauthorized(&error) => return skip_credentials(console),
        Err(error) => return Err(crate::call::call_error(error)),
    };
    let account_id = match accounts.as_slice() {
        [] => {
            return Err(CliError::General(
                "No AWS accounts are available to you.".to_owned(),
            ))
        }
        [only] => {
            let id = text_of(only, "accountId");
            console.print(&format!("The only AWS account available to you is: {id}\n"))?;
            id
        }
        many => {
            console.print(&format!(
                "There are {} AWS accounts available to you.\n",
                many.len()
            ))?;
            let shown: Vec<String> = many.iter().map(display_account).collect();
            let chosen = console.select(&shown)?;
            text_of(&many[chosen], "accountId")
        }
    };
    console.print(&format!("Using the account ID {account_id}\n"))?;
    new_values.insert("sso_account_id".to_owned(), account_id.clone());

    let roles = match list_all(
        portal,
        "ListAccountRoles",
        IndexMap::from([
            token,
            ("accountId".to_owned(), Value::String(account_id.clone())),
        ]),
        "roleList",
    ) {
        Ok(roles) => roles,
        Err(error) if unauthorized(&error) => {
            skip_credentials(console)?;
            return Ok((Some(account_id), None));
        }
        Err(error) => return Err(crate::call::call_error(error)),
    };
    let role_names: Vec<String> = roles.iter().map(|r| text_of(r, "roleName")).collect();
    let role = match role_names.as_slice() {
        [] => {
            return Err(CliError::General(format!(
                "No roles are available for the account {account_id}"
            )))
        }
        [only] => {
            console.print(&format!("The only role available to you is: {only}\n"))?;
            only.clone()
        }
        many => {
            console.print(&format!(
                "There are {} roles available to you.\n",
                many.len()
            ))?;
            many[console.select(many)?].clone()
        }
    };
    console.print(&format!("Using the role name \"{role}\"\n"))?;
    new_values.insert("sso_role_name".to_owned(), role.clone());
    Ok((Some(account_id), Some(role)))
}

fn skip_credentials(
    console: &mut Console<'_>,
) -> Result<(Option<String>, Option<String>), CliError> {
    console.print(
        "Unable to list AWS accounts and/or roles. Skipping configuring AWS credential provider for profile.\n",
    )?;
    Ok((None, None))
}

fn text_of(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_urls_are_validated_like_botocore() {
        for good in [
            "https://d-123.awsapps.com/start",
            "http://127.0.0.1:8080",
            "https://x.example.com./start#a",
            "https://user@host/",
        ] {
            assert!(is_valid_endpoint_url(good), "{good}");
        }
        for bad in [
            "",
            "d-123.awsapps.com/start",
            "https://",
            "https://-bad.example.com",
            "https://under_score.com",
            "https://a b.com",
            "https://x.com/\n",
        ] {
            assert!(!is_valid_endpoint_url(bad), "{bad}");
        }
    }

    #[test]
    fn validators_let_blank_answers_keep_a_current_value() {
        assert!(Validator::Required.check("", None).is_err());
        assert!(Validator::Required.check("", Some("x")).is_ok());
        assert!(Validator::StartUrl.check("", Some("https://x")).is_ok());
        assert_eq!(
            Validator::StartUrl.check("", None),
            Err("Not a valid Start URL")
        );
        assert!(Validator::Scopes.check("a, b ,c", None).is_ok());
        assert_eq!(
            Validator::Scopes.check("a b", None),
            Err("Scope values must be separated by commas")
        );
    }

    #[test]
    fn accounts_are_displayed_with_what_the_service_gave() {
        let account = |json: &str| {
            awscli_jmespath::python::from_json(serde_json::from_str(json).expect("test JSON"))
        };
        assert_eq!(
            display_account(&account(
                r#"{"accountId": "1", "accountName": "n", "emailAddress": "e"}"#
            )),
            "n, e (1)"
        );
        assert_eq!(
            display_account(&account(r#"{"accountId": "1", "accountName": "n"}"#)),
            "n (1)"
        );
        assert_eq!(
            display_account(&account(r#"{"accountId": "1", "emailAddress": "e"}"#)),
            "e (1)"
        );
        assert_eq!(display_account(&account(r#"{"accountId": "1"}"#)), "1");
    }

    #[test]
    fn menu_lines_are_padded_and_the_window_scrolls() {
        let items: Vec<String> = (0..12).map(|i| format!("item{i}")).collect();
        let mut menu = Menu::new(&items, 80);
        assert_eq!(menu.line(0), "> item0   ");
        assert_eq!(menu.line(10), "  item10  ");
        menu.move_cursor(-1);
        assert_eq!((menu.selection, menu.top), (11, 2));
        menu.move_cursor(1);
        assert_eq!((menu.selection, menu.top), (0, 0));
        assert_eq!(trim_text("abcdefghij", 6), "abc...");
    }

    #[test]
    fn keys_are_read_from_escape_sequences() {
        let mut input: &[u8] = b"\x1b[B\x1bOAx\r";
        let keys: Vec<Key> = (0..5)
            .map(|_| read_key(&mut input).expect("reading a slice"))
            .collect();
        assert_eq!(keys, [Key::Down, Key::Up, Key::Other, Key::Enter, Key::End]);
    }
}
