//! Message levels and their default tags: Django's `contrib/messages/constants.py`.

/// Development-related messages (ignored by default: `MESSAGE_LEVEL` is INFO).
pub const DEBUG: i64 = 10;
/// Informational messages for the user.
pub const INFO: i64 = 20;
/// An action was successful.
pub const SUCCESS: i64 = 25;
/// A failure did not occur but may be imminent.
pub const WARNING: i64 = 30;
/// An action was not successful.
pub const ERROR: i64 = 40;

/// Django's `DEFAULT_TAGS`: the CSS class of each built-in level.
pub const DEFAULT_TAGS: [(i64, &str); 5] = [
    (DEBUG, "debug"),
    (INFO, "info"),
    (SUCCESS, "success"),
    (WARNING, "warning"),
    (ERROR, "error"),
];

/// Django's `DEFAULT_LEVELS` (the `DEFAULT_MESSAGE_LEVELS` template variable).
pub const DEFAULT_LEVELS: [(&str, i64); 5] = [
    ("DEBUG", DEBUG),
    ("INFO", INFO),
    ("SUCCESS", SUCCESS),
    ("WARNING", WARNING),
    ("ERROR", ERROR),
];

/// The tag of `level`: `MESSAGE_TAGS` (keys are levels written as strings,
/// e.g. `[MESSAGE_TAGS] 40 = "danger"`) over [`DEFAULT_TAGS`]; empty when unknown.
pub fn level_tag(level: i64, message_tags: &std::collections::BTreeMap<String, String>) -> String {
    if let Some(tag) = message_tags
        .iter()
        .find(|(key, _)| key.trim().parse::<i64>().ok() == Some(level))
    {
        return tag.1.clone();
    }
    DEFAULT_TAGS
        .iter()
        .find(|(l, _)| *l == level)
        .map(|(_, tag)| (*tag).to_owned())
        .unwrap_or_default()
}
