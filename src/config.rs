//! Settings: the optional `tongji.toml` in the input folder, its additions to the catalogues of
//! specialties and activities, the limits, the bureau's name.

use std::path::Path;

use serde::Deserialize;

use crate::error::{ConfigError, Error};
use crate::model::Unit;
use crate::normalize::catalogue::{activity, builtin_activities, Catalogue, Specialty};
use crate::normalize::departments::Departments;
use crate::normalize::text::key;

/// `tongji.toml` as written by the user.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// Keep the built-in catalogue and add to it (default), or replace it.
    builtin_catalogue: Option<bool>,
    #[serde(default, rename = "specialty")]
    specialties: Vec<SpecialtyEntry>,
    /// Keep the built-in activity categories and add to them (default), or replace them.
    builtin_activities: Option<bool>,
    #[serde(default, rename = "activity")]
    activities: Vec<NamedEntry>,
    /// Partner departments of joint inspections beyond the built-in ones (or short names for
    /// them): `[[department]] name = "教育", aliases = ["县教育局"]`.
    #[serde(default, rename = "department")]
    departments: Vec<NamedEntry>,
    /// A font for the charts (.ttf/.otf), relative to the input folder; the embedded font
    /// stays the fallback per character.
    font: Option<std::path::PathBuf>,
    /// The bureau's name for report titles (default 县统计局).
    unit_name: Option<String>,
    /// At most this many records are listed in the workbook's 明细 sheet.
    detail_limit: Option<usize>,
    #[serde(default)]
    limits: Limits,
}

/// What one input file may cost before it is refused (`[limits]` in tongji.toml): a zip bomb,
/// a sheet of tens of millions of cells or a multi-gigabyte export must not take the machine's
/// memory and stop the other files. The defaults keep one file under 1 GB of memory (measured:
/// docs/reliability.md) and are well above the largest real ledgers (a few hundred thousand
/// rows); docs/input-format.md says how to raise them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Files larger than this (MB) are not read.
    pub max_file_mb: u64,
    /// Workbooks (xlsx, ods: zip packages) whose parts unpack to more than this (MB) are not read.
    pub max_unpacked_mb: u64,
    /// Workbooks with more non-empty cells than this, all sheets together, are not read (every
    /// sheet of a file is held until the file is read). An xlsx/xlsb shared-string entry counts
    /// as a cell. For .xls and .ods, whose sheets calamine builds whole and dense when it opens
    /// the file, the limit applies to the cell area (rows × columns from the first to the last
    /// cell) of all sheets together, checked beforehand.
    pub max_cells: u64,
    /// Workbooks whose cells hold more text than this (MB) are not read: a short shared string
    /// referenced by a million cells is a million copies. Also the bound on each part a reader
    /// holds whole (xlsx shared strings, styles, workbook), by its declared size.
    pub max_text_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_mb: 128, max_unpacked_mb: 1024, max_cells: 5_000_000, max_text_mb: 128 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecialtyEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    /// 家次, 家 or 个.
    unit: Option<String>,
    /// How the report names it before 培训 ("规上工业线").
    label: Option<String>,
}

/// An activity category or a partner department: a name and the names clerks write for it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// Everything the run needs to know besides the input files themselves.
#[derive(Debug, Clone)]
pub struct Config {
    pub catalogue: Catalogue,
    /// The categories of activities (会议、学习…), matched like the specialties.
    pub activities: Catalogue,
    /// The partner departments of joint inspections: built in, and tongji.toml's.
    pub departments: Departments,
    /// Where the settings came from, for the report (None: built-in defaults).
    pub source: Option<std::path::PathBuf>,
    /// The user's chart font, as written in tongji.toml (relative to the input folder).
    pub font: Option<std::path::PathBuf>,
    /// 单位名称 in report titles.
    pub unit_name: String,
    /// The workbook's 明细 sheet lists every record when there are at most this many; above it
    /// the sheet says where the records are instead (records/*.parquet). Excel holds 1,048,576
    /// rows a sheet, and a list of hundreds of thousands of rows serves nobody in a workbook.
    pub detail_limit: usize,
    /// What one input file may cost before it is refused.
    pub limits: Limits,
}

