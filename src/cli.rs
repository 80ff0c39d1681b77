//! The command line: `savings run`, `compare`, `validate`, `template`,
//! `new` and `unit-costs`.
//!
//! Exit status: 0 success, 2 bad input (every problem listed on stderr,
//! nothing written), 1 anything else.

use crate::error::Error;
use crate::money::pounds;
use crate::run;
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DEFAULT_BASELINE: &str = "fixtures/bromley_2012.xlsx";
const DEFAULT_MODELS: &str = "models";
const DEFAULT_OUT: &str = "out";

/// Cashable savings, appraisal and charts for local-authority change
/// programmes.
#[derive(Parser, Debug)]
#[command(
    name = "savings",
    version,
    about,
    long_about = "Models the savings of a council's change programme: reads a baseline \
workbook (sites, libraries, placements), applies scenario models written as TOML files, \
and writes cashable savings by financial year with NPV, BCR and payback.",
    after_help = "Examples:\n  \
savings run                                   every models/*.toml on fixtures/bromley_2012.xlsx, into out/\n  \
savings run models/building_vacation.toml --baseline council.xlsx --out results\n  \
savings validate --baseline council.xlsx      check a workbook and the models, write nothing\n  \
savings template --out council.xlsx           an empty baseline workbook to fill in\n  \
savings new building_vacation --out models/my_option.toml   a model file to fill in\n  \
savings run models/tell_us_once.toml --set live_on=2012-04-01   what if it went live later\n  \
savings simulate                              every model's [uncertainty]: P10–P90, probabilities, tornado\n  \
savings programme                             the bundled programme.toml against its MTFS target\n\n\
Exit status: 0 success, 2 bad input (every problem is listed), 1 anything else."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run scenario models and write, for each, into OUT/<model name>/:
    /// projection.csv, lines.csv, bodies.csv, summary.json,
    /// assumptions.csv, results.xlsx, savings.svg/.png/.alt.txt,
    /// baseline.svg/.png/.alt.txt, report.html and report.md.
    #[command(
        after_help = "Files written for each model, in OUT/<model file name>/:\n  \
projection.csv     a row per financial year: each class of saving, net cashable, NPV columns\n  \
lines.csv          the same money by line (cost category, one-off cost, receiving site…)\n  \
bodies.csv         who bears each flow: the authority and any other body, by year and class\n  \
summary.json       totals, NPV, BCR, payback, full-year effect, warnings, input hashes\n  \
assumptions.csv    every parameter used, its value and where it came from\n  \
results.xlsx       Summary, Projection, Lines and Assumptions sheets with a chart\n  \
savings.svg/.png   savings and costs by class and year (PNG at 2x); savings.alt.txt\n  \
baseline.svg/.png  what the model starts from; baseline.alt.txt\n  \
bodies.svg/.png    who gains and who pays, when a flow falls on another body\n  \
report.html/.md    headline figures, charts, tables, warnings and assumptions\n\n\
Examples:\n  \
savings run\n      runs every models/*.toml against fixtures/bromley_2012.xlsx into out/\n  \
savings run models/building_vacation.toml --baseline bromley.xlsx --out results\n      \
one model against your own workbook; writes results/building_vacation/\n  \
savings run models/autism_invest_to_save.toml --set take_up=0.6 --set baseline.annual_fee=1.05\n      \
what if: one assumption changed for this run (savings params MODEL lists the paths)"
    )]
    Run {
        #[command(flatten)]
        inputs: Inputs,
        /// Folder for the outputs; each model gets a subfolder named after
        /// its file. Files are written whole or not at all.
        #[arg(long, short, value_name = "DIR", default_value = DEFAULT_OUT)]
        out: PathBuf,
        /// Also write trace.json for each model: every monthly amount with
        /// the row it came from, its formula and inputs.
        #[arg(long)]
        trace: bool,
    },
    /// Compare options like for like: run every model, rank them (by NPV
    /// unless --rank-by says otherwise) with the cashable savings of one
    /// MTFS period of financial years for all; writes OUT/comparison/
    /// (comparison.csv, comparison_by_year.csv, comparison.svg/.png/.alt.txt,
    /// report.html, report.md).
    #[command(after_help = "Examples:\n  \
