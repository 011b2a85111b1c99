//! Turn QuerySet data into sea-query statements (Django's `SQLCompiler`,
//! `SQLUpdateCompiler`, `SQLDeleteCompiler`, `SQLInsertCompiler`,
//! `SQLAggregateCompiler`): the select list (model fields, `values()`,
//! annotations), WHERE and HAVING, GROUP BY as Django computes it,
//! ORDER BY, DISTINCT, LIMIT/OFFSET, `FOR UPDATE` and combinators.

use sea_query::{
    Condition, Expr, ExprTrait, JoinType, LockBehavior, LockType, Order, Query, SelectStatement, UnionType,
    UpdateStatement,
};

use super::query::{Resolver, model_name};
use crate::backends::Vendor;
use crate::models::expressions::{Assignment, Expression};
use crate::models::{FieldKind, ModelMeta, Q};
use crate::{Error, Result, Value};

/// An annotation: `annotate(name=expr)` (selected) or `alias(name=expr)` (not).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Annotation {
    pub(crate) name: String,
    pub(crate) expr: Expression,
    pub(crate) select: bool,
}

/// What GROUP BY an aggregate annotation brought (Django's `query.group_by`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GroupBy {
    /// Every column of the model (annotate before values).
    Model,
    /// The `values()` named before `annotate()`.
    Values(Vec<String>),
}

/// `union`, `intersection`, `difference`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Combinator {
    Union,
    Intersection,
    Difference,
}

/// `select_for_update(nowait=, skip_locked=)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ForUpdate {
    pub(crate) nowait: bool,
    pub(crate) skip_locked: bool,
}

/// The data of a QuerySet that shapes its SQL (Django's `sql.Query`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct QueryData {
    /// Conditions, AND-ed (`exclude` adds a negated `Q`).
    pub(crate) where_: Vec<Q>,
    /// `order_by`; `None` means the model's `Meta.ordering`.
    pub(crate) order_by: Option<Vec<String>>,
    /// `reverse()`: flip the ordering.
    pub(crate) reversed: bool,
    /// Slice start.
    pub(crate) low: u64,
    /// Slice end (exclusive).
    pub(crate) high: Option<u64>,
    /// `annotate()` / `alias()`, in order.
    pub(crate) annotations: Vec<Annotation>,
    /// `values()` / `values_list()` names; empty: every field, then the annotations.
    pub(crate) values: Option<Vec<String>>,
    /// Set by the first aggregate annotation.
    pub(crate) group_by: Option<GroupBy>,
    /// `distinct()`.
    pub(crate) distinct: bool,
    /// `select_for_update()`.
    pub(crate) for_update: Option<ForUpdate>,
    /// `union(...)` and friends: the other queries, each with `all=`.
    pub(crate) combined: Vec<(Combinator, bool, QueryData)>,
}

impl QueryData {
    pub(crate) fn is_sliced(&self) -> bool {
        self.low > 0 || self.high.is_some()
    }

    /// Whether a plain `SELECT COUNT(*)`/aggregate over the table would be
    /// wrong, so it must wrap the query as a subquery (Django's `get_aggregation`).
    pub(crate) fn needs_subquery(&self) -> bool {
        self.is_sliced() || self.distinct || self.group_by.is_some() || !self.combined.is_empty()
    }
}

/// What a SELECT returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Select {
    /// Every field of the model, in `meta.fields` order, then selected annotations.
    Model,
    /// The `values()` names.
    Values,
    /// Only the primary key.
    Pk,
    /// `1` (for `exists()`).
    One,
}

/// A result column: its name (`values()` key) and how to decode it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) kind: Option<FieldKind>,
    /// Take the square root of the value (SQLite's StdDev, computed as a variance).
    pub(crate) sqrt: bool,
}

