//! A Spark Connect session that runs Segwork's plans.

use crate::address::reachable;
use crate::batches::{doubles, flags, integers, rows, texts};
use crate::EngineError;
use arrow::record_batch::RecordBatch;
use ndarray::Array2;
use segwork_core::clean::CleanStepId;
use segwork_core::columns::Feature;
use segwork_core::features::{id_order, CustomerFeatures};
use segwork_core::sql::{self, lines, CleanCount, InputProfile, ModelSpec, SqlParams};
use segwork_core::Valid;
use spark_connect::{SparkSession, SparkSessionBuilder};

/// A session on a Spark Connect server (Apache Spark, Sail, …).
pub struct Engine {
    session: SparkSession,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("session", &self.session.session_id())
            .finish()
    }
}

/// What a features run brings back.
#[derive(Debug, Clone)]
pub struct EngineRun {
    pub profile: InputProfile,
    /// One per step of the cleaning chain, in order.
    pub counts: Vec<CleanCount>,
    /// Customers after cleaning.
    pub customers: usize,
    pub features: CustomerFeatures,
}

/// One customer as a fitted model assigns them on the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub customer: String,
    pub outlier: bool,
    /// 1, 2, …; `None` for an outlier.
    pub segment: Option<u32>,
}

impl Engine {
    /// Connects to `url` (`sc://HOST:PORT`) and sets the session's time zone the plans
    /// expect.
    pub fn connect(url: &str) -> Result<Engine, EngineError> {
        let fail = |e: spark_connect::SparkError| EngineError::Connect {
            url: url.to_owned(),
            message: e.message(),
        };
        reachable(url)?;
        let session = SparkSessionBuilder::new()
            .remote(url)
            .get_or_create()
            .map_err(fail)?;
        session
            .conf()
            .set("spark.sql.session.timeZone", sql::SESSION_TIME_ZONE)
            .map_err(fail)?;
        Ok(Engine { session })
    }

    /// The server's Spark version.
    pub fn version(&self) -> Result<String, EngineError> {
        self.session
            .version()
            .map_err(EngineError::query("asking the version"))
    }

    /// Registers the Parquet at `path` (a file, a directory or a glob the engine can read)
    /// as the view `name`, and returns its column names.
    pub fn register(&self, name: &str, path: &str) -> Result<Vec<String>, EngineError> {
        let stage = format!("reading {path}");
        let df = self.session.read().parquet(path);
        let columns = df.columns().map_err(EngineError::query(&stage))?;
        if columns.is_empty() {
            return Err(EngineError::Query {
                stage,
                message: "the engine found no Parquet there (the path is read by the engine's server, not by this machine)".into(),
            });
        }
        df.create_or_replace_temp_view(name)
            .map_err(EngineError::query(&stage))?;
        Ok(columns)
    }

    /// Registers line items (see [`segwork_core::sql::lines`]) and asks what they hold:
    /// order ids and products are present when some line has one.
    pub fn register_lines(&self, name: &str, path: &str) -> Result<InputProfile, EngineError> {
        let columns = self.register(name, path)?;
        let has = |c: &str| columns.iter().any(|x| x.eq_ignore_ascii_case(c));
        EngineError::check_lines(has)?;
        // An empty text is no value.
        let n = |c: &str| format!("count(NULLIF(trim(CAST({c} AS STRING)), ''))");
        let q = format!(
            "SELECT CAST({} AS BIGINT) AS invoices, CAST({} + {} AS BIGINT) AS products FROM {name}",
            n(lines::INVOICE),
            n(lines::STOCK_CODE),
            n(lines::DESCRIPTION)
        );
        let b = self.collect("profiling the input", &q)?;
        let count = |c: &str| integers(&b, c).map(|v| v.first().copied().flatten().unwrap_or(0));
        Ok(InputProfile {
            has_invoice: count("invoices")? > 0,
            has_products: count("products")? > 0,
            has_status: has(lines::STATUS),
        })
    }

    /// Runs the cleaning chain and the feature table of the lines registered as `input`.
    pub fn features(
        &self,
        input: &str,
        params: &Valid<SqlParams>,
    ) -> Result<EngineRun, EngineError> {
        let plan = sql::plan(input, params).map_err(|e| EngineError::Core(e.to_string()))?;
        self.create_views(&plan.views)?;
        let cached = self.cache(&plan.cached);
        let run = self.run_plan(&plan, params);
        self.uncache(&cached);
        run
    }

    /// Keeps the views the plan names as worth keeping; returns those the engine kept. An
    /// engine that cannot cache runs the plan all the same, only slower.
    fn cache(&self, views: &[String]) -> Vec<String> {
        views
            .iter()
            .filter(|v| self.session.catalog().cache_table(v).is_ok())
            .cloned()
            .collect()
    }

