"""The benchmark's targets, their evaluation and the results table.

Pure functions, so the suite can test them without a server
(tests/bench/test_report.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Targets at municipal scale (issue: production readiness).
P95_MS = 100.0            # every page
P95_FAST_MS = 50.0        # proposal list and proposal page
THROUGHPUT_SHARE = 0.25   # of the framework floor's requests per second
WORKER_MB = 120.0         # peak resident memory per worker
HTML_KB = 60.0            # per page
ASSETS_KB = 100.0         # CSS and JavaScript per page, together


@dataclass
class PageResult:
    label: str
    url: str
    p50_ms: float
    p95_ms: float
    rps: float
    requests: int = 0
    errors: int = 0            # non-2xx answers and socket errors
    html_bytes: int = 0
    asset_bytes: int = 0
    fast: bool = False         # list or detail page: the stricter latency target
    cpu_ms: float | None = None  # the workers' CPU time per request
    notes: list[str] = field(default_factory=list)

    @property
    def p95_target(self) -> float:
        return P95_FAST_MS if self.fast else P95_MS


def kb(size: int) -> float:
    return size / 1024


def cpu(page: PageResult) -> str:
    return "–" if page.cpu_ms is None else f"{page.cpu_ms:.1f}"


def page_failures(page: PageResult, floor: PageResult) -> list[str]:
    """The targets this page misses, each as a short sentence."""
    failures = []
    if page.errors:
        failures.append(f"{page.errors} failed requests")
    if page.p95_ms > page.p95_target:
        failures.append(f"p95 {page.p95_ms:.1f} ms > {page.p95_target:.0f} ms")
    if floor.rps > 0 and page.rps < THROUGHPUT_SHARE * floor.rps:
        failures.append(f"{page.rps:.0f} req/s < {THROUGHPUT_SHARE:.0%} of the floor's "
                        f"{floor.rps:.0f}")
    if kb(page.html_bytes) > HTML_KB:
        failures.append(f"HTML {kb(page.html_bytes):.1f} KB > {HTML_KB:.0f} KB")
    if kb(page.asset_bytes) > ASSETS_KB:
        failures.append(f"CSS+JS {kb(page.asset_bytes):.1f} KB > {ASSETS_KB:.0f} KB")
    return failures


def memory_failures(peak_mb_per_worker: dict[int, float]) -> list[str]:
    if not peak_mb_per_worker:
        return ["the workers' memory could not be read"]
    return [f"worker {pid}: peak {mb:.0f} MB > {WORKER_MB:.0f} MB"
            for pid, mb in sorted(peak_mb_per_worker.items()) if mb > WORKER_MB]


def evaluate(pages: list[PageResult], floor: PageResult,
             peak_mb_per_worker: dict[int, float]) -> list[str]:
    """Every failed target, prefixed with the page's label; empty when all pass."""
    failures = [f"{page.label}: {problem}" for page in pages
                for problem in page_failures(page, floor)]
    if floor.errors:
        failures.append(f"{floor.label}: {floor.errors} failed requests")
    return failures + memory_failures(peak_mb_per_worker)


def format_table(pages: list[PageResult], floor: PageResult,
                 peak_mb_per_worker: dict[int, float], heading: list[str],
                 peak_rss_mb_per_worker: dict[int, float] | None = None) -> str:
    """A Markdown report: the heading lines, one row per page, the floor, the
    workers' peak memory and the verdict."""
    lines = [*heading, "",
             "| page | median ms | p95 ms | target | req/s | × floor | CPU ms | HTML KB "
             "| CSS+JS KB | verdict |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for page in pages:
        ratio = page.rps / floor.rps if floor.rps else 0.0
        problems = page_failures(page, floor)
        lines.append(
            f"| {page.label} | {page.p50_ms:.1f} | {page.p95_ms:.1f} | "
            f"{page.p95_target:.0f} | {page.rps:.0f} | {ratio:.2f} | {cpu(page)} | "
            f"{kb(page.html_bytes):.1f} | {kb(page.asset_bytes):.1f} | "
            f"{'; '.join(problems) if problems else 'ok'} |")
    lines.append(f"| {floor.label} | {floor.p50_ms:.1f} | {floor.p95_ms:.1f} | – | "
                 f"{floor.rps:.0f} | 1.00 | {cpu(floor)} | {kb(floor.html_bytes):.1f} | "
                 f"{kb(floor.asset_bytes):.1f} | floor |")
    lines.append("")
    if peak_mb_per_worker:
        memory = ", ".join(f"{mb:.0f} MB" for _pid, mb in sorted(peak_mb_per_worker.items()))
        lines.append(f"Peak private memory per worker (RssAnon): {memory} (target under "
                     f"{WORKER_MB:.0f} MB).")
    if peak_rss_mb_per_worker:
        memory = ", ".join(f"{mb:.0f} MB" for _pid, mb in sorted(peak_rss_mb_per_worker.items()))
        lines.append(f"Peak resident set per worker (VmHWM, which also counts the shared "
                     f"pages of memory-mapped files such as SQLite's database): {memory}.")
    failures = evaluate(pages, floor, peak_mb_per_worker)
    lines.append("")
    lines.append("All targets met." if not failures else
                 f"{len(failures)} target(s) missed:")
    lines += [f"- {failure}" for failure in failures]
    return "\n".join(lines) + "\n"
