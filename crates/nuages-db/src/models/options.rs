//! `ModelMeta`: a model's metadata (Django's `Options`, `Model._meta`).

use super::fields::FieldMeta;
use super::fields::many_to_many::ManyToManyMeta;

/// A model's metadata: app, names, table, fields (primary key first), ordering.
#[derive(Debug, Clone)]
pub struct ModelMeta {
    /// `app_label`, e.g. `polls`.
    pub app_label: String,
    /// The struct's name, e.g. `Question` (Django's `object_name`).
    pub object_name: String,
    /// The lowercased name, e.g. `question` (Django's `model_name`).
    pub model_name: String,
    /// The table, `<app_label>_<model_name>` unless `db_table` is given.
    pub db_table: String,
    /// Whether `db_table` was given explicitly.
    pub db_table_explicit: bool,
    /// The fields, primary key first, then in declaration order.
    pub fields: Vec<FieldMeta>,
    /// The many-to-many fields, which have no column (Django's `local_many_to_many`).
    pub many_to_many: Vec<ManyToManyMeta>,
    /// `ordering`, e.g. `["-pub_date"]`.
    pub ordering: Vec<String>,
    /// `get_latest_by`: the fields `latest()`/`earliest()` order by.
    pub get_latest_by: Vec<String>,
    /// `verbose_name` (default: the name split on capitals, lowercased).
    pub verbose_name: String,
    /// `verbose_name_plural` (default: `verbose_name` + "s").
    pub verbose_name_plural: String,
    /// Whether `verbose_name` was given explicitly.
    pub verbose_name_explicit: bool,
    /// Whether the model was made by Nuages (a many-to-many intermediary table).
    pub auto_created: bool,
}

/// Builds a [`ModelMeta`] (used by `#[derive(Model)]`).
#[derive(Debug)]
pub struct ModelMetaBuilder {
    meta: ModelMeta,
    verbose_name_plural: Option<String>,
}

/// Django's `camel_case_to_spaces`: `"QuestionChoice"` -> `"question choice"`.
pub fn camel_case_to_spaces(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 && !chars[i - 1].is_uppercase() {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out.trim().to_owned()
}

impl ModelMeta {
    /// Start the metadata of model `object_name` in app `app_label`.
    pub fn builder(app_label: &str, object_name: &str) -> ModelMetaBuilder {
        let model_name = object_name.to_lowercase();
        ModelMetaBuilder {
            meta: ModelMeta {
                app_label: app_label.to_owned(),
                object_name: object_name.to_owned(),
                db_table: format!("{app_label}_{model_name}"),
                model_name,
                db_table_explicit: false,
                fields: Vec::new(),
                many_to_many: Vec::new(),
                ordering: Vec::new(),
                get_latest_by: Vec::new(),
                verbose_name: camel_case_to_spaces(object_name),
                verbose_name_plural: String::new(),
                verbose_name_explicit: false,
                auto_created: false,
            },
            verbose_name_plural: None,
        }
    }

    /// `"polls.Question"` (Django's `_meta.label`).
    pub fn label(&self) -> String {
        format!("{}.{}", self.app_label, self.object_name)
    }

    /// `"polls.question"` (Django's `_meta.label_lower`).
    pub fn label_lower(&self) -> String {
        format!("{}.{}", self.app_label, self.model_name)
    }

    /// The primary key field.
    pub fn pk(&self) -> &FieldMeta {
        self.fields.iter().find(|f| f.primary_key).unwrap_or(&self.fields[0])
    }

    /// The field called `name`; `pk` names the primary key, and a relation
    /// can also be named by its column (`question_id`).
    pub fn get_field(&self, name: &str) -> Option<&FieldMeta> {
        if name == "pk" {
            return Some(self.pk());
        }
        self.fields
            .iter()
            .find(|f| f.name == name)
            .or_else(|| self.fields.iter().find(|f| f.is_relation() && f.column == name))
    }

    /// The many-to-many field called `name`.
    pub fn get_many_to_many(&self, name: &str) -> Option<&ManyToManyMeta> {
        self.many_to_many.iter().find(|m| m.name == name)
    }

    /// The names usable in lookups, sorted, as Django lists them in a
    /// `FieldError`: fields, many-to-many fields and reverse relations.
    pub fn field_choices(&self) -> String {
        let mut names: Vec<String> = self.fields.iter().map(|f| f.name.clone()).collect();
        names.extend(self.many_to_many.iter().map(|m| m.name.clone()));
        names.extend(super::fields::reverse_related::reverse_query_names(self));
        names.sort_unstable();
        names.dedup();
        names.join(", ")
    }

    /// Leak a copy of the builder output as a `'static` reference (for models
    /// built at runtime, e.g. from migration state).
    pub fn leak(self) -> &'static ModelMeta {
        Box::leak(Box::new(self))
    }
}

impl ModelMetaBuilder {
    /// `db_table = "..."`.
    pub fn db_table(mut self, table: &str) -> Self {
        self.meta.db_table = table.to_owned();
        self.meta.db_table_explicit = true;
        self
    }

    /// `ordering = [...]`.
    pub fn ordering(mut self, ordering: &[&str]) -> Self {
        self.meta.ordering = ordering.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// `get_latest_by = [...]`.
    pub fn get_latest_by(mut self, fields: &[&str]) -> Self {
        self.meta.get_latest_by = fields.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// `verbose_name = "..."`.
    pub fn verbose_name(mut self, name: &str) -> Self {
        self.meta.verbose_name = name.to_owned();
        self.meta.verbose_name_explicit = true;
        self
    }

    /// `verbose_name_plural = "..."`.
    pub fn verbose_name_plural(mut self, name: &str) -> Self {
        self.verbose_name_plural = Some(name.to_owned());
        self
    }

    /// Add a field.
    pub fn field(mut self, field: FieldMeta) -> Self {
        self.meta.fields.push(field);
        self
    }

    /// Mark the model as auto-created (an intermediary table).
    pub fn auto_created(mut self) -> Self {
        self.meta.auto_created = true;
        self
    }

    /// Add a many-to-many field.
    pub fn many_to_many(mut self, field: ManyToManyMeta) -> Self {
        self.meta.many_to_many.push(field);
        self
    }

    /// Finish.
    pub fn build(mut self) -> ModelMeta {
        self.meta.verbose_name_plural = self
            .verbose_name_plural
            .unwrap_or_else(|| format!("{}s", self.meta.verbose_name));
        self.meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_django() {
        assert_eq!(camel_case_to_spaces("Question"), "question");
        assert_eq!(camel_case_to_spaces("PollChoice"), "poll choice");
        let meta = ModelMeta::builder("polls", "PollChoice").build();
        assert_eq!(meta.db_table, "polls_pollchoice");
        assert_eq!(meta.verbose_name_plural, "poll choices");
        assert_eq!(meta.label_lower(), "polls.pollchoice");
    }
}