/// The default [`Config::detail_limit`]: far above a county's year, below what makes the
/// workbook slow to write and to open.
const DEFAULT_DETAIL_LIMIT: usize = 100_000;

/// The most rows a 明细 sheet can take (Excel's sheet, less the three title and header rows).
const MAX_DETAIL_LIMIT: usize = 1_048_576 - 3;

impl Default for Config {
    fn default() -> Self {
        Config {
            catalogue: Catalogue::builtin(),
            activities: builtin_activities(),
            departments: Departments::default(),
            source: None,
            font: None,
            unit_name: DEFAULT_UNIT_NAME.into(),
            detail_limit: DEFAULT_DETAIL_LIMIT,
            limits: Limits::default(),
        }
    }
}

/// The bureau's name when tongji.toml gives none.
const DEFAULT_UNIT_NAME: &str = "县统计局";

/// The name of the settings file looked for in the input folder.
pub const CONFIG_FILE: &str = "tongji.toml";

impl Config {
    /// Reads `tongji.toml` from the input folder when there is one.
    pub fn load(input_dir: &Path) -> Result<Config, Error> {
        let path = input_dir.join(CONFIG_FILE);
        if !path.is_file() {
            return Ok(Config::default());
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(source) => return Err(Error::ConfigUnreadable { path, source }),
        };
        let mut config = match Config::from_toml(&text) {
            Ok(c) => c,
            Err(source) => return Err(Error::ConfigInvalid { path, source }),
        };
        config.source = Some(path);
        config.font = config.font.map(|f| input_dir.join(f));
        Ok(config)
    }

    fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| ConfigError::Toml(e.to_string()))?;
        let mut specialties =
            if file.builtin_catalogue.unwrap_or(true) { Catalogue::builtin().into_specialties() } else { Vec::new() };
        for entry in file.specialties {
            let name = entry.name.trim().to_string();
            if name.is_empty() {
                return Err(ConfigError::NoName("specialty"));
            }
            let unit = match &entry.unit {
                Some(u) => Some(
                    Unit::parse_verification(u)
                        .ok_or_else(|| ConfigError::Unit { name: name.clone(), unit: u.clone() })?,
                ),
                None => None,
            };
            let label = entry.label.map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
            match specialties.iter_mut().find(|s| s.name == name) {
                Some(existing) => {
                    existing.aliases.extend(entry.aliases);
                    if let Some(u) = unit {
                        existing.verification_unit = u;
                    }
                    if let Some(label) = label {
                        existing.label = Some(label);
                    }
                }
                None => specialties.push(Specialty {
                    name,
                    aliases: entry.aliases,
                    verification_unit: unit.unwrap_or(Unit::UnitVisits),
                    label,
                }),
            }
        }
        let mut activities =
            if file.builtin_activities.unwrap_or(true) { builtin_activities().into_specialties() } else { Vec::new() };
        for entry in file.activities {
            let name = entry.name.trim().to_string();
            if name.is_empty() {
                return Err(ConfigError::NoName("activity"));
            }
            // An alias another category already has would be passed over in silence: said instead.
            for alias in std::iter::once(&name).chain(&entry.aliases) {
                let k = key(alias);
                let taken = activities
                    .iter()
                    .find(|a| a.name != name && std::iter::once(&a.name).chain(&a.aliases).any(|x| key(x) == k));
                if let Some(other) = taken {
                    return Err(ConfigError::AliasTaken {
                        name: name.clone(),
                        alias: alias.clone(),
                        other: other.name.clone(),
                    });
                }
            }
            match activities.iter_mut().find(|s| s.name == name) {
                Some(existing) => existing.aliases.extend(entry.aliases),
                None => activities.push(activity(&name, entry.aliases)),
            }
        }
        let unit_name = file.unit_name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        let detail_limit = file.detail_limit.unwrap_or(DEFAULT_DETAIL_LIMIT);
        if detail_limit > MAX_DETAIL_LIMIT {
            return Err(ConfigError::DetailLimit { given: detail_limit, max: MAX_DETAIL_LIMIT });
        }
        Ok(Config {
            catalogue: Catalogue::new(specialties),
            activities: Catalogue::new(activities),
            departments: Departments::new(
                file.departments.into_iter().map(|d| (d.name.trim().to_string(), d.aliases)).collect(),
            ),
            source: None,
            font: file.font,
            unit_name: unit_name.unwrap_or_else(|| DEFAULT_UNIT_NAME.into()),
            detail_limit,
            limits: file.limits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_read_one_by_one_over_the_defaults() {
        let c = Config::from_toml("[limits]\nmax_text_mb = 5\nmax_cells = 7\n").unwrap();
        assert_eq!(c.limits, Limits { max_text_mb: 5, max_cells: 7, ..Limits::default() });
        assert!(Config::from_toml("[limits]\nmax_txt_mb = 5\n").is_err(), "a misspelt limit is an error");
    }

    #[test]
    fn longest_alias_wins() {
        let c = Catalogue::builtin();
        assert_eq!(c.find("工业生产者价格核查"), Some("工业生产者价格"));
        assert_eq!(c.find("规上工业线"), Some("规上工业"));
        assert_eq!((c.label("规上工业"), c.label("低收入"), c.label("目录外")), ("规上工业线", "低收入", "目录外"));
        assert_eq!(c.find("规模以上工业培训"), Some("规上工业"));
        assert_eq!(c.find("房地产与投资"), Some("房地产与投资"));
        assert_eq!(c.find("投资与房地产培训"), Some("房地产与投资"));
        assert_eq!(c.find("房地产核查"), Some("房地产"));
        assert_eq!(c.find("投资项目核查"), Some("投资"));
        assert_eq!(c.find("规上服务业"), Some("服务业"));
        assert_eq!(c.find("基本单位名录库实地核查"), Some("名录库"));
        assert_eq!(c.find("低收入人口监测培训"), Some("低收入"));
        assert_eq!(c.find("城乡住户调查"), Some("住户调查"));
        assert_eq!(c.find("劳资"), Some("劳动工资"));
        assert_eq!(c.find("执法检查"), Some("执法"));
        assert_eq!(c.find("Sheet1"), None);
        assert_eq!(c.find(""), None);
        assert_eq!(c.find(" 贸 易 "), Some("贸易"));
    }

    #[test]
    fn activity_categories_by_their_longest_alias() {
        let a = builtin_activities();
        assert_eq!(a.find("第3次党组会议"), Some("党组会议"));
        assert_eq!(a.find("局党组（扩大）会议"), Some("党组会议"));
        assert_eq!(a.find("2023年全局党风廉政专题会议"), Some("全局党风廉政专题会议"));
        assert_eq!(a.find("党风廉政专题例会（二季度）"), Some("党风廉政专题例会"));
        assert_eq!(a.find("专题听取党风廉政建设工作汇报"), Some("专题听取党风廉政建设汇报"));
        assert_eq!(a.find("听取意识形态工作汇报"), Some("听取意识形态工作汇报"));
        assert_eq!(a.find("警示教育大会"), Some("警示教育大会"));
        assert_eq!(a.find("主题教育动员部署会"), Some("主题教育"));
        assert_eq!(a.find("理论学习中心组第2次集中学习"), Some("理论中心组学习"));
        assert_eq!(a.find("局务会议"), None);
        // Categories keep the catalogue's order for the report.
        assert!(a.position("党组会议") < a.position("警示教育大会"));
        let c = Config::from_toml("[[activity]]\nname = \"局务会议\"\naliases = [\"局务会\"]\n[[activity]]\nname = \"党组会议\"\naliases = [\"党组中心组会\"]\n").unwrap();
        assert_eq!(c.activities.find("第五次局务会"), Some("局务会议"));
        assert_eq!(c.activities.find("党组中心组会"), Some("党组会议"));
        assert_eq!(c.activities.find("警示教育会议"), Some("警示教育大会"), "the built-in ones stay");
        assert_eq!(a.find("观看警示教育片"), None, "no alias broad enough to take a film for a 大会");
        assert_eq!(a.find("党组专题会议"), Some("党组会议"));
        let only = Config::from_toml("builtin_activities = false\n[[activity]]\nname = \"局务会议\"\n").unwrap();
        assert_eq!(only.activities.find("党组会议"), None);
        assert!(Config::from_toml("[[activity]]\nname = \"\"\n").is_err());
        assert!(Config::from_toml("[[activity]]\nname = \"x\"\nunit = \"家\"\n").is_err(), "an activity has no unit");
        let taken = Config::from_toml("[[activity]]\nname = \"警示教育\"\naliases = [\"警示教育会\"]\n")
            .unwrap_err()
            .to_string();
        assert!(taken.contains("已是活动类别“警示教育大会”"), "{taken}");
    }

    #[test]
    fn equal_length_aliases_take_the_first_in_the_text() {
        let c = Catalogue::builtin();
        assert_eq!(c.find("能源与贸易"), Some("能源"));
        assert_eq!(c.find("贸易与能源"), Some("贸易"));
    }

    #[test]
    fn config_extends_or_replaces_the_catalogue() {
        let c = Config::from_toml("[[specialty]]\nname = \"规上工业\"\naliases = [\"工业科\"]\n[[specialty]]\nname = \"科技\"\naliases = [\"研发\"]\n").unwrap();
        assert_eq!(c.catalogue.find("工业科培训"), Some("规上工业"));
        assert_eq!(c.catalogue.find("研发投入核查"), Some("科技"));
        assert_eq!(c.catalogue.find("贸易"), Some("贸易"));
        let r = Config::from_toml("builtin_catalogue = false\n[[specialty]]\nname = \"科技\"\n").unwrap();
        assert_eq!(r.catalogue.find("贸易"), None);
        assert_eq!(r.catalogue.find("科技"), Some("科技"));
        assert!(Config::from_toml("unknown = 1").is_err());
        assert_eq!(Config::default().unit_name, "县统计局");
        let named = Config::from_toml("unit_name = \"某某县统计局\"\nfont = \"f.ttf\"\n").unwrap();
        assert_eq!((named.unit_name.as_str(), named.font.as_deref()), ("某某县统计局", Some(Path::new("f.ttf"))));
        assert!(Config::from_toml("[[specialty]]\nname = \" \"").is_err());
        let u = Config::from_toml("[[specialty]]\nname = \"能源\"\nunit = \"家\"\n").unwrap();
        assert_eq!(u.catalogue.verification_unit("能源"), Unit::Units);
        assert_eq!(u.catalogue.verification_unit("名录库"), Unit::Units);
        assert_eq!(u.catalogue.verification_unit("投资"), Unit::Items);
        assert_eq!(u.catalogue.verification_unit("贸易"), Unit::UnitVisits);
        assert!(Config::from_toml("[[specialty]]\nname = \"能源\"\nunit = \"户\"\n").is_err());
        let l = Config::from_toml("[[specialty]]\nname = \"能源\"\nlabel = \"能源统计\"\n[[specialty]]\nname = \"科技\"\nlabel = \"科技线\"\n").unwrap();
        assert_eq!(
            (l.catalogue.label("能源"), l.catalogue.label("科技"), l.catalogue.label("贸易")),
            ("能源统计", "科技线", "贸易线")
        );
    }
}
