//! The catalogues: the specialties and the activity categories a bureau has, each with the names
//! clerks write for it (aliases, longest match), its unit of verification and its label.

use crate::model::Unit;
use crate::normalize::text::key;

/// The built-in catalogue: canonical name and aliases, in the order the bureau lists them.
const BUILTIN: &[(&str, &[&str])] = &[
    ("规上工业", &["工业", "规模以上工业", "规上工业线"]),
    ("贸易", &["贸易业", "商贸", "批零住餐", "批发零售"]),
    ("服务业", &["规上服务业"]),
    ("房地产", &["房地产开发"]),
    ("投资", &["固定资产投资", "投资项目"]),
    ("房地产与投资", &["投资与房地产"]),
    ("农业", &["农业监测", "农林牧渔", "农调"]),
    ("粮食", &["粮食监测", "粮食产量"]),
    ("低收入", &["低收入人口监测", "低收入监测"]),
    ("住户调查", &["住户", "城乡住户调查"]),
    ("能源", &["能源统计"]),
    ("劳动工资", &["劳资", "劳动工资统计"]),
    ("名录库", &["基本单位名录库", "名录"]),
    ("工业生产者价格", &["价格", "工业价格"]),
    ("执法", &["统计执法", "执法检查", "法规"]),
    ("综合", &["综合科", "办公室"]),
];

/// The built-in categories of activities (会议台账, 工作台账), in the order the report lists them:
/// the seed report's first, then the usual others. A row's category is its 类别 cell, else its
/// 会议名称 / 活动名称, matched by the longest alias it contains ("局党组（扩大）会议" → 党组会议).
const BUILTIN_ACTIVITIES: &[(&str, &[&str])] = &[
    ("党组会议", &["党组扩大会议", "党组（扩大）会议", "党组专题会议", "局党组会", "党组会"]),
    ("党风廉政专题例会", &["党风廉政例会", "廉政例会", "党风廉政建设例会"]),
    ("全局党风廉政专题会议", &["全局党风廉政会议", "全局党风廉政建设会议", "全局党风廉政建设大会"]),
    ("专题听取党风廉政建设汇报", &["听取党风廉政建设汇报", "听取党风廉政建设工作汇报", "党风廉政建设汇报"]),
    ("听取意识形态工作汇报", &["意识形态工作汇报", "听取意识形态汇报", "专题研究意识形态工作", "意识形态专题会"]),
    ("警示教育大会", &["警示教育会", "警示教育会议", "警示教育专题会"]),
    ("主题教育", &["主题教育动员部署会", "主题教育推进会"]),
    ("专题会议", &["专题会", "专题辅导会", "专题学习会"]),
    ("廉政短信提醒", &["廉政短信", "节前廉政短信", "节前廉政提醒", "短信提醒"]),
    ("理论中心组学习", &["中心组学习", "理论学习中心组", "中心组理论学习"]),
    ("主题党日", &["主题党日活动", "党员活动日"]),
    ("党课", &["专题党课", "讲党课"]),
    ("民主生活会", &["专题民主生活会"]),
    ("组织生活会", &["专题组织生活会"]),
];

/// Specialties whose verifications are not counted in 家次 by default: 名录库 counts distinct
/// units ("名录库专业实地核查20家"), 投资 counts projects ("投资项目核查261个").
const BUILTIN_UNITS: &[(&str, Unit)] = &[("名录库", Unit::Units), ("投资", Unit::Items)];

/// How the report names a specialty's training where it is not the name itself: the bureau
/// writes "规上工业线培训", "贸易线培训" but "低收入培训", "住户调查培训".
const BUILTIN_LABELS: &[(&str, &str)] = &[("规上工业", "规上工业线"), ("贸易", "贸易线")];

/// One canonical specialty and the names it goes by.
#[derive(Debug, Clone, PartialEq)]
pub struct Specialty {
    pub name: String,
    pub aliases: Vec<String>,
    /// How its verifications are counted: 家次 (the default), 家 or 个.
    pub verification_unit: Unit,
    /// How the report names it before 培训 ("规上工业线"); None: its name.
    pub label: Option<String>,
}

/// The specialties a bureau reports on, matched by the longest alias contained in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    specialties: Vec<Specialty>,
    /// (alias key, index into specialties), longest key first.
    keys: Vec<(String, usize)>,
}

impl Catalogue {
    pub fn builtin() -> Catalogue {
        Catalogue::new(
            BUILTIN
                .iter()
                .map(|(n, a)| Specialty {
                    name: n.to_string(),
                    aliases: a.iter().map(|s| s.to_string()).collect(),
                    verification_unit: BUILTIN_UNITS
                        .iter()
                        .find(|(u, _)| u == n)
                        .map_or(Unit::UnitVisits, |(_, unit)| *unit),
                    label: BUILTIN_LABELS.iter().find(|(l, _)| l == n).map(|(_, label)| label.to_string()),
                })
                .collect(),
        )
    }

