//! Forms: binding, cleaning, hooks, errors, initial, prefix, has_changed,
//! rendering (as Django 5.x) and use from templates.

use nuages::core::validators::ValidationError;
use nuages::forms::fields::*;
use nuages::forms::widgets;
use nuages::forms::{Form, FormValue};
use nuages::http::QueryDict;
use nuages::template::{Context, Engine};

fn contact() -> Form {
    Form::new()
        .field("subject", CharField().max_length(100))
        .field("message", CharField().widget(widgets::Textarea()))
        .field("sender", EmailField())
        .field("cc_myself", BooleanField().required(false))
}

// Django 5.2's output for the same forms (recorded with Django 5.2.19;
// `error required` is a set in Django, its order varies there).
const UNBOUND_DIV: &str = "<div>\n    <label for=\"id_subject\">Subject:</label>\n\n\n\n<input type=\"text\" name=\"subject\" maxlength=\"100\" required id=\"id_subject\">\n    \n</div>\n\n  <div>\n    <label for=\"id_message\">Message:</label>\n\n\n\n<textarea name=\"message\" cols=\"40\" rows=\"10\" required id=\"id_message\">\n</textarea>\n    \n</div>\n\n  <div>\n    <label for=\"id_sender\">Sender:</label>\n\n\n\n<input type=\"email\" name=\"sender\" maxlength=\"320\" required id=\"id_sender\">\n    \n</div>\n\n  <div>\n    <label for=\"id_cc_myself\">Cc myself:</label>\n\n\n\n<input type=\"checkbox\" name=\"cc_myself\" id=\"id_cc_myself\">\n    \n      \n    \n</div>";
const UNBOUND_P: &str = "<p>\n    <label for=\"id_subject\">Subject:</label>\n    <input type=\"text\" name=\"subject\" maxlength=\"100\" required id=\"id_subject\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_message\">Message:</label>\n    <textarea name=\"message\" cols=\"40\" rows=\"10\" required id=\"id_message\">\n</textarea>\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_sender\">Sender:</label>\n    <input type=\"email\" name=\"sender\" maxlength=\"320\" required id=\"id_sender\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_cc_myself\">Cc myself:</label>\n    <input type=\"checkbox\" name=\"cc_myself\" id=\"id_cc_myself\">\n    \n    \n      \n    \n  </p>";
const UNBOUND_TABLE: &str = "<tr>\n    <th><label for=\"id_subject\">Subject:</label></th>\n    <td>\n      \n      <input type=\"text\" name=\"subject\" maxlength=\"100\" required id=\"id_subject\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_message\">Message:</label></th>\n    <td>\n      \n      <textarea name=\"message\" cols=\"40\" rows=\"10\" required id=\"id_message\">\n</textarea>\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_sender\">Sender:</label></th>\n    <td>\n      \n      <input type=\"email\" name=\"sender\" maxlength=\"320\" required id=\"id_sender\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_cc_myself\">Cc myself:</label></th>\n    <td>\n      \n      <input type=\"checkbox\" name=\"cc_myself\" id=\"id_cc_myself\">\n      \n      \n        \n      \n    </td>\n  </tr>";
const UNBOUND_UL: &str = "<li>\n    \n    <label for=\"id_subject\">Subject:</label>\n    <input type=\"text\" name=\"subject\" maxlength=\"100\" required id=\"id_subject\">\n    \n    \n  </li>\n\n  <li>\n    \n    <label for=\"id_message\">Message:</label>\n    <textarea name=\"message\" cols=\"40\" rows=\"10\" required id=\"id_message\">\n</textarea>\n    \n    \n  </li>\n\n  <li>\n    \n    <label for=\"id_sender\">Sender:</label>\n    <input type=\"email\" name=\"sender\" maxlength=\"320\" required id=\"id_sender\">\n    \n    \n  </li>\n\n  <li>\n    \n    <label for=\"id_cc_myself\">Cc myself:</label>\n    <input type=\"checkbox\" name=\"cc_myself\" id=\"id_cc_myself\">\n    \n    \n      \n    \n  </li>";
const BOUND_DIV: &str = "<div>\n    <label for=\"id_subject\">Subject:</label>\n\n\n\n<input type=\"text\" name=\"subject\" value=\"&lt;b&gt;&quot;x&quot;\" maxlength=\"100\" required id=\"id_subject\">\n    \n</div>\n\n  <div>\n    <label for=\"id_message\">Message:</label>\n\n\n<ul class=\"errorlist\" id=\"id_message_error\"><li>This field is required.</li></ul>\n<textarea name=\"message\" cols=\"40\" rows=\"10\" required aria-invalid=\"true\" aria-describedby=\"id_message_error\" id=\"id_message\">\n</textarea>\n    \n</div>\n\n  <div>\n    <label for=\"id_sender\">Sender:</label>\n\n\n<ul class=\"errorlist\" id=\"id_sender_error\"><li>Enter a valid email address.</li></ul>\n<input type=\"email\" name=\"sender\" value=\"bad\" maxlength=\"320\" required aria-invalid=\"true\" aria-describedby=\"id_sender_error\" id=\"id_sender\">\n    \n</div>\n\n  <div>\n    <label for=\"id_cc_myself\">Cc myself:</label>\n\n\n\n<input type=\"checkbox\" name=\"cc_myself\" id=\"id_cc_myself\" checked>\n    \n      \n    \n</div>";
const H_DIV: &str = "<div class=\"required\">\n    <label for=\"id_name\" class=\"required\">Name:</label>\n\n<div class=\"helptext\" id=\"id_name_helptext\">Your <em>full</em> name</div>\n\n<input type=\"text\" name=\"name\" required aria-describedby=\"id_name_helptext\" id=\"id_name\">\n    \n</div>\n\n  <div class=\"required\">\n    <label for=\"id_code\" class=\"required\">Code:</label>\n\n\n\n<input type=\"text\" name=\"code\" value=\"X1\" required disabled id=\"id_code\">\n    \n      <input type=\"hidden\" name=\"token\" value=\"t\" id=\"id_token\">\n    \n</div>";
const H_BAD: &str = "<ul class=\"errorlist nonfield\"><li>(Hidden field token) This field is required.</li></ul>\n\n\n  <div class=\"error required\">\n    <label for=\"id_name\" class=\"required\">Name:</label>\n\n<div class=\"helptext\" id=\"id_name_helptext\">Your <em>full</em> name</div>\n<ul class=\"errorlist\" id=\"id_name_error\"><li>This field is required.</li></ul>\n<input type=\"text\" name=\"name\" required aria-invalid=\"true\" aria-describedby=\"id_name_helptext id_name_error\" id=\"id_name\">\n    \n</div>\n\n  <div class=\"required\">\n    <label for=\"id_code\" class=\"required\">Code:</label>\n\n\n\n<input type=\"text\" name=\"code\" value=\"X1\" required disabled id=\"id_code\">\n    \n      <input type=\"hidden\" name=\"token\" id=\"id_token\">\n    \n</div>";
const C_DIV: &str = "<div>\n    <label for=\"id_fruit\">Fruit:</label>\n\n\n\n<select name=\"fruit\" id=\"id_fruit\">\n  <option value=\"a\">Apple</option>\n\n  <option value=\"b\" selected>Banana</option>\n\n</select>\n    \n</div>\n\n  <div>\n    <fieldset>\n  <legend>Kind:</legend>\n\n\n\n<div id=\"id_kind\"><div>\n    <label for=\"id_kind_0\"><input type=\"radio\" name=\"kind\" value=\"x\" required id=\"id_kind_0\">\n X</label>\n\n</div><div>\n    <label for=\"id_kind_1\"><input type=\"radio\" name=\"kind\" value=\"y\" required id=\"id_kind_1\">\n Y</label>\n\n</div>\n</div></fieldset>\n    \n</div>\n\n  <div>\n    <label for=\"id_tags\">Tags:</label>\n\n\n\n<select name=\"tags\" required id=\"id_tags\" multiple>\n  <option value=\"1\">One</option>\n\n  <option value=\"2\">Two</option>\n\n</select>\n    \n</div>\n\n  <div>\n    <label for=\"id_maybe\">Maybe:</label>\n\n\n\n<select name=\"maybe\" id=\"id_maybe\">\n  <option value=\"unknown\" selected>Unknown</option>\n\n  <option value=\"true\">Yes</option>\n\n  <option value=\"false\">No</option>\n\n</select>\n    \n      \n    \n</div>";

