#!/usr/bin/env python3
"""Compile-time cost of `#[altur_api]`: the same 1, 10 and 100 endpoints declared with the macro,
declared with the macro checked against an OpenAPI document (`spec`), and written by hand
against reqwest (fixtures from `gen.py`), timed with cargo.

    cd benches/compile-time && ./measure.py          # 10 rounds; 2.5 min on 2 cores
    ./measure.py --rounds 3 --release-rounds 1       # a quick, noisy run
    ./measure.py --no-release                        # cargo check only

The first run also builds the dependencies in the dev and the release profile, about 5 min more
on 2 cores (aws-lc-sys compiles C). Run it on a quiet machine. It prints a Markdown report and
writes it, with the raw timings as JSON, to `results/` (ignored by git), next to the expanded
sources.

What is measured, per fixture:

- `cargo check -p <fixture>` wall time, in rounds; each round runs every (fixture, mode) pair
  once, in a shuffled order. Modes:
  - `touch`: the file's mtime changes, its text does not, with incremental compilation as cargo
    enables it for `cargo check` (the dev profile default). Like editing another file of the
    crate: rustc reruns the proc macro and reuses the rest.
  - `edit`: endpoint 0's route changes (`/thing0` and `/items0` alternate), incremental; in a
    `spec` fixture, in the source and in the document. Not run for `fixture-spec-big-1`, whose
    document is the Altur one.
  - `full`: `touch` with `CARGO_INCREMENTAL=0`, so the whole crate is checked again.
  - One extra job per round is `cargo check` with nothing to do: cargo's own overhead.
- `cargo build --release -p <fixture>` after a touch, and the size of the `.rlib`. The fixture's
  `calls` function boxes every endpoint's future as `dyn Future`, so this compiles every state
  machine, as a program calling the endpoints would.
- The expanded source (`-Zunpretty=expanded`, formatted with `rustfmt --edition 2024`), and the
  main rustc passes (`-Ztime-passes`, min of 3 runs). These run the exact rustc command cargo
  uses for the check, with `RUSTC_BOOTSTRAP=1` set for rustc alone, so cargo's fingerprints
  (and the built dependencies) are left as they are, and `CARGO_MANIFEST_DIR` set as cargo sets
  it, for the `spec` paths.

"Per endpoint" is (t100 - t1) / 99 (with `--sizes`, between the smallest and the largest);
"macro extra" is the macro's per-endpoint value minus the hand-written one, "spec extra" the
`spec` one minus the macro's. The fixed cost of `spec` is `fixture-spec-1` minus
`fixture-macro-1` (its own small document), and `fixture-spec-big-1` minus `fixture-macro-1`
(the same one endpoint checked against the whole Altur document).
"""

import argparse
import datetime
import json
import math
import os
import pathlib
import platform
import random
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

import gen

HERE = pathlib.Path(__file__).resolve().parent
TARGET = HERE / "target"
SIZES = gen.DEFAULT_SIZES
VARIANTS = gen.VARIANTS
BIG = gen.name_of(gen.BIG, 1)
MODES = ("touch", "edit", "full")
# `coherence_checking` is part of `type_check_crate`: coherence and the well-formedness checks of
# every item, such as the `+ Send` bound on a returned `impl Future`.
PASSES = (
    "macro_expand_crate",
    "type_check_crate",
    "coherence_checking",
    "MIR_borrow_checking",
    "total",
)


def fixture(variant: str, n: int) -> str:
    return gen.name_of(variant, n)


def modes_of(name: str) -> tuple[str, ...]:
    """The big fixture's route is one of the Altur document's, which the edit would leave."""
    return tuple(mode for mode in MODES if not (name == BIG and mode == "edit"))


def lib_path(name: str) -> pathlib.Path:
    return gen.FIXTURES / name / "src" / "lib.rs"


