//! SQL construction (Django's `django.db.models.sql`): [`query`] resolves
//! lookup paths, joins and annotations against the models;
//! [`expressions`] and [`where_`] compile expressions and conditions;
//! [`compiler`] turns a QuerySet into sea-query statements rendered per
//! vendor. The barrier is one way: nothing here knows about the public
//! QuerySet API beyond its data.

pub(crate) mod compiler;
pub(crate) mod expressions;
pub(crate) mod query;
pub(crate) mod where_;
