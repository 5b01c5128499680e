//! `nabij report`: the figures of a tiny archive against hand-counted values, the formats and
//! column names it reads, malformed rows, the files it writes.

mod common;

use common::{nabij, temp_dir};
use serde_json::Value;

/// Four usable rows and two broken ones. By hand, from each reply's profile (`nabij check`
/// on the pair):
/// - row 2 (X, Anne, W10, 60 min): empathy, ownership and follow-up present;
/// - row 3 (X, Bram, W10, 240 min), a cry for help answered with the standard reply:
///   all three missing;
/// - row 4 (Facebook, Bram, W10, 360 min), a repeated contact, the standard reply: all missing;
/// - row 5 (WhatsApp, Anne, W11, 30 min), the standard reply: empathy not needed, the
///   others missing;
/// - line 6: an impossible date; line 7: no reply.
const ARCHIVE: &str = "ontvangen,verstuurd,kanaal,medewerker,bericht,antwoord
2026-03-02 09:00,2026-03-02 10:00,X,Anne,Waar blijft mijn pas?,Wat vervelend dat je zo lang wacht. Ik zoek het uit en bel je morgen voor 12.00 uur. ^AK
2026-03-02 09:00,2026-03-02 13:00,X,Bram,\"Ik weet het echt niet meer, de huur moet betaald worden.\",Bedankt voor uw melding. Wij hebben dit intern doorgezet.
2026-03-03 10:00,2026-03-03 16:00,Facebook,Bram,Ik heb al drie keer gebeld over de container.,Bedankt voor uw melding. Wij hebben dit intern doorgezet.
2026-03-10 08:00,2026-03-10 08:30,WhatsApp,Anne,De lantaarnpaal is kapot.,Bedankt voor uw melding. Wij hebben dit intern doorgezet.
31-02-2026 10:00,2026-03-10 08:30,X,Anne,Hoi,Dag
2026-03-10 08:00,2026-03-10 08:30,X,Anne,Hoi,
";

fn run_report(
    dir: &std::path::Path,
    archive: &str,
    name: &str,
    extra: &[&str],
) -> (Value, String, std::process::Output) {
    run_report_as(&["--no-config"], dir, archive, name, extra)
}

/// `run_report` with `global` flags before the command (`--config FILE`) instead of
/// `--no-config`, for an archive of any bytes.
fn run_report_as(
    global: &[&str],
    dir: &std::path::Path,
    archive: impl AsRef<[u8]>,
    name: &str,
    extra: &[&str],
) -> (Value, String, std::process::Output) {
    let path = dir.join(name);
    std::fs::write(&path, archive).unwrap();
    let json = dir.join(format!("{name}.json"));
    let mut args = global.to_vec();
    args.extend([
        "report",
        path.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
        "--force",
    ]);
    args.extend_from_slice(extra);
    let out = nabij(&args, None);
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (v, stdout, out)
}

fn group<'a>(list: &'a Value, name: &str) -> &'a Value {
    item(list, "name", name).unwrap_or_else(|| panic!("no group {name} in {list}"))
}

/// The element of a JSON array whose `key` is `value`.
fn item<'a>(list: &'a Value, key: &str, value: &str) -> Option<&'a Value> {
    list.as_array().unwrap().iter().find(|g| g[key] == value)
}

fn verdicts(g: &Value, dim: &str) -> (u64, u64, u64) {
    let v = &g[dim];
    (
        v["present"].as_u64().unwrap(),
        v["missing"].as_u64().unwrap(),
        v["not_needed"].as_u64().unwrap(),
    )
}