def run(args, env=None, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        args, cwd=HERE, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    if check and result.returncode != 0:
        sys.exit(f"failed: {shlex.join(args)}\n{result.stderr[-4000:]}")
    return result


def cargo_env(incremental: bool | None = None) -> dict:
    env = dict(os.environ)
    env.pop("RUSTC_BOOTSTRAP", None)
    if incremental is False:
        env["CARGO_INCREMENTAL"] = "0"
    return env


def touch(path: pathlib.Path) -> None:
    # Nanosecond mtimes, later than any build so far, so cargo always sees the file as changed.
    now = time.time_ns()
    os.utime(path, ns=(now, now))


def compiled(stderr: str) -> list[str]:
    """The packages cargo compiled or checked, from its progress lines."""
    return re.findall(r"^\s+(?:Checking|Compiling) (\S+) v", stderr, re.M)


def timed_cargo(args, env, expect: str | None) -> float:
    """Seconds of wall time for one cargo command, which must have rebuilt exactly `expect`
    (or nothing, when `expect` is None): a rebuilt dependency would spoil the timing."""
    start = time.perf_counter()
    result = run(["cargo", *args], env=env)
    seconds = time.perf_counter() - start
    built = compiled(result.stderr)
    wanted = [expect] if expect else []
    if built != wanted:
        sys.exit(
            f"`cargo {shlex.join(args)}` built {built}, expected {wanted} (did a dependency's "
            f"source change during the run?):\n{result.stderr}"
        )
    return seconds


def machine() -> dict:
    def out(args):
        try:
            return subprocess.run(args, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"

    model = "?"
    for line in out(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    root = HERE.parent.parent
    commit = out(["git", "-C", str(root), "rev-parse", "--short", "HEAD"])
    changed = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--"]
        + ["altur-client", "altur-macros", "Cargo.toml"],
        capture_output=True,
        text=True,
    ).stdout
    return {
        "commit": commit or "?",
        "uncommitted": [line[3:] for line in changed.splitlines()],
        "nproc": out(["nproc"]),
        "cpu": model,
        "kernel": platform.release(),
        "rustc": out(["rustc", "-V"]),
        "cargo": out(["cargo", "-V"]),
        "loadavg": pathlib.Path("/proc/loadavg").read_text().split()[:3]
        if pathlib.Path("/proc/loadavg").exists()
        else "?",
    }


def rustc_command(name: str) -> list[str]:
    """The rustc command `cargo check` runs for the fixture, from `cargo check -v`."""
    touch(lib_path(name))
    result = run(["cargo", "check", "-v", "-p", name], env=cargo_env())
    crate = f"--crate-name {name.replace('-', '_')} "
    lines = [line for line in result.stderr.splitlines() if "Running `" in line and crate in line]
    if not lines:
        sys.exit(f"no rustc command for {name} in:\n{result.stderr}")
    return shlex.split(lines[-1].split("Running `", 1)[1].rstrip().rstrip("`"))


def standalone(words: list[str]) -> list[str]:
    """The command without `--emit`, the diagnostics format, the output directory and the
    incremental directory, to run it by hand with other flags."""
    command, skip = [], False
    for index, word in enumerate(words):
        if skip:
            skip = False
        elif word.startswith(("--error-format", "--json", "--emit")):
            pass
        elif word == "--out-dir" or (word == "-C" and words[index + 1].startswith("incremental=")):
            skip = True
        else:
            command.append(word)
    return command


def rustc_env(name: str) -> dict:
    """For rustc run by hand: nightly flags allowed, and the manifest directory `spec` paths are
    relative to."""
    return dict(os.environ, RUSTC_BOOTSTRAP="1", CARGO_MANIFEST_DIR=str(gen.FIXTURES / name))


def expanded(name: str, command: list[str]) -> dict:
    env = rustc_env(name)
    result = subprocess.run(
        [*command, "-Zunpretty=expanded"], cwd=HERE, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"-Zunpretty=expanded failed for {name}:\n{result.stderr}")
    text = result.stdout
    formatted = subprocess.run(
        ["rustfmt", "--edition", "2024", "--emit", "stdout"],
        input=text,
        capture_output=True,
        text=True,
    )
    rustfmt = formatted.returncode == 0
    if rustfmt:
        text = formatted.stdout
    (HERE / "results" / "expanded").mkdir(parents=True, exist_ok=True)
    (HERE / "results" / "expanded" / f"{name}.rs").write_text(text)
    source = lib_path(name).read_text()
    return {
        "source_lines": code_lines(source),
        "source_bytes": len(source.encode()),
        "expanded_lines": code_lines(text),
        "expanded_bytes": len(text.encode()),
        "rustfmt": rustfmt,
    }


def code_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def time_passes(name: str, command: list[str], repeats: int) -> dict:
    env = rustc_env(name)
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as out_dir:
        for _ in range(repeats):
            result = subprocess.run(
                [*command, "-Ztime-passes", "--emit=metadata", "--out-dir", out_dir],
                cwd=HERE,
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                sys.exit(f"-Ztime-passes failed for {name}:\n{result.stderr}")
            for match in re.finditer(r"^time:\s+([\d.]+);.*\t(\S+)$", result.stderr, re.M):
                seconds, pass_name = float(match.group(1)), match.group(2)
                if pass_name in PASSES:
                    best[pass_name] = min(best.get(pass_name, seconds), seconds)
    return best


def increments(values: dict) -> dict:
    """Per-endpoint increments for a {fixture name: number} table, per variant, plus the
    macro's extra over the hand-written code and `spec`'s extra over the macro; and the fixed
    cost of `spec`, with the fixture's document and with the Altur one."""
    per = {}
    for variant in VARIANTS:
        low, high = values[fixture(variant, SIZES[0])], values[fixture(variant, SIZES[-1])]
        per[variant] = (high - low) / (SIZES[-1] - SIZES[0])
    per["extra"] = per["macro"] - per["hand"]
    per["spec_extra"] = per["spec"] - per["macro"]
    smallest = fixture("macro", SIZES[0])
    per["spec_fixed"] = values[fixture("spec", SIZES[0])] - values[smallest]
    per["big_fixed"] = values[BIG] - values[smallest] if BIG in values else float("nan")
    return per


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def ms_signed(seconds: float) -> str:
    if math.isnan(seconds):
        return ""
    return f"{seconds * 1000:+.1f}" if abs(seconds) < 0.1 else f"{seconds * 1000:+.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds of `cargo check` (10)")
    parser.add_argument(
        "--release-rounds", type=int, default=5, help="rounds of release builds (5)"
    )
    parser.add_argument("--no-release", action="store_true", help="skip the release builds")
    parser.add_argument("--seed", type=int, default=None, help="seed of the shuffles")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(gen.DEFAULT_SIZES),
        help="endpoints per fixture (1 10 100)",
    )
    args = parser.parse_args()
    global SIZES
    SIZES = tuple(sorted(set(args.sizes)))
    if len(SIZES) < 2:
        parser.error("--sizes needs at least two sizes")
    release_rounds = 0 if args.no_release else args.release_rounds
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    started = time.perf_counter()

    names = gen.generate(SIZES)
    info = machine()
    print(f"machine: {info}", file=sys.stderr)

    # Dependencies, built once and shared by every fixture. `CARGO_INCREMENTAL=0` gives the path
    # dependency (altur-client) a second, non-incremental build, which the `full` mode uses.
    setup = {}
    builds = [
        ("check", ["check", "--workspace"], cargo_env()),
        ("check, CARGO_INCREMENTAL=0", ["check", "--workspace"], cargo_env(False)),
    ]
    if release_rounds:
        builds.append(("build --release", ["build", "--release", "--workspace"], cargo_env()))
    for label, cargo_args, env in builds:
        print(f"building dependencies: cargo {' '.join(cargo_args)} ({label})", file=sys.stderr)
        start = time.perf_counter()
        result = run(["cargo", *cargo_args], env=env)
        setup[label] = time.perf_counter() - start
        print(result.stderr.strip().splitlines()[-1], file=sys.stderr)

    cargo_commands = {name: rustc_command(name) for name in names}
    incremental = all(
        any(word.startswith("incremental=") for word in words) for words in cargo_commands.values()
    )
    command = {name: standalone(words) for name, words in cargo_commands.items()}

    # `cargo check` rounds.
    jobs = [(name, mode) for name in names for mode in modes_of(name)] + [("noop", "noop")]
    edited = {name: False for name in names}

    def check_once(name: str, mode: str) -> float:
        if mode == "noop":
            run(["cargo", "check", "-p", names[0]], env=cargo_env())
            return timed_cargo(["check", "-p", names[0]], cargo_env(), None)
        if mode == "edit":
            edited[name] = not edited[name]
            gen.write(*gen.parse_name(name), edited=edited[name])
        touch(lib_path(name))
        env = cargo_env(False if mode == "full" else None)
        return timed_cargo(["check", "-p", name], env, name)

    print("warm-up", file=sys.stderr)
    for name, mode in jobs:
        check_once(name, mode)
    samples: dict[str, list[float]] = {f"{name} {mode}": [] for name, mode in jobs}
    for round_index in range(args.rounds):
        order = jobs[:]
        rng.shuffle(order)
        for name, mode in order:
            samples[f"{name} {mode}"].append(check_once(name, mode))
        print(f"check round {round_index + 1}/{args.rounds} done", file=sys.stderr)
    gen.generate(SIZES)

    # Release builds.
    release: dict[str, list[float]] = {name: [] for name in names}
    rlib: dict[str, int] = {}
    for round_index in range(release_rounds):
        order = names[:]
        rng.shuffle(order)
        for name in order:
            touch(lib_path(name))
            release[name].append(timed_cargo(["build", "--release", "-p", name], cargo_env(), name))
        print(f"release round {round_index + 1}/{release_rounds} done", file=sys.stderr)
    if release_rounds:
        for name in names:
            rlib[name] = (TARGET / "release" / f"lib{name.replace('-', '_')}.rlib").stat().st_size

    # Code size and rustc passes.
    print("expanding and timing rustc passes", file=sys.stderr)
    sizes = {name: expanded(name, command[name]) for name in names}
    passes = {name: time_passes(name, command[name], 3) for name in names}

    documents = {
        name: (gen.FIXTURES / name / "openapi.yaml").stat().st_size
        for name in names
        if gen.parse_name(name)[0] == "spec"
    }
    documents[BIG] = gen.big_document().stat().st_size

    data = {
        "machine": info,
        "setup_seconds": setup,
        "incremental": incremental,
        "rounds": args.rounds,
        "release_rounds": release_rounds,
        "seed": seed,
        "check_seconds": samples,
        "release_seconds": release,
        "rlib_bytes": rlib,
        "sizes": sizes,
        "passes_seconds": passes,
        "document_bytes": documents,
        "total_seconds": time.perf_counter() - started,
    }
    report = render(data)
    print(report)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (results / f"compile-time-{stamp}.md").write_text(report)
    (results / f"compile-time-{stamp}.json").write_text(json.dumps(data, indent=1))
    print(f"written to {results}/compile-time-{stamp}.md and .json", file=sys.stderr)


INCREMENT_ROWS = (
    ("macro", "per endpoint, macro"),
    ("hand", "per endpoint, hand"),
    ("spec", "per endpoint, spec"),
    ("extra", "**macro extra per endpoint**"),
    ("spec_extra", "**spec extra per endpoint**"),
    ("spec_fixed", "spec fixed cost: spec, 1 - macro, 1"),
    ("big_fixed", "spec fixed cost, Altur document: spec, Altur - macro, 1"),
)
SIZE_KEYS = ("source_lines", "source_bytes", "expanded_lines", "expanded_bytes")


def render(data: dict) -> str:
    info, release_rounds = data["machine"], data["release_rounds"]
    samples, release, rlib = data["check_seconds"], data["release_seconds"], data["rlib_bytes"]
    sizes, passes = data["sizes"], data["passes_seconds"]
    documents = data["document_bytes"]
    names = [fixture(variant, n) for variant in VARIANTS for n in SIZES] + [BIG]
    label = {
        fixture(variant, n): f"{variant}, {n} endpoint{'s' if n > 1 else ''}"
        for variant in VARIANTS
        for n in SIZES
    }
    label[BIG] = "spec, 1 endpoint, Altur document"
    median = {key: statistics.median(values) for key, values in samples.items()}
    minimum = {key: min(values) for key, values in samples.items()}
    lines = []
    add = lines.append

    add("### Compile time: `#[altur_api]`, with and without `spec`, vs hand-written reqwest")
    add("")
    add(
        f"- **Machine:** `nproc` = {info['nproc']}, {info['cpu']}, Linux {info['kernel']}; "
        f"{info['rustc']}; {info['cargo']}. Load average at the start: {' '.join(info['loadavg'])}."
    )
    uncommitted = ", ".join(f"`{path}`" for path in info["uncommitted"])
    add(
        f"- **Code measured:** altur-client, altur-macros and the root `Cargo.toml` at commit "
        f"{info['commit']}"
        + (f", with uncommitted changes to {uncommitted}" if uncommitted else "")
        + "."
    )
    add(
        f"- **Incremental:** {'on' if data['incremental'] else 'off'} for `cargo check` (the dev "
        "profile default) in the `touch` and `edit` columns; `CARGO_INCREMENTAL=0` in the `full` "
        "column."
    )
    setup = "; ".join(f"`cargo {k}` {v:.0f} s" for k, v in data["setup_seconds"].items())
    add(
        f"- **Runs:** {data['rounds']} rounds of `cargo check -p <fixture>` per mode, every round "
        f"in a new shuffled order (seed {data['seed']}); {release_rounds} round(s) of "
        f"`cargo build --release -p <fixture>`. Dependencies built beforehand: {setup}. Whole run "
        f"{data['total_seconds'] / 60:.1f} min."
    )
    shown = [f"`{name}` {documents[name] / 1024:.1f} KiB" for name in documents if name != BIG]
    add(
        f"- **Documents:** {', '.join(shown)}; the Altur document, which `{BIG}` is checked "
        f"against, {documents[BIG] / 1024:.1f} KiB."
    )
    add("")

    add("Wall time in ms, median (min) over the rounds:")
    add("")
    header = "| fixture | check, touch | check, edit one route | check, full (no incremental) |"
    rule = "|---|---|---|---|"
    if release_rounds:
        header += " build --release | `.rlib` KiB |"
        rule += "---|---|"
    add(header)
    add(rule)
    for name in names:
        row = f"| {label[name]} |"
        for mode in MODES:
            key = f"{name} {mode}"
            row += f" {ms(median[key])} ({ms(minimum[key])}) |" if key in median else " |"
        if release_rounds:
            row += f" {ms(statistics.median(release[name]))} ({ms(min(release[name]))}) |"
            row += f" {rlib[name] / 1024:.0f} |"
        add(row)
    check_inc = {
        mode: [
            increments({n: stat[f"{n} {mode}"] for n in names if f"{n} {mode}" in stat})
            for stat in (median, minimum)
        ]
        for mode in MODES
    }
    if release_rounds:
        release_inc = [
            increments({n: stat(release[n]) for n in names}) for stat in (statistics.median, min)
        ]
        rlib_inc = increments(rlib)
    for key, title in INCREMENT_ROWS:
        row = f"| {title} |"
        for mode in MODES:
            by_median, by_min = check_inc[mode]
            if math.isnan(by_median[key]):
                row += " |"
            else:
                row += f" {ms_signed(by_median[key])} ({ms_signed(by_min[key])}) |"
        if release_rounds:
            by_median, by_min = release_inc
            row += f" {ms_signed(by_median[key])} ({ms_signed(by_min[key])}) |"
            row += f" {rlib_inc[key] / 1024:+.1f} |"
        add(row)
    noop = "noop noop"
    add(
        f"| nothing to do (cargo's own overhead) | {ms(median[noop])} ({ms(minimum[noop])}) | | |"
        + (" | |" if release_rounds else "")
    )
    add("")

    formatted = all(size["rustfmt"] for size in sizes.values())
    add(
        "Generated code, in non-blank lines and bytes: the fixture's source, and its expansion "
        "(`-Zunpretty=expanded`" + (", after `rustfmt --edition 2024`" if formatted else "") + "):"
    )
    add("")
    add("| fixture | source lines | source bytes | expanded lines | expanded bytes |")
    add("|---|---|---|---|---|")
    for name in names:
        add(f"| {label[name]} |" + "".join(f" {sizes[name][key]} |" for key in SIZE_KEYS))
    size_inc = {key: increments({n: sizes[n][key] for n in names}) for key in SIZE_KEYS}
    for key, title in INCREMENT_ROWS:
        add(f"| {title} |" + "".join(f" {size_inc[k][key]:+.1f} |" for k in SIZE_KEYS))
    add("")
    add(
        "The expansion of a `spec` fixture holds its document, as the byte string that "
        "`include_bytes!` expands to."
    )
    add("")

    add("rustc passes of the full (non-incremental) check, `-Ztime-passes`, ms, min of 3:")
    add("")
    add(
        "| fixture | macro expansion | type checking | of which wf + coherence "
        "| borrow checking | total |"
    )
    add("|---|---|---|---|---|---|")
    nan = float("nan")
    for name in names:
        add(f"| {label[name]} |" + "".join(f" {ms(passes[name].get(p, nan))} |" for p in PASSES))
    pass_inc = {p: increments({n: passes[n].get(p, nan) for n in names}) for p in PASSES}
    for key, title in INCREMENT_ROWS:
        add(f"| {title} |" + "".join(f" {ms_signed(pass_inc[p][key])} |" for p in PASSES))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
