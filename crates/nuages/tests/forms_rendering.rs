//! Template-based rendering against Django 5.2: the expected strings were
//! recorded from Django 5.2.19 rendering the same forms (`as_div`,
//! `as_p`, `as_table`, `as_ul`, `as_field_group`, `legend_tag`).

use nuages::core::validators::ValidationError;
use nuages::forms::fields::*;
use nuages::forms::{Form, widgets};
use nuages::http::QueryDict;
use nuages::template::{Context, Engine};

fn widgets_form() -> Form {
    Form::new()
        .field(
            "bio",
            CharField()
                .widget(widgets::Textarea().attr("rows", "3"))
                .required(false)
                .help_text("About <you>"),
        )
        .field(
            "pets",
            MultipleChoiceField()
                .choices([("c", "Cat"), ("d", "Dog"), ("f", "Fish")])
                .widget(widgets::CheckboxSelectMultiple()),
        )
        .field(
            "langs",
            MultipleChoiceField()
                .choices([("rs", "Rust"), ("py", "Python")])
                .required(false),
        )
        .field("pw", CharField().widget(widgets::PasswordInput()))
        .field("when", DateField().required(false))
        .field("agree", BooleanField())
}

#[test]
fn widgets_in_every_layout() {
    let mut form = widgets_form().bind(QueryDict::parse("bio=a%3Cb&pets=c&pets=f&pw=secret&when=2024-01-02"));
    assert!(!form.is_valid());
    assert_eq!(form.as_table(), WIDGETS_TABLE);
    assert_eq!(form.as_p(), WIDGETS_P);
    assert_eq!(form.as_ul(), WIDGETS_UL);
    assert_eq!(form.as_div(), WIDGETS_DIV);
    assert_eq!(widgets_form().bound_field("pets").expect("pets").legend_tag(), LEGEND);
}

fn only_hidden() -> Form {
    Form::new()
        .field("a", CharField().widget(widgets::HiddenInput()))
        .field("b", CharField().widget(widgets::HiddenInput()).required(false))
        .clean(|_| Err(ValidationError::new("Nope & no.", "nope")))
}

#[test]
fn forms_with_only_hidden_fields_and_errors() {
    let mut form = only_hidden().bind(QueryDict::parse("b=x"));
    assert!(!form.is_valid());
    assert_eq!(form.as_div(), HIDDEN_DIV);
    assert_eq!(form.as_p(), HIDDEN_P);
    assert_eq!(form.as_table(), HIDDEN_TABLE);
    assert_eq!(form.as_ul(), HIDDEN_UL);
    assert_eq!(only_hidden().as_div(), HIDDEN_UNBOUND_DIV);
}

fn person() -> Form {
    Form::new()
        .field("first_name", CharField().label("Who?"))
        .field("age", IntegerField().min_value(0.0).label("Age"))
        .prefix("person")
}

#[test]
fn prefix_auto_id_and_label_suffix() {
    let mut form = person();
    form.auto_id = String::new();
    form.label_suffix = " =".into();
    assert_eq!(form.as_div(), NOAUTO_DIV);
    let mut form = person().initial("age", 3);
    form.auto_id = "f_%s".into();
    assert_eq!(form.as_p(), CUSTOMID_P);
    assert_eq!(form.bound_field("age").expect("age").as_field_group(), FIELD_GROUP);
}

#[test]
fn templates_render_the_same_as_rust() {
    let engine = Engine::default();
    let mut form = widgets_form().bind(QueryDict::parse("pets=d"));
    let mut ctx = Context::new();
    ctx.insert_value("form", form.to_value());
    let render = |src: &str| engine.from_string(src).expect("template").render(&ctx).expect("render");
    assert_eq!(render("{{ form }}"), form.as_div());
    assert_eq!(render("{{ form.as_table }}"), form.as_table());
    assert_eq!(render("{{ form.as_ul }}"), form.as_ul());
    assert_eq!(
        render("{% for field in form %}{{ field.as_field_group }}{% endfor %}"),
        form.bound_fields()
            .iter()
            .map(|b| b.as_field_group())
            .collect::<String>()
    );
    assert_eq!(
        render("{{ form.pets.widget_type }} {{ form.bio.widget_type }}"),
        "checkboxselectmultiple textarea"
    );
}