/// Apply the columns' decoding fix-ups to a fetched row.
pub(crate) fn finish_row(columns: &[Column], row: &mut [Value]) {
    for (c, v) in columns.iter().zip(row.iter_mut()) {
        if c.sqrt {
            *v = match v {
                Value::Float(f) => Value::Float(f.max(0.0).sqrt()),
                Value::Int(i) => Value::Float((*i as f64).max(0.0).sqrt()),
                _ => std::mem::replace(v, Value::Null),
            };
        }
    }
}

/// A compiled SELECT and its columns.
pub(crate) struct Compiled {
    pub(crate) stmt: SelectStatement,
    pub(crate) columns: Vec<Column>,
}

/// The attribute name `values()` uses for a field (`question_id` for a key).
fn attname(field: &crate::models::FieldMeta) -> String {
    if field.related.is_some() {
        format!("{}_id", field.name)
    } else {
        field.name.clone()
    }
}

fn apply_joins(stmt: &mut SelectStatement, resolver: &Resolver) {
    for j in &resolver.scope.joins {
        let kind = if j.left {
            JoinType::LeftJoin
        } else {
            JoinType::InnerJoin
        };
        let on = Expr::col((j.lhs_alias.clone(), j.lhs_column.clone())).equals((j.alias.clone(), j.rhs_column.clone()));
        if j.alias == j.table {
            stmt.join(kind, j.table.clone(), on);
        } else {
            stmt.join_as(kind, j.table.clone(), j.alias.clone(), on);
        }
    }
}

fn apply_slice(stmt: &mut SelectStatement, data: &QueryData) {
    match data.high {
        Some(high) => {
            stmt.limit(high.saturating_sub(data.low));
        }
        None if data.low > 0 => {
            // SQLite needs a LIMIT before OFFSET (Django uses -1 there).
            stmt.limit(i64::MAX as u64);
        }
        None => {}
    }
    if data.low > 0 {
        stmt.offset(data.low);
    }
}

/// Whether condition `q` belongs in HAVING: it uses an aggregate or an
/// aggregate annotation (Django's `WhereNode.split_having_qualify`).
fn is_having(q: &Q, data: &QueryData) -> bool {
    if q.contains_aggregate() {
        return true;
    }
    let mut refs = Vec::new();
    q.refs(&mut refs);
    refs.iter().any(|r| {
        data.annotations
            .iter()
            .any(|a| &a.name == r && a.expr.contains_aggregate())
    })
}

/// The `order_by` entries in effect, flipped by `reverse()`.
pub(crate) fn ordering(meta: &ModelMeta, data: &QueryData) -> Vec<String> {
    let ordering = match &data.order_by {
        Some(o) => o.clone(),
        // Meta.ordering is not used in GROUP BY queries (Django 3.1+).
        None if data.group_by.is_some() => Vec::new(),
        None => meta.ordering.clone(),
    };
    if !data.reversed {
        return ordering;
    }
    ordering
        .into_iter()
        .map(|o| match o.strip_prefix('-') {
            Some(rest) => rest.to_owned(),
            None if o == "?" => o,
            None => format!("-{}", o.trim_start_matches('+')),
        })
        .collect()
}

/// `SELECT ... FROM table [JOIN ...] WHERE ... ORDER BY ... LIMIT/OFFSET`.
pub(crate) fn select(
    vendor: Vendor,
    meta: &'static ModelMeta,
    data: &QueryData,
    what: Select,
    with_ordering: bool,
) -> Result<Compiled> {
    let mut resolver = Resolver::new(vendor, meta, true);
    if with_ordering {
        compile_select(&mut resolver, meta, data, what)
    } else {
        let mut data = data.clone();
        data.order_by = Some(Vec::new());
        compile_select(&mut resolver, meta, &data, what)
    }
}

