//! A large file is checked and printed in parts (at most `PART_REPLIES` replies at a time):
//! what every format prints must be exactly what it prints for the whole file at once.

mod common;

use nabij::check::load;
use nabij::lint::Step;
use nabij::lint::{CheckOptions, PART_REPLIES, RunOptions};
use nabij::print::Captured;
use nabij::print::check::{Format, RunStart, print_run, printer};
use nabij::rules::{LoadOptions, Severity};

#[test]
fn a_file_in_parts_prints_as_the_whole_file_in_every_format() {
    let dir = common::temp_dir("parts");
    // More paragraphs than fit in one part, some with findings, one with personal data
    // near the boundary between the parts.
    let mut text = String::new();
    for i in 0..PART_REPLIES + 40 {
        let reply = match i % 4 {
            0 => "We kijken ernaar.".to_string(),
            1 => format!("Dank je wel, nummer {i}."),
            2 if i == PART_REPLIES - 2 => "Mijn BSN is 123456782, we hebben het intern doorgezet.".to_string(),
            2 => "Ik bel je morgen voor 12 uur. ^MS".to_string(),
            _ => "Uw melding is intern doorgezet.".to_string(),
        };
        text.push_str(&reply);
        text.push_str("\n\n");
    }
    // Blank lines after them make this a large file (an archive, read by paragraph).
    text.push_str(&"\n".repeat(nabij::input::LARGE_TEXT));
    let path = common::write(&dir, "archief.txt", &text);
    let (set, errors) = load(&LoadOptions::default());
    assert!(errors.is_empty());
    let options = CheckOptions::default();
    let run = RunOptions {
        baseline: None,
        write_baseline: None,
        force: false,
        fail_on: Severity::Warning,
        no_force_exclude: false,
    };
    let whole = nabij::lint::run(&set, &options, std::slice::from_ref(&path), &run, Vec::new()).unwrap();
    assert_eq!(whole.files.len(), 1);
    assert!(
        whole.files[0].replies.len() > PART_REPLIES,
        "the file comes in more than one part"
    );
    let formats = [
        Format::Human,
        Format::Compact,
        Format::Json,
        Format::Sarif,
        Format::Github,
    ];
    let renderer = annotate_snippets::Renderer::plain();
    let printers: Vec<_> = formats
        .iter()
        .map(|&f| printer(Some(f), &set, false, renderer.clone()))
        .collect();
    // One run, every printer told of it as it goes.
    let mut streamed: Vec<Captured> = formats.iter().map(|_| Captured::default()).collect();
    let outcome = nabij::lint::run_each(
        &set,
        &options,
        std::slice::from_ref(&path),
        &run,
        Vec::new(),
        &mut |step| {
            for (p, out) in printers.iter().zip(&mut streamed) {
                match step {
                    Step::Start(problems) => p.print(&RunStart { problems }, out),
                    Step::File(part) => p.print(&part, out),
                }
            }
        },
    )
    .unwrap();
    for (p, out) in printers.iter().zip(&mut streamed) {
        p.print(&outcome, out);
    }
    for (i, &format) in formats.iter().enumerate() {
        let mut at_once = Captured::default();
        print_run(
            &*printer(Some(format), &set, false, renderer.clone()),
            &whole,
            &mut at_once,
        );
        // GitHub's stop token is new for every run.
        let token = |s: &str| {
            s.split("nabij-")
                .map(|p| p.trim_start_matches(|c: char| c.is_ascii_hexdigit()))
                .collect::<Vec<_>>()
                .join("")
        };
        let streamed = &streamed[i].out;
        assert_eq!(token(streamed), token(&at_once.out), "{format:?}");
        assert!(
            !streamed.contains("123456782"),
            "{format:?}: personal data masked in every part"
        );
        if format == Format::Json {
            let doc: serde_json::Value = serde_json::from_str(streamed).expect("one JSON document");
            let replies = doc["files"][0]["replies"].as_array().unwrap().len();
            assert_eq!(replies, whole.files[0].replies.len());
        }
    }
}