const WIDGETS_TABLE: &str = "<tr>\n    <th><label for=\"id_bio\">Bio:</label></th>\n    <td>\n      \n      <textarea name=\"bio\" cols=\"40\" rows=\"3\" aria-describedby=\"id_bio_helptext\" id=\"id_bio\">\na&lt;b</textarea>\n      \n        <br>\n        <span class=\"helptext\" id=\"id_bio_helptext\">About <you></span>\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label>Pets:</label></th>\n    <td>\n      \n      <div id=\"id_pets\"><div>\n    <label for=\"id_pets_0\"><input type=\"checkbox\" name=\"pets\" value=\"c\" id=\"id_pets_0\" checked>\n Cat</label>\n\n</div><div>\n    <label for=\"id_pets_1\"><input type=\"checkbox\" name=\"pets\" value=\"d\" id=\"id_pets_1\">\n Dog</label>\n\n</div><div>\n    <label for=\"id_pets_2\"><input type=\"checkbox\" name=\"pets\" value=\"f\" id=\"id_pets_2\" checked>\n Fish</label>\n\n</div>\n</div>\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_langs\">Langs:</label></th>\n    <td>\n      \n      <select name=\"langs\" id=\"id_langs\" multiple>\n  <option value=\"rs\">Rust</option>\n\n  <option value=\"py\">Python</option>\n\n</select>\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_pw\">Pw:</label></th>\n    <td>\n      \n      <input type=\"password\" name=\"pw\" required id=\"id_pw\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_when\">When:</label></th>\n    <td>\n      \n      <input type=\"text\" name=\"when\" value=\"2024-01-02\" id=\"id_when\">\n      \n      \n    </td>\n  </tr>\n\n  <tr>\n    <th><label for=\"id_agree\">Agree:</label></th>\n    <td>\n      <ul class=\"errorlist\" id=\"id_agree_error\"><li>This field is required.</li></ul>\n      <input type=\"checkbox\" name=\"agree\" required aria-invalid=\"true\" aria-describedby=\"id_agree_error\" id=\"id_agree\">\n      \n      \n        \n      \n    </td>\n  </tr>";
const WIDGETS_P: &str = "<p>\n    <label for=\"id_bio\">Bio:</label>\n    <textarea name=\"bio\" cols=\"40\" rows=\"3\" aria-describedby=\"id_bio_helptext\" id=\"id_bio\">\na&lt;b</textarea>\n    \n      <span class=\"helptext\" id=\"id_bio_helptext\">About <you></span>\n    \n    \n  </p>\n\n  \n  <p>\n    <label>Pets:</label>\n    <div id=\"id_pets\"><div>\n    <label for=\"id_pets_0\"><input type=\"checkbox\" name=\"pets\" value=\"c\" id=\"id_pets_0\" checked>\n Cat</label>\n\n</div><div>\n    <label for=\"id_pets_1\"><input type=\"checkbox\" name=\"pets\" value=\"d\" id=\"id_pets_1\">\n Dog</label>\n\n</div><div>\n    <label for=\"id_pets_2\"><input type=\"checkbox\" name=\"pets\" value=\"f\" id=\"id_pets_2\" checked>\n Fish</label>\n\n</div>\n</div>\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_langs\">Langs:</label>\n    <select name=\"langs\" id=\"id_langs\" multiple>\n  <option value=\"rs\">Rust</option>\n\n  <option value=\"py\">Python</option>\n\n</select>\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_pw\">Pw:</label>\n    <input type=\"password\" name=\"pw\" required id=\"id_pw\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"id_when\">When:</label>\n    <input type=\"text\" name=\"when\" value=\"2024-01-02\" id=\"id_when\">\n    \n    \n  </p>\n\n  <ul class=\"errorlist\" id=\"id_agree_error\"><li>This field is required.</li></ul>\n  <p>\n    <label for=\"id_agree\">Agree:</label>\n    <input type=\"checkbox\" name=\"agree\" required aria-invalid=\"true\" aria-describedby=\"id_agree_error\" id=\"id_agree\">\n    \n    \n      \n    \n  </p>";
const WIDGETS_UL: &str = "<li>\n    \n    <label for=\"id_bio\">Bio:</label>\n    <textarea name=\"bio\" cols=\"40\" rows=\"3\" aria-describedby=\"id_bio_helptext\" id=\"id_bio\">\na&lt;b</textarea>\n    \n      <span class=\"helptext\" id=\"id_bio_helptext\">About <you></span>\n    \n    \n  </li>\n\n  <li>\n    \n    <label>Pets:</label>\n    <div id=\"id_pets\"><div>\n    <label for=\"id_pets_0\"><input type=\"checkbox\" name=\"pets\" value=\"c\" id=\"id_pets_0\" checked>\n Cat</label>\n\n</div><div>\n    <label for=\"id_pets_1\"><input type=\"checkbox\" name=\"pets\" value=\"d\" id=\"id_pets_1\">\n Dog</label>\n\n</div><div>\n    <label for=\"id_pets_2\"><input type=\"checkbox\" name=\"pets\" value=\"f\" id=\"id_pets_2\" checked>\n Fish</label>\n\n</div>\n</div>\n    \n    \n  </li>\n\n  <li>\n    \n    <label for=\"id_langs\">Langs:</label>\n    <select name=\"langs\" id=\"id_langs\" multiple>\n  <option value=\"rs\">Rust</option>\n\n  <option value=\"py\">Python</option>\n\n</select>\n    \n    \n  </li>\n\n  <li>\n    \n    <label for=\"id_pw\">Pw:</label>\n    <input type=\"password\" name=\"pw\" required id=\"id_pw\">\n    \n    \n  </li>\n\n  <li>\n    \n    <label for=\"id_when\">When:</label>\n    <input type=\"text\" name=\"when\" value=\"2024-01-02\" id=\"id_when\">\n    \n    \n  </li>\n\n  <li>\n    <ul class=\"errorlist\" id=\"id_agree_error\"><li>This field is required.</li></ul>\n    <label for=\"id_agree\">Agree:</label>\n    <input type=\"checkbox\" name=\"agree\" required aria-invalid=\"true\" aria-describedby=\"id_agree_error\" id=\"id_agree\">\n    \n    \n      \n    \n  </li>";
const WIDGETS_DIV: &str = "<div>\n    <label for=\"id_bio\">Bio:</label>\n\n<div class=\"helptext\" id=\"id_bio_helptext\">About <you></div>\n\n<textarea name=\"bio\" cols=\"40\" rows=\"3\" aria-describedby=\"id_bio_helptext\" id=\"id_bio\">\na&lt;b</textarea>\n    \n</div>\n\n  <div>\n    <fieldset>\n  <legend>Pets:</legend>\n\n\n\n<div id=\"id_pets\"><div>\n    <label for=\"id_pets_0\"><input type=\"checkbox\" name=\"pets\" value=\"c\" id=\"id_pets_0\" checked>\n Cat</label>\n\n</div><div>\n    <label for=\"id_pets_1\"><input type=\"checkbox\" name=\"pets\" value=\"d\" id=\"id_pets_1\">\n Dog</label>\n\n</div><div>\n    <label for=\"id_pets_2\"><input type=\"checkbox\" name=\"pets\" value=\"f\" id=\"id_pets_2\" checked>\n Fish</label>\n\n</div>\n</div></fieldset>\n    \n</div>\n\n  <div>\n    <label for=\"id_langs\">Langs:</label>\n\n\n\n<select name=\"langs\" id=\"id_langs\" multiple>\n  <option value=\"rs\">Rust</option>\n\n  <option value=\"py\">Python</option>\n\n</select>\n    \n</div>\n\n  <div>\n    <label for=\"id_pw\">Pw:</label>\n\n\n\n<input type=\"password\" name=\"pw\" required id=\"id_pw\">\n    \n</div>\n\n  <div>\n    <label for=\"id_when\">When:</label>\n\n\n\n<input type=\"text\" name=\"when\" value=\"2024-01-02\" id=\"id_when\">\n    \n</div>\n\n  <div>\n    <label for=\"id_agree\">Agree:</label>\n\n\n<ul class=\"errorlist\" id=\"id_agree_error\"><li>This field is required.</li></ul>\n<input type=\"checkbox\" name=\"agree\" required aria-invalid=\"true\" aria-describedby=\"id_agree_error\" id=\"id_agree\">\n    \n      \n    \n</div>";
const HIDDEN_DIV: &str = "<ul class=\"errorlist nonfield\"><li>Nope &amp; no.</li><li>(Hidden field a) This field is required.</li></ul>\n\n  <div><input type=\"hidden\" name=\"a\" id=\"id_a\"><input type=\"hidden\" name=\"b\" value=\"x\" id=\"id_b\"></div>";
const HIDDEN_P: &str = "<ul class=\"errorlist nonfield\"><li>Nope &amp; no.</li><li>(Hidden field a) This field is required.</li></ul>\n\n  <p><input type=\"hidden\" name=\"a\" id=\"id_a\"><input type=\"hidden\" name=\"b\" value=\"x\" id=\"id_b\"></p>";
const HIDDEN_TABLE: &str = "<tr>\n    <td colspan=\"2\">\n      <ul class=\"errorlist nonfield\"><li>Nope &amp; no.</li><li>(Hidden field a) This field is required.</li></ul>\n      \n        <input type=\"hidden\" name=\"a\" id=\"id_a\"><input type=\"hidden\" name=\"b\" value=\"x\" id=\"id_b\">\n      \n    </td>\n  </tr>";
const HIDDEN_UL: &str = "<li>\n    <ul class=\"errorlist nonfield\"><li>Nope &amp; no.</li><li>(Hidden field a) This field is required.</li></ul>\n  \n    <input type=\"hidden\" name=\"a\" id=\"id_a\"><input type=\"hidden\" name=\"b\" value=\"x\" id=\"id_b\">\n  \n  </li>";
const HIDDEN_UNBOUND_DIV: &str =
    "<input type=\"hidden\" name=\"a\" id=\"id_a\"><input type=\"hidden\" name=\"b\" id=\"id_b\">";
const NOAUTO_DIV: &str = "<div>\n    Who?\n\n\n\n<input type=\"text\" name=\"person-first_name\" required>\n    \n</div>\n\n  <div>\n    Age =\n\n\n\n<input type=\"number\" name=\"person-age\" min=\"0\" required>\n    \n      \n    \n</div>";
const CUSTOMID_P: &str = "<p>\n    <label for=\"f_person-first_name\">Who?</label>\n    <input type=\"text\" name=\"person-first_name\" required id=\"f_person-first_name\">\n    \n    \n  </p>\n\n  \n  <p>\n    <label for=\"f_person-age\">Age:</label>\n    <input type=\"number\" name=\"person-age\" value=\"3\" min=\"0\" required id=\"f_person-age\">\n    \n    \n      \n    \n  </p>";
const FIELD_GROUP: &str = "<label for=\"f_person-age\">Age:</label>\n\n\n\n<input type=\"number\" name=\"person-age\" value=\"3\" min=\"0\" required id=\"f_person-age\">";
const LEGEND: &str = "<legend>Pets:</legend>";