fn data(q: &str) -> QueryDict {
    QueryDict::parse(q)
}

#[test]
fn unbound_form_is_not_valid_and_has_no_errors() {
    let mut form = contact();
    assert!(!form.is_bound());
    assert!(!form.is_valid());
    assert!(form.errors().is_empty());
}

#[test]
fn valid_form_has_typed_cleaned_data() {
    let mut form = contact().bind(data(
        "subject=Hello&message=Hi+there&sender=foo%40example.com&cc_myself=on",
    ));
    assert!(form.is_valid());
    assert_eq!(form.cleaned::<String>("subject").as_deref(), Some("Hello"));
    assert_eq!(form.cleaned::<String>("sender").as_deref(), Some("foo@example.com"));
    assert_eq!(form.cleaned::<bool>("cc_myself"), Some(true));
    let names: Vec<&str> = form.cleaned_data().iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["subject", "message", "sender", "cc_myself"]);
}

#[test]
fn errors_per_field() {
    let mut form = contact().bind(data("subject=&sender=bad"));
    assert!(!form.is_valid());
    let errors = form.errors().clone();
    assert_eq!(errors.messages("subject"), ["This field is required."]);
    assert_eq!(errors.messages("message"), ["This field is required."]);
    assert_eq!(errors.messages("sender"), ["Enter a valid email address."]);
    assert!(!errors.contains("cc_myself"));
    assert!(form.cleaned_value("subject").is_none());
    assert!(form.cleaned_value("cc_myself").is_some());
    assert!(form.has_error("sender", Some("invalid")));
    assert!(!form.has_error("sender", Some("required")));
    assert_eq!(
        errors.get("subject").map(|l| l.as_ul()).as_deref(),
        Some("<ul class=\"errorlist\" id=\"id_subject_error\"><li>This field is required.</li></ul>")
    );
}

