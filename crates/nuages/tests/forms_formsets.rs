//! Formsets against Django 5.2: management form, extra / initial forms,
//! ORDER and DELETE fields, empty extra forms, min/max validation, a
//! missing management form, rendering (expected strings recorded from
//! Django 5.2.19 on the same formsets).

use nuages::core::validators::ValidationError;
use nuages::forms::fields::{CharField, IntegerField};
use nuages::forms::formsets::{FormSet, formset_factory};
use nuages::forms::{Form, FormValue};
use nuages::http::QueryDict;
use nuages::template::{Context, Engine};

fn article() -> Form {
    Form::new()
        .field("title", CharField())
        .field("pub", IntegerField().required(false))
}

fn articles() -> FormSet {
    formset_factory(article())
        .extra(2)
        .can_delete(true)
        .can_order(true)
        .initial(vec![vec![
            ("title".into(), FormValue::from("Django")),
            ("pub".into(), FormValue::Int(3)),
        ]])
}

fn bounded() -> FormSet {
    formset_factory(article())
        .min_num(2)
        .validate_min(true)
        .max_num(2)
        .validate_max(true)
        .extra(0)
}

const BOUND: &str = "form-TOTAL_FORMS=3&form-INITIAL_FORMS=1&form-0-title=A&form-0-ORDER=2&form-1-title=&form-1-pub=x&form-1-ORDER=1&form-2-title=&form-2-ORDER=";

#[test]
fn unbound_formset_renders_as_django() {
    let formset = articles();
    assert_eq!(formset.total_form_count(), 3);
    assert_eq!(formset.initial_form_count(), 1);
    assert_eq!(formset.as_div(), UNBOUND_DIV);
    assert_eq!(formset.as_table(), UNBOUND_TABLE);
    assert_eq!(formset.empty_form().as_div(), EMPTY_FORM);
    assert_eq!(bounded().total_form_count().to_string(), UNBOUND_MIN);
}

#[test]
fn bound_formset_errors_order_and_delete() {
    let mut formset = articles().bind(QueryDict::parse(BOUND));
    assert!(!formset.is_valid());
    let errors: Vec<serde_json::Value> = formset.errors().iter().map(|e| e.get_json_data()).collect();
    let expected: serde_json::Value = serde_json::from_str(BOUND_ERRORS).expect("json");
    assert_eq!(serde_json::Value::Array(errors), expected);
    assert_eq!(formset.as_p(), BOUND_P);

    // Fix the second form and delete it: the formset is valid, the
    // deleted form's errors no longer count, the third (empty) is ignored.
    let mut fixed = articles().bind(QueryDict::parse(&format!("{BOUND}&form-1-DELETE=on")));
    assert!(fixed.is_valid());
    assert_eq!(fixed.deleted_forms().len(), 1);
    let ordered: Vec<String> = fixed
        .ordered_forms()
        .iter()
        .filter_map(|f| f.cleaned::<String>("title"))
        .collect();
    assert_eq!(ordered, ["A"]);
    assert_eq!(fixed.errors().len(), 2);
}

#[test]
fn min_max_and_management_form_errors() {
    let mut few = bounded().bind(QueryDict::parse(
        "form-TOTAL_FORMS=1&form-INITIAL_FORMS=0&form-0-title=x",
    ));
    assert!(!few.is_valid());
    assert_eq!(few.non_form_errors().render(), MIN_ERR);
    let mut many = bounded().bind(QueryDict::parse(
        "form-TOTAL_FORMS=3&form-INITIAL_FORMS=0&form-0-title=x&form-1-title=y&form-2-title=z",
    ));
    assert!(!many.is_valid());
    assert_eq!(many.non_form_errors().render(), MAX_ERR);
    // No management form: Django reports it, then the min check replaces it.
    let mut missing = bounded().bind(QueryDict::parse(""));
    assert!(!missing.is_valid());
    assert_eq!(missing.non_form_errors().render(), MGMT_ERR);
    let mut missing = formset_factory(article()).bind(QueryDict::parse("form-0-title=x"));
    assert!(!missing.is_valid());
    assert_eq!(
        missing.non_form_errors().messages(),
        [
            "ManagementForm data is missing or has been tampered with. Missing fields: form-TOTAL_FORMS, form-INITIAL_FORMS. You may need to file a bug report if the issue persists."
        ]
    );
    // A submission may not create more than absolute_max forms.
    let mut flood = formset_factory(article())
        .max_num(1)
        .bind(QueryDict::parse("form-TOTAL_FORMS=5000&form-INITIAL_FORMS=0"));
    assert_eq!(flood.total_form_count(), 1001);
    assert!(!flood.is_valid());
    assert_eq!(flood.non_form_errors().messages(), ["Please submit at most 1 form."]);
}

