//! A deterministic generator of realistic exports: the dashboard's embedded sample (a year of a
//! prefecture-level supply company) and the million-ticket benchmark input.
//!
//! Realism that matters to the charts: district volumes follow customer counts, summer (air
//! conditioning, storms) and Spring Festival peaks, complaint causes with a Pareto shape, slower
//! repair arrival in remote areas, tickets still open at export time, repeat complainants,
//! satisfaction that drops when a ticket was late, and surveys that override a ticket's own score.
//! Same seed, same bytes: a test checks `public/sample.json.gz` against a fresh run.

use crate::calendar::{civil_from_days, days_from_civil, SECONDS_PER_DAY};
use std::fmt::Write;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct SampleSpec {
    pub tickets: usize,
    pub seed: u64,
    /// Whole months before the export (made on 1 November 2026).
    pub months: u32,
}

/// The embedded sample: 24 000 tickets over two years (so that its latest month has a 同比),
/// about 7 MB of JSON, served gzipped.
pub const EMBEDDED: SampleSpec = SampleSpec {
    tickets: 24_000,
    seed: 2026,
    months: 24,
};

const OFFSET_SECS: i64 = 8 * 3600;

struct DistrictSpec {
    code: &'static str,
    name: &'static str,
    area: &'static str,
    customers: u32,
    /// Multiplier on complaint share and on delays: >1 is a district that struggles.
    strain: f64,
}

const DISTRICTS: [DistrictSpec; 9] = [
    DistrictSpec {
        code: "FC",
        name: "涪城区",
        area: "urban",
        customers: 412_300,
        strain: 0.9,
    },
    DistrictSpec {
        code: "YX",
        name: "游仙区",
        area: "urban",
        customers: 268_900,
        strain: 1.0,
    },
    DistrictSpec {
        code: "AZ",
        name: "安州区",
        area: "rural",
        customers: 186_400,
        strain: 0.95,
    },
    DistrictSpec {
        code: "JY",
        name: "江油市",
        area: "rural",
        customers: 395_700,
        strain: 1.05,
    },
    DistrictSpec {
        code: "ST",
        name: "三台县",
        area: "rural",
        customers: 478_200,
        strain: 1.3,
    },
    DistrictSpec {
        code: "YT",
        name: "盐亭县",
        area: "rural",
        customers: 203_100,
        strain: 1.1,
    },
    DistrictSpec {
        code: "ZT",
        name: "梓潼县",
        area: "rural",
        customers: 151_600,
        strain: 0.85,
    },
    DistrictSpec {
        code: "BC",
        name: "北川羌族自治县",
        area: "remote",
        customers: 98_300,
        strain: 1.2,
    },
    DistrictSpec {
        code: "PW",
        name: "平武县",
        area: "remote",
        customers: 87_500,
        strain: 1.4,
    },
];

/// Labels with relative weights.
type Weighted = &'static [(&'static str, f64)];

/// (kind, share of tickets, categories with weights)
const KINDS: [(&str, f64, Weighted); 6] = [
    (
        "inquiry",
        0.43,
        &[
            ("电费查询", 40.0),
            ("停电信息", 25.0),
            ("业务办理", 22.0),
            ("政策咨询", 13.0),
        ],
    ),
    (
        "repair",
        0.29,
        &[
            ("低压故障", 45.0),
            ("客户内部故障", 25.0),
            ("高压故障", 12.0),
            ("计量故障", 10.0),
            ("电能质量", 8.0),
        ],
    ),
    (
        "request",
        0.11,
        &[
            ("新装增容", 38.0),
            ("过户更名", 24.0),
            ("表计校验", 20.0),
            ("电子发票", 18.0),
        ],
    ),
    (
        "complaint",
        0.09,
        &[
            ("电费电价", 30.0),
            ("停电问题", 24.0),
            ("服务态度", 16.0),
            ("业扩报装", 12.0),
            ("频繁停电", 7.0),
            ("抢修质量", 5.0),
            ("电压质量", 4.0),
            ("计量装置", 2.0),
        ],
    ),
    (
        "suggestion",
        0.045,
        &[("服务建议", 70.0), ("渠道建议", 30.0)],
    ),
    ("praise", 0.035, &[("表扬员工", 75.0), ("表扬服务", 25.0)]),
];

const CHANNELS: [(&str, f64); 5] = [
    ("95598", 50.0),
    ("网上国网", 30.0),
    ("营业厅", 12.0),
    ("微信公众号", 5.0),
    ("12345热线", 3.0),
];

/// Relative ticket volume by month, January first: Spring Festival and summer peaks.
const SEASON: [f64; 12] = [
    1.25, 1.3, 0.95, 0.85, 0.9, 1.0, 1.35, 1.45, 1.05, 0.85, 0.85, 1.05,
];

