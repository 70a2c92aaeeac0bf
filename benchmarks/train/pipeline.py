"""Train the English pipeline shipped as reconcile/extract/pipeline_model: tags, parse, lemmas and entities.

    python -m benchmarks.train.pipeline [--ud DIR] [--ecbplus DIR] [--gvdb DIR] [--out DIR] [--workdir DIR]

Why: rules read from the surface of one text do not carry to the next; a dependency parse says who did
what to whom in any text. The pipeline is small (hash embeddings, a CNN of width 96, no vectors) so it
ships in the package and parses on a laptop CPU.

Training data, read where it lies (../shared/datasets) and never copied into the repository:

- Universal Dependencies: GUM (genres news, interview, bio, voyage, textbook, vlog, speech, conversation)
  and the English Web Treebank, train documents: words, XPOS (tagger), UPOS and features (morphologizer),
  dependencies (parser), lemmas (trainable lemmatizer); GUM's entity layer for the entity recogniser
  (benchmarks/train/ud.py says how mentions become labels).
- ECB+ topics 1-35 (sentences with a named participant, place or time) and GVDB dev (victim and shooter
  names, cities) add names of the news the tool reads; they label only the names of their task, so other
  capitalised words stay unknown and lower-case words are outside a name. They carry no parse.

Dev (early stopping, the best step is kept) = GUM dev + EWT dev; the test files are never read here, so
benchmarks/train/evaluate.py stays an honest measurement. Labels: PERSON ORG GPE LOC FAC NORP EVENT DATE
TIME. Seeds are fixed in benchmarks/train/pipeline.cfg; the same data and config give the same weights.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.eval import ecbplus, gvdb  # noqa: E402
from benchmarks.train import ner, ud  # noqa: E402

CONFIG = Path(__file__).with_name("pipeline.cfg")
NER_CONFIG = Path(__file__).with_name("pipeline_ner.cfg")
OUT = ROOT / "reconcile" / "extract" / "pipeline_model"
UD_DATA = ROOT.parent / "shared" / "datasets" / "ud"
KEEP = frozenset({"ATTRIBUTION.md"})
GUM_GENRES = ("news", "interview", "bio", "voyage", "textbook", "vlog", "speech", "conversation")
NAME = "reconcile_en"
VERSION = "1.0.0"


def _listed(folder: Path, split: str) -> list[str]:
    return [line.strip() for line in (folder / f"files.{split}").read_text().splitlines() if line.strip()]


def gum_docs(data: Path, split: str, nlp: spacy.Language) -> list[Doc]:
    """GUM documents of the kept genres listed for the split, with words, parse and named entities."""
    folder = data / "gum"
    docs = []
    for name in _listed(folder, split):
        path = folder / f"{name}.conllu"
        if path.exists() and name.split("_")[1] in GUM_GENRES:
            docs.extend(ud.to_doc(nlp.vocab, sentences, entities=True) for _, sentences in ud.read_documents(path))
    return docs


def ewt_docs(data: Path, split: str, nlp: spacy.Language) -> list[Doc]:
    """EWT documents listed for the split: words and parse, entities unknown."""
    folder = data / "ewt"
    docs = []
    for name in _listed(folder, split):
        for _, sentences in ud.read_documents(folder / name):
            docs.append(ud.to_doc(nlp.vocab, sentences, entities=False))
    return docs


def ecb_label(mention: ecbplus.GoldMention) -> str | None:
    """A label for an ECB+ mention that is a name or a time; None leaves it unknown ('he', 'the suspect')."""
    named = any(word[:1].isupper() for word in mention.words[1:]) or (
        mention.words[0][:1].isupper() and mention.words[0].lower() not in {"the", "a", "an", "he", "she", "they"}
    )
    if mention.tag.startswith("TIME_"):
        return {"TIME_DATE": "DATE", "TIME_OF_THE_DAY": "TIME"}.get(mention.tag)
    if not named:
        return None
    if mention.tag == "HUMAN_PART_PER":
        return "PERSON"
    if mention.tag in ("HUMAN_PART_ORG", "HUMAN_PART_GPE", "HUMAN_PART_FAC"):
        return {"HUMAN_PART_ORG": "ORG", "HUMAN_PART_GPE": "GPE", "HUMAN_PART_FAC": "FAC"}[mention.tag]
    if mention.tag == "LOC_FAC":
        return "FAC"
    if mention.tag == "LOC_GEO":
        return "LOC" if mention.words[-1].lower() in ud.LOCATION_WORDS else "GPE"
    return None


def lower_case_outside(doc: Doc) -> Doc:
    """The labelled names kept, every lower-case word taught as outside a name, every other capitalised word left
    unknown. ECB+ and GVDB label only the names their task is about, so a capitalised word they leave unlabelled
    may be a name; lower-case words are not. Trials: with every other word unknown the recogniser learnt to mark
    names everywhere (GUM dev precision 0.16 at 1,500 steps); with every other word outside, to mark few (GUM
    dev recall 0.25)."""
    labelled = {t.i for ent in doc.ents for t in ent}
    outside = [doc[t.i : t.i + 1] for t in doc if t.i not in labelled and not t.text[:1].isupper()]
    doc.set_ents(list(doc.ents), outside=outside, default="missing")
    return doc


def ecb_docs(data: Path, topics: str, nlp: spacy.Language) -> list[Doc]:
    """The sentences of each ECB+ document with a named mention or a time, labelled as `lower_case_outside` says."""
    docs = []
    for document in ecbplus.load_corpus(data, ecbplus.parse_topics(topics), progress=False):
        pieces = []
        for number, (first, last) in sorted(document.sentence_spans.items()):
            entities = [
                (m.start - first + _article(m), m.end - first, label)
                for m in document.mentions
                if m.sentence == number and (label := ecb_label(m))
            ]
            if entities:
                pieces.append(ner.Piece(document.text[first:last], entities))
        if pieces:
            docs.append(lower_case_outside(ner.to_doc(nlp, pieces)))
    return docs


def _article(mention: ecbplus.GoldMention) -> int:
    """Characters of a leading 'the' or 'a' to leave out of a name, as GUM's names are cut (ECB+ joins tokens by
    single spaces)."""
    first = mention.words[0]
    return len(first) + 1 if len(mention.words) > 1 and first.lower() in ("the", "a", "an") else 0


def gvdb_docs(data: Path, nlp: spacy.Language) -> list[Doc]:
    """GVDB dev sentences with a victim's or shooter's name or the city, labelled as `lower_case_outside` says."""
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    docs = []
    for article in gvdb.load_split(data, "dev"):
        pieces = ner.gvdb_pieces(article, splitter)
        for piece in pieces:
            piece.entities = [(s, e, "GPE" if label == "LOC" else label) for s, e, label in piece.entities]
        if pieces:
            docs.append(lower_case_outside(ner.to_doc(nlp, pieces)))
    return docs


def build_corpora(args: argparse.Namespace, workdir: Path) -> tuple[Path, Path, dict[str, int]]:
    """train.spacy and dev.spacy in workdir, and how many documents of each source went in."""
    nlp = spacy.blank("en")
    parts = {
        "train": {
            "GUM": gum_docs(args.ud, "train", nlp),
            "EWT": ewt_docs(args.ud, "train", nlp),
            "ECB+": ecb_docs(args.ecbplus, ner.TRAIN_TOPICS, nlp),
            "GVDB": gvdb_docs(args.gvdb, nlp),
        },
        "dev": {"GUM": gum_docs(args.ud, "dev", nlp), "EWT": ewt_docs(args.ud, "dev", nlp)},
    }
    counts = {}
    paths = {}
    for split, sources in parts.items():
        docs = DocBin(store_user_data=False)
        for source, found in sources.items():
            counts[f"{split} {source} docs"] = len(found)
            for doc in found:
                docs.add(doc)
        paths[split] = workdir / f"{split}.spacy"
        docs.to_disk(paths[split])
    return paths["train"], paths["dev"], counts


def meta(counts: dict[str, int], scores: dict[str, Any]) -> dict[str, Any]:
    """Provenance that travels with the weights: sources, licences, what went in, dev scores."""
    return {
        "name": NAME,
        "version": VERSION,
        "description": (
            "English pipeline for reconcile: tagger, morphologizer, dependency parser, trainable lemmatizer and "
            "named entities (PERSON ORG GPE LOC FAC NORP EVENT DATE TIME), trained on GUM and EWT train, ECB+ "
            "topics 1-35 and GVDB dev. Built by benchmarks/train/pipeline.py."
        ),
        "license": "CC BY-SA 4.0 (EWT); GUM genres CC BY / public domain; CC BY 3.0 (ECB+); Apache-2.0 (GVDB)",
        "sources": [
            {"name": "GUM", "author": "Amir Zeldes (2017)", "url": "https://gucorpling.org/gum/"},
            {"name": "UD English EWT", "author": "Silveira et al. (2014)", "license": "CC BY-SA 4.0"},
            {"name": "ECB+", "author": "Agata Cybulska and Piek Vossen (2014)", "license": "CC BY 3.0"},
            {"name": "Gun Violence Database", "author": "Pavlick et al. (2016)", "license": "Apache-2.0"},
        ],
        "training": counts,
        "performance": scores,
    }


def train(config: Path, output: Path, train_path: Path, dev_path: Path, max_steps: int | None) -> Path:
    """Run spaCy's trainer on one config; the best step's pipeline."""
    command = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(output)]
    command += ["--paths.train", str(train_path), "--paths.dev", str(dev_path)]
    if max_steps:
        command += ["--training.max_steps", str(max_steps)]
    subprocess.run(command, check=True)
    return output / "model-best"


def assemble(parsing: Path, recogniser: Path) -> spacy.Language:
    """The parsing pipeline with the separately trained recogniser in place of its own, which keeps its own
    tok2vec (the listeners are replaced by a copy), so neither model's features change."""
    nlp = spacy.load(parsing)
    entities = spacy.load(recogniser)
    entities.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.remove_pipe("ner")
    nlp.add_pipe("ner", source=entities, after="parser")
    return nlp


