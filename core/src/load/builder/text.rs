//! A text column of the transactions frame, built in pieces: the parts of a sheet read in
//! parallel each build their own, and the pieces are joined in order.

use crate::load::error::LoadError;
use polars::prelude::*;

pub(super) struct TextColumn {
    name: PlSmallStr,
    building: StringChunkedBuilder,
    /// The pieces joined so far, before `building`.
    done: Option<StringChunked>,
}

impl TextColumn {
    pub(super) fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            building: StringChunkedBuilder::new(name.into(), 1024),
            done: None,
        }
    }

    pub(super) fn append_value(&mut self, text: &str) {
        self.building.append_value(text);
    }

    pub(super) fn append_option(&mut self, text: Option<&str>) {
        self.building.append_option(text);
    }

    /// Appends the column built from later rows.
    pub(super) fn append(&mut self, other: TextColumn) -> Result<(), LoadError> {
        let fresh = StringChunkedBuilder::new(self.name.clone(), 1024);
        let mine = std::mem::replace(&mut self.building, fresh);
        let mut joined = join(self.done.take(), mine.finish())?;
        joined.append_owned(other.finish()?).map_err(corrupt)?;
        self.done = Some(joined);
        Ok(())
    }

    /// The whole column, in one chunk.
    pub(super) fn finish(self) -> Result<StringChunked, LoadError> {
        let mut whole = join(self.done, self.building.finish())?;
        whole.rechunk_mut();
        Ok(whole)
    }
}

fn join(done: Option<StringChunked>, last: StringChunked) -> Result<StringChunked, LoadError> {
    match done {
        None => Ok(last),
        Some(mut done) => {
            done.append_owned(last).map_err(corrupt)?;
            Ok(done)
        }
    }
}

fn corrupt(e: PolarsError) -> LoadError {
    LoadError::Corrupt {
        detail: e.to_string(),
    }
}
