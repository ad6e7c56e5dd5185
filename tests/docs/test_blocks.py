"""The harness itself: which blocks it finds, how markers change them, and that a failing
block fails with its page and line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .blocks import names_our_command, parse

HERE = Path(__file__).resolve().parent

PAGE = """# A page

```python
x = 1
```

<!-- docs-test: skip needs the real service -->
```bash
curl https://api.cloudglue.dev/v1/files
```

- in a list:

    ```bash
    cloudglue-client files list
    ```

<!-- docs-test: pytest -->
```python
def test_it():
    assert True
```

```text
output, not run
```
"""


def test_blocks_markers_and_indented_fences() -> None:
    blocks = parse(PAGE, "page.md")
    assert [(b.language, b.line) for b in blocks] == [
        ("python", 4),
        ("bash", 9),
        ("bash", 15),
        ("python", 20),
        ("text", 25),
    ]
    assert blocks[1].skip == "needs the real service"
    assert blocks[2].code == "cloudglue-client files list\n"  # the list's indent removed
    assert blocks[3].pytest and blocks[3].skip is None
    assert blocks[0].skip is None and not blocks[0].pytest


def test_which_shell_blocks_name_our_commands() -> None:
    assert names_our_command("file=$(cloudglue-client files upload x.mp4 -q)\n")
    assert names_our_command("make docs\n")
    assert names_our_command("python -m cloudglue_emulator serve &\n")
    assert not names_our_command("pip install cloudglue-client\n")
    assert not names_our_command("# cloudglue-client files list\necho hi\n")


def test_a_failing_block_names_its_page_and_line(tmp_path: Path) -> None:
    blocks = [
        {"page": "docs/x.md", "line": 3, "code": "value = 41\n"},
        {"page": "docs/x.md", "line": 10, "code": "\nassert value == 42, 'wrong'\n"},
    ]
    spec = tmp_path / "blocks.json"
    spec.write_text(json.dumps(blocks))
    result = subprocess.run(
        [sys.executable, str(HERE / "run_python.py"), str(spec)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert 'File "docs/x.md", line 11' in result.stderr
    assert "AssertionError: wrong" in result.stderr


def test_top_level_await_runs(tmp_path: Path) -> None:
    code = "import asyncio\nawait asyncio.sleep(0)\nprint('awaited')\n"
    spec = tmp_path / "blocks.json"
    spec.write_text(json.dumps([{"page": "p.md", "line": 1, "code": code}]))
    result = subprocess.run(
        [sys.executable, str(HERE / "run_python.py"), str(spec)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "awaited" in result.stdout
