"""Reading a rendered page the way the quality rules do: scripts, styles, labels, assets.

A small parser instead of a test-only dependency: the rules are simple enough
(no inline script or style, which the CSP in ``tracker/security.py`` forbids, a label
for every control). The one inline script allowed is the import map: data, not code,
carrying the response's nonce.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

CONTROLS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button"}


@dataclass
class PageFacts:
    inline_scripts: int = 0
    import_maps: list[tuple[str, str]] = field(default_factory=list)  # (nonce, JSON text)
    style_attributes: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    controls: list[dict[str, str]] = field(default_factory=list)
    label_targets: set[str] = field(default_factory=set)
    wrapped_controls: set[int] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.facts = PageFacts()
        self._labels = 0
        self._script_inline = False
        self._import_map: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "style" in a:
            self.facts.style_attributes.append(tag)
        if tag == "script":
            if "src" in a:
                self.facts.scripts.append(a["src"])
            elif a.get("type") == "importmap":
                self.facts.import_maps.append((a.get("nonce", ""), ""))
                self._import_map = ""
            elif a.get("type") != "application/json":
                self._script_inline = True
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.facts.stylesheets.append(a["href"])
        elif tag == "label":
            self._labels += 1
            if "for" in a:
                self.facts.label_targets.add(a["for"])
        elif tag in CONTROLS and a.get("type") not in UNLABELLED_TYPES:
            if self._labels:
                self.facts.wrapped_controls.add(len(self.facts.controls))
            self.facts.controls.append({"tag": tag, **a})

    def handle_data(self, data: str) -> None:
        if self._import_map is not None:
            self._import_map += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._import_map is not None:
            nonce, _ = self.facts.import_maps[-1]
            self.facts.import_maps[-1] = (nonce, self._import_map)
            self._import_map = None
        if tag == "label":
            self._labels -= 1
        elif tag == "script" and self._script_inline:
            self.facts.inline_scripts += 1
            self._script_inline = False


def read_page(html: str) -> PageFacts:
    reader = _Reader()
    reader.feed(html)
    return reader.facts


def unlabelled(facts: PageFacts) -> list[dict[str, str]]:
    return [
        control
        for index, control in enumerate(facts.controls)
        if index not in facts.wrapped_controls
        and control.get("id") not in facts.label_targets
        and not control.get("aria-label")
    ]