/// Compile `data` in the resolver's current scope (top level or subquery).
pub(crate) fn compile_select(
    resolver: &mut Resolver,
    meta: &'static ModelMeta,
    data: &QueryData,
    what: Select,
) -> Result<Compiled> {
    let mut compiled = compile_one(resolver, meta, data, what, data.combined.is_empty())?;
    if data.combined.is_empty() {
        return Ok(compiled);
    }
    for (combinator, all, other) in &data.combined {
        let mut inner = Resolver::new(resolver.vendor, meta, true);
        let part = compile_one(&mut inner, meta, other, what, false)?;
        if part.columns.len() != compiled.columns.len() {
            return Err(Error::field(
                model_name(meta),
                "Combined queries must select the same number of columns",
            ));
        }
        let kind = match (combinator, all) {
            (Combinator::Union, true) => UnionType::All,
            (Combinator::Union, false) => UnionType::Distinct,
            (Combinator::Intersection, _) => UnionType::Intersect,
            (Combinator::Difference, _) => UnionType::Except,
        };
        compiled.stmt.union(kind, part.stmt);
    }
    // The combined result is ordered by its column names (Django orders by position).
    for spec in ordering(meta, data) {
        let (name, order) = match spec.strip_prefix('-') {
            Some(rest) => (rest, Order::Desc),
            None => (spec.as_str(), Order::Asc),
        };
        let column = match meta.get_field(name) {
            Some(f) if what == Select::Model => f.column.clone(),
            _ => name.to_owned(),
        };
        compiled.stmt.order_by(column, order);
    }
    apply_slice(&mut compiled.stmt, data);
    Ok(compiled)
}

/// The select list being built.
struct Selected<'a> {
    stmt: &'a mut SelectStatement,
    columns: &'a mut Vec<Column>,
    group_extra: &'a mut Vec<Expr>,
}

impl Selected<'_> {
    fn annotation(&mut self, resolver: &mut Resolver, a: &Annotation) -> Result<()> {
        let kind = resolver.output_kind(&a.expr)?;
        let (expr, sqrt) = resolver.column_expression(&a.expr)?;
        if !a.expr.contains_aggregate() {
            self.group_extra.push(expr.clone());
        }
        self.stmt.expr_as(expr, a.name.clone());
        self.columns.push(Column {
            name: a.name.clone(),
            kind,
            sqrt,
        });
        Ok(())
    }
}

