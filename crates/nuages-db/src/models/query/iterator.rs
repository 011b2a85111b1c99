//! `iterator()`: rows streamed from the database.
