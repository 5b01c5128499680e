#!/usr/bin/env python3
"""Write one nabij rule file per phrase (the peer kit's phrases.txt), for benchmarks.

    python3 scripts/phrases_to_rules.py PHRASES.txt OUT_DIR [--times N]

Each rule marks its phrase as written (whole words, case and diacritics folded, as all nabij
phrases) and carries a must-fire and a must-stay-silent example, like every nabij rule.
`--times N` writes N rules per phrase (for the 10x-rules benchmark): the phrase itself, and
N-1 variants that add a made-up closing word ("... zq3"). The variants share every real word
with their phrase, so each time the phrase's words turn up in a text nabij has N patterns to
try, yet they never match: the findings stay those of the 300 phrases, and only the cost of
more rules is measured (a worst case; in a real list most phrases have words of their own).
"""
import os
import re
import sys


def main():
    args = sys.argv[1:]
    times = 1
    if "--times" in args:
        i = args.index("--times")
        times = int(args[i + 1])
        del args[i : i + 2]
    phrases_file, out = args
    phrases = [l.strip() for l in open(phrases_file, encoding="utf-8") if l.strip() and not l.startswith("#")]
    os.makedirs(out, exist_ok=True)
    n = 0
    for copy in range(times):
        for i, p in enumerate(phrases, 1):
            # The phrase syntax treats ( ) ? * ~ { } and ... specially; these phrases are words.
            if re.search(r"[()?*~{}]|\.\.\.", p):
                raise SystemExit(f"phrase needs escaping: {p!r}")
            rid = f"zin-{i:03d}" if copy == 0 else f"zin-{i:03d}-{copy}"
            pattern = p if copy == 0 else f"{p} zq{copy}"
            example = p if copy == 0 else f"{p} zq{copy}"
            text = f'''id = "{rid}"
dimension = "clarity"
severity = "warning"
message = "Vermijd: {p}"
why = "Benchmarkregel uit de lijst van 300 zinnen."
suggest = ["Zeg het in je eigen woorden."]
patterns = ["{pattern}"]

[examples]
fire = ["Hallo. «{example}»."]
silent = ["Ik bel je morgen."]
'''
            with open(os.path.join(out, rid + ".toml"), "w", encoding="utf-8") as f:
                f.write(text)
            n += 1
    print(f"{n} rules -> {out}")


if __name__ == "__main__":
    main()
