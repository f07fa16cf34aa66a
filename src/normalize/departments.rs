//! Partner departments of joint inspections: one 联合部门 cell split into the departments it
//! names, and each named by the short name a report uses.

use super::text::{fold, key};
use super::values::means_nothing;

/// Partner departments by the words their names contain, with the short name a report uses:
/// "县消防救援大队" → 消防, "县市场监督管理局" → 市场监管, "县住房和城乡建设局" → 住建.
const DEPARTMENTS: [(&str, &str); 24] = [
    ("消防", "消防"),
    ("市场监管", "市场监管"),
    ("市场监督", "市场监管"),
    ("税务", "税务"),
    ("应急", "应急"),
    ("公安", "公安"),
    ("派出所", "公安"),
    ("人社", "人社"),
    ("人力资源", "人社"),
    ("住建", "住建"),
    ("住房和城乡建设", "住建"),
    ("商务", "商务"),
    ("农业农村", "农业农村"),
    ("农业局", "农业农村"),
    ("卫健", "卫健"),
    ("卫生健康", "卫健"),
    ("经信", "经信"),
    ("工业和信息化", "经信"),
    ("发改", "发改"),
    ("发展和改革", "发改"),
    ("文旅", "文旅"),
    ("文化和旅游", "文旅"),
    ("生态环境", "生态环境"),
    ("自然资源", "自然资源"),
];

/// The short name of the department a partner text names; the text itself when it names none
/// of [`DEPARTMENTS`].
pub fn department(partner: &str) -> String {
    Departments::default().short(partner)
}

/// The departments a bureau works with: the built-in ones ([`DEPARTMENTS`]) and those tongji.toml
/// adds (`[[department]] name = "教育", aliases = ["县教育局"]`), which are looked at first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Departments {
    /// (short name, the keys of its name and aliases).
    added: Vec<(String, Vec<String>)>,
}

impl Departments {
    /// The built-in departments and `added`, each (short name, aliases).
    pub fn new(added: Vec<(String, Vec<String>)>) -> Departments {
        let added = added
            .into_iter()
            .map(|(name, aliases)| {
                let keys = std::iter::once(&name).chain(&aliases).map(|a| key(a)).filter(|k| !k.is_empty()).collect();
                (name, keys)
            })
            .collect();
        Departments { added }
    }

    /// The short name a report uses for a partner text; the text itself when no department of
    /// tongji.toml or the built-in ones is in it.
    pub fn short(&self, partner: &str) -> String {
        self.known(partner).unwrap_or_else(|| partner.trim().to_string())
    }

    /// The partners one 联合部门 cell names, as [`split_partners`] says, splitting at 和, 及 and 与
    /// when every part names a department of the built-in list or tongji.toml.
    pub fn split(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for part in fold(text).split(['、', '，', ',', '；', ';', '/', '+', '＋']).map(str::trim) {
            if part.is_empty() || means_nothing(part) || alone(part) {
                continue;
            }
            let pieces: Vec<&str> = part.split(['和', '及', '与']).map(str::trim).collect();
            if pieces.len() > 1 && pieces.iter().all(|p| !p.is_empty() && self.known(p).is_some()) {
                out.extend(pieces.into_iter().map(str::to_string));
            } else {
                out.push(part.to_string());
            }
        }
        out
    }

    /// The short name of the department a text names, if any is known.
    pub fn known(&self, partner: &str) -> Option<String> {
        let k = key(partner);
        self.added
            .iter()
            .find(|(_, keys)| keys.iter().any(|w| k.contains(w.as_str())))
            .map(|(name, _)| name.clone())
            .or_else(|| DEPARTMENTS.iter().find(|(word, _)| k.contains(word)).map(|(_, short)| short.to_string()))
    }
}

/// A partner cell's part that says the bureau went alone or names the bureau itself: no partner.
fn alone(part: &str) -> bool {
    let k = key(part);
    ["单独", "单独检查", "独立", "独立开展", "独立检查", "本局", "本单位", "自行检查", "自查", "无需联合", "未联合检查"]
        .contains(&k.as_str())
        || k.ends_with("统计局")
        || k == "统计"
}

/// The partners one 联合部门 cell names: "县消防救援大队、县市场监管局" is two. Split at 、，,；;
/// / +; at 和, 及 and 与 only when every part names a department ("消防和市场监管" is two,
/// "县住房和城乡建设局" and "和平街道" are one). Empty parts and parts that mean nothing are
/// dropped.
pub fn split_partners(text: &str) -> Vec<String> {
    Departments::default().split(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partners_split_at_separators() {
        assert_eq!(split_partners("县消防救援大队、县市场监管局"), vec!["县消防救援大队", "县市场监管局"]);
        assert_eq!(split_partners("消防；税务, 应急/公安"), vec!["消防", "税务", "应急", "公安"]);
        assert_eq!(split_partners("消防和市场监管"), vec!["消防", "市场监管"]);
        assert_eq!(split_partners("县住房和城乡建设局"), vec!["县住房和城乡建设局"]);
        assert_eq!(split_partners("县人力资源和社会保障局"), vec!["县人力资源和社会保障局"]);
        assert_eq!(split_partners("和平街道"), vec!["和平街道"]);
        assert_eq!(department("县住房和城乡建设局"), "住建");
        assert_eq!(department("县市场监督管理局"), "市场监管");
        assert_eq!(department("和平街道"), "和平街道");
        assert_eq!(split_partners("消防"), vec!["消防"]);
        assert_eq!(split_partners("消防、无"), vec!["消防"]);
        assert!(split_partners("单独检查").is_empty());
        assert!(split_partners("县统计局").is_empty());
        assert_eq!(split_partners("县统计局、县消防大队"), vec!["县消防大队"]);
    }
}