fn compile_one(
    resolver: &mut Resolver,
    meta: &'static ModelMeta,
    data: &QueryData,
    what: Select,
    order_and_slice: bool,
) -> Result<Compiled> {
    resolver.scope.annotations = data
        .annotations
        .iter()
        .map(|a| (a.name.clone(), a.expr.clone()))
        .collect();
    let root = resolver.scope.root_alias.clone();
    let mut stmt = Query::select();
    if root == meta.db_table {
        stmt.from(meta.db_table.clone());
    } else {
        stmt.from_as(meta.db_table.clone(), root.clone());
    }
    let mut columns = Vec::new();
    let mut group_extra = Vec::new();
    let selected_annotations = |names: Option<&[String]>| -> Vec<&super::compiler::Annotation> {
        data.annotations
            .iter()
            .filter(|a| a.select && names.is_none_or(|n| n.is_empty() || n.contains(&a.name)))
            .collect()
    };
    let promote = std::mem::replace(&mut resolver.promote, true);
    let mut out = Selected {
        stmt: &mut stmt,
        columns: &mut columns,
        group_extra: &mut group_extra,
    };
    let result = (|| -> Result<()> {
        let stmt = &mut *out.stmt;
        match what {
            Select::Model => {
                for f in &meta.fields {
                    stmt.column((root.clone(), f.column.clone()));
                    out.columns.push(Column {
                        name: f.name.clone(),
                        kind: Some(f.kind),
                        sqrt: false,
                    });
                }
                for a in selected_annotations(None) {
                    out.annotation(resolver, a)?;
                }
            }
            Select::Values => {
                let names = data.values.clone().unwrap_or_default();
                if names.is_empty() {
                    for f in &meta.fields {
                        out.stmt.column((root.clone(), f.column.clone()));
                        out.columns.push(Column {
                            name: attname(f),
                            kind: Some(f.kind),
                            sqrt: false,
                        });
                    }
                    for a in selected_annotations(None) {
                        out.annotation(resolver, a)?;
                    }
                }
                for name in &names {
                    if let Some(a) = data.annotations.iter().find(|a| &a.name == name) {
                        out.annotation(resolver, a)?;
                        continue;
                    }
                    let r = resolver.resolve(name, false, false)?;
                    // Aliased so an enclosing aggregate can read it by name.
                    out.stmt.expr_as(r.expr, name.clone());
                    out.columns.push(Column {
                        name: name.clone(),
                        kind: r.kind,
                        sqrt: false,
                    });
                }
            }
            Select::Pk => {
                out.stmt.column((root.clone(), meta.pk().column.clone()));
                out.columns.push(Column {
                    name: "pk".to_owned(),
                    kind: Some(FieldKind::BigIntegerField),
                    sqrt: false,
                });
            }
            Select::One => {
                out.stmt.expr_as(Expr::cust("1"), "a".to_owned());
            }
        }
        Ok(())
    })();
    resolver.promote = promote;
    result?;

    let mut where_ = Condition::all();
    let mut having = Condition::all();
    let (mut has_where, mut has_having) = (false, false);
    for q in &data.where_ {
        let cond = resolver.condition(q)?;
        if is_having(q, data) {
            having = having.add(cond);
            has_having = true;
        } else {
            where_ = where_.add(cond);
            has_where = true;
        }
    }
    if has_where {
        stmt.cond_where(where_);
    }

    let mut order_exprs = Vec::new();
    if order_and_slice {
        for spec in ordering(meta, data) {
            let (expr, order) = resolver.ordering(&spec)?;
            let name = spec.trim_start_matches('-');
            let aggregate = spec == "?"
                || data
                    .annotations
                    .iter()
                    .any(|a| a.name == name && a.expr.contains_aggregate());
            if !aggregate {
                order_exprs.push(expr.clone());
            }
            stmt.order_by_expr(expr, order);
        }
    }

    if let Some(group_by) = &data.group_by {
        let mut exprs: Vec<Expr> = Vec::new();
        match group_by {
            GroupBy::Model => {
                for f in &meta.fields {
                    exprs.push(Expr::col((root.clone(), f.column.clone())));
                }
            }
            GroupBy::Values(names) => {
                for name in names {
                    match data.annotations.iter().find(|a| &a.name == name) {
                        Some(a) if a.expr.contains_aggregate() => {}
                        Some(a) => exprs.push(resolver.expression(&a.expr)?),
                        None => exprs.push(resolver.field_expr(name)?),
                    }
                }
            }
        }
        for e in group_extra.into_iter().chain(order_exprs) {
            if !exprs.contains(&e) {
                exprs.push(e);
            }
        }
        stmt.add_group_by(exprs);
    }
    if has_having {
        stmt.cond_having(having);
    }
    if data.distinct {
        stmt.distinct();
    }
    if let Some(lock) = data.for_update {
        match (lock.nowait, lock.skip_locked) {
            (true, _) => stmt.lock_with_behavior(LockType::Update, LockBehavior::Nowait),
            (_, true) => stmt.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked),
            _ => stmt.lock(LockType::Update),
        };
    }
    apply_joins(&mut stmt, resolver);
    if order_and_slice {
        apply_slice(&mut stmt, data);
    }
    Ok(Compiled { stmt, columns })
}