/// SplitMix64: tiny, fast, and the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Log-normal with the given median and shape (σ of the underlying normal).
    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        median * (sigma * normal).exp()
    }

    fn weighted<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let total: f64 = items.iter().map(|i| i.1).sum();
        let mut x = self.unit() * total;
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }
}

fn timestamp(out: &mut String, utc: i64) {
    let local = utc + OFFSET_SECS;
    let (y, m, d) = civil_from_days(local.div_euclid(SECONDS_PER_DAY));
    let s = local.rem_euclid(SECONDS_PER_DAY);
    let _ = write!(
        out,
        "\"{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+08:00\"",
        s / 3600,
        s / 60 % 60,
        s % 60
    );
}

/// Generates an export document (format v1) as JSON text.
pub fn generate(spec: SampleSpec) -> String {
    let mut rng = Rng(spec.seed);
    // The export is made on 1 November 2026; the tickets fill the whole months before it.
    let end_day = days_from_civil(2026, 11, 1);
    let months_back = i64::from(spec.months.clamp(1, 360));
    let first_month = 2026 * 12 + 10 - months_back; // months since year 0, January = 0
    let start_day = days_from_civil(
        first_month.div_euclid(12),
        (first_month.rem_euclid(12) + 1) as u32,
        1,
    );
    let days = end_day - start_day;
    let exported_at = (start_day + days) * SECONDS_PER_DAY - OFFSET_SECS + 8 * 3600;
    let mut out = String::with_capacity(spec.tickets * 330 + 4096);
    out.push_str("{\"format\":\"service-kpi-export\",\"version\":1,\"organization\":\"国网绵阳供电公司\",\"exported_at\":");
    timestamp(&mut out, exported_at);
    out.push_str(",\"timezone\":\"+08:00\",\"districts\":[");
    for (i, d) in DISTRICTS.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(
            out,
            "{sep}{{\"code\":\"{}\",\"name\":\"{}\",\"area\":\"{}\",\"customers\":{}}}",
            d.code, d.name, d.area, d.customers
        );
    }
    out.push_str("],\"targets\":{\"first_response_min\":{\"complaint\":1440,\"inquiry\":60},\"repair_arrival_min\":{\"urban\":45,\"rural\":90,\"remote\":120},\"resolution_hours\":{\"complaint\":168,\"repair\":4,\"inquiry\":24,\"request\":120,\"suggestion\":168},\"satisfaction_mean\":4.5,\"csat_pct\":90,\"complaint_rate_per_10k\":10,\"first_response_pct\":90,\"repair_arrival_pct\":85,\"resolution_pct\":85,\"repeat_complaint_pct\":5},\"tickets\":[");

    // Day weights: season × weekday (fewer tickets at weekends).
    let day_weights: Vec<(i64, f64)> = (0..days)
        .map(|d| {
            let day = start_day + d;
            let (_, m, _) = civil_from_days(day);
            let weekday = (day + 4).rem_euclid(7); // 0 = Sunday
            let w = if weekday == 0 || weekday == 6 {
                0.8
            } else {
                1.0
            };
            (day, SEASON[(m - 1) as usize] * w)
        })
        .collect();
    let district_weights: Vec<(usize, f64)> = DISTRICTS
        .iter()
        .enumerate()
        .map(|(i, d)| (i, f64::from(d.customers)))
        .collect();
    let kind_weights: Vec<(usize, f64)> = KINDS.iter().enumerate().map(|(i, k)| (i, k.1)).collect();
    // A small pool of frequent complainants per district makes repeat complaints happen.
    let pool = (spec.tickets / 400).max(10) as u64;
    let mut surveys = String::new();
    let mut survey_count = 0usize;

    for n in 0..spec.tickets {
        let day = *rng.weighted(&day_weights);
        let di = *rng.weighted(&district_weights);
        let d = &DISTRICTS[di];
        let (_, month, _) = civil_from_days(day);
        let summer = matches!(month, 7 | 8);
        let mut ki = *rng.weighted(&kind_weights);
        if summer && ki == 0 && rng.chance(0.25) {
            ki = 1; // heat and storms turn inquiries into fault calls
        }
        if ki == 0 && rng.chance((d.strain - 0.85) * 0.12) {
            ki = 3; // struggling districts draw more complaints
        }
        let (kind, _, categories) = KINDS[ki];
        let category = *rng.weighted(categories);
        // Daytime-weighted hour of day.
        let hour = if rng.chance(0.82) {
            8 + rng.below(12)
        } else {
            rng.below(24)
        } as i64;
        let opened = day * SECONDS_PER_DAY - OFFSET_SECS + hour * 3600 + rng.below(60) as i64 * 60;
        let channel = *rng.weighted(&CHANNELS);
        let tier = *rng.weighted(&[("A", 5.0), ("B", 25.0), ("C", 55.0), ("", 15.0)]);

        let _ = write!(
            out,
            "{}{{\"id\":\"MY{:08}\",\"opened_at\":",
            if n == 0 { "" } else { "," },
            25_110_000 + n
        );
        timestamp(&mut out, opened);
        let _ = write!(out, ",\"district\":\"{}\",\"kind\":\"{kind}\",\"category\":\"{category}\",\"channel\":\"{channel}\"", d.code);
        let has_customer = rng.chance(0.86);
        if has_customer {
            let id = if kind == "complaint" && rng.chance(0.3) {
                rng.below(pool) + di as u64 * 1_000_000
            } else {
                1_000_000_000 + rng.below(8_000_000_000)
            };
            let _ = write!(out, ",\"customer_id\":\"{id:010}\"");
        }
        if !tier.is_empty() {
            let _ = write!(out, ",\"customer_tier\":\"{tier}\"");
        }

        // Milestones, in seconds after opening.
        let strain = d.strain;
        let first_median = match kind {
            "complaint" => 150.0,
            "inquiry" => 18.0,
            _ => 25.0,
        } * 60.0
            * strain;
        let first = rng.lognormal(first_median, 1.0) as i64;
        let arrival = (kind == "repair").then(|| {
            let median = match d.area {
                "urban" => 32.0,
                "rural" => 58.0,
                _ => 80.0,
            } * 60.0
                * strain
                * if summer { 1.15 } else { 1.0 };
            rng.lognormal(median, 0.5) as i64
        });
        let resolution_median = match kind {
            "repair" => 2.6,
            "inquiry" => 3.0,
            "complaint" => 60.0,
            "request" => 50.0,
            "suggestion" => 90.0,
            _ => 20.0,
        } * 3600.0
            * strain;
        let mut resolution = rng.lognormal(resolution_median, 0.9) as i64;
        if let Some(a) = arrival {
            resolution = resolution.max(a + 15 * 60);
        }
        let stuck = rng.chance(0.004);
        let at = |delta: i64| opened + delta;
        if at(first) < exported_at && !rng.chance(0.01) {
            out.push_str(",\"first_response_at\":");
            timestamp(&mut out, at(first));
        }
        if let Some(a) = arrival {
            if at(a) < exported_at {
                out.push_str(",\"arrived_at\":");
                timestamp(&mut out, at(a));
            }
        }
        let resolved = !stuck && at(resolution) < exported_at;
        if resolved {
            out.push_str(",\"resolved_at\":");
            timestamp(&mut out, at(resolution));
            // Return visits: late tickets score lower.
            let late = resolution as f64 > resolution_median * 2.0;
            if rng.chance(0.42) {
                let base = if late { 3.3 } else { 4.5 } - (strain - 1.0);
                let score = (base + rng.unit() * 1.6 - 0.6).round().clamp(1.0, 5.0) as i64;
                if rng.chance(0.7) {
                    let _ = write!(out, ",\"satisfaction\":{score}");
                }
                if rng.chance(0.35) {
                    let rescored = (score + rng.below(3) as i64 - 1).clamp(1, 5);
                    let sep = if survey_count == 0 { "" } else { "," };
                    let _ = write!(
                        surveys,
                        "{sep}{{\"ticket_id\":\"MY{:08}\",\"surveyed_at\":",
                        25_110_000 + n
                    );
                    timestamp(
                        &mut surveys,
                        (at(resolution) + 86_400 + rng.below(86_400 * 3) as i64).min(exported_at),
                    );
                    let _ = write!(surveys, ",\"score\":{rescored}}}");
                    survey_count += 1;
                }
            }
        }
        out.push('}');
    }
    out.push_str("],\"surveys\":[");
    out.push_str(&surveys);
    out.push_str("]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_and_it_loads_cleanly() {
        let spec = SampleSpec {
            tickets: 3000,
            seed: 7,
            months: 30,
        };
        let a = generate(spec);
        assert_eq!(a, generate(spec));
        let loaded = crate::load::load(a.as_bytes()).unwrap();
        assert_eq!(loaded.dataset.len(), 3000);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
        assert_eq!(loaded.dataset.districts.len(), 9);
        // 30 whole months before November 2026: May 2024 to October 2026.
        let months = &loaded.dataset.meta.ticket_months;
        assert_eq!(months.len(), 30);
        assert_eq!(
            months.first().map(|m| m.to_string()),
            Some("2024-05".into())
        );
        assert_eq!(months.last().map(|m| m.to_string()), Some("2026-10".into()));
    }
}