fn signup() -> Form {
    Form::new()
        .field("username", CharField())
        .field("password", CharField().widget(widgets::PasswordInput()))
        .field("password2", CharField().widget(widgets::PasswordInput()))
        .clean_field("username", |form| {
            let name: String = form.cleaned("username").unwrap_or_default();
            if name == "admin" {
                return Err(ValidationError::new("That name is taken.", "taken"));
            }
            Ok(FormValue::Str(name.to_lowercase()))
        })
        .clean(|form| {
            let (a, b): (Option<String>, Option<String>) = (form.cleaned("password"), form.cleaned("password2"));
            if a.is_some() && a != b {
                form.add_error(Some("password2"), ValidationError::new("Passwords differ.", "mismatch"));
                return Err(ValidationError::new("Please fix the passwords.", "invalid"));
            }
            Ok(())
        })
}

#[test]
fn clean_hooks_and_add_error() {
    let mut form = signup().bind(data("username=Ann&password=x&password2=x"));
    assert!(form.is_valid());
    assert_eq!(form.cleaned::<String>("username").as_deref(), Some("ann"));

    let mut form = signup().bind(data("username=admin&password=x&password2=y"));
    assert!(!form.is_valid());
    assert_eq!(form.errors().messages("username"), ["That name is taken."]);
    assert_eq!(form.errors().messages("password2"), ["Passwords differ."]);
    assert_eq!(form.errors().messages("__all__"), ["Please fix the passwords."]);
    assert!(form.cleaned_value("password2").is_none());
    assert_eq!(
        form.non_field_errors().as_ul(),
        "<ul class=\"errorlist nonfield\"><li>Please fix the passwords.</li></ul>"
    );
    // Passwords are never re-rendered.
    assert!(
        form.as_p()
            .contains("<input type=\"password\" name=\"password\" required id=\"id_password\">")
    );
    assert!(
        form.as_div()
            .starts_with("<ul class=\"errorlist nonfield\"><li>Please fix the passwords.</li></ul>")
    );
}