/// `SELECT COUNT(*)`, over a subquery when sliced, distinct, grouped or
/// combined (as Django does).
pub(crate) fn count(vendor: Vendor, meta: &'static ModelMeta, data: &QueryData) -> Result<SelectStatement> {
    if data.needs_subquery() {
        let what = if data.values.is_some() && (data.distinct || !data.combined.is_empty()) {
            Select::Values
        } else if data.combined.is_empty() && !data.distinct {
            Select::Pk
        } else {
            Select::Model
        };
        let inner = select(vendor, meta, data, what, data.is_sliced())?;
        let mut stmt = Query::select();
        stmt.expr(Expr::cust("COUNT(*)"))
            .from_subquery(inner.stmt, "subquery".to_owned());
        return Ok(stmt);
    }
    let mut data = data.clone();
    data.order_by = Some(Vec::new());
    let mut compiled = select(vendor, meta, &data, Select::One, false)?;
    compiled.stmt.clear_selects();
    compiled.stmt.expr(Expr::cust("COUNT(*)"));
    Ok(compiled.stmt)
}

/// `SELECT agg(...) AS name, ...` for `aggregate()`: over the table, or
/// over the query as a subquery when it is sliced, distinct or grouped.
pub(crate) fn aggregate(
    vendor: Vendor,
    meta: &'static ModelMeta,
    data: &QueryData,
    aggregates: &[(String, Expression)],
) -> Result<Compiled> {
    for (name, e) in aggregates {
        if !e.contains_aggregate() {
            return Err(Error::field(
                model_name(meta),
                format!("{name} is not an aggregate expression"),
            ));
        }
    }
    let mut resolver = Resolver::new(vendor, meta, true);
    let mut from_subquery = None;
    if data.needs_subquery() {
        let mut refs = Vec::new();
        for (_, e) in aggregates {
            e.refs(&mut refs);
        }
        refs.sort();
        refs.dedup();
        let mut inner_data = data.clone();
        inner_data.values = Some(refs.clone());
        if !data.is_sliced() {
            inner_data.order_by = Some(Vec::new());
        }
        let inner = select(vendor, meta, &inner_data, Select::Values, data.is_sliced())?;
        resolver.scope.subquery_columns = Some(inner.columns.iter().map(|c| (c.name.clone(), c.kind)).collect());
        from_subquery = Some(inner.stmt);
    } else {
        resolver.scope.annotations = data
            .annotations
            .iter()
            .map(|a| (a.name.clone(), a.expr.clone()))
            .collect();
    }
    let mut selects = Vec::new();
    let mut columns = Vec::new();
    for (name, e) in aggregates {
        let kind = resolver.output_kind(e)?;
        let (expr, sqrt) = resolver.column_expression(e)?;
        selects.push((expr, name.clone()));
        columns.push(Column {
            name: name.clone(),
            kind,
            sqrt,
        });
    }
    let mut stmt = match from_subquery {
        Some(inner) => {
            let mut stmt = Query::select();
            stmt.from_subquery(inner, "subquery".to_owned());
            stmt
        }
        None => {
            // The filters' joins and the aggregates' joins (e.g. `Count("choice")`) together.
            let mut plain = data.clone();
            plain.order_by = Some(Vec::new());
            let mut stmt = compile_select(&mut resolver, meta, &plain, Select::One)?.stmt;
            stmt.clear_selects();
            stmt
        }
    };
    for (expr, name) in selects {
        stmt.expr_as(expr, name);
    }
    Ok(Compiled { stmt, columns })
}
/// The condition selecting this QuerySet's rows in an UPDATE/DELETE on the
/// bare table: the conditions themselves, or `pk IN (SELECT ...)` when they
/// need joins or a slice.
fn rows_condition(vendor: Vendor, meta: &'static ModelMeta, data: &QueryData) -> Result<Condition> {
    let mut resolver = Resolver::new(vendor, meta, false);
    resolver.scope.annotations = data
        .annotations
        .iter()
        .map(|a| (a.name.clone(), a.expr.clone()))
        .collect();
    let mut cond = Condition::all();
    for q in &data.where_ {
        cond = cond.add(resolver.condition(q)?);
    }
    if resolver.scope.joins.is_empty() && !data.needs_subquery() {
        return Ok(cond);
    }
    let inner = select(vendor, meta, data, Select::Pk, data.is_sliced())?;
    Ok(Condition::all().add(Expr::col(meta.pk().column.clone()).in_subquery(inner.stmt)))
}