#[test]
fn the_figures_of_a_tiny_archive_match_a_hand_count() {
    let dir = temp_dir("report-tiny");
    let (v, stdout, _) = run_report(
        &dir,
        ARCHIVE,
        "archief.csv",
        &["--respond-within", "4h", "--show-agents"],
    );
    assert_eq!(v["rows"], 6);
    assert_eq!(v["replies"], 4);
    assert_eq!(v["malformed"], 2);
    let lines: Vec<u64> = v["malformed_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [6, 7]);
    assert!(v["malformed_rows"][0]["reason"].as_str().unwrap().contains("ontvangen"));
    assert!(
        v["malformed_rows"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("geen antwoord")
    );

    let o = &v["overall"];
    // All three standard replies miss an acknowledgement: two answer a cry for help and a
    // repeated contact, and the third thanks for a report ("uw melding") of a broken lamp
    // post, a problem that asks for one too.
    assert_eq!(verdicts(o, "empathy"), (1, 3, 0));
    assert_eq!(verdicts(o, "ownership"), (1, 3, 0));
    assert_eq!(verdicts(o, "follow_up"), (1, 3, 0));
    assert_eq!(o["empathy_share"], 25.0);
    assert_eq!(o["ownership_share"], 25.0);

    let w10 = group(&v["by_week"], "2026-W10");
    assert_eq!(w10["replies"], 3);
    assert_eq!(verdicts(w10, "ownership"), (1, 2, 0));
    let w11 = group(&v["by_week"], "2026-W11");
    assert_eq!(
        w11["empathy_share"], 0.0,
        "the report in W11 needed empathy and got none"
    );
    assert_eq!(w11["ownership_share"], 0.0);
    assert_eq!(group(&v["by_channel"], "X")["replies"], 2);
    assert_eq!(group(&v["by_channel"], "Facebook")["replies"], 1);
    let anne = group(&v["by_agent"], "Anne");
    assert_eq!(anne["empathy_share"], 50.0);
    assert_eq!(anne["ownership_share"], 50.0);
    assert_eq!(group(&v["by_agent"], "Bram")["ownership_share"], 0.0);

    // The cry for help and the repeated contact each got the standard reply (sent 3 times).
    let signal = |name: &str| item(&v["incoming"], "signal", name).unwrap_or_else(|| panic!("no signal {name}"));
    assert_eq!(signal("noodkreet")["messages"], 1);
    assert_eq!(signal("noodkreet")["standard_replies"], 1);
    assert_eq!(signal("herhaald-contact")["standard_replies"], 1);
    assert_eq!(signal("vraag")["standard_replies"], 0);

    let rule = item(&v["rules"], "rule", "intern-doorgezet").unwrap();
    assert_eq!(rule["replies"], 3);
    let phrase = item(&v["phrases"], "phrase", "intern doorgezet").unwrap();
    assert_eq!(phrase["count"], 3);
    assert!(phrase["example"].as_str().unwrap().contains("intern doorgezet"));

    // Response times 30, 60, 240, 360 minutes: median 60, p90 360, one over 4 hours.
    let rt = &v["response_times"];
    assert_eq!(rt["respond_within_minutes"], 240);
    assert_eq!(rt["overall"]["median_minutes"], 60);
    assert_eq!(rt["overall"]["p90_minutes"], 360);
    assert_eq!(rt["overall"]["missed"], 1);
    assert_eq!(rt["overall"]["missed_share"], 25.0);
    let x = group(&rt["by_channel"], "X");
    assert_eq!(
        (x["median_minutes"].as_u64(), x["p90_minutes"].as_u64()),
        (Some(60), Some(240))
    );
    assert_eq!(x["missed"], 0);

    assert!(
        stdout.contains("noodkreet") && stdout.contains("1 kreeg een standaardreactie"),
        "{stdout}"
    );
    assert!(stdout.contains("regel 6:") && stdout.contains("regel 7:"), "{stdout}");

    // The period: the first and the last day of the rows counted.
    assert_eq!(v["period"]["from"], "2026-03-02");
    assert_eq!(v["period"]["to"], "2026-03-10");
    assert!(stdout.contains("periode: 2 maart 2026 t/m 10 maart 2026"), "{stdout}");
    // The alarm: line 3 (a cry for help) and line 4 (a repeated contact) got the standard
    // reply, in which no one speaks as a person; they come before every other figure.
    let alarms = &v["alarms"];
    assert_eq!(
        (alarms["cries_for_help"].as_u64(), alarms["repeated_contacts"].as_u64()),
        (Some(1), Some(1))
    );
    let rows = alarms["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(alarms["total"], 2);
    assert_eq!((rows[0]["line"].as_u64(), rows[1]["line"].as_u64()), (Some(3), Some(4)));
    assert_eq!(rows[0]["signals"], serde_json::json!(["noodkreet"]));
    assert_eq!(rows[1]["signals"], serde_json::json!(["herhaald-contact"]));
    assert_eq!(rows[0]["channel"], "X");
    assert_eq!(rows[0]["at"], "2026-03-02T09:00");
    assert_eq!(
        (rows[0]["standard_reply"].as_bool(), rows[0]["without_person"].as_bool()),
        (Some(true), Some(true))
    );
    let alarm_at = stdout
        .find("Eerst opvolgen: 1 noodkreet en 1 herhaald contact")
        .expect("alarm title");
    assert!(
        alarm_at < stdout.find("Aanwezig waar nodig").unwrap(),
        "the alarm first: {stdout}"
    );
    assert!(
        stdout.contains("regel 3") && stdout.contains("2 maart 2026 09:00"),
        "{stdout}"
    );
    // Dutch numbers and weeks: a decimal comma, and a week by its days.
    assert!(stdout.contains("25,0 %") && !stdout.contains("25.0 %"), "{stdout}");
    assert!(stdout.contains("week 10 (2 t/m 8 maart 2026)"), "{stdout}");
    assert!(stdout.contains("intern-doorgezet (eigenaarschap)"), "{stdout}");
}

/// Agents are not named unless asked; `--since` and `--until` choose days (both ends
/// included, by the citizen's message); a conversation id column comes back in the alarm.
#[test]
fn agents_are_anonymised_by_default_and_a_period_can_be_chosen() {
    let dir = temp_dir("report-period");
    let (v, stdout, _) = run_report(&dir, ARCHIVE, "archief.csv", &[]);
    assert_eq!(v["agents_anonymised"], true);
    let agents: Vec<&str> = v["by_agent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(agents, ["medewerker 1", "medewerker 2"]);
    assert!(!stdout.contains("Anne") && !stdout.contains("Bram"), "{stdout}");

    // 3 March to 9 March: only line 4 (3 March) is inside; lines 2, 3 (2 March) and 5
    // (10 March) are outside, and so is nothing else (lines 6 and 7 are malformed).
    let (v, stdout, _) = run_report(
        &dir,
        ARCHIVE,
        "archief.csv",
        &["--since", "2026-03-03", "--until", "9-3-2026"],
    );
    assert_eq!(v["replies"], 1);
    assert_eq!(v["outside_period"], 3);
    assert_eq!(v["period"]["from"], "2026-03-03");
    assert_eq!(v["period"]["to"], "2026-03-03");
    assert!(stdout.contains("3 rijen buiten de gekozen periode"), "{stdout}");
    // --until takes the whole day: 10 March included.
    let (v, _, _) = run_report(
        &dir,
        ARCHIVE,
        "archief.csv",
        &["--since", "2026-03-10", "--until", "2026-03-10"],
    );
    assert_eq!(v["replies"], 1);
    assert_eq!(v["period"]["to"], "2026-03-10");

    let with_ids = "gesprek_id,kanaal,bericht,antwoord\nT-17,X,Ik weet het echt niet meer.,Bedankt voor uw melding.\n";
    let (v, stdout, _) = run_report(&dir, with_ids, "ids.csv", &[]);
    assert_eq!(v["alarms"]["rows"][0]["conversation"], "T-17");
    assert!(stdout.contains("gesprek T-17"), "{stdout}");
    // An archive without dates has no period, and says so.
    assert_eq!(v["period"], Value::Null);
    assert!(stdout.contains("periode: onbekend"), "{stdout}");
}

/// A reply sent word for word to many people is read once per task (up to 64 of its rows)
/// and checked against each message: what depends on the message must still follow each
/// row. 5,000 rows with two replies, one with an emoji; every third message is a cry for
/// help, where that emoji is an error. (That batch boundaries change nothing is a unit test in `mirror`.)
#[test]
fn a_shared_reply_is_judged_row_by_row() {
    let dir = temp_dir("report-shared");
    let mut archive = String::from("kanaal,bericht,antwoord\n");
    let (mut emoji_cries, mut cries, mut x_rows) = (0, 0, 0);
    for i in 0..5000 {
        let cry = i % 3 == 0;
        let emoji = i % 5 != 0;
        let channel = if i % 2 == 0 { "X" } else { "WhatsApp" };
        cries += u64::from(cry);
        emoji_cries += u64::from(cry && emoji);
        x_rows += u64::from(channel == "X");
        let message = if cry {
            "Ik weet het echt niet meer, de huur moet betaald worden."
        } else {
            "Wanneer wordt het grofvuil opgehaald?"
        };
        let reply = if emoji {
            "Komt goed 👍 Ik bel je vandaag op 06-12345678."
        } else {
            "Dit is heel zwaar. Ik bel je vandaag voor 15.00 uur zelf. ^MS"
        };
        archive.push_str(&format!("{channel},\"{message}\",{reply}\n"));
    }
    let (v, _, _) = run_report(&dir, &archive, "gedeeld.csv", &[]);
    assert_eq!(v["replies"], 5000);
    let emoji = item(&v["rules"], "rule", "emoji-bij-noodkreet").expect("the rule fired");
    assert_eq!(emoji["replies"], emoji_cries);
    assert_eq!(item(&v["incoming"], "signal", "noodkreet").unwrap()["messages"], cries);
    assert_eq!(group(&v["by_channel"], "X")["replies"], x_rows);
    assert!(
        !std::fs::read_to_string(dir.join("gedeeld.csv.json"))
            .unwrap()
            .contains("12345678"),
        "the phone number is masked in every example"
    );
}

#[test]
fn json_lines_named_columns_and_anonymised_agents() {
    let dir = temp_dir("report-jsonl");
    let archive = "{\"datum_in\": \"2026-03-02T09:00:00Z\", \"tekst\": \"Wij kijken ernaar.\", \"wie\": \"Anne\", \"kanaal\": \"x\"}\n\
                   {\"datum_in\": \"2026-03-02T09:00:00Z\", \"tekst\": \"Ik bel je morgen. ^BK\", \"wie\": \"Bram\"}\n\
                   {\"tekst\": 12\n\
                   {\"datum_in\": \"gisteren\", \"tekst\": \"Dag\"}\n";
    let (v, stdout, _) = run_report(
        &dir,
        archive,
        "archief.jsonl",
        &[
            "--column",
            "reply=tekst",
            "--column",
            "received=datum_in",
            "--column",
            "agent=wie",
            "--anonymise",
        ],
    );
    assert_eq!(v["replies"], 2);
    assert_eq!(v["malformed"], 2);
    assert_eq!(v["malformed_rows"][0]["line"], 3);
    assert_eq!(v["malformed_rows"][1]["line"], 4);
    assert_eq!(v["agents_anonymised"], true);
    let agents: Vec<&str> = v["by_agent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(agents, ["medewerker 1", "medewerker 2"]);
    assert!(!stdout.contains("Anne") && !stdout.contains("Bram"), "{stdout}");
    assert_eq!(v["response_times"], Value::Null, "no send times");
}

#[test]
fn invalid_utf8_and_short_rows_are_counted_with_their_lines() {
    let dir = temp_dir("report-bytes");
    let mut archive = b"bericht;antwoord\nHoi;Ik bel je morgen. ^AK\n".to_vec();
    archive.extend_from_slice(b"Hoi;Ik bel je \xff morgen.\nalleen dit\n");
    let (v, _, _) = run_report_as(&["--no-config"], &dir, &archive, "archief.csv", &[]);
    assert_eq!(v["replies"], 1);
    assert_eq!(v["malformed"], 2);
    assert_eq!(v["malformed_rows"][0]["line"], 3);
    assert!(v["malformed_rows"][0]["reason"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(v["malformed_rows"][1]["line"], 4);
    assert!(v["malformed_rows"][1]["reason"].as_str().unwrap().contains("ontbreekt"));
}

#[test]
fn the_html_stands_alone_escapes_the_archive_and_masks_personal_data() {
    let dir = temp_dir("report-html");
    let archive = "agent,message,reply,channel\n\
                   <script>alert(1)</script>,Mijn BSN is 123456782,Ik heb je BSN 123456782 gevonden. Ik bel je morgen. ^AK,X\n";
    let path = dir.join("a.csv");
    std::fs::write(&path, archive).unwrap();
    let html = dir.join("r.html");
    let json = dir.join("r.json");
    let out = nabij(
        &[
            "--no-config",
            "report",
            path.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
            "--show-agents",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<svg"), "{page}");
    assert!(!page.contains("<script"), "the agent name is escaped");
    assert!(page.contains("&lt;script&gt;"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing from the network"
    );
    for file in [&html, &json] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.contains("123456782"), "{}: {text}", file.display());
    }
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("123456782"));
    // An existing file is not replaced without --force, and nothing is read or written then.
    let before = std::fs::read_to_string(&html).unwrap();
    let again = nabij(
        &[
            "--no-config",
            "report",
            path.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&html).unwrap(), before);
}

#[test]
fn an_archive_without_replies_or_a_missing_file_is_an_error() {
    let dir = temp_dir("report-errors");
    let path = dir.join("a.csv");
    std::fs::write(&path, "datum,tekst\n1,2\n").unwrap();
    let out = nabij(&["--no-config", "report", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a.csv") && err.contains("datum, tekst"), "{err}");
    let out = nabij(&["--no-config", "report", dir.join("nee.csv").to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nee.csv"));
    let out = nabij(
        &["--no-config", "report", path.to_str().unwrap(), "--column", "tekst"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "a column without a field");
    // The archive is never overwritten, not even with --force.
    let before = std::fs::read_to_string(&path).unwrap();
    let p = path.to_str().unwrap();
    let out = nabij(&["--no-config", "report", p, "--json", p, "--force"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("het archief dat gelezen wordt"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn report_settings_come_from_nabij_toml() {
    let dir = temp_dir("report-config");
    std::fs::write(
        dir.join("nabij.toml"),
        "[report]\nrespond_within = \"1h\"\nanonymise = true\n[report.columns]\nreply = \"tekst\"\nreceived = \"in\"\nreplied = \"uit\"\n",
    )
    .unwrap();
    let archive = "in,uit,tekst,medewerker\n2026-03-02 09:00,2026-03-02 11:00,Ik bel je morgen. ^AK,Anne\n";
    let cfg = dir.join("nabij.toml");
    let with_config = ["--config", cfg.to_str().unwrap()];
    let (v, _, _) = run_report_as(&with_config, &dir, archive, "a.csv", &[]);
    let path = dir.join("a.csv");
    assert_eq!(v["response_times"]["overall"]["missed"], 1);
    assert_eq!(v["by_agent"][0]["name"], "medewerker 1");
    std::fs::write(&cfg, "[report]\nrespond_within = \"snel\"\n").unwrap();
    let out = nabij(
        &["--config", cfg.to_str().unwrap(), "report", path.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ongeldige duur"));
    // Opening hours and holidays from the file; `show_agents = true` names the agents.
    std::fs::write(
        &cfg,
        "[report]\nopening_hours = \"ma-vr 10:00-17:00\"\nholidays = [\"2026-03-03\"]\nshow_agents = true\n[report.columns]\nreply = \"tekst\"\nreceived = \"in\"\nreplied = \"uit\"\n",
    )
    .unwrap();
    let (v, _, _) = run_report_as(&with_config, &dir, archive, "a.csv", &[]);
    // 09:00 to 11:00 on Monday, open from 10:00: one hour.
    assert_eq!(v["response_times"]["overall"]["median_minutes"], 60);
    assert_eq!(v["response_times"]["opening_hours"]["holidays"][0], "2026-03-03");
    assert_eq!(v["by_agent"][0]["name"], "Anne");
    std::fs::write(&cfg, "[report]\nopening_hours = \"ma-vr 17:00-10:00\"\n").unwrap();
    let out = nabij(
        &["--config", cfg.to_str().unwrap(), "report", path.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ongeldige openingstijden") && err.contains(":2:"), "{err}");
}

#[test]
fn the_example_archive_gives_a_summary_an_html_page_and_json() {
    let dir = temp_dir("report-example");
    let archive = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/archief-synthetisch.csv");
    let html = dir.join("spiegel.html");
    let json = dir.join("spiegel.json");
    let out = nabij(
        &[
            "--no-config",
            "report",
            archive,
            "--respond-within",
            "4h",
            "--html",
            html.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
        None,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    for section in [
        "per kanaal",
        "per week",
        "per medewerker",
        "noodkreet",
        "Reactietijd",
        "Overgeslagen rijen",
    ] {
        assert!(stdout.contains(section), "summary lacks {section}:\n{stdout}");
    }
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["rows"], 400);
    assert!(v["malformed"].as_u64().unwrap() >= 1);
    assert!(v["by_week"].as_array().unwrap().len() >= 8);
    assert!(
        v["topics"].as_array().unwrap().iter().any(|t| t["week"] == "2026-W07"),
        "the burst of week 7 is found: {}",
        v["topics"]
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert_eq!(
        page.matches("<svg").count(),
        4,
        "weeks, channels, signals, response times"
    );
}

/// Response times in opening hours, counted by hand: a message on Friday 6 March 2026 at
/// 19:00 answered on Monday 9 March at 09:30 waited 150 open minutes with the team open
/// ma-vr 08:00-20:00 (60 on Friday, 90 on Monday), not 3,750 on the calendar; one written
/// and answered on Tuesday 10:00-10:40 waited 40. With Monday a holiday, Friday's 60 only.
#[test]
fn response_times_count_only_the_hours_the_team_is_open() {
    let dir = temp_dir("report-hours");
    let archive = "ontvangen,verstuurd,kanaal,bericht,antwoord
2026-03-06 19:00,2026-03-09 09:30,X,Waar blijft mijn pas?,Ik zoek het uit en bel je morgen. ^AK
2026-03-10 10:00,2026-03-10 10:40,X,Waar blijft mijn pas?,Ik zoek het uit en bel je morgen. ^AK
";
    let (v, _, _) = run_report(&dir, archive, "a.csv", &[]);
    assert_eq!(v["response_times"]["clock"], "calendar");
    assert_eq!(v["response_times"]["overall"]["p90_minutes"], 3750);
    let (v, stdout, _) = run_report(&dir, archive, "a.csv", &["--opening-hours", "ma-vr 08:00-20:00"]);
    let rt = &v["response_times"];
    assert_eq!(rt["clock"], "opening_hours");
    assert_eq!(rt["opening_hours"]["written"], "ma-vr 08:00-20:00");
    assert_eq!(
        (
            rt["overall"]["median_minutes"].as_u64(),
            rt["overall"]["p90_minutes"].as_u64()
        ),
        (Some(40), Some(150))
    );
    assert!(
        stdout.contains("Reactietijd binnen openingstijden (ma-vr 08:00-20:00)"),
        "{stdout}"
    );
    let (v, _, _) = run_report(
        &dir,
        archive,
        "a.csv",
        &["--opening-hours", "ma-vr 08:00-20:00", "--holiday", "2026-03-09"],
    );
    assert_eq!(v["response_times"]["overall"]["p90_minutes"], 60);
    assert_eq!(
        v["response_times"]["opening_hours"]["holidays"],
        serde_json::json!(["2026-03-09"])
    );
    // Opening hours that are not opening hours: an error that says why, exit 2.
    let path = dir.join("a.csv");
    let out = nabij(
        &[
            "--no-config",
            "report",
            path.to_str().unwrap(),
            "--opening-hours",
            "ma-vr 20:00-08:00",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--opening-hours"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--compare`, counted by hand on the tiny archive: 10 March (line 5 alone) against the
/// rest (lines 2-4). Empathy 0 of 1 against 1 of 3; response times 30 minutes against
/// 60, 240 and 360 (median 240), late over 4 hours 0 of 1 against 1 of 3; the two alarm
/// rows are both in the rest: 0 against 66,7 per 100 replies.
#[test]
fn a_period_compared_with_the_rest() {
    let dir = temp_dir("report-compare");
    let (v, stdout, _) = run_report(
        &dir,
        ARCHIVE,
        "archief.csv",
        &["--respond-within", "4h", "--compare", "2026-03-10..2026-03-10"],
    );
    let c = &v["compare"];
    assert_eq!(c["period"]["from"], "2026-03-10");
    assert_eq!(c["period"]["to"], "2026-03-10");
    assert_eq!(
        (c["chosen"]["replies"].as_u64(), c["rest"]["replies"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(c["chosen"]["empathy_share"], 0.0);
    assert_eq!(c["rest"]["empathy_share"], 33.3);
    assert_eq!(c["difference"]["empathy_share"], -33.3);
    assert_eq!(
        (
            c["chosen"]["median_minutes"].as_u64(),
            c["rest"]["median_minutes"].as_u64()
        ),
        (Some(30), Some(240))
    );
    assert_eq!(c["rest"]["missed_share"], 33.3);
    assert_eq!(c["difference"]["missed_share"], -33.3);
    assert_eq!(c["chosen"]["alarms_per_100"], 0.0);
    assert_eq!(c["rest"]["alarms_per_100"], 66.7);
    assert!(
        stdout.contains("Vergelijking: 10 maart 2026 t/m 10 maart 2026 tegen de rest"),
        "{stdout}"
    );
    assert!(stdout.contains("-33,3 procentpunt"), "{stdout}");
    // Without --compare there is no comparison.
    let (v, _, _) = run_report(&dir, ARCHIVE, "archief.csv", &[]);
    assert_eq!(v["compare"], Value::Null);
}

/// `--compare-before`: a period against the days of the same length just before it, not
/// against the rest of the archive.
#[test]
fn a_period_compared_with_the_days_before_it() {
    let dir = temp_dir("report-compare-before");
    let (v, stdout, _) = run_report(
        &dir,
        ARCHIVE,
        "archief.csv",
        &["--compare", "2026-03-03..2026-03-10", "--compare-before"],
    );
    let c = &v["compare"];
    // 3 to 10 March (8 days: lines 4 and 5) against 23 February to 2 March (lines 2 and 3).
    assert_eq!(c["against"]["from"], "2026-02-23");
    assert_eq!(c["against"]["to"], "2026-03-02");
    assert_eq!(
        (c["chosen"]["replies"].as_u64(), c["rest"]["replies"].as_u64()),
        (Some(2), Some(2))
    );
    // Lines 2 and 3: empathy 1 of 2; lines 4 and 5: 0 of 2.
    assert_eq!(
        (
            c["chosen"]["empathy_share"].as_f64(),
            c["rest"]["empathy_share"].as_f64()
        ),
        (Some(0.0), Some(50.0))
    );
    assert!(
        stdout.contains("tegen de 8 dagen ervoor (23 februari 2026 t/m 2 maart 2026)"),
        "{stdout}"
    );
}

/// A personal reply sent word for word three times is a standard reply: to a cry for help
/// it is an alarm row too, known only once the archive is read (the first two looked
/// personal when they were counted). Sent twice, it is not.
#[test]
fn a_personal_reply_sent_three_times_to_a_cry_for_help_is_an_alarm() {
    let dir = temp_dir("report-alarm-late");
    let reply = "Wat naar dat je dit meemaakt. Ik bel je vandaag nog zelf. Groet, Anne";
    let row = |line: u32| format!("2026-03-0{line} 09:00,X,Ik weet het echt niet meer.,{reply}\n");
    let header = "ontvangen,kanaal,bericht,antwoord\n";
    let three = format!("{header}{}{}{}", row(2), row(3), row(4));
    let (v, _, _) = run_report(&dir, &three, "drie.csv", &[]);
    let alarms = &v["alarms"];
    assert_eq!(alarms["total"], 3, "{alarms}");
    assert_eq!(alarms["rows"][0]["standard_reply"], true);
    assert_eq!(alarms["rows"][0]["without_person"], false);
    let lines: Vec<u64> = alarms["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 4]);
    let two = format!("{header}{}{}", row(2), row(3));
    let (v, _, _) = run_report(&dir, &two, "twee.csv", &[]);
    assert_eq!(v["alarms"]["total"], 0, "{}", v["alarms"]);
}