#[test]
fn clean_hook_and_templates() {
    let mut formset = formset_factory(article())
        .clean(|fs| {
            let titles: Vec<String> = fs.forms().iter().filter_map(|f| f.cleaned::<String>("title")).collect();
            if titles.len() == 2 && titles[0] == titles[1] {
                return Err(ValidationError::new(
                    "Articles in a set must have distinct titles.",
                    "dup",
                ));
            }
            Ok(())
        })
        .bind(QueryDict::parse(
            "form-TOTAL_FORMS=2&form-INITIAL_FORMS=0&form-0-title=X&form-1-title=X",
        ));
    assert!(!formset.is_valid());
    let mut ctx = Context::new();
    ctx.insert_value("formset", formset.to_value());
    let engine = Engine::default();
    let render = |src: &str| engine.from_string(src).expect("template").render(&ctx).expect("render");
    assert_eq!(
        render("{{ formset.non_form_errors }}"),
        r#"<ul class="errorlist nonform"><li>Articles in a set must have distinct titles.</li></ul>"#
    );
    assert_eq!(render("{{ formset }}"), formset.as_div());
    assert_eq!(
        render(
            "{% for form in formset %}[{{ form.title.value }}]{% endfor %}{{ formset.management_form.TOTAL_FORMS.value }}"
        ),
        "[X][X]2"
    );
}

