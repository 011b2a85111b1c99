//! Resolving names (Django's `sql.query.Query.names_to_path`/`setup_joins`):
//! lookup paths (`choice__question__pub_date__year__gte`), `F()`
//! references and `order_by` entries, forward and reverse, with the joins
//! they need. Expressions compile in `sql::expressions`, lookups in
//! `sql::where_`.

use sea_query::{Expr, Order};

use crate::backends::Vendor;
use crate::models::expressions::Expression;
use crate::models::fields::FieldMeta;
use crate::models::fields::reverse_related;
use crate::models::functions::DatePart;
use crate::models::lookups::LOOKUPS;
use crate::models::{FieldKind, ModelMeta};
use crate::{Error, Result};

/// A join to a related table.
#[derive(Debug, Clone)]
pub(crate) struct Join {
    /// The relation path, e.g. `question` or `question__author`.
    pub(crate) path: String,
    pub(crate) table: String,
    pub(crate) alias: String,
    pub(crate) lhs_alias: String,
    pub(crate) lhs_column: String,
    pub(crate) rhs_column: String,
    /// LEFT OUTER JOIN (a nullable or reverse relation outside a filter).
    pub(crate) left: bool,
}

/// One query level: its model, alias, joins and annotations.
#[derive(Debug)]
pub(crate) struct Scope {
    pub(crate) root: &'static ModelMeta,
    pub(crate) root_alias: String,
    pub(crate) joins: Vec<Join>,
    /// Annotations visible by name (`F("n")`, `filter(n__gt=1)`, `order_by("n")`).
    pub(crate) annotations: Vec<(String, Expression)>,
    /// Alias prefix of a subquery (`U` as Django relabels them), `None` at the top.
    prefix: Option<char>,
    /// When compiling over `FROM (...) subquery`: names read as `subquery.name`, with their kinds.
    pub(crate) subquery_columns: Option<Vec<(String, Option<FieldKind>)>>,
}

impl Scope {
    pub(crate) fn new(root: &'static ModelMeta, prefix: Option<char>) -> Self {
        Scope {
            root,
            root_alias: prefix.map_or_else(|| root.db_table.clone(), |p| format!("{p}0")),
            joins: Vec::new(),
            annotations: Vec::new(),
            prefix,
            subquery_columns: None,
        }
    }
}

/// Resolves names against a root model, collecting joins.
pub(crate) struct Resolver {
    pub(crate) vendor: Vendor,
    /// Qualify columns with their table (false for single-table UPDATE/DELETE).
    pub(crate) qualify: bool,
    pub(crate) scope: Scope,
    /// Enclosing queries, innermost last (for `OuterRef`).
    pub(crate) outer: Vec<Scope>,
    /// New joins are LEFT OUTER (annotations, values, ordering).
    pub(crate) promote: bool,
    /// Compiling a whole result column (where SQLite's StdDev may defer its square root).
    pub(crate) sqrt_column: bool,
    /// Set when the column just compiled needs its square root taken on decoding.
    pub(crate) sqrt_pending: bool,
}

/// What a path resolved to: a column (with its field) or an annotation,
/// then the transforms and lookup that follow.
pub(crate) struct Resolved {
    pub(crate) expr: Expr,
    pub(crate) kind: Option<FieldKind>,
    pub(crate) field: Option<&'static FieldMeta>,
    pub(crate) model: &'static ModelMeta,
    /// Date transforms applied in order (`pub_date__year`).
    pub(crate) transforms: Vec<DatePart>,
    /// The lookup (`exact` when none was written).
    pub(crate) lookup: String,
}

/// The reverse relations of `meta`: (query name, model, field) — Django's
/// `related_query_name` (`related_name`, else the model name).
pub(crate) fn reverse_relations(meta: &ModelMeta) -> Vec<(String, &'static ModelMeta, &'static FieldMeta)> {
    crate::apps::related_objects(meta)
        .into_iter()
        .filter_map(|(model, field)| {
            field.related.as_ref()?;
            let name = reverse_related::fk_reverse_query_name(model, field)?;
            Some((name, model, field))
        })
        .collect()
}

