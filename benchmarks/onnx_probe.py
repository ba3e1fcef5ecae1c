"""Does an ONNX (or int8-quantized ONNX) embedding backend help here, offline?

1. sentence-transformers' own ``backend="onnx"``: needs ``optimum-onnx``, which
   pins transformers < 5; this project runs transformers 5, so it is reported as
   unavailable with the reason the library gives.
2. A manual export (``torch.onnx.export``, needs the ``onnx`` package) run with
   onnxruntime, which chromadb already installs, plus mean pooling and
   normalisation as the model's pooling config says; and its dynamic int8
   quantization. Throughput is compared with torch on the same texts and batch
   size, and agreement is reported as the lowest cosine between the two vectors
   of one text.

    python -m benchmarks.onnx_probe [--texts 256]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import DEMO_CORPUS
from core.settings import Settings
from index.chunk import chunk_document
from index.clean import content_regions
from index.embed import Embedder, resolve_model_path

log = logging.getLogger(__name__)


def sample_texts(count: int) -> list[str]:
    """Real 800-character chunks of the demo corpus, repeated up to ``count``."""
    texts: list[str] = []
    for path in sorted(DEMO_CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [c.text for c in chunk_document("d", path.name, text, content_regions(text), 800, 150)]
    return (texts * (count // max(1, len(texts)) + 1))[:count]


def sentence_transformers_onnx(model_path: str) -> str:
    from sentence_transformers import SentenceTransformer

    try:
        SentenceTransformer(model_path, backend="onnx", device="cpu")
    except Exception as exc:  # the library raises a bare Exception when optimum is missing
        return f"unavailable: {str(exc).splitlines()[0][:200]}"
    return "available"


class OnnxEmbedder:
    """all-MiniLM-L6-v2 through onnxruntime: token embeddings -> mean pooling -> L2 norm."""

    def __init__(self, embedder: Embedder, folder: Path, quantize: bool) -> None:
        import onnxruntime as ort

        self.tokenizer = embedder.model.tokenizer
        self.max_length = embedder.model.max_seq_length
        path = export_onnx(embedder, folder)
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantized = folder / "model-int8.onnx"
            quantize_dynamic(str(path), str(quantized), weight_type=QuantType.QInt8)
            path = quantized
        options = ort.SessionOptions()
        options.intra_op_num_threads = embedder.threads
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def embed(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        order = np.argsort([-len(t) for t in texts])  # as sentence-transformers does: less padding
        out = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            batch = self.tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                                   max_length=self.max_length, return_tensors="np")
            hidden = self.session.run(None, {k: batch[k].astype(np.int64) for k in
                                             ("input_ids", "attention_mask", "token_type_ids")})[0]
            mask = batch["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out


def export_onnx(embedder: Embedder, folder: Path) -> Path:
    import torch

    bert = embedder.model[0].auto_model.eval()  # type: ignore[union-attr]  # a BERT module, not a Tensor

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = embedder.model.tokenizer(["an example", "a second, longer example"], padding=True,
                                       return_tensors="pt")
    path = folder / "model.onnx"
    torch.onnx.export(Encoder(), tuple(example[n] for n in names), str(path), input_names=names,
                      output_names=["hidden"], opset_version=17, dynamo=False,
                      dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "hidden"]})
    return path


def probe_onnx(embedder: Embedder, count: int = 256) -> dict[str, Any]:
    settings = Settings()
    report: dict[str, Any] = {
        "sentence_transformers_backend": sentence_transformers_onnx(resolve_model_path(settings.embedding_model))
    }
    try:
        import onnx  # noqa: F401  - torch.onnx.export needs it
    except ImportError:
        report["manual_export"] = "not measured: the onnx package (needed by torch.onnx.export) is not installed"
        report["summary"] = f"sentence-transformers backend {report['sentence_transformers_backend']}; " \
                            "manual export not measured (no onnx package)"
        return report
    texts = sample_texts(count)
    batch = settings.embed_batch_size
    started = time.perf_counter()
    reference = embedder.embed(texts, batch_size=batch)
    torch_rate = count / (time.perf_counter() - started)
    report["torch_chunks_per_s"] = round(torch_rate, 2)
    with tempfile.TemporaryDirectory(prefix="crosscheck-onnx-") as tmp:
        for name, quantize in (("onnx_fp32", False), ("onnx_int8", True)):
            backend = OnnxEmbedder(embedder, Path(tmp), quantize)
            backend.embed(texts[:batch], batch)
            started = time.perf_counter()
            vectors = backend.embed(texts, batch)
            rate = count / (time.perf_counter() - started)
            report[name] = {
                "chunks_per_s": round(rate, 2),
                "speedup": round(rate / torch_rate, 2),
                "min_cosine_to_torch": round(float((vectors * reference).sum(axis=1).min()), 4),
            }
    report["summary"] = (
        f"sentence-transformers backend {report['sentence_transformers_backend']}; manual export: "
        f"fp32 {report['onnx_fp32']['speedup']}x, int8 {report['onnx_int8']['speedup']}x torch "
        f"(min cosine {report['onnx_int8']['min_cosine_to_torch']})"
    )
    return report


def main(argv: Sequence[str] | None = None) -> int:
    import json

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=256)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    print(json.dumps(probe_onnx(Embedder.from_settings(Settings()), args.texts), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
