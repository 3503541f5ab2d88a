//! Units above the districts (省 → 市 → 县 → 供电所), from `$.units` and each district's
//! `parent`: rankings show one level at a time. A link's `unit=` names the unit whose children
//! are ranked (and restricts the view to its districts); without it the top level is ranked —
//! below the root when the file has a single one, so a province opens on its prefectures.
//!
//! A level is computed by rolling a report up: each member's figures are the sums of its
//! districts' additive counts, its customers their sum, so every ranking panel, table, export
//! and finding works on units unchanged. A parent code that names no unit, or a loop of
//! parents, is read as "no parent": a broken hierarchy is flat, never an error.

use crate::dataset::{District, Info};
use crate::domain::{Area, Members};
use crate::report::{DistrictFigures, DistrictMonths, Report};
use hashbrown::HashMap;

/// The parent of each unit and district, as a unit index; `None` at the top.
struct Tree {
    unit_parent: Vec<Option<u16>>,
    district_parent: Vec<Option<u16>>,
}

impl Tree {
    fn of(info: &Info) -> Tree {
        let index: HashMap<&str, u16> = info
            .units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| Some((u.code.as_str(), u16::try_from(i).ok()?)))
            .collect();
        let find = |code: &Option<String>| code.as_deref().and_then(|c| index.get(c).copied());
        let mut unit_parent: Vec<Option<u16>> =
            info.units.iter().map(|u| find(&u.parent)).collect();
        // A unit whose ancestors loop back never reaches the top: it becomes a top unit. Each
        // walk stops after as many steps as there are units.
        for start in 0..unit_parent.len() {
            let mut at = unit_parent.get(start).copied().flatten();
            let mut steps = 0;
            while let Some(u) = at {
                if usize::from(u) == start || steps > unit_parent.len() {
                    if let Some(p) = unit_parent.get_mut(start) {
                        *p = None;
                    }
                    break;
                }
                at = unit_parent.get(usize::from(u)).copied().flatten();
                steps += 1;
            }
        }
        Tree {
            unit_parent,
            district_parent: info.districts.iter().map(|d| find(&d.parent)).collect(),
        }
    }
}

/// Whether the file has a hierarchy: some district has a known parent unit.
pub fn has_hierarchy(info: &Info) -> bool {
    Tree::of(info).has_hierarchy()
}

/// The index of unit `code`.
pub fn unit_index(info: &Info, code: &str) -> Option<u16> {
    info.units
        .iter()
        .position(|u| u.code == code)
        .and_then(|i| u16::try_from(i).ok())
}

/// The districts below unit `u`, ascending.
pub fn districts_of(info: &Info, u: u16) -> Vec<u16> {
    Tree::of(info).districts_of(info, u)
}

/// One entry of a level: a unit (with the districts below it) or a district.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub code: String,
    pub name: String,
    /// `Some` for a unit, which a click drills into.
    pub unit: Option<u16>,
    pub districts: Vec<u16>,
}

/// The unit a level shows the children of: `unit`, or at the top the single root (if the top
/// holds one unit and nothing else).
fn shown(info: &Info, tree: &Tree, unit: Option<u16>) -> Option<u16> {
    if unit.is_some() {
        return unit;
    }
    let top_units: Vec<u16> = (0..tree.unit_parent.len())
        .filter(|&u| tree.unit_parent.get(u) == Some(&None))
        .filter_map(|u| u16::try_from(u).ok())
        .collect();
    let top_districts = tree.district_parent.iter().any(Option::is_none);
    match (top_units.as_slice(), top_districts) {
        ([root], false) if !info.districts.is_empty() => Some(*root),
        _ => None,
    }
}

/// The members ranked under `unit` (the top when `None`), units first then districts, each in
/// file order; units without a district below them are left out.
pub fn level(info: &Info, unit: Option<u16>) -> Vec<Member> {
    Tree::of(info).level(info, unit)
}

impl Tree {
    fn has_hierarchy(&self) -> bool {
        self.district_parent.iter().any(Option::is_some)
    }

    /// The districts below unit `u`: those of the members of its level.
    fn districts_of(&self, info: &Info, u: u16) -> Vec<u16> {
        let mut out: Vec<u16> = self
            .level(info, Some(u))
            .into_iter()
            .flat_map(|m| m.districts)
            .collect();
        out.sort_unstable();
        out
    }