savings compare\n      ranks every models/*.toml on the bundled fixture by NPV; writes out/comparison/\n  \
savings compare --rank-by net_cashable --mtfs-from 2012/13 --mtfs-years 4\n      \
ranks by net cashable; the MTFS period is 2012/13 to 2015/16 for every option\n  \
savings compare models/libraries_trust.toml models/libraries_trust_discretionary.toml --mtfs-years 3")]
    Compare {
        #[command(flatten)]
        inputs: Inputs,
        /// Folder for the comparison; its files go in DIR/comparison/.
        #[arg(long, short, value_name = "DIR", default_value = DEFAULT_OUT)]
        out: PathBuf,
        /// Years of the medium-term financial strategy (MTFS) period: the
        /// cashable savings of these N financial years, the same years for
        /// every option, are shown beside the totals.
        #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=60))]
        mtfs_years: u32,
        /// First financial year of the MTFS period, e.g. 2012/13. Default:
        /// the earliest start of the options' horizons. A year outside an
        /// option's horizon counts £0 for it, with a warning.
        #[arg(long, value_name = "YYYY/YY", value_parser = parse_financial_year)]
        mtfs_from: Option<crate::calendar::FinancialYear>,
        /// The measure that ranks the options, highest first.
        #[arg(long, value_enum, value_name = "MEASURE", default_value_t = crate::compare::RankBy::Npv)]
        rank_by: crate::compare::RankBy,
        /// Appraise every option from one perspective: `authority` (each
        /// authority's own flows) or `public_sector` (every body's, so
        /// transfers such as the trust's rates relief net out). Default:
        /// as each model file's `[appraisal] perspective` says.
        #[arg(long, value_enum, value_name = "WHOSE")]
        perspective: Option<crate::compare::Perspective>,
        /// Also simulate each option that has an [uncertainty] table, as
        /// `savings simulate` does, and give its NPV at P10 and P90 in
        /// comparison.csv (npv_p10, npv_p90) and the report.
        #[arg(long)]
        simulate: bool,
        /// Iterations of each option's simulation (default: the file's,
        /// else 10,000); only with --simulate.
        #[arg(long, value_name = "N", requires = "simulate", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        iterations: Option<u64>,
        /// The seed of the simulations (default: the file's, else 1); only
        /// with --simulate.
        #[arg(long, value_name = "S", requires = "simulate")]
        seed: Option<u64>,
    },
    /// Add up the options a council has chosen (a programme file, or model
    /// files) by financial year against the savings the budget assumes
    /// (the MTFS target), with achieved and forecast savings, RAG ratings
    /// and double counting between workstreams; writes OUT/programme/.
    #[command(after_help = "Files written, in OUT/programme/:\n  \
programme.csv      per year and workstream: planned, achieved, forecast, variance, RAG; per year the\n                     \
programme total, double counting, target, gap and cumulative figures\n  \
summary.json       totals, share of the target planned and achieved, first year with a gap, warnings\n  \
plan.svg/.png      planned savings stacked by workstream, the target as a line, each gap labelled\n  \
delivery.svg/.png  planned against achieved and forecast by year (each with .alt.txt)\n  \
report.html/.md    the committee report: headline, RAG table, investment, payback and NPV\n  \
programme.xlsx     the report's tables, one sheet each\n\n\
Examples:\n  \
savings programme\n      the bundled programme.toml (Bromley's programme, invented targets) on the fixture\n  \
savings programme my_programme.toml --baseline council.xlsx --out results\n  \
savings programme models/building_vacation.toml models/libraries_trust.toml\n      \
the quick question: these options together, by year, with no target")]
    Programme {
        /// A programme file (TOML with [[workstream]] entries), or model
        /// files (or folders of them) to take together with no target.
        /// Default: programme.toml.
        #[arg(value_name = "PROGRAMME.toml | MODEL")]
        inputs: Vec<PathBuf>,
        /// The baseline workbook; wins over the programme file's
        /// `baseline`. Default: the programme file's, else
        /// fixtures/bromley_2012.xlsx.
        #[arg(long, short, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Folder for the outputs; they go in DIR/programme/.
        #[arg(long, short, value_name = "DIR", default_value = DEFAULT_OUT)]
        out: PathBuf,
        /// A unit-cost library file (TOML) whose entries win over the
        /// bundled library's.
        #[arg(long, value_name = "FILE")]
        unit_costs: Option<PathBuf>,
        /// Run every workstream's [uncertainty] together (with the
        /// programme file's [[correlation]]s between workstreams): the
        /// chance of meeting each year's target, a fan chart of the
        /// programme total, which workstream's uncertainty matters most,
        /// and RAG from the chance of delivering the plan where nothing is
        /// reported yet.
        #[arg(long)]
        simulate: bool,
        /// Iterations of --simulate (default: the most any workstream's
        /// table asks for, else 10,000).
        #[arg(long, value_name = "N", requires = "simulate", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        iterations: Option<u64>,
        /// The seed of --simulate's random numbers (default 1).
        #[arg(long, value_name = "S", requires = "simulate")]
        seed: Option<u64>,
    },
    /// Show how one figure of lines.csv was made: the sites or rows it
    /// came from, each month's formula with its inputs, and the sum,
    /// reconciled to the penny. Writes nothing.
    #[command(after_help = "Examples:\n  \
savings explain models/building_vacation.toml --year 2014/15 --line energy\n      \
the energy saving of 2014/15, site by site and month by month\n  \
savings explain models/autism_invest_to_save.toml --year 2015/16 --line \"placements diverted\" --class cost_avoidance\n\n\
A line is a label of lines.csv (a cost category, a one-off cost's label, …); a\n\
line that is not there is named with the lines the model has.")]
    Explain {
        /// The model file (TOML).
        #[arg(value_name = "MODEL")]
        model: PathBuf,
        /// The financial year, e.g. 2014/15.
        #[arg(long, value_name = "FY")]
        year: String,
        /// The line, as lines.csv names it (energy, "Decant and moves", …).
        #[arg(long, value_name = "LINE")]
        line: String,
        /// Only this class: cashable, non_cashable, cost_avoidance,
        /// one_off_cost, financing_cost or capital_receipt (default: every
        /// class the line has that year).
        #[arg(long, value_name = "CLASS")]
        class: Option<String>,
        /// The baseline workbook.
        #[arg(long, short, value_name = "FILE", default_value = DEFAULT_BASELINE)]
        baseline: PathBuf,
    },
    /// Write an empty baseline workbook to fill in: sheets Meta, Sites,
    /// Libraries, Placements, Services, Transactions and Actuals with every column the
    /// engine reads, a note on each header, drop-down lists and one example row a sheet.
    #[command(after_help = "Example:\n  \
savings template --out council.xlsx\n      \
then replace the example rows and check it: savings validate --baseline council.xlsx")]
    Template {
        /// The workbook to write (.xlsx).
        #[arg(long, short, value_name = "FILE")]
        out: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a model file of a kind to fill in: every key with a comment,
    /// the defaults written out; it validates against the bundled workbook
    /// as it stands.
    #[command(after_help = "Example:\n  \
savings new building_vacation --out models/my_option.toml")]
    New {
        /// The kind of model.
        #[arg(value_name = "KIND", value_parser = clap::builder::PossibleValuesParser::new(crate::model::Kind::all().iter().map(|k| k.name())))]
        kind: String,
        /// The model file to write (.toml).
        #[arg(long, short, value_name = "FILE")]
        out: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the unit-cost library: each published unit cost with its
    /// price base, publication date and source, the one a model would use
    /// for each item marked. Writes nothing.
    #[command(after_help = "Examples:\n  \
savings unit-costs\n      the library built into the engine (unit_costs.toml)\n  \
savings unit-costs --unit-costs our_costs.toml --notes\n      with your own figures on top, and every entry's caveats\n  \
savings unit-costs --csv > unit_costs.csv\n      every field, for a spreadsheet")]
    UnitCosts {
        /// A file of your own unit costs ([[cost]] tables, as in
        /// unit_costs.toml); where it has an item, its entry wins over the
        /// bundled library's.
        #[arg(long, value_name = "FILE")]
        unit_costs: Option<PathBuf>,
        /// Also print each entry's notes (its caveats).
        #[arg(long)]
        notes: bool,
        /// Write CSV to stdout instead: every field of every entry, notes
        /// included, and whether a model would use it.
        #[arg(long)]
        csv: bool,
    },
    /// List a model's parameters by the path --set takes, with their
    /// values and lines, and the defaults the engine applies. Writes
    /// nothing.
    #[command(after_help = "Example:\n  \
savings params models/autism_invest_to_save.toml\n      \
then: savings run models/autism_invest_to_save.toml --set take_up=0.6")]
    Params {
        /// The model file (TOML).
        #[arg(value_name = "MODEL")]
        model: PathBuf,
    },
    /// Run the models' uncertainty: each model with an [uncertainty] table
    /// is simulated (Latin hypercube with rank correlations, or plain Monte
    /// Carlo) and its sensitivity worked out through the exact engine;
    /// writes the run's usual files and, for those models,
    /// simulation.csv, distribution.csv and sensitivity.csv, with the
    /// probabilities in summary.json.
    #[command(
        after_help = "Files written beside a run's, for each model with an [uncertainty] table:\n  \
simulation.csv     per financial year: cashable, net cashable and cumulative net cashable,\n                     \
their mean and P5, P10, P25, P50, P75, P90, P95\n  \
distribution.csv   the same for NPV and the MTFS period's and horizon's totals\n  \
sensitivity.csv    the tornado (each parameter alone at its P10 and P90) and switching values\n  \
summary.json       gains \"uncertainty\": the chance of meeting the target, of paying back, of NPV > 0\n  \
fan.svg/.png       cumulative net cashable by year: P10–P90 and P25–P75 bands, median, the model's own line\n  \
s_curve.svg/.png   the NPV's S-curve with P(NPV > 0); s_curve_target too when there is a target\n  \
tornado.svg/.png   the NPV with each parameter alone at its P10 and P90, largest swing on top\n  \
report.html/.md    and results.xlsx gain an Uncertainty section (and sheets)\n\n\
The same inputs and seed give the same files, byte for byte, on any number of cores.\n\n\
Examples:\n  \
savings simulate\n      every models/*.toml on the bundled fixture, into out/\n  \
savings simulate models/autism_invest_to_save.toml --iterations 100000 --seed 7\n  \
savings simulate models/building_vacation.toml --target 1500000\n      \
the chance that the MTFS period's cashable savings reach £1.5m"
    )]
    Simulate {
        #[command(flatten)]
        inputs: Inputs,
        /// Folder for the outputs; each model gets a subfolder named after
        /// its file, as with `savings run`.
        #[arg(long, short, value_name = "DIR", default_value = DEFAULT_OUT)]
        out: PathBuf,
        /// Iterations for every model (default: the file's, else 10,000).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        iterations: Option<u64>,
        /// The seed of the random numbers (default: the file's, else 1).
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// Cashable savings the MTFS period must reach, in pounds (default:
        /// the file's `target`).
        #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
        target: Option<rust_decimal::Decimal>,
    },
    /// Check the workbook and the model files and list every problem;
    /// writes nothing.
    #[command(after_help = "Example:\n  \
savings validate models/building_vacation.toml --baseline bromley.xlsx")]
    Validate {
        #[command(flatten)]
        inputs: Inputs,
    },
}

#[derive(Args, Debug)]
pub struct Inputs {
    /// Model files (TOML), or folders of them. Default: every .toml file
    /// in models/.
    #[arg(value_name = "MODEL")]
    pub models: Vec<PathBuf>,
    /// The baseline workbook (.xlsx, .xlsm, .xls or .ods) with sheets
    /// Meta, Sites, Libraries, Placements, Services and Transactions (and Actuals, which only `savings programme` reads).
    #[arg(long, short, value_name = "FILE", default_value = DEFAULT_BASELINE)]
    pub baseline: PathBuf,
    /// The most the workbook may expand to when unzipped, in MiB; a larger
    /// one is refused (it guards against "zip bombs").
    #[arg(long, value_name = "MIB", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub max_workbook_mib: u64,
    /// The most filled cells the workbook's sheets may hold, all together.
    #[arg(long, value_name = "N", default_value_t = 5_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub max_cells: u64,
    /// A unit-cost library file (TOML) whose entries win over the bundled
    /// library's; see `savings unit-costs`.
    #[arg(long, value_name = "FILE")]
    pub unit_costs: Option<PathBuf>,
    /// What if: replace a model parameter for this run, e.g. --set
    /// take_up=0.6, --set vacate.OTH.dispose_on=2015-04-01, --set
    /// "one_off_costs.\"Decant and moves\".amount=180000". Checked like
    /// the file's own values; the assumptions log says "command line".
    /// Repeat for more; `savings params MODEL` lists the paths.
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_set)]
    pub sets: Vec<crate::model::params::Set>,
}

/// `--set PATH=VALUE`.
fn parse_set(text: &str) -> Result<crate::model::params::Set, String> {
    crate::model::params::parse_set(text)
}

impl Inputs {
    /// How the run reads its inputs.
    fn reading(&self) -> run::Reading {
        run::Reading {
            limits: self.limits(),
            unit_costs: self.unit_costs.clone(),
            sets: self.sets.clone(),
        }
    }

    /// The bounds on the workbook the options set.
    fn limits(&self) -> crate::workbook::guard::Limits {
        crate::workbook::guard::Limits {
            max_uncompressed: self.max_workbook_mib * crate::workbook::guard::MIB,
            max_cells: self.max_cells as usize,
        }
    }

    /// The model files named, a folder standing for its `.toml` files;
    /// `models/` when none is named.
    fn model_files(&self) -> Result<Vec<PathBuf>, Error> {
        if self.models.is_empty() {
            return run::default_models(Path::new(DEFAULT_MODELS));
        }
        let mut files = Vec::new();
        for m in &self.models {
            if m.is_dir() {
                files.extend(run::default_models(m)?);
            } else {
                files.push(m.clone());
            }
        }
        Ok(files)
    }
}

/// Writes a line to stdout; a closed pipe (`savings compare | head`) is
/// not an error worth a panic, so write errors are ignored.
/// Control characters in names are shown as `�` (see
/// [`crate::terminal`]).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let text = format!($($arg)*);
        let _ = writeln!(std::io::stdout().lock(), "{}", crate::terminal::clean(&text));
    }};
}

/// [`say!`] without the line end.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let text = format!($($arg)*);
        let _ = write!(std::io::stdout().lock(), "{}", crate::terminal::clean(&text));
    }};
}

/// A line on stderr (warnings, errors), control characters shown as `�`.
macro_rules! tell {
    ($($arg:tt)*) => {{
        let text = format!($($arg)*);
        eprintln!("{}", crate::terminal::clean(&text));
    }};
}

/// Parses the command line, runs the command and reports.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // A safety net: no input is meant to reach a panic (inputs are checked
    // and bounded first), but if one does, say so plainly. Outputs are
    // written only after every figure is computed, so nothing is written.
    std::panic::set_hook(Box::new(|info| {
        tell!("error: the engine failed unexpectedly ({info}); nothing was written. Please report this with the inputs.");
    }));
    let result = std::panic::catch_unwind(|| dispatch(&cli))
        .unwrap_or_else(|_| Err(Error::Internal("the run was stopped".into())));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

fn dispatch(cli: &Cli) -> Result<(), Error> {
    match &cli.command {
        Command::Run { inputs, out, trace } => cmd_run(inputs, out, *trace),
        Command::Explain {
            model,
            year,
            line,
            class,
            baseline,
        } => cmd_explain(model, year, line, class.as_deref(), baseline),
        Command::Compare {
            inputs,
            out,
            mtfs_years,
            mtfs_from,
            rank_by,
            perspective,
            simulate,
            iterations,
            seed,
        } => cmd_compare(
            inputs,
            out,
            crate::compare::Settings {
                rank_by: *rank_by,
                mtfs_from: *mtfs_from,
                mtfs_years: *mtfs_years,
                perspective: *perspective,
            },
            simulate.then_some(crate::uncertainty::Overrides {
                iterations: iterations.map(|n| n as usize),
                seed: *seed,
                target: None,
            }),
        ),
        Command::Validate { inputs } => cmd_validate(inputs),
        Command::Simulate {
            inputs,
            out,
            iterations,
            seed,
            target,
        } => cmd_simulate(
            inputs,
            out,
            crate::uncertainty::Overrides {
                iterations: iterations.map(|n| n as usize),
                seed: *seed,
                target: *target,
            },
        ),
        Command::Programme {
            inputs,
            baseline,
            out,
            unit_costs,
            simulate,
            iterations,
            seed,
        } => cmd_programme(
            inputs,
            baseline.as_deref(),
            out,
            unit_costs.as_deref(),
            simulate.then_some(crate::uncertainty::Overrides {
                iterations: iterations.map(|n| n as usize),
                seed: *seed,
                target: None,
            }),
        ),
        Command::Params { model } => cmd_params(model),
        Command::Template { out, force } => cmd_template(out, *force),
        Command::New { kind, out, force } => cmd_new(kind, out, *force),
        Command::UnitCosts {
            unit_costs,
            notes,
            csv,
        } => cmd_unit_costs(unit_costs.as_deref(), *notes, *csv),
    }
}

fn report(e: &Error) {
    match e {
        Error::Input(problems) => {
            let n = problems.len();
            tell!(
                "error: {n} problem{} in the inputs; nothing was written:",
                if n == 1 { "" } else { "s" }
            );
            for line in e.to_string().lines() {
                tell!("  {line}");
            }
        }
        other => tell!("error: {other}"),
    }
}

fn cmd_explain(
    model: &Path,
    year: &str,
    line: &str,
    class: Option<&str>,
    baseline: &Path,
) -> Result<(), Error> {
    let arg_problem = |message: String| Error::input(crate::error::Problem::file(model, message));
    let year = crate::calendar::FinancialYear::parse(year)
        .map_err(|e| arg_problem(format!("--year: {e}")))?;
    let class = match class {
        None => None,
        Some(c) => Some(
            crate::flows::Class::ALL
                .into_iter()
                .find(|k| k.name() == c.trim())
                .ok_or_else(|| {
                    arg_problem(format!(
                        "--class \"{c}\" is not a class; use one of: {}",
                        crate::flows::Class::ALL.map(|k| k.name()).join(", ")
                    ))
                })?,
        ),
    };
    let (prepared, flows) = run::trace(model, baseline)?;
    let text = crate::output::explain::explain(&prepared, &flows, year, line, class)?;
    say_raw!("{text}");
    Ok(())
}

fn cmd_run(inputs: &Inputs, out: &Path, trace: bool) -> Result<(), Error> {
    let models = inputs.model_files()?;
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message(format!("running {} model(s)…", models.len()));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let options = run::RunOptions {
        trace,
        reading: inputs.reading(),
    };
    let outcome = run::run_with(&models, &inputs.baseline, out, &options);
    spinner.finish_and_clear();
    let outcome = outcome?;
    for r in &outcome.runs {
        for w in &r.warnings {
            tell!("warning: {}: {w}", r.prepared.model.file.display());
        }
    }
    if !outcome.runs.is_empty() {
        say!("Savings over each model's horizon, nominal £ (NPV in real terms, discounted)\n");
        say_raw!("{}", crate::output::terminal_table(&outcome.runs));
        say!("");
    }
    say!(
        "wrote {} files for {} model(s) to {}",
        outcome.written.len(),
        outcome.runs.len(),
        out.display()
    );
    Ok(())
}

/// `--target`: an amount in pounds (`1500000`, `1_500_000`, `£1,500,000`).
fn parse_amount(text: &str) -> Result<rust_decimal::Decimal, String> {
    let cleaned: String = text
        .trim()
        .trim_start_matches('£')
        .chars()
        .filter(|c| !matches!(c, ',' | '_'))
        .collect();
    match rust_decimal::Decimal::from_str_exact(&cleaned) {
        Ok(d) if d >= rust_decimal::Decimal::ZERO && d <= crate::money::MONEY_LIMIT => Ok(d),
        _ => Err(format!(
            "expected an amount in pounds from 0 to 1,000,000,000,000, e.g. 1500000, found {text}"
        )),
    }
}

fn cmd_simulate(
    inputs: &Inputs,
    out: &Path,
    overrides: crate::uncertainty::Overrides,
) -> Result<(), Error> {
    use std::io::IsTerminal;
    use std::sync::atomic::{AtomicBool, Ordering};
    let models = inputs.model_files()?;
    let bar = indicatif::ProgressBar::hidden();
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "simulating {bar:30} {pos}/{len} iterations, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let shown = AtomicBool::new(false);
    let terminal = std::io::stderr().is_terminal();
    let (b1, b2, b3) = (bar.clone(), bar.clone(), bar.clone());
    let progress = run::Progress {
        start: Box::new(move |n| b1.set_length(n)),
        // Shown only on a terminal, and only for work that takes more
        // than about a second.
        tick: Box::new(move || {
            b2.inc(1);
            if terminal
                && !shown.load(Ordering::Relaxed)
                && started.elapsed() > std::time::Duration::from_secs(1)
                && !shown.swap(true, Ordering::Relaxed)
            {
                b2.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
        }),
        finish: Box::new(move || b3.finish_and_clear()),
    };
    let options = run::SimulateOptions {
        reading: inputs.reading(),
        overrides,
    };
    let outcome = run::simulate_with(&models, &inputs.baseline, out, &options, &progress)?;
    for r in &outcome.runs {
        for w in &r.warnings {
            tell!("warning: {}: {w}", r.prepared.model.file.display());
        }
    }
    for f in &outcome.without {
        tell!(
            "note: {} has no [uncertainty] table; only its deterministic files were written",
            f.display()
        );
    }
    let simulated: Vec<_> = outcome
        .runs
        .iter()
        .filter_map(|r| r.uncertainty.as_ref().map(|u| (r, u)))
        .collect();
    if !simulated.is_empty() {
        say!(
            "NPV (real terms, discounted) by model: P10, P50, P90 and the chance it is positive\n"
        );
        let rows: Vec<Vec<String>> = simulated
            .iter()
            .map(|(r, u)| {
                let npv = u
                    .simulation
                    .measures
                    .iter()
                    .find(|(n, _)| *n == "npv")
                    .map(|(_, s)| *s);
                let p = |q| npv.map(|s| pounds(s.p(q))).unwrap_or_default();
                vec![
                    r.prepared.model.stem(),
                    p(10),
                    p(50),
                    p(90),
                    format!(
                        "{}%",
                        (u.simulation.p_npv_positive * rust_decimal::Decimal::ONE_HUNDRED)
                            .round_dp(1)
                    ),
                    u.simulation
                        .p_target_met
                        .map(|p| {
                            format!("{}%", (p * rust_decimal::Decimal::ONE_HUNDRED).round_dp(1))
                        })
                        .unwrap_or_else(|| "no target".into()),
                ]
            })
            .collect();
        say_raw!(
            "{}",
            crate::output::text_table(
                &[
                    "model",
                    "NPV P10",
                    "NPV P50",
                    "NPV P90",
                    "P(NPV > 0)",
                    "P(target met)"
                ],
                &rows,
                1
            )
        );
        say!("");
    }
    say!(
        "wrote {} files for {} model(s) to {} in {:.1} s",
        outcome.written.len(),
        outcome.runs.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `--mtfs-from`: a financial year label such as `2012/13`.
fn parse_financial_year(text: &str) -> Result<crate::calendar::FinancialYear, String> {
    crate::calendar::FinancialYear::parse(text)
}

fn cmd_compare(
    inputs: &Inputs,
    out: &Path,
    settings: crate::compare::Settings,
    simulate: Option<crate::uncertainty::Overrides>,
) -> Result<(), Error> {
    let models = inputs.model_files()?;
    let cmp = match simulate {
        Some(overrides) => run::compare_simulated(
            &models,
            &inputs.baseline,
            settings,
            &run::SimulateOptions {
                reading: inputs.reading(),
                overrides,
            },
        )?,
        None => run::compare_with(&models, &inputs.baseline, settings, &inputs.reading())?,
    };
    let files = crate::output::render_comparison(&cmp, out)?;
    crate::output::write_all(out, files, &models, &inputs.baseline)?;
    for r in &cmp.rows {
        for w in &r.run.warnings {
            tell!("warning: {}: {w}", r.run.prepared.model.file.display());
        }
    }
    for w in &cmp.warnings {
        eprintln!("warning: {w}");
    }
    say!(
        "Options ranked by {} (NPV in real terms, discounted; other figures nominal £); MTFS period {}\n",
        cmp.rank_by.short(),
        cmp.period.label()
    );
    say_raw!("{}", crate::output::comparison_table(&cmp));
    if cmp.simulated {
        say!("\nNPV P10 to P90, simulated (real terms, discounted):");
        for r in &cmp.rows {
            let range = match r.npv_range() {
                Some((p10, p90)) => format!("{} to {}", pounds(p10), pounds(p90)),
                None => "no [uncertainty] table".into(),
            };
            say!("{}. {}: {range}", r.rank, r.name());
        }
    }
    say!(
        "\nwrote comparison.csv, comparison_by_year.csv, the chart and the report to {}",
        out.join("comparison").display()
    );
    Ok(())
}

/// The bundled programme file `savings programme` runs by default.
const DEFAULT_PROGRAMME: &str = "programme.toml";

fn cmd_programme(
    inputs: &[PathBuf],
    baseline: Option<&Path>,
    out: &Path,
    unit_costs: Option<&Path>,
    simulate: Option<crate::uncertainty::Overrides>,
) -> Result<(), Error> {
    use crate::programme::{self, Input, Request};
    let input = match inputs {
        [] => Input::File(PathBuf::from(DEFAULT_PROGRAMME)),
        [one] if !one.is_dir() && programme::is_programme_file(one) => Input::File(one.clone()),
        many => {
            let mut files = Vec::new();
            for m in many {
                if m.is_dir() {
                    files.extend(run::default_models(m)?);
                } else {
                    files.push(m.clone());
                }
            }
            Input::Models(files)
        }
    };
    let req = Request {
        input,
        baseline: baseline.map(Path::to_path_buf),
        default_baseline: PathBuf::from(DEFAULT_BASELINE),
        reading: run::Reading {
            unit_costs: unit_costs.map(Path::to_path_buf),
            ..run::Reading::default()
        },
        simulate,
    };
    let spinner = indicatif::ProgressBar::new_spinner();
    if req.simulate.is_some() {
        spinner.set_message("simulating the programme…");
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    }
    let outcome = programme::run(&req, out);
    spinner.finish_and_clear();
    let outcome = outcome?;
    let p = &outcome.programme;
    for w in &p.warnings {
        tell!("warning: {w}");
    }
    say!(
        "{}: cashable savings by financial year, £ cash (planned from the models)\n",
        p.def.name
    );
    let header = [
        "Year",
        "Target",
        "Planned",
        "Counted twice",
        "Planned net",
        "Gap",
        "Achieved",
    ];
    let opt = |d: Option<crate::money::Decimal>| d.map(pounds).unwrap_or_else(|| "–".into());
    let rows: Vec<Vec<String>> = p
        .totals
        .iter()
        .map(|t| {
            vec![
                t.year.to_string(),
                opt(t.target),
                pounds(t.planned),
                pounds(t.overlaps),
                pounds(t.planned_net),
                opt(t.gap),
                opt(t.achieved),
            ]
        })
        .collect();
    say_raw!("{}", crate::output::text_table(&header, &rows, 1));
    if let Some(sim) = &p.simulation {
        say!(
            "\nSimulated ({} iterations, seed {}): the programme total net of double counting",
            sim.iterations,
            sim.seed
        );
        let rows: Vec<Vec<String>> = sim
            .years
            .iter()
            .zip(&sim.totals)
            .zip(&sim.p_target_met)
            .map(|((y, s), pm)| {
                vec![
                    y.to_string(),
                    pounds(s.p(10)),
                    pounds(s.p(50)),
                    pounds(s.p(90)),
                    pm.map(crate::compare::percent)
                        .unwrap_or_else(|| "–".into()),
                ]
            })
            .collect();
        say_raw!(
            "{}",
            crate::output::text_table(&["Year", "P10", "P50", "P90", "P(target met)"], &rows, 1)
        );
    }
    say!(
        "\nwrote {} files to {}",
        outcome.written.len(),
        out.join("programme").display()
    );
    Ok(())
}

fn cmd_template(out: &Path, force: bool) -> Result<(), Error> {
    crate::scaffold::write_template(out, force)?;
    say!(
        "wrote {}: sheets Meta, Sites, Libraries, Placements, Services, Transactions and Actuals, each with an example row (in yellow) to replace; check it with: savings validate --baseline {}",
        out.display(),
        out.display()
    );
    Ok(())
}

fn cmd_new(kind: &str, out: &Path, force: bool) -> Result<(), Error> {
    let kind = crate::model::Kind::parse(kind).ok_or_else(|| {
        Error::Internal(format!("{kind} passed the command line's list of kinds"))
    })?;
    crate::scaffold::write_model(kind, out, force)?;
    say!(
        "wrote {}: a {} model to fill in; check it with: savings validate {} --baseline YOUR_WORKBOOK.xlsx",
        out.display(),
        kind.name(),
        out.display()
    );
    Ok(())
}

fn cmd_params(model: &Path) -> Result<(), Error> {
    let m = crate::model::load(model)?;
    let bytes = crate::input_file::read_capped(
        model,
        crate::input_file::MODEL_FILE_LIMIT,
        "the model file",
    )
    .map_err(Error::input)?;
    let text = String::from_utf8_lossy(&bytes);
    say_raw!("{}", crate::model::params::listing(&m, &text));
    Ok(())
}

fn cmd_validate(inputs: &Inputs) -> Result<(), Error> {
    let models = inputs.model_files()?;
    let loaded = run::load_with(&models, &inputs.baseline, &inputs.reading())?;
    let ready = run::prepare(&loaded)?;
    say!("{}: ok", inputs.baseline.display());
    for line in loaded.baseline.describe()? {
        say!("  {line}");
    }
    for (_, w) in &loaded.baseline.warnings {
        say!("  warning: {w}");
    }
    for p in &ready {
        let m = &p.model;
        say!(
            "{}: ok — {} ({}), {} at {} prices, horizon {} ({} years)",
            m.file.display(),
            m.name,
            m.kind.name(),
            p.authority,
            p.price_base(),
            m.horizon,
            m.horizon.years
        );
        for w in &m.warnings {
            say!("  warning: {w}");
        }
        let one_off: crate::money::Decimal = m.one_off_costs.iter().map(|c| c.amount).sum();
        if !one_off.is_zero() {
            say!("  one-off costs {} before optimism bias", pounds(one_off));
        }
        // Checked when the model was read; said here so that a finance
        // officer sees what `savings simulate` will vary.
        if let Ok(Some(u)) = crate::uncertainty::resolve(m, &Default::default()) {
            say!(
                "  uncertain ({} iterations for savings simulate): {}",
                u.iterations,
                u.parameters
                    .iter()
                    .map(|p| p.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for w in &u.warnings {
                say!("  warning: {w}");
            }
        }
    }
    Ok(())
}

fn cmd_unit_costs(unit_costs: Option<&Path>, notes: bool, csv: bool) -> Result<(), Error> {
    let lib = crate::unit_costs::Library::open(unit_costs)?;
    if csv {
        let bytes = crate::unit_costs::csv(&lib)?;
        say_raw!("{}", String::from_utf8_lossy(&bytes));
    } else {
        say_raw!("{}", crate::unit_costs::text(&lib, notes));
    }
    Ok(())
}
