//! `get_or_create`, `update_or_create`, `bulk_create`, `bulk_update`.
