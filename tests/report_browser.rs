//! The report's HTML in a real browser (headless Chromium), at a phone's width (390 px) and
//! a desk's (1280 px): the alarm comes first, the browser reports no error, nothing is
//! fetched from anywhere, and a screenshot of each width is written to `target/` to look
//! at. Skipped, saying so, where no Chromium is installed (Debian: `apt-get install
//! chromium`).

mod common;

use common::browser::chromium;
use common::{nabij, temp_dir};
use std::path::Path;
use std::process::Command;

/// Chromium's own requests, which it makes whatever page it shows (a clock, an account
/// check, a start page); the page's requests are everything else.
const BROWSER_OWN: &[&str] = &["google.com/", "gvt1.com/", "googleapis.com/", "gstatic.com/"];

/// Run the browser on `page` at `width` px with `extra` arguments: its standard output, its
/// log, and every URL outside the page that was requested (from the browser's net log; a
/// proxy that does not exist keeps any request from leaving the machine).
fn browse(browser: &Path, page: &Path, width: u32, extra: &[&str]) -> (String, String, Vec<String>) {
    let profile = temp_dir(&format!("chromium-{width}-{}", extra.len()));
    let netlog = profile.join("netlog.json");
    let out = Command::new(browser)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--proxy-server=127.0.0.1:9",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--log-net-log={}", netlog.display()),
            &format!("--user-data-dir={}", profile.display()),
            &format!("--window-size={width},2600"),
        ])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let log = std::fs::read_to_string(&netlog).unwrap_or_default();
    let requested: Vec<String> = log
        .split("\"url\":\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|url| !url.starts_with("file:") && !url.starts_with("data:"))
        .filter(|url| !BROWSER_OWN.iter().any(|host| url.contains(host)))
        .map(str::to_string)
        .collect();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        requested,
    )
}

#[test]
fn the_report_in_a_browser_shows_the_alarm_first_at_both_widths() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium on this machine (apt-get install chromium)");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = temp_dir("report-browser");
    let page = dir.join("rapport.html");
    let out = nabij(
        &[
            "--no-config",
            "report",
            root.join("examples/archief-synthetisch.csv").to_str().unwrap(),
            "--respond-within",
            "4h",
            "--html",
            page.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    for width in [390, 1280] {
        let (dom, log, requested) = browse(&browser, &page, width, &["--dump-dom"]);
        assert!(requested.is_empty(), "at {width} px the page asked for {requested:?}");
        // The first thing after the title and its line is the alarm.
        let body = &dom[dom.find("<body>").expect("a body") + "<body>".len()..];
        let first_block = body.find("<section").expect("an alarm section");
        let before: String = body[..first_block].to_string();
        assert!(
            !before.contains("<h2") && !before.contains("<table") && !before.contains("<svg"),
            "at {width} px something comes before the alarm: {before}"
        );
        assert!(
            body[first_block..].starts_with("<section class=\"alarm\""),
            "{}",
            &body[first_block..first_block + 80]
        );
        assert!(body.contains("Eerst opvolgen:"), "{width} px");
        for bad in ["CONSOLE", "Uncaught", "Refused to"] {
            assert!(!log.contains(bad), "at {width} px the browser said {bad}:\n{log}");
        }
        let png = root.join(format!("target/report-{width}.png"));
        let _ = std::fs::remove_file(&png);
        let shot = format!("--screenshot={}", png.display());
        let (_, log, requested) = browse(&browser, &page, width, &[&shot]);
        assert!(requested.is_empty(), "{requested:?}");
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(
            size > 20_000,
            "{} is {size} bytes: an empty page?\n{log}",
            png.display()
        );
    }
}