    pub fn new(specialties: Vec<Specialty>) -> Catalogue {
        let mut keys: Vec<(String, usize)> = Vec::new();
        for (i, s) in specialties.iter().enumerate() {
            for name in std::iter::once(&s.name).chain(&s.aliases) {
                let k = key(name);
                if !k.is_empty() && !keys.iter().any(|(e, _)| *e == k) {
                    keys.push((k, i));
                }
            }
        }
        // Longest first; among equals, catalogue order (stable sort).
        keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
        Catalogue { specialties, keys }
    }

    pub fn specialties(&self) -> &[Specialty] {
        &self.specialties
    }

    /// The entries, to build a catalogue from (tongji.toml adds to the built-in one).
    pub(crate) fn into_specialties(self) -> Vec<Specialty> {
        self.specialties
    }

    /// The canonical specialty named in `text`: the longest alias contained in it wins
    /// ("工业生产者价格核查" → 工业生产者价格, not 规上工业); among equally long ones, the one
    /// that stands first in the text.
    pub fn find(&self, text: &str) -> Option<&str> {
        let k = key(text);
        if k.is_empty() {
            return None;
        }
        let mut best: Option<(usize, usize, usize)> = None; // (alias length, position in text, index)
        for (alias, idx) in &self.keys {
            let len = alias.chars().count();
            if let Some((blen, _, _)) = best {
                if len < blen {
                    break;
                }
            }
            if let Some(pos) = k.find(alias.as_str()) {
                match best {
                    Some((_, bpos, _)) if bpos <= pos => {}
                    _ => best = Some((len, pos, *idx)),
                }
            }
        }
        best.map(|(_, _, i)| self.specialties[i].name.as_str())
    }

    /// Whether a text is a specialty's name or alias and nothing more ("规上工业", "贸易（人次）"),
    /// as a column header of a table by month is; "工业总产值" only contains one.
    pub fn is_name(&self, text: &str) -> bool {
        let k = key(text);
        !k.is_empty() && self.keys.iter().any(|(alias, _)| *alias == k)
    }

    /// Position of a canonical name in the catalogue (for ordering reports), if it is one.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.specialties.iter().position(|s| s.name == name)
    }

    /// How the report names a specialty before 培训: its label, else its name.
    pub fn label<'a>(&'a self, name: &'a str) -> &'a str {
        self.specialties.iter().find(|s| s.name == name).and_then(|s| s.label.as_deref()).unwrap_or(name)
    }

    /// How a specialty's verifications are counted (家次 for names outside the catalogue).
    pub fn verification_unit(&self, name: &str) -> Unit {
        self.specialties.iter().find(|s| s.name == name).map_or(Unit::UnitVisits, |s| s.verification_unit)
    }
}

/// Endings of the names of places (乡镇、街道、村、园区) and of units (公司、厂、合作社、学校): a row
/// label with one names where or whom a figure is about, never a specialty.
const PLACE_OR_UNIT_ENDINGS: [&str; 25] = [
    "镇",
    "乡",
    "街道",
    "街道办",
    "办事处",
    "社区",
    "村",
    "居委会",
    "村委会",
    "开发区",
    "园区",
    "工业园",
    "管委会",
    "公司",
    "有限公司",
    "厂",
    "集团",
    "合作社",
    "超市",
    "商店",
    "商行",
    "医院",
    "学校",
    "酒店",
    "商贸城",
];

/// Whether a label names a place or a unit ("城关镇", "东山乡", "经济开发区", "甲商贸有限公司"),
/// which a specialty never is; asked only of a text the catalogue does not know.
pub fn is_place_or_unit(text: &str) -> bool {
    let k = key(text);
    // 城镇、农村、乡村、城乡 are how 住户调查 breaks its figures down, not places.
    if NOT_PLACES.contains(&k.as_str()) {
        return false;
    }
    k.chars().count() >= 3 && PLACE_OR_UNIT_ENDINGS.iter().any(|e| k.ends_with(e) && k != *e)
}

/// Words with a place's ending that name a kind of area, not a place.
const NOT_PLACES: [&str; 8] = ["城镇", "农村", "乡村", "城乡", "城市社区", "农村社区", "城镇社区", "城乡社区"];

/// The built-in activity categories as a catalogue.
pub fn builtin_activities() -> Catalogue {
    Catalogue::new(
        BUILTIN_ACTIVITIES.iter().map(|(n, a)| activity(n, a.iter().map(|s| s.to_string()).collect())).collect(),
    )
}

pub(crate) fn activity(name: &str, aliases: Vec<String>) -> Specialty {
    Specialty { name: name.to_string(), aliases, verification_unit: Unit::UnitVisits, label: None }
}
