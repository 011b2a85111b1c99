//! Form fields: cleaning and Django's error messages.

use chrono::{NaiveDate, NaiveTime};
use nuages::core::validators::{MinLengthValidator, ValidationError};
use nuages::forms::fields::*;
use nuages::forms::{Form, FormValue, RawValue};
use nuages::http::QueryDict;

fn clean(field: Field, value: &str) -> Result<FormValue, Vec<String>> {
    field.clean(&RawValue::Str(value.to_owned())).map_err(|e| e.messages())
}

fn one(message: &str) -> Result<FormValue, Vec<String>> {
    Err(vec![message.to_owned()])
}

#[test]
fn char_field() {
    assert_eq!(clean(CharField(), "  hi \n"), Ok(FormValue::Str("hi".into())));
    assert_eq!(
        clean(CharField().strip(false), " hi "),
        Ok(FormValue::Str(" hi ".into()))
    );
    assert_eq!(clean(CharField(), "   "), one("This field is required."));
    assert_eq!(
        clean(CharField().required(false), ""),
        Ok(FormValue::Str(String::new()))
    );
    assert_eq!(
        clean(CharField().max_length(3), "abcd"),
        one("Ensure this value has at most 3 characters (it has 4).")
    );
    assert_eq!(
        clean(CharField().min_length(2), "a"),
        one("Ensure this value has at least 2 characters (it has 1).")
    );
    assert_eq!(clean(CharField(), "a\0b"), one("Null characters are not allowed."));
    assert_eq!(
        clean(CharField().error_message("required", "Name, please."), ""),
        one("Name, please.")
    );
    assert_eq!(
        clean(
            CharField()
                .validator(MinLengthValidator(5))
                .error_message("min_length", "Too short"),
            "abc"
        ),
        one("Too short")
    );
}

#[test]
fn text_format_fields() {
    assert_eq!(clean(EmailField(), " a@b.co "), Ok(FormValue::Str("a@b.co".into())));
    assert_eq!(clean(EmailField(), "nope"), one("Enter a valid email address."));
    assert_eq!(
        clean(URLField(), "example.com"),
        Ok(FormValue::Str("http://example.com".into()))
    );
    assert_eq!(clean(URLField(), "http://exa_mple.com"), one("Enter a valid URL."));
    assert_eq!(
        clean(SlugField(false), "a b"),
        one("Enter a valid \u{201c}slug\u{201d} consisting of letters, numbers, underscores or hyphens.")
    );
    assert_eq!(clean(SlugField(true), "ünï"), Ok(FormValue::Str("ünï".into())));
    let re = regex::Regex::new(r"^\d{3}$").expect("regex");
    assert_eq!(clean(RegexField(re.clone()), "123"), Ok(FormValue::Str("123".into())));
    assert_eq!(clean(RegexField(re), "12"), one("Enter a valid value."));
    assert_eq!(clean(UUIDField(), "not"), one("Enter a valid UUID."));
    assert!(matches!(
        clean(UUIDField(), "550e8400-e29b-41d4-a716-446655440000"),
        Ok(FormValue::Uuid(_))
    ));
    assert_eq!(
        clean(GenericIPAddressField("both", false), "::ffff:0a0a:0a0a"),
        Ok(FormValue::Str("::ffff:10.10.10.10".into()))
    );
    assert_eq!(
        clean(GenericIPAddressField("both", true), "::ffff:0a0a:0a0a"),
        Ok(FormValue::Str("10.10.10.10".into()))
    );
    assert_eq!(
        clean(GenericIPAddressField("both", false), "256.1.1.1"),
        one("Enter a valid IPv4 or IPv6 address.")
    );
    assert_eq!(
        clean(GenericIPAddressField("ipv4", false), "1:2::3"),
        one("Enter a valid IPv4 address.")
    );
}

