"""Shared by the Python benchmarks: timing, and sections that print as text,
render as Markdown and plot as bar charts for bench/REPORT.md.

Every section compares rows against its first row, measured in the same run
(these machines are noisy: only ratios taken side by side mean anything).
"""
import statistics
import timeit


def measure(stmt, repeat, number, **names):
    """Seconds per execution of `stmt` (code text, compiled once by timeit, so
    no wrapper call is timed): (median, min, max) over `repeat` batches."""
    timer = timeit.Timer(stmt, globals=names)
    timer.timeit(1)
    samples = [t / number for t in timer.repeat(repeat, number)]
    return statistics.median(samples), min(samples), max(samples)


def auto_number(stmt, target=0.05, **names):
    """How many executions make a batch of about `target` seconds."""
    once = timeit.Timer(stmt, globals=names).timeit(1)
    return max(1, int(target / max(once, 1e-9)))


class Section:
    """A table of timings; ratios are to the first row."""

    def __init__(self, title, unit="us", note=""):
        self.title, self.unit, self.note = title, unit, note
        self.rows = []  # (label, (median, min, max) in seconds)

    def add(self, label, stats):
        self.rows.append((label, stats))
        return stats

    def scale(self):
        # Times are stored in seconds, sizes in bytes.
        return {"ns": 1e9, "us": 1e6, "ms": 1e3, "s": 1.0, "KiB": 1 / 1024}[self.unit]

    def ratio(self, label):
        base = self.rows[0][1][0]
        return dict(self.rows)[label][0] / base

    def text(self):
        k = self.scale()
        lines = [self.title]
        for i, (label, (med, lo, hi)) in enumerate(self.rows):
            ratio = "" if i == 0 else f"  x{med / self.rows[0][1][0]:.2f}"
            lines.append(f"  {label:<40} {med * k:10.1f} {self.unit} [{lo * k:.1f}-{hi * k:.1f}]{ratio}")
        if self.note:
            lines.append(f"  {self.note}")
        return "\n".join(lines)

    def markdown(self):
        k = self.scale()
        base = self.rows[0][1][0]
        lines = [f"| {self.title} | median ({self.unit}) | min-max | vs {self.rows[0][0]} |", "|---|---:|---:|---:|"]
        for label, (med, lo, hi) in self.rows:
            lines.append(f"| {label} | {med * k:.1f} | {lo * k:.1f}-{hi * k:.1f} | {med / base:.2f}x |")
        if self.note:
            lines.append(f"\n{self.note}")
        return "\n".join(lines)

    def plot(self, ax):
        k = self.scale()
        labels = [label for label, _ in self.rows]
        med = [s[0] * k for _, s in self.rows]
        err = [[(s[0] - s[1]) * k for _, s in self.rows], [(s[2] - s[0]) * k for _, s in self.rows]]
        ax.barh(range(len(labels)), med, xerr=err, color=["#4c72b0"] + ["#8c8c8c"] * (len(labels) - 1))
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.invert_yaxis()
        # A slow outlier (another process on this core) must not flatten the bars.
        ax.set_xlim(0, max(med) * 1.5)
        ax.set_xlabel(self.unit)
        ax.set_title(self.title, fontsize=9)