#[test]
fn unbound_rendering_matches_django() {
    let form = contact();
    let subject = form.bound_field("subject").expect("subject");
    assert_eq!(
        subject.as_widget(),
        r#"<input type="text" name="subject" maxlength="100" required id="id_subject">"#
    );
    assert_eq!(subject.label_tag(), r#"<label for="id_subject">Subject:</label>"#);
    let message = form.bound_field("message").expect("message");
    assert_eq!(
        message.as_widget(),
        "<textarea name=\"message\" cols=\"40\" rows=\"10\" required id=\"id_message\">\n</textarea>"
    );
    let sender = form.bound_field("sender").expect("sender");
    assert_eq!(
        sender.as_widget(),
        r#"<input type="email" name="sender" maxlength="320" required id="id_sender">"#
    );
    let cc = form.bound_field("cc_myself").expect("cc");
    assert_eq!(
        cc.as_widget(),
        r#"<input type="checkbox" name="cc_myself" id="id_cc_myself">"#
    );
    assert_eq!(cc.label_tag(), r#"<label for="id_cc_myself">Cc myself:</label>"#);

    assert_eq!(form.as_div(), UNBOUND_DIV);
    assert_eq!(form.as_p(), UNBOUND_P);
    assert_eq!(form.as_table(), UNBOUND_TABLE);
    assert_eq!(form.as_ul(), UNBOUND_UL);
}

#[test]
fn bound_rendering_keeps_values_escaped_and_shows_errors() {
    let mut form = contact().bind(data("subject=%3Cb%3E%22x%22&sender=bad&cc_myself=on"));
    assert!(!form.is_valid());
    let subject = form.bound_field("subject").expect("subject");
    assert_eq!(
        subject.as_widget(),
        r#"<input type="text" name="subject" value="&lt;b&gt;&quot;x&quot;" maxlength="100" required id="id_subject">"#
    );
    let sender = form.bound_field("sender").expect("sender");
    assert_eq!(
        sender.as_widget(),
        r#"<input type="email" name="sender" value="bad" maxlength="320" required aria-invalid="true" aria-describedby="id_sender_error" id="id_sender">"#
    );
    let cc = form.bound_field("cc_myself").expect("cc");
    assert_eq!(
        cc.as_widget(),
        r#"<input type="checkbox" name="cc_myself" id="id_cc_myself" checked>"#
    );
    assert_eq!(form.as_div(), BOUND_DIV);
}

#[test]
fn help_text_disabled_and_css_classes() {
    let mut form = Form::new()
        .field("name", CharField().help_text("Your <em>full</em> name"))
        .field("code", CharField().disabled(true).initial("X1"))
        .field("token", CharField().widget(widgets::HiddenInput()).initial("t"));
    form.required_css_class = Some("required".into());
    form.error_css_class = Some("error".into());
    let name = form.bound_field("name").expect("name");
    assert_eq!(
        name.as_widget(),
        r#"<input type="text" name="name" required aria-describedby="id_name_helptext" id="id_name">"#
    );
    assert_eq!(
        name.label_tag(),
        r#"<label for="id_name" class="required">Name:</label>"#
    );
    // The hidden field goes into the last row.
    assert_eq!(form.as_div(), H_DIV);

    // A disabled field ignores submitted data.
    let mut bound = form.bind(data("name=a&code=HACK&token=t"));
    assert!(bound.is_valid());
    assert_eq!(bound.cleaned::<String>("code").as_deref(), Some("X1"));
    let mut bad = form.bind(data("code=x"));
    assert!(!bad.is_valid());
    assert_eq!(bad.as_div(), H_BAD);
}

#[test]
fn prefix_and_initial_and_has_changed() {
    let form = Form::new()
        .field("first_name", CharField())
        .field("age", IntegerField().required(false))
        .prefix("person")
        .initial("first_name", "Ann");
    let first = form.bound_field("first_name").expect("first");
    assert_eq!(
        first.as_widget(),
        r#"<input type="text" name="person-first_name" value="Ann" required id="id_person-first_name">"#
    );
    assert_eq!(
        first.label_tag(),
        r#"<label for="id_person-first_name">First name:</label>"#
    );

    let mut same = form.bind(data("person-first_name=Ann&person-age="));
    assert!(same.is_valid());
    assert!(!same.has_changed());
    let changed = form.bind(data("person-first_name=Bob&person-age=3"));
    assert_eq!(changed.changed_data(), ["first_name", "age"]);
    assert!(changed.has_changed());
    // Unprefixed keys are not the form's.
    let mut other = form.bind(data("first_name=Ann"));
    assert_eq!(other.errors().messages("first_name"), ["This field is required."]);
}

#[test]
fn choice_widgets_render() {
    let form = Form::new()
        .field(
            "fruit",
            ChoiceField().choices([("a", "Apple"), ("b", "Banana")]).initial("b"),
        )
        .field(
            "kind",
            ChoiceField()
                .choices([("x", "X"), ("y", "Y")])
                .widget(widgets::RadioSelect()),
        )
        .field("tags", MultipleChoiceField().choices([("1", "One"), ("2", "Two")]))
        .field("maybe", NullBooleanField());
    let fruit = form.bound_field("fruit").expect("fruit");
    assert_eq!(
        fruit.as_widget(),
        "<select name=\"fruit\" id=\"id_fruit\">\n  <option value=\"a\">Apple</option>\n\n  <option value=\"b\" selected>Banana</option>\n\n</select>"
    );
    let kind = form.bound_field("kind").expect("kind");
    let html = kind.as_widget();
    assert!(html.starts_with("<div id=\"id_kind\"><div>\n    <label for=\"id_kind_0\"><input type=\"radio\" name=\"kind\" value=\"x\" required id=\"id_kind_0\">\n X</label>"), "{html}");
    assert_eq!(kind.label_tag(), "<label>Kind:</label>");
    assert_eq!(form.as_div(), C_DIV);
    let tags = form.bind(data("tags=1&tags=2"));
    let html = tags.bound_field("tags").expect("tags").as_widget();
    assert!(
        html.starts_with("<select name=\"tags\" required id=\"id_tags\" multiple>"),
        "{html}"
    );
    assert!(html.contains("<option value=\"1\" selected>One</option>\n\n  <option value=\"2\" selected>Two</option>"));
    let maybe = form.bound_field("maybe").expect("maybe").as_widget();
    assert!(
        maybe.contains("<option value=\"unknown\" selected>Unknown</option>"),
        "{maybe}"
    );
}

#[test]
fn forms_in_templates() {
    let engine = Engine::default();
    let mut form = contact().bind(data("subject=Hi&sender=bad"));
    let mut ctx = Context::new();
    ctx.insert_value("form", form.to_value());
    let render = |src: &str| engine.from_string(src).expect("template").render(&ctx).expect("render");

    assert_eq!(render("{{ form }}"), form.as_div());
    assert_eq!(render("{{ form.as_p }}"), form.as_p());
    assert_eq!(
        render("{{ form.subject }}"),
        r#"<input type="text" name="subject" value="Hi" maxlength="100" required id="id_subject">"#
    );
    assert_eq!(
        render("{{ form.sender.errors }}"),
        r#"<ul class="errorlist" id="id_sender_error"><li>Enter a valid email address.</li></ul>"#
    );
    assert_eq!(
        render("{% for e in form.sender.errors %}[{{ e }}]{% endfor %}"),
        "[Enter a valid email address.]"
    );
    assert_eq!(render("{% if form.subject.errors %}bad{% else %}ok{% endif %}"), "ok");
    assert_eq!(
        render("{% for field in form %}{{ field.label_tag }}|{% endfor %}"),
        r#"<label for="id_subject">Subject:</label>|<label for="id_message">Message:</label>|<label for="id_sender">Sender:</label>|<label for="id_cc_myself">Cc myself:</label>|"#
    );
    assert_eq!(
        render("{{ form.subject.value }} {{ form.subject.html_name }} {{ form.errors.sender.as_text }}"),
        "Hi subject * Enter a valid email address."
    );
    assert_eq!(render("{{ form.nope }}"), "");
}

#[test]
fn number_widget_attrs_follow_django() {
    let form = Form::new()
        .field("n", IntegerField().max_value(9.0).min_value(1.0))
        .field("f", FloatField())
        .field("d", DecimalField(Some(5), Some(2)))
        .field("s", CharField().max_length(5).widget(widgets::Textarea()))
        .field("h", CharField().max_length(5).widget(widgets::HiddenInput()));
    let w = |name: &str| form.bound_field(name).expect(name).as_widget();
    assert_eq!(
        w("n"),
        r#"<input type="number" name="n" min="1" max="9" required id="id_n">"#
    );
    assert_eq!(
        w("f"),
        r#"<input type="number" name="f" step="any" required id="id_f">"#
    );
    assert_eq!(
        w("d"),
        r#"<input type="number" name="d" step="0.01" required id="id_d">"#
    );
    assert_eq!(
        w("s"),
        "<textarea name=\"s\" cols=\"40\" rows=\"10\" maxlength=\"5\" required id=\"id_s\">\n</textarea>"
    );
    assert_eq!(w("h"), r#"<input type="hidden" name="h" id="id_h">"#);
}