#[test]
fn number_fields() {
    assert_eq!(clean(IntegerField(), " 42 "), Ok(FormValue::Int(42)));
    assert_eq!(clean(IntegerField(), "1.0"), Ok(FormValue::Int(1)));
    assert_eq!(clean(IntegerField(), "1.5"), one("Enter a whole number."));
    assert_eq!(clean(IntegerField(), "abc"), one("Enter a whole number."));
    assert_eq!(clean(IntegerField().required(false), ""), Ok(FormValue::None));
    assert_eq!(
        clean(IntegerField().max_value(10.0), "11"),
        one("Ensure this value is less than or equal to 10.")
    );
    assert_eq!(
        clean(IntegerField().min_value(1.0), "0"),
        one("Ensure this value is greater than or equal to 1.")
    );
    assert_eq!(
        clean(IntegerField().step_size(5.0), "7"),
        one("Ensure this value is a multiple of step size 5.")
    );
    assert_eq!(
        clean(IntegerField().min_value(1.0).step_size(3.0), "5"),
        one("Ensure this value is a multiple of step size 3, starting from 1, e.g. 1, 4, 7, and so on.")
    );
    assert_eq!(clean(FloatField(), "1.5"), Ok(FormValue::Float(1.5)));
    assert_eq!(clean(FloatField(), "x"), one("Enter a number."));
    assert_eq!(clean(FloatField(), "inf"), one("Enter a number."));
    assert_eq!(
        clean(DecimalField(Some(4), Some(2)), "3.14"),
        Ok(FormValue::Decimal("3.14".into()))
    );
    assert_eq!(clean(DecimalField(Some(4), Some(2)), "NaN"), one("Enter a number."));
    assert_eq!(
        clean(DecimalField(Some(4), Some(2)), "123.4"),
        one("Ensure that there are no more than 2 digits before the decimal point.")
    );
    assert_eq!(
        clean(DecimalField(Some(4), Some(2)), "1.234"),
        one("Ensure that there are no more than 2 decimal places.")
    );
    assert_eq!(
        clean(DecimalField(Some(4), Some(2)), "12345"),
        one("Ensure that there are no more than 4 digits in total.")
    );
}

#[test]
fn boolean_fields() {
    assert_eq!(BooleanField().clean(&RawValue::Bool(true)), Ok(FormValue::Bool(true)));
    let e = BooleanField().clean(&RawValue::Bool(false)).expect_err("an error");
    assert_eq!(e.messages(), vec!["This field is required."]);
    assert_eq!(
        BooleanField().required(false).clean(&RawValue::Bool(false)),
        Ok(FormValue::Bool(false))
    );
    assert_eq!(clean(NullBooleanField(), "true"), Ok(FormValue::NullBool(Some(true))));
    assert_eq!(clean(NullBooleanField(), "0"), Ok(FormValue::NullBool(Some(false))));
    assert_eq!(clean(NullBooleanField(), "maybe"), Ok(FormValue::NullBool(None)));
}

#[test]
fn temporal_fields() {
    let d = NaiveDate::from_ymd_opt(2006, 10, 25).expect("date");
    for input in [
        "2006-10-25",
        "10/25/2006",
        "10/25/06",
        "Oct 25 2006",
        "Oct 25, 2006",
        "25 October 2006",
    ] {
        assert_eq!(clean(DateField(), input), Ok(FormValue::Date(d)), "{input}");
    }
    assert_eq!(clean(DateField(), "2006-02-30"), one("Enter a valid date."));
    assert_eq!(
        clean(TimeField(), "14:30"),
        Ok(FormValue::Time(NaiveTime::from_hms_opt(14, 30, 0).expect("t")))
    );
    assert_eq!(clean(TimeField(), "25:00"), one("Enter a valid time."));
    let dt = d.and_hms_opt(14, 30, 59).expect("dt");
    assert_eq!(
        clean(DateTimeField(), "2006-10-25 14:30:59"),
        Ok(FormValue::DateTime(dt))
    );
    assert_eq!(
        clean(DateTimeField(), "2006-10-25T14:30:59"),
        Ok(FormValue::DateTime(dt))
    );
    assert_eq!(
        clean(DateTimeField(), "10/25/2006 14:30:59"),
        Ok(FormValue::DateTime(dt))
    );
    assert!(matches!(
        clean(DateTimeField(), "2006-10-25"),
        Ok(FormValue::DateTime(_))
    ));
    assert_eq!(clean(DateTimeField(), "yesterday"), one("Enter a valid date/time."));
}

