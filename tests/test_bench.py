"""The benchmarks under bench/ stay runnable: each answers --help with its usage (the modules
they share, which run nothing themselves, are left out)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BENCHMARKS = sorted(
    p.stem for p in (ROOT / "bench").glob("*.py") if 'if __name__ == "__main__":' in p.read_text()
)


@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_answers_help(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {name}.py ")
