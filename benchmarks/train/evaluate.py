"""Measure the shipped pipeline on the test files it never saw: EWT test (tags and parse), GUM test (entities).

    python -m benchmarks.train.evaluate [--model pipeline|PATH] [--ud DIR] [--json FILE]

UPOS, UAS and LAS are counted two ways. With gold tokens and sentences (the treebank's words given to the
pipeline, punctuation included), as UD parsers are usually compared; and from raw text through spaCy's
scorer, which aligns the pipeline's own tokens and leaves punctuation out of the parse scores. Entity
P/R/F1 per label are from raw text of the GUM test documents of the kept genres, labelled as for training
(benchmarks/train/ud.py), so they measure the same task the model learnt.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.train import ud  # noqa: E402
from benchmarks.train.pipeline import UD_DATA, gum_docs  # noqa: E402
from reconcile.extract import Extractor  # noqa: E402


def ewt_test(nlp: Language, data: Path) -> list[Doc]:
    """The official EWT test file, document by document."""
    path = data / "ewt" / "en_ewt-ud-test.conllu"
    return [ud.to_doc(nlp.vocab, sentences, entities=False) for _, sentences in ud.read_documents(path)]


def gold_token_scores(nlp: Language, docs: list[Doc]) -> dict[str, float]:
    """UPOS, UAS, LAS with the treebank's own words and sentence boundaries, punctuation included."""
    total = upos = uas = las = 0
    for gold in docs:
        doc = Doc(nlp.vocab, words=[t.text for t in gold], spaces=[bool(t.whitespace_) for t in gold])
        for k, token in enumerate(doc):
            token.is_sent_start = gold[k].is_sent_start
        for name, component in nlp.pipeline:
            if name != "report_sentences":
                doc = component(doc)
        for predicted, expected in zip(doc, gold, strict=True):
            total += 1
            upos += predicted.pos_ == expected.pos_
            if predicted.head.i == expected.head.i:
                uas += 1
                las += predicted.dep_.lower() == expected.dep_.lower()
    return {"tokens": total, "upos": upos / total, "uas": uas / total, "las": las / total}


def raw_text_scores(nlp: Language, docs: list[Doc]) -> dict[str, Any]:
    """spaCy's scorer on the pipeline's own reading of each document's text."""
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in docs]
    return nlp.evaluate(examples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="pipeline", help="pipeline name or path (default %(default)s)")
    parser.add_argument("--ud", type=Path, default=UD_DATA, help="UD folder with gum/ and ewt/ (default %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    nlp = Extractor(args.model).nlp
    began = time.monotonic()
    ewt = ewt_test(nlp, args.ud)
    gold = gold_token_scores(nlp, ewt)
    raw = raw_text_scores(nlp, ewt)
    gum = raw_text_scores(nlp, gum_docs(args.ud, "test", nlp))
    results = {
        "ewt_test_gold_tokens": gold,
        "ewt_test_raw_text": {
            k: raw.get(k) for k in ("pos_acc", "tag_acc", "dep_uas", "dep_las", "sents_f", "lemma_acc")
        },
        "gum_test_entities": {
            "p": gum.get("ents_p"),
            "r": gum.get("ents_r"),
            "f": gum.get("ents_f"),
            "per_type": gum.get("ents_per_type"),
        },
        "seconds": round(time.monotonic() - began, 1),
    }
    print(
        f"EWT test, gold tokens ({gold['tokens']:,} words): UPOS {gold['upos']:.3f}  UAS {gold['uas']:.3f}  "
        f"LAS {gold['las']:.3f}"
    )
    raw_scores = results["ewt_test_raw_text"]
    print("EWT test, raw text: " + "  ".join(f"{k} {v:.3f}" for k, v in raw_scores.items() if v is not None))
    print(f"GUM test entities: P {gum['ents_p']:.3f}  R {gum['ents_r']:.3f}  F {gum['ents_f']:.3f}")
    for label, figures in sorted((gum.get("ents_per_type") or {}).items()):
        print(f"  {label:7} P {figures['p']:.3f}  R {figures['r']:.3f}  F {figures['f']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