def write_model(nlp: spacy.Language, out: Path, info: dict[str, Any]) -> None:
    """Replace the pipeline in `out`, keeping the attribution file, with no trace of the temporary paths."""
    nlp.meta.update(info)
    for key in ("train", "dev"):
        nlp.config["paths"][key] = None
    out.mkdir(parents=True, exist_ok=True)
    for item in out.iterdir():
        if item.name not in KEEP:
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    nlp.to_disk(out)


STAGES = ("all", "parse", "ner", "assemble")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ud", type=Path, default=UD_DATA, help="UD folder with gum/ and ewt/ (default %(default)s)")
    parser.add_argument("--ecbplus", type=Path, default=ecbplus.DEFAULT_DATA, help="ECB+ folder (default %(default)s)")
    parser.add_argument("--gvdb", type=Path, default=gvdb.DEFAULT_DATA, help="GVDB folder (default %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the pipeline goes (default %(default)s)")
    parser.add_argument("--workdir", type=Path, help="keep corpora and checkpoints here (default: a temporary folder)")
    parser.add_argument("--max-steps", type=int, help="override training.max_steps (for a quick trial)")
    parser.add_argument(
        "--stage",
        choices=STAGES,
        default="all",
        help="all (default); or one step, re-using the corpora and models already in --workdir: parse (tags, "
        "parse, lemmas), ner (the recogniser), assemble (the two into --out)",
    )
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reconcile-pipeline-"))
    workdir.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    train_path, dev_path = workdir / "train.spacy", workdir / "dev.spacy"
    counts_path = workdir / "counts.json"
    if args.stage == "all" or not train_path.exists():
        train_path, dev_path, counts = build_corpora(args, workdir)
        counts_path.write_text(json.dumps(counts))
        print(f"corpora: {counts}", flush=True)
    if args.stage in ("all", "parse"):
        train(CONFIG, workdir / "model", train_path, dev_path, args.max_steps)
    if args.stage in ("all", "ner"):
        train(NER_CONFIG, workdir / "ner", train_path, dev_path, args.max_steps)
    if args.stage in ("all", "assemble"):
        nlp = assemble(workdir / "model" / "model-best", workdir / "ner" / "model-best")
        scores = {
            **spacy.load(workdir / "model" / "model-best").meta.get("performance", {}),
            **spacy.load(workdir / "ner" / "model-best").meta.get("performance", {}),
        }
        counts = json.loads(counts_path.read_text())
        write_model(nlp, args.out, meta(counts, scores))
        print(f"pipeline written to {args.out} in {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
