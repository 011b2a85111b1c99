//! `sendtestemail`: Django's `core/management/commands/sendtestemail.py`.

use clap::{Arg, ArgAction, ArgMatches};

use crate::core::mail::{dns_name, mail_admins, mail_managers, send_mail};
use crate::core::management::{Command, CommandError, Output};
use crate::handler::BoxFuture;
use crate::project::Site;

/// Sends a test email to the given addresses, and with `--managers` /
/// `--admins` to `MANAGERS` / `ADMINS`, through `EMAIL_BACKEND`.
pub struct SendTestEmail;

impl Command for SendTestEmail {
    fn name(&self) -> &'static str {
        "sendtestemail"
    }

    fn help(&self) -> &'static str {
        "Sends a test email to the email addresses specified as arguments."
    }

    fn arguments(&self, command: clap::Command) -> clap::Command {
        command
            .arg(
                Arg::new("email")
                    .num_args(0..)
                    .help("One or more email addresses to send a test email to."),
            )
            .arg(
                Arg::new("managers")
                    .long("managers")
                    .action(ArgAction::SetTrue)
                    .help("Send a test email to the addresses specified in settings.MANAGERS."),
            )
            .arg(
                Arg::new("admins")
                    .long("admins")
                    .action(ArgAction::SetTrue)
                    .help("Send a test email to the addresses specified in settings.ADMINS."),
            )
    }

    fn handle<'a>(
        &'a self,
        _site: &'a Site,
        args: &'a ArgMatches,
        _out: Output<'a>,
    ) -> BoxFuture<'a, Result<(), CommandError>> {
        Box::pin(async move {
            let emails: Vec<&str> = args
                .get_many::<String>("email")
                .map(|v| v.map(String::as_str).collect())
                .unwrap_or_default();
            let managers = args.get_flag("managers");
            let admins = args.get_flag("admins");
            if emails.is_empty() && !managers && !admins {
                return Err(CommandError::new(
                    "You must specify some email recipients, or pass the --managers or --admin options.",
                ));
            }
            let failed = |e: crate::core::mail::MailError| CommandError::new(e.to_string());
            let subject = format!("Test email from {} on {}", dns_name(), chrono::Utc::now());
            send_mail(
                &subject,
                "If you're reading this, it was successful.",
                None,
                &emails,
                false,
                None,
            )
            .await
            .map_err(failed)?;
            if managers {
                mail_managers(&subject, "This email was sent to the site managers.", false, None)
                    .await
                    .map_err(failed)?;
            }
            if admins {
                mail_admins(&subject, "This email was sent to the site admins.", false, None)
                    .await
                    .map_err(failed)?;
            }
            Ok(())
        })
    }
}