/// `UPDATE table SET col = expr, ... WHERE ...`.
pub(crate) fn update(
    vendor: Vendor,
    meta: &'static ModelMeta,
    data: &QueryData,
    assignments: &[Assignment],
) -> Result<UpdateStatement> {
    if assignments.is_empty() {
        return Err(Error::field(
            meta.object_name.as_str(),
            "update() needs at least one field",
        ));
    }
    let mut resolver = Resolver::new(vendor, meta, false);
    let mut stmt = Query::update();
    stmt.table(meta.db_table.clone());
    for a in assignments {
        let Some(field) = meta.get_field(&a.field) else {
            return Err(Error::field(
                meta.object_name.as_str(),
                format!(
                    "Cannot resolve keyword '{}' into field. Choices are: {}",
                    a.field,
                    super::query::field_choices(meta, &[])
                ),
            ));
        };
        let value = resolver.expression(&a.value)?;
        stmt.value(field.column.clone(), value);
    }
    if !resolver.scope.joins.is_empty() {
        return Err(Error::field(
            meta.object_name.as_str(),
            "Joined field references are not permitted in this query",
        ));
    }
    stmt.cond_where(rows_condition(vendor, meta, data)?);
    Ok(stmt)
}

/// `UPDATE table SET col = value, ... WHERE pk = ?` for `save()`.
pub(crate) fn update_instance(meta: &'static ModelMeta, vendor: Vendor, values: &[Value]) -> UpdateStatement {
    let mut stmt = Query::update();
    stmt.table(meta.db_table.clone());
    let mut pk = Value::Null;
    for (f, v) in meta.fields.iter().zip(values) {
        if f.primary_key {
            pk = v.clone();
        } else {
            stmt.value(f.column.clone(), Expr::val(vendor.adapt_value(v)));
        }
    }
    stmt.and_where(Expr::col(meta.pk().column.clone()).eq(Expr::val(vendor.adapt_value(&pk))));
    stmt
}

/// `INSERT INTO table (...) VALUES (...) RETURNING pk` for `save()`; the
/// primary key is left out when it is 0 (unsaved).
pub(crate) fn insert(meta: &'static ModelMeta, vendor: Vendor, values: &[Value]) -> Result<sea_query::InsertStatement> {
    let mut stmt = Query::insert();
    stmt.into_table(meta.db_table.clone());
    let mut cols = Vec::new();
    let mut vals = Vec::new();
    for (f, v) in meta.fields.iter().zip(values) {
        if f.primary_key && matches!(v, Value::Int(0)) {
            continue;
        }
        cols.push(f.column.clone());
        vals.push(Expr::val(vendor.adapt_value(v)));
    }
    stmt.columns(cols);
    stmt.values(vals)
        .map_err(|e| Error::field(meta.object_name.as_str(), e.to_string()))?;
    stmt.returning_col(meta.pk().column.clone());
    Ok(stmt)
}

/// `DELETE FROM table WHERE pk IN (...)`.
pub(crate) fn delete_pks(meta: &'static ModelMeta, vendor: Vendor, pks: &[i64]) -> sea_query::DeleteStatement {
    let mut stmt = Query::delete();
    stmt.from_table(meta.db_table.clone());
    stmt.and_where(
        Expr::col(meta.pk().column.clone()).is_in(pks.iter().map(|p| Expr::val(vendor.adapt_value(&Value::Int(*p))))),
    );
    stmt
}

/// `SELECT pk FROM table WHERE column IN (...)` (the deletion collector).
pub(crate) fn pks_where_in(meta: &'static ModelMeta, column: &str, ids: &[i64]) -> SelectStatement {
    let mut stmt = Query::select();
    stmt.column(meta.pk().column.clone()).from(meta.db_table.clone());
    stmt.and_where(Expr::col(column.to_owned()).is_in(ids.iter().copied()));
    stmt.order_by(meta.pk().column.clone(), Order::Asc);
    stmt
}