    /// [`level`] of this tree.
    fn level(&self, info: &Info, unit: Option<u16>) -> Vec<Member> {
        let tree = self;
        let at = shown(info, tree, unit);
        let mut below: Vec<Vec<u16>> = vec![Vec::new(); info.units.len()];
        let mut members = Vec::new();
        for (d, district) in info.districts.iter().enumerate() {
            let Ok(d16) = u16::try_from(d) else { continue };
            let parent = tree.district_parent.get(d).copied().flatten();
            if parent == at {
                members.push((
                    usize::MAX,
                    d,
                    Member {
                        code: district.code.clone(),
                        name: district.name.clone(),
                        unit: None,
                        districts: vec![d16],
                    },
                ));
                continue;
            }
            // The child of `at` on the way up from the district, if the district is below `at`.
            let mut u = parent;
            let mut steps = 0;
            while let Some(x) = u {
                let up = tree.unit_parent.get(usize::from(x)).copied().flatten();
                if up == at {
                    if let Some(list) = below.get_mut(usize::from(x)) {
                        list.push(d16);
                    }
                    break;
                }
                if steps > tree.unit_parent.len() {
                    break;
                }
                u = up;
                steps += 1;
            }
        }
        for (u, districts) in below.into_iter().enumerate() {
            if districts.is_empty() {
                continue;
            }
            if let (Some(unit), Ok(u16_)) = (info.units.get(u), u16::try_from(u)) {
                members.push((
                    u,
                    0,
                    Member {
                        code: unit.code.clone(),
                        name: unit.name.clone(),
                        unit: Some(u16_),
                        districts,
                    },
                ));
            }
        }
        crate::order::sort_by_key(&mut members, |(u, d, _)| (*u, *d));
        members.into_iter().map(|(_, _, m)| m).collect()
    }
}

/// The units from the top down to the one shown (the breadcrumb): `(unit, name)`.
pub fn breadcrumb(info: &Info, unit: Option<u16>) -> Vec<(u16, String)> {
    let tree = Tree::of(info);
    let mut path = Vec::new();
    let mut at = shown(info, &tree, unit);
    while let Some(u) = at {
        if path.len() > tree.unit_parent.len() {
            break;
        }
        if let Some(x) = info.units.get(usize::from(u)) {
            path.push((u, x.name.clone()));
        }
        at = tree.unit_parent.get(usize::from(u)).copied().flatten();
    }
    path.reverse();
    path
}

/// What rankings read: the file facts and report rolled up to the level shown, or the file's
/// own when it has no hierarchy. `Level::of(info, report)`, then `.info()` and `.report()`.
pub struct Level<'a> {
    own: (&'a Info, &'a Report),
    rolled: Option<(Info, Report)>,
}

impl<'a> Level<'a> {
    pub fn of(info: &'a Info, report: &'a Report) -> Level<'a> {
        Level {
            own: (info, report),
            rolled: roll_up(info, report),
        }
    }

    pub fn info(&self) -> &Info {
        self.rolled.as_ref().map_or(self.own.0, |r| &r.0)
    }

    pub fn report(&self) -> &Report {
        self.rolled.as_ref().map_or(self.own.1, |r| &r.1)
    }
}

/// What the rows of a ranking at `unit`'s level are (as [`roll_up`] names them).
pub fn members(info: &Info, unit: Option<u16>) -> Members {
    let tree = Tree::of(info);
    if !tree.has_hierarchy() {
        return Members::Districts;
    }
    members_of(&tree.level(info, unit))
}

/// Districts if every member of a level is one, else units.
fn members_of(level: &[Member]) -> Members {
    if level.iter().all(|m| m.unit.is_none()) {
        Members::Districts
    } else {
        Members::Units
    }
}