/// Field names plus reverse relation names, sorted (Django's FieldError choices).
pub(crate) fn field_choices(meta: &ModelMeta, annotations: &[(String, Expression)]) -> String {
    let mut names: Vec<String> = meta.fields.iter().map(|f| f.name.clone()).collect();
    names.extend(meta.many_to_many.iter().map(|m| m.name.clone()));
    names.extend(reverse_related::reverse_query_names(meta));
    names.extend(annotations.iter().map(|(n, _)| n.clone()));
    names.sort_unstable();
    names.dedup();
    names.join(", ")
}

/// The model's name as `&'static str` for error values (metadata is static).
pub(crate) fn model_name(meta: &'static ModelMeta) -> &'static str {
    meta.object_name.as_str()
}

fn is_transform(name: &str) -> bool {
    DatePart::from_name(name).is_some()
}

impl Resolver {
    pub(crate) fn new(vendor: Vendor, root: &'static ModelMeta, qualify: bool) -> Self {
        Resolver {
            vendor,
            qualify,
            scope: Scope::new(root, None),
            outer: Vec::new(),
            promote: false,
            sqrt_column: false,
            sqrt_pending: false,
        }
    }

    /// Compile `e` as a whole result column: the SQL and whether its value
    /// needs a square root when decoded (SQLite's StdDev).
    pub(crate) fn column_expression(&mut self, e: &Expression) -> Result<(Expr, bool)> {
        self.sqrt_column = self.outer.is_empty() && matches!(e, Expression::Aggregate(_));
        self.sqrt_pending = false;
        let expr = self.expression(e);
        self.sqrt_column = false;
        Ok((expr?, std::mem::take(&mut self.sqrt_pending)))
    }

    /// Enter a subquery over `meta`; `leave_subquery` returns to the outer scope.
    pub(crate) fn enter_subquery(&mut self, meta: &'static ModelMeta) {
        let prefix = match self.outer.len() {
            0 => 'U',
            1 => 'V',
            2 => 'W',
            _ => 'X',
        };
        let inner = Scope::new(meta, Some(prefix));
        let outer = std::mem::replace(&mut self.scope, inner);
        self.outer.push(outer);
    }

    /// Leave the subquery entered last, returning its scope.
    pub(crate) fn leave_subquery(&mut self) -> Scope {
        match self.outer.pop() {
            Some(outer) => std::mem::replace(&mut self.scope, outer),
            None => {
                let root = self.scope.root;
                std::mem::replace(&mut self.scope, Scope::new(root, None))
            }
        }
    }

    pub(crate) fn column(&self, alias: &str, column: &str) -> Expr {
        if self.qualify {
            Expr::col((alias.to_owned(), column.to_owned()))
        } else {
            Expr::col(column.to_owned())
        }
    }

    fn join_alias(&mut self, path: &str, table: &str, left: bool) -> (String, bool) {
        if let Some(j) = self.scope.joins.iter_mut().find(|j| j.path == path) {
            if left {
                j.left = true;
            }
            return (j.alias.clone(), true);
        }
        let scope = &self.scope;
        let alias = match scope.prefix {
            Some(p) => format!("{p}{}", scope.joins.len() + 1),
            None if table == scope.root_alias || scope.joins.iter().any(|j| j.alias == table) => {
                format!("T{}", scope.joins.len() + 2)
            }
            None => table.to_owned(),
        };
        (alias, false)
    }

    fn add_join(&mut self, join: Join) {
        self.scope.joins.push(join);
    }

    /// Walk `a__b__transform__lookup` through relations (Django's `names_to_path`).
    pub(crate) fn resolve(&mut self, path: &str, allow_lookups: bool, in_filter: bool) -> Result<Resolved> {
        let parts: Vec<&str> = path.split("__").collect();
        if let Some(columns) = &self.scope.subquery_columns
            && let Some((name, kind)) = columns
                .iter()
                .find(|(c, _)| path == c.as_str() || path.starts_with(&format!("{c}__")))
        {
            let rest: Vec<&str> = path[name.len()..].split("__").filter(|s| !s.is_empty()).collect();
            let expr = Expr::col(("subquery".to_owned(), name.clone()));
            return self.finish_expr(expr, *kind, None, self.scope.root, &rest, path, allow_lookups);
        }
        if let Some((_, expr)) = self.scope.annotations.iter().find(|(n, _)| n == parts[0]) {
            let expr = expr.clone();
            let kind = self.output_kind(&expr)?;
            let sql = self.expression(&expr)?;
            return self.finish_expr(sql, kind, None, self.scope.root, &parts[1..], path, allow_lookups);
        }
        let mut model = self.scope.root;
        let mut alias = self.scope.root_alias.clone();
        let mut i = 0;
        loop {
            let name = parts[i];
            let rest = &parts[i + 1..];
            if let Some(field) = model.get_field(name) {
                if let (Some(rel), Some(next)) = (&field.related, rest.first()) {
                    let target = rel.target();
                    if !LOOKUPS.contains(next) && !is_transform(next) {
                        if let Some(target_field) = target.get_field(next)
                            && target_field.primary_key
                            && rest[1..].iter().all(|p| LOOKUPS.contains(p) || is_transform(p))
                        {
                            // `question__id=1` is `question_id = 1`: no join (Django trims it).
                            let expr = self.column(&alias, &field.column);
                            return self.finish_expr(
                                expr,
                                Some(field.kind),
                                Some(field),
                                model,
                                &rest[1..],
                                path,
                                allow_lookups,
                            );
                        }
                        let join_path = parts[..=i].join("__");
                        let left = field.null && (!in_filter || self.promote);
                        let (new_alias, existed) = self.join_alias(&join_path, &target.db_table, left);
                        if !existed {
                            self.add_join(Join {
                                path: join_path,
                                table: target.db_table.clone(),
                                alias: new_alias.clone(),
                                lhs_alias: alias.clone(),
                                lhs_column: field.column.clone(),
                                rhs_column: target.pk().column.clone(),
                                left,
                            });
                        }
                        alias = new_alias;
                        model = target;
                        i += 1;
                        continue;
                    }
                }
                let expr = self.column(&alias, &field.column);
                return self.finish_expr(expr, Some(field.kind), Some(field), model, rest, path, allow_lookups);
            }
            if let Some(steps) = reverse_related::many_to_many_steps(model, name) {
                // A many-to-many field, from either side: join the
                // intermediary table, then the other model.
                let steps = steps?;
                let join_path = parts[..=i].join("__");
                let left = !in_filter || self.promote;
                for (n, step) in steps.iter().enumerate() {
                    let step_path = format!("{join_path}#{n}");
                    let (new_alias, existed) = self.join_alias(&step_path, &step.meta.db_table, left);
                    if !existed {
                        self.add_join(Join {
                            path: step_path,
                            table: step.meta.db_table.clone(),
                            alias: new_alias.clone(),
                            lhs_alias: alias.clone(),
                            lhs_column: step.lhs_column.clone(),
                            rhs_column: step.rhs_column.clone(),
                            left,
                        });
                    }
                    alias = new_alias;
                    model = step.meta;
                }
                if rest.first().is_none_or(|n| LOOKUPS.contains(n)) {
                    // `groups=1`, `groups__in=[...]`: the related primary key.
                    let pk = model.pk();
                    let expr = self.column(&alias, &pk.column);
                    return self.finish_expr(expr, Some(pk.kind), Some(pk), model, rest, path, allow_lookups);
                }
                i += 1;
                continue;
            }
            if let Some((_, related, field)) = reverse_relations(model).into_iter().find(|(n, _, _)| n == name) {
                let join_path = parts[..=i].join("__");
                let left = !in_filter || self.promote;
                let (new_alias, existed) = self.join_alias(&join_path, &related.db_table, left);
                if !existed {
                    self.add_join(Join {
                        path: join_path,
                        table: related.db_table.clone(),
                        alias: new_alias.clone(),
                        lhs_alias: alias.clone(),
                        lhs_column: model.pk().column.clone(),
                        rhs_column: field.column.clone(),
                        left,
                    });
                }
                alias = new_alias;
                model = related;
                let next = rest.first();
                if next.is_none_or(|n| LOOKUPS.contains(n)) {
                    // `Count("choice")`, `filter(choice=3)`: the related primary key.
                    let pk = model.pk();
                    let expr = self.column(&alias, &pk.column);
                    return self.finish_expr(expr, Some(pk.kind), Some(pk), model, rest, path, allow_lookups);
                }
                i += 1;
                continue;
            }
            let annotations = if i == 0 { &self.scope.annotations[..] } else { &[] };
            return Err(Error::field(
                model_name(model),
                format!(
                    "Cannot resolve keyword '{name}' into field. Choices are: {}",
                    field_choices(model, annotations)
                ),
            ));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_expr(
        &self,
        expr: Expr,
        kind: Option<FieldKind>,
        field: Option<&'static FieldMeta>,
        model: &'static ModelMeta,
        rest: &[&str],
        path: &str,
        allow_lookups: bool,
    ) -> Result<Resolved> {
        let field_name = field.map_or_else(
            || path.split("__").next().unwrap_or(path).to_owned(),
            |f| f.name.clone(),
        );
        let class = kind.map_or("Expression", |k| k.class_name());
        if !allow_lookups && !rest.is_empty() {
            return Err(Error::field(
                model_name(model),
                format!(
                    "Cannot resolve keyword '{}' into field. Join on '{field_name}' not permitted.",
                    rest[0]
                ),
            ));
        }
        let mut transforms = Vec::new();
        let mut lookup = None;
        for (i, part) in rest.iter().enumerate() {
            let is_date = matches!(
                kind.map(|k| k.internal()),
                Some(FieldKind::DateTimeField | FieldKind::DateField) | None
            );
            match DatePart::from_name(part) {
                Some(p) if is_date && transforms.is_empty() && lookup.is_none() => {
                    transforms.push(p);
                    continue;
                }
                _ => {}
            }
            if LOOKUPS.contains(part) && i == rest.len() - 1 {
                lookup = Some((*part).to_owned());
                continue;
            }
            return Err(Error::field(
                model_name(model),
                format!(
                    "Unsupported lookup '{part}' for {class} or join on the field not permitted \
                     ({}.{field_name} in '{path}').",
                    model.object_name
                ),
            ));
        }
        Ok(Resolved {
            expr,
            kind,
            field,
            model,
            transforms,
            lookup: lookup.unwrap_or_else(|| "exact".to_owned()),
        })
    }

    /// The column expression of a field path without lookups (`F("votes")`).
    pub(crate) fn field_expr(&mut self, path: &str) -> Result<Expr> {
        Ok(self.resolve(path, false, false)?.expr)
    }

    /// One `order_by` entry: `"-pub_date"`, `"question__pub_date"`, `"?"`, an annotation.
    pub(crate) fn ordering(&mut self, spec: &str) -> Result<(Expr, Order)> {
        if spec == "?" {
            return Ok((Expr::cust(self.vendor.random_function_sql()), Order::Asc));
        }
        let (name, order) = match spec.strip_prefix('-') {
            Some(rest) => (rest, Order::Desc),
            None => (spec.strip_prefix('+').unwrap_or(spec), Order::Asc),
        };
        let promote = std::mem::replace(&mut self.promote, true);
        let expr = self.field_expr(name);
        self.promote = promote;
        Ok((expr?, order))
    }
}