#[test]
fn choice_fields() {
    let choices = [("a", "Apple"), ("b", "Banana")];
    assert_eq!(
        clean(ChoiceField().choices(choices), "a"),
        Ok(FormValue::Str("a".into()))
    );
    assert_eq!(
        clean(ChoiceField().choices(choices), "z"),
        one("Select a valid choice. z is not one of the available choices.")
    );
    let multi = MultipleChoiceField().choices(choices);
    assert_eq!(
        multi.clean(&RawValue::List(vec!["a".into(), "b".into()])),
        Ok(FormValue::List(vec!["a".into(), "b".into()]))
    );
    let e = multi
        .clean(&RawValue::List(vec!["a".into(), "c".into()]))
        .expect_err("an error");
    assert_eq!(
        e.messages(),
        vec!["Select a valid choice. c is not one of the available choices."]
    );
    assert_eq!(
        multi.clean(&RawValue::Missing).expect_err("an error").messages(),
        vec!["This field is required."]
    );
    assert_eq!(
        multi
            .clean(&RawValue::Str("a".into()))
            .expect_err("an error")
            .messages(),
        vec!["Enter a list of values."]
    );

    let typed = Form::new().field(
        "n",
        TypedChoiceField(|s| s.parse::<i64>().ok().map(FormValue::Int)).choices([("1", "One"), ("2", "Two")]),
    );
    let mut form = typed.bind(QueryDict::parse("n=2"));
    assert!(form.is_valid());
    assert_eq!(form.cleaned::<i64>("n"), Some(2));
}

#[test]
fn custom_validator_closure() {
    let even = |s: &str| -> Result<(), ValidationError> {
        if s.len().is_multiple_of(2) {
            Ok(())
        } else {
            Err(ValidationError::new("Odd length.", "odd"))
        }
    };
    assert_eq!(clean(CharField().validator(even), "abc"), one("Odd length."));
    assert_eq!(
        clean(CharField().validator(even), "ab"),
        Ok(FormValue::Str("ab".into()))
    );
}

#[test]
fn bad_input_is_a_field_error() {
    assert_eq!(clean(FloatField(), "1,5"), one("Enter a number."));
    assert_eq!(clean(DecimalField(None, None), "1e"), one("Enter a number."));
    assert_eq!(
        clean(IntegerField(), "99999999999999999999"),
        one("Enter a whole number.")
    );
    assert_eq!(clean(DateField(), "29/02/2024"), one("Enter a valid date."));
    assert_eq!(clean(DateField(), "2024-13-01"), one("Enter a valid date."));
    assert_eq!(clean(TimeField(), "12:61"), one("Enter a valid time."));
    assert_eq!(
        clean(DateTimeField(), "2024-02-29 25:00"),
        one("Enter a valid date/time.")
    );
    assert_eq!(clean(EmailField(), "a@b.co\n"), Ok(FormValue::Str("a@b.co".into())));
    assert_eq!(clean(URLField(), "http://[::1"), one("Enter a valid URL."));
}

#[test]
fn error_dict_json_and_text() {
    let mut form = Form::new().field("age", IntegerField()).bind(QueryDict::parse("age=x"));
    assert!(!form.is_valid());
    let errors = form.errors();
    assert_eq!(
        errors.as_json(),
        r#"{"age":[{"message":"Enter a whole number.","code":"invalid"}]}"#
    );
    assert_eq!(errors.as_text(), "* age\n  * Enter a whole number.");
    assert_eq!(
        errors.as_ul(),
        r#"<ul class="errorlist"><li>age<ul class="errorlist" id="id_age_error"><li>Enter a whole number.</li></ul></li></ul>"#
    );
}