const UNBOUND_DIV: &str = "<input type=\"hidden\" name=\"form-TOTAL_FORMS\" value=\"3\" id=\"id_form-TOTAL_FORMS\"><input type=\"hidden\" name=\"form-INITIAL_FORMS\" value=\"1\" id=\"id_form-INITIAL_FORMS\"><input type=\"hidden\" name=\"form-MIN_NUM_FORMS\" value=\"0\" id=\"id_form-MIN_NUM_FORMS\"><input type=\"hidden\" name=\"form-MAX_NUM_FORMS\" value=\"1000\" id=\"id_form-MAX_NUM_FORMS\"><div>\n    <label for=\"id_form-0-title\">Title:</label>\n\n\n\n<input type=\"text\" name=\"form-0-title\" value=\"Django\" id=\"id_form-0-title\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-0-pub\">Pub:</label>\n\n\n\n<input type=\"number\" name=\"form-0-pub\" value=\"3\" id=\"id_form-0-pub\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-0-ORDER\">Order:</label>\n\n\n\n<input type=\"number\" name=\"form-0-ORDER\" value=\"1\" id=\"id_form-0-ORDER\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-0-DELETE\">Delete:</label>\n\n\n\n<input type=\"checkbox\" name=\"form-0-DELETE\" id=\"id_form-0-DELETE\">\n    \n      \n    \n</div><div>\n    <label for=\"id_form-1-title\">Title:</label>\n\n\n\n<input type=\"text\" name=\"form-1-title\" id=\"id_form-1-title\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-1-pub\">Pub:</label>\n\n\n\n<input type=\"number\" name=\"form-1-pub\" id=\"id_form-1-pub\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-1-ORDER\">Order:</label>\n\n\n\n<input type=\"number\" name=\"form-1-ORDER\" id=\"id_form-1-ORDER\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-1-DELETE\">Delete:</label>\n\n\n\n<input type=\"checkbox\" name=\"form-1-DELETE\" id=\"id_form-1-DELETE\">\n    \n      \n    \n</div><div>\n    <label for=\"id_form-2-title\">Title:</label>\n\n\n\n<input type=\"text\" name=\"form-2-title\" id=\"id_form-2-title\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-2-pub\">Pub:</label>\n\n\n\n<input type=\"number\" name=\"form-2-pub\" id=\"id_form-2-pub\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-2-ORDER\">Order:</label>\n\n\n\n<input type=\"number\" name=\"form-2-ORDER\" id=\"id_form-2-ORDER\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-2-DELETE\">Delete:</label>\n\n\n\n<input type=\"checkbox\" name=\"form-2-DELETE\" id=\"id_form-2-DELETE\">\n    \n      \n    \n</div>";
const UNBOUND_TABLE: &str = "<input type=\"hidden\" name=\"form-TOTAL_FORMS\" value=\"3\" id=\"id_form-TOTAL_FORMS\"><input type=\"hidden\" name=\"form-INITIAL_FORMS\" value=\"1\" id=\"id_form-INITIAL_FORMS\"><input type=\"hidden\" name=\"form-MIN_NUM_FORMS\" value=\"0\" id=\"id_form-MIN_NUM_FORMS\"><input type=\"hidden\" name=\"form-MAX_NUM_FORMS\" value=\"1000\" id=\"id_form-MAX_NUM_FORMS\"><tr>\n    <th><label for=\"id_form-0-title\">Title:</label></th>\n    <td>\n      \n      <input type=\"text\" name=\"form-0-title\" value=\"Django\" id=\"id_form-0-title\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_form-0-pub\">Pub:</label></th>\n    <td>\n      \n      <input type=\"number\" name=\"form-0-pub\" value=\"3\" id=\"id_form-0-pub\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_form-0-ORDER\">Order:</label></th>\n    <td>\n      \n      <input type=\"number\" name=\"form-0-ORDER\" value=\"1\" id=\"id_form-0-ORDER\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_form-0-DELETE\">Delete:</label></th>\n    <td>\n      \n      <input type=\"checkbox\" name=\"form-0-DELETE\" id=\"id_form-0-DELETE\">\n      \n      \n        \n      \n    </td>\n  </tr><tr>\n    <th><label for=\"id_form-1-title\">Title:</label></th>\n    <td>\n      \n      <input type=\"text\" name=\"form-1-title\" id=\"id_form-1-title\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_form-1-pub\">Pub:</label></th>\n    <td>\n      \n      <input type=\"number\" name=\"form-1-pub\" id=\"id_form-1-pub\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_form-1-ORDER\">Order:</label></th>\n    <td>\n      \n      <input type=\"number\" name=\"form-1-ORDER\" id=\"id_form-1-ORDER\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_form-1-DELETE\">Delete:</label></th>\n    <td>\n      \n      <input type=\"checkbox\" name=\"form-1-DELETE\" id=\"id_form-1-DELETE\">\n      \n      \n        \n      \n    </td>\n  </tr><tr>\n    <th><label for=\"id_form-2-title\">Title:</label></th>\n    <td>\n      \n      <input type=\"text\" name=\"form-2-title\" id=\"id_form-2-title\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_form-2-pub\">Pub:</label></th>\n    <td>\n      \n      <input type=\"number\" name=\"form-2-pub\" id=\"id_form-2-pub\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_form-2-ORDER\">Order:</label></th>\n    <td>\n      \n      <input type=\"number\" name=\"form-2-ORDER\" id=\"id_form-2-ORDER\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_form-2-DELETE\">Delete:</label></th>\n    <td>\n      \n      <input type=\"checkbox\" name=\"form-2-DELETE\" id=\"id_form-2-DELETE\">\n      \n      \n        \n      \n    </td>\n  </tr>";
const BOUND_ERRORS: &str = "[{}, {\"title\": [{\"message\": \"This field is required.\", \"code\": \"required\"}], \"pub\": [{\"message\": \"Enter a whole number.\", \"code\": \"invalid\"}]}, {}]";
const BOUND_P: &str = "<input type=\"hidden\" name=\"form-TOTAL_FORMS\" value=\"3\" id=\"id_form-TOTAL_FORMS\"><input type=\"hidden\" name=\"form-INITIAL_FORMS\" value=\"1\" id=\"id_form-INITIAL_FORMS\"><input type=\"hidden\" name=\"form-MIN_NUM_FORMS\" id=\"id_form-MIN_NUM_FORMS\"><input type=\"hidden\" name=\"form-MAX_NUM_FORMS\" id=\"id_form-MAX_NUM_FORMS\"><p>\n    <label for=\"id_form-0-title\">Title:</label>\n    <input type=\"text\" name=\"form-0-title\" value=\"A\" id=\"id_form-0-title\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_form-0-pub\">Pub:</label>\n    <input type=\"number\" name=\"form-0-pub\" id=\"id_form-0-pub\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_form-0-ORDER\">Order:</label>\n    <input type=\"number\" name=\"form-0-ORDER\" value=\"2\" id=\"id_form-0-ORDER\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_form-0-DELETE\">Delete:</label>\n    <input type=\"checkbox\" name=\"form-0-DELETE\" id=\"id_form-0-DELETE\">\n    \n    \n      \n    \n  </p><ul class=\"errorlist\" id=\"id_form-1-title_error\"><li>This field is required.</li></ul>\n  <p>\n    <label for=\"id_form-1-title\">Title:</label>\n    <input type=\"text\" name=\"form-1-title\" aria-invalid=\"true\" aria-describedby=\"id_form-1-title_error\" id=\"id_form-1-title\">\n    \n    \n  </p>\n\n  <ul class=\"errorlist\" id=\"id_form-1-pub_error\"><li>Enter a whole number.</li></ul>\n  <p>\n    <label for=\"id_form-1-pub\">Pub:</label>\n    <input type=\"number\" name=\"form-1-pub\" value=\"x\" aria-invalid=\"true\" aria-describedby=\"id_form-1-pub_error\" id=\"id_form-1-pub\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_form-1-ORDER\">Order:</label>\n    <input type=\"number\" name=\"form-1-ORDER\" value=\"1\" id=\"id_form-1-ORDER\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_form-1-DELETE\">Delete:</label>\n    <input type=\"checkbox\" name=\"form-1-DELETE\" id=\"id_form-1-DELETE\">\n    \n    \n      \n    \n  </p><p>\n    <label for=\"id_form-2-title\">Title:</label>\n    <input type=\"text\" name=\"form-2-title\" id=\"id_form-2-title\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_form-2-pub\">Pub:</label>\n    <input type=\"number\" name=\"form-2-pub\" id=\"id_form-2-pub\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_form-2-ORDER\">Order:</label>\n    <input type=\"number\" name=\"form-2-ORDER\" id=\"id_form-2-ORDER\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_form-2-DELETE\">Delete:</label>\n    <input type=\"checkbox\" name=\"form-2-DELETE\" id=\"id_form-2-DELETE\">\n    \n    \n      \n    \n  </p>";
const MIN_ERR: &str = "<ul class=\"errorlist nonform\"><li>Please submit at least 2 forms.</li></ul>";
const MAX_ERR: &str = "<ul class=\"errorlist nonform\"><li>Please submit at most 2 forms.</li></ul>";
const MGMT_ERR: &str = "<ul class=\"errorlist nonform\"><li>Please submit at least 2 forms.</li></ul>";
const EMPTY_FORM: &str = "<div>\n    <label for=\"id_form-__prefix__-title\">Title:</label>\n\n\n\n<input type=\"text\" name=\"form-__prefix__-title\" id=\"id_form-__prefix__-title\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-__prefix__-pub\">Pub:</label>\n\n\n\n<input type=\"number\" name=\"form-__prefix__-pub\" id=\"id_form-__prefix__-pub\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-__prefix__-ORDER\">Order:</label>\n\n\n\n<input type=\"number\" name=\"form-__prefix__-ORDER\" id=\"id_form-__prefix__-ORDER\">\n    \n</div>\n\n  <div>\n    <label for=\"id_form-__prefix__-DELETE\">Delete:</label>\n\n\n\n<input type=\"checkbox\" name=\"form-__prefix__-DELETE\" id=\"id_form-__prefix__-DELETE\">\n    \n      \n    \n</div>";
const UNBOUND_MIN: &str = "2";