    fn uncache(&self, views: &[String]) {
        for v in views {
            // Freeing the engine's memory early: the session's end frees it anyway.
            let _ = self.session.catalog().uncache_table(v);
        }
    }

    fn run_plan(
        &self,
        plan: &sql::Plan,
        params: &Valid<SqlParams>,
    ) -> Result<EngineRun, EngineError> {
        let counts = self.counts(&plan.counts)?;
        let summary = self.collect("summarising", &plan.summary)?;
        let first = |v: Vec<Option<i64>>| v.first().copied().flatten().unwrap_or(0) as usize;
        let customers = first(integers(&summary, sql::SUMMARY_COLUMNS[0])?);
        let left_out = first(integers(&summary, sql::SUMMARY_COLUMNS[1])?);
        let main_country = texts(&summary, sql::SUMMARY_COLUMNS[2])?
            .into_iter()
            .next()
            .flatten();
        let table = self.collect("computing the customer features", &plan.features)?;
        let features = feature_table(&table, left_out, main_country)?;
        Ok(EngineRun {
            profile: params.input,
            counts,
            customers,
            features,
        })
    }

    /// Assigns every customer of the feature table registered as `input` to a segment.
    pub fn score(&self, input: &str, spec: &ModelSpec) -> Result<Vec<Scored>, EngineError> {
        let (views, query) = spec
            .plan(input)
            .map_err(|e| EngineError::Core(e.to_string()))?;
        self.create_views(&views)?;
        let b = self.collect("scoring the customers", &query)?;
        let ids = texts(&b, sql::CUSTOMER_COLUMN)?;
        let outlier = flags(&b, sql::OUTLIER_COLUMN)?;
        let segment = integers(&b, sql::SEGMENT_COLUMN)?;
        Ok(ids
            .into_iter()
            .zip(outlier)
            .zip(segment)
            .map(|((id, o), s)| Scored {
                customer: id.unwrap_or_default(),
                outlier: o.unwrap_or(false),
                segment: s.and_then(|s| u32::try_from(s).ok()),
            })
            .collect())
    }

    fn create_views(&self, views: &[(String, String)]) -> Result<(), EngineError> {
        for (name, query) in views {
            let stage = format!("defining {name}");
            let df = self
                .session
                .sql(query)
                .map_err(EngineError::query(&stage))?;
            df.create_or_replace_temp_view(name)
                .map_err(EngineError::query(&stage))?;
        }
        Ok(())
    }

    fn collect(&self, stage: &str, query: &str) -> Result<Vec<RecordBatch>, EngineError> {
        let df = self.session.sql(query).map_err(EngineError::query(stage))?;
        df.collect_record_batches()
            .map_err(EngineError::query(stage))
    }

    fn counts(&self, query: &str) -> Result<Vec<CleanCount>, EngineError> {
        let b = self.collect("counting the cleaning steps", query)?;
        let [step, rows_in, rows_out, flagged] = sql::COUNT_COLUMNS;
        let steps = texts(&b, step)?;
        let n = |c: &str| {
            integers(&b, c).map(|v| {
                v.into_iter()
                    .map(|x| x.unwrap_or(0) as usize)
                    .collect::<Vec<_>>()
            })
        };
        let (ins, outs, flags) = (n(rows_in)?, n(rows_out)?, n(flagged)?);
        let mut counts = Vec::with_capacity(steps.len());
        for (i, s) in steps.into_iter().enumerate() {
            let step: CleanStepId =
                s.unwrap_or_default()
                    .parse()
                    .map_err(|message| EngineError::Shape {
                        what: "the cleaning counts".into(),
                        message,
                    })?;
            counts.push(CleanCount {
                step,
                rows_in: ins[i],
                rows_out: outs[i],
                flagged: flags[i],
            });
        }
        // UNION ALL leaves the row order to the engine.
        counts.sort_by_key(|c| c.step);
        Ok(counts)
    }
}

/// The feature table as the core holds it.
pub(crate) fn feature_table(
    batches: &[RecordBatch],
    left_out: usize,
    main_country: Option<String>,
) -> Result<CustomerFeatures, EngineError> {
    let n = rows(batches);
    let ids: Vec<String> = texts(batches, sql::CUSTOMER_COLUMN)?
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    // The core's customer order, set here: an engine's result arrives in partitions, in
    // no promised order.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| id_order(&ids[a], &ids[b]));
    let mut values = Array2::<f64>::zeros((n, Feature::COUNT));
    for f in Feature::ALL {
        let column = doubles(batches, f.name())?;
        for (row, &i) in order.iter().enumerate() {
            values[[row, f.index()]] = column[i].unwrap_or(0.0);
        }
    }
    Ok(CustomerFeatures {
        ids: order.iter().map(|&i| ids[i].clone()).collect(),
        values,
        dropped_single_line: left_out,
        main_country,
    })
}