/// The report and file facts of one level: its members in place of the districts, with summed
/// figures. `None` when the file has no hierarchy (the districts are the level).
pub fn roll_up(info: &Info, report: &Report) -> Option<(Info, Report)> {
    let tree = Tree::of(info);
    if !tree.has_hierarchy() {
        return None;
    }
    let members = tree.level(info, report.unit);
    // Selected members: those holding a district chosen in the link. A unit's own districts
    // (the filter a drill-down sets) select nothing.
    let own = report.unit.map(|u| tree.districts_of(info, u));
    let chosen: &[u16] = match &own {
        Some(own) if *own == report.filter.districts => &[],
        _ => &report.filter.districts,
    };
    let mut rolled_info = info.clone();
    rolled_info.members = members_of(&members);
    rolled_info.districts = members
        .iter()
        .map(|m| {
            let of = |d: &u16| info.district(*d);
            let customers = m
                .districts
                .iter()
                .try_fold(0u64, |sum, d| sum.checked_add(of(d)?.customers?));
            // The area most of its districts have (urban on a tie).
            let mut areas = [0usize; 3];
            for d in m.districts.iter().filter_map(of) {
                if let Some(n) = areas.get_mut(d.area.index()) {
                    *n += 1;
                }
            }
            let area = Area::ALL
                .into_iter()
                .max_by_key(|a| {
                    (
                        areas.get(a.index()).copied().unwrap_or(0),
                        std::cmp::Reverse(a.index()),
                    )
                })
                .unwrap_or(Area::Urban);
            District {
                code: m.code.clone(),
                name: m.name.clone(),
                area,
                customers,
                parent: None,
            }
        })
        .collect();
    let mut rolled = report.clone();
    rolled.districts = Vec::new();
    rolled.district_months = Vec::new();
    rolled.filter.districts = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let Ok(index) = u16::try_from(i) else {
            continue;
        };
        let mut fig = DistrictFigures {
            index,
            ..DistrictFigures::default()
        };
        let mut months: Option<DistrictMonths> = None;
        for &d in &m.districts {
            let f = report.district(d);
            fig.current.merge(&f.current);
            fig.previous.merge(&f.previous);
            fig.year_before.merge(&f.year_before);
            if let Some(dm) = report.months_of(d) {
                let sum = months.get_or_insert_with(|| DistrictMonths {
                    index,
                    months: vec![Default::default(); dm.months.len()],
                });
                for (a, b) in sum.months.iter_mut().zip(&dm.months) {
                    a.merge(b);
                }
            }
        }
        if fig.current.tickets + fig.previous.tickets + fig.year_before.tickets > 0 {
            rolled.districts.push(fig);
        }
        rolled.district_months.extend(months);
        if m.districts.iter().any(|d| chosen.contains(d)) {
            rolled.filter.districts.push(index);
        }
    }
    Some((rolled_info, rolled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Unit;

    fn info(units: &[(&str, Option<&str>)], districts: &[(&str, Option<&str>)]) -> Info {
        let mut info = Info {
            meta: crate::dataset::Meta::new(None, 0, crate::calendar::Offset(0)),
            districts: Vec::new(),
            members: Members::Districts,
            units: Vec::new(),
            targets: Default::default(),
            categories: Default::default(),
            channels: Default::default(),
        };
        info.units = units
            .iter()
            .map(|&(code, parent)| Unit {
                code: code.into(),
                name: format!("{code}名"),
                parent: parent.map(Into::into),
            })
            .collect();
        info.districts = districts
            .iter()
            .map(|&(code, parent)| District {
                code: code.into(),
                name: code.into(),
                area: Area::Urban,
                customers: Some(100),
                parent: parent.map(Into::into),
            })
            .collect();
        info
    }

    fn codes(members: &[Member]) -> Vec<&str> {
        members.iter().map(|m| m.code.as_str()).collect()
    }

    #[test]
    fn a_province_opens_on_its_prefectures_and_drills_to_counties() {
        let i = info(
            &[
                ("P", None),
                ("A", Some("P")),
                ("B", Some("P")),
                ("E", Some("P")),
            ],
            &[("a1", Some("A")), ("a2", Some("A")), ("b1", Some("B"))],
        );
        assert!(has_hierarchy(&i));
        let top = level(&i, None);
        assert_eq!(
            codes(&top),
            ["A", "B"],
            "below the single root; E has no district"
        );
        assert_eq!(top[0].districts, [0, 1]);
        assert_eq!(breadcrumb(&i, None), [(0, "P名".to_string())]);
        let a = unit_index(&i, "A");
        assert_eq!(codes(&level(&i, a)), ["a1", "a2"]);
        assert_eq!(
            breadcrumb(&i, a),
            [(0, "P名".to_string()), (1, "A名".to_string())]
        );
        assert_eq!(districts_of(&i, 0), [0, 1, 2]);
        assert_eq!(districts_of(&i, 2), [2]);
    }

    #[test]
    fn broken_hierarchies_are_flat_not_errors() {
        // A loop, an unknown parent, and districts beside units at the top.
        let i = info(
            &[("X", Some("Y")), ("Y", Some("X")), ("Z", Some("nope"))],
            &[("x1", Some("X")), ("z1", Some("Z")), ("free", None)],
        );
        let top = level(&i, None);
        assert_eq!(
            codes(&top),
            ["X", "Z", "free"],
            "Y, in the loop, sits below X"
        );
        let flat = info(&[], &[("a", None), ("b", Some("missing"))]);
        assert!(!has_hierarchy(&flat));
        assert_eq!(codes(&level(&flat, None)), ["a", "b"]);
    }
}
