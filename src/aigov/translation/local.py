"""Translation models on this machine: Argos Translate packages, or CTranslate2 model folders.

Neither library is a dependency of aigov: each is imported only when configured, and a missing library,
folder or language pair is reported as "not configured" with the reason. Nothing is downloaded.

- ``argos``: ``AIGOV_TRANSLATION_MODEL_DIR`` is a folder of installed (unpacked) Argos packages, as
  ``argospm install`` leaves under ``~/.local/share/argos-translate/packages``; without it Argos uses its
  own folder.
- ``ctranslate2``: ``AIGOV_TRANSLATION_MODEL_DIR`` holds one folder per pair, named ``az-en`` (or
  ``az_en``), each either a CTranslate2 model with SentencePiece ``source.spm``/``target.spm`` (OPUS-MT
  converted with ``ct2-transformers-converter``) or an unpacked Argos package (``model/`` and
  ``sentencepiece.model``).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

from aigov.translation.base import NotConfigured, TranslationError


def _import(module: str, backend: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise NotConfigured(f"{backend}: the Python package {module.split('.')[0]!r} is not installed "
                            f"(pip install {module.split('.')[0]})") from None


class ArgosTranslator:
    """Argos Translate with the packages installed in ``model_dir`` (or its default folder)."""

    name = "argos"

    def __init__(self, model_dir: Path | None = None):
        if model_dir is not None and not Path(model_dir).is_dir():
            raise NotConfigured(f"argos: the model folder {Path(model_dir).name!r} does not exist")
        if model_dir is not None and "argostranslate" not in sys.modules:
            os.environ["ARGOS_PACKAGES_DIR"] = str(model_dir)  # read by argostranslate.settings on import
        self._translate = _import("argostranslate.translate", self.name)
        if model_dir is not None:
            settings = _import("argostranslate.settings", self.name)
            dirs = getattr(settings, "package_dirs", None)
            if isinstance(dirs, list) and Path(model_dir) not in dirs:
                dirs.append(Path(model_dir))

    def translate(self, texts: list[str], source: str | None, target: str) -> list[str]:
        if source is None:
            raise TranslationError("argos: the source language is not known")
        languages = {lang.code: lang for lang in self._translate.get_installed_languages()}
        if source not in languages or target not in languages:
            raise NotConfigured(f"argos: no installed package translates {source} to {target}")
        translation = languages[source].get_translation(languages[target])
        if translation is None:
            raise NotConfigured(f"argos: no installed package translates {source} to {target}")
        try:
            return [translation.translate(text) for text in texts]
        except Exception as exc:  # the library's own errors: say which, never the text
            raise TranslationError(f"argos failed ({type(exc).__name__})") from None


class CTranslate2Translator:
    """CTranslate2 models, one folder per language pair, tokenised with SentencePiece."""

    name = "ctranslate2"

    def __init__(self, model_dir: Path | None):
        if model_dir is None:
            raise NotConfigured("ctranslate2: set AIGOV_TRANSLATION_MODEL_DIR to the folder of model folders")
        if not Path(model_dir).is_dir():
            raise NotConfigured(f"ctranslate2: the model folder {Path(model_dir).name!r} does not exist")
        self.model_dir = Path(model_dir)
        self._ct2 = _import("ctranslate2", self.name)
        self._spm = _import("sentencepiece", self.name)

    def pair_dir(self, source: str, target: str) -> Path:
        for name in (f"{source}-{target}", f"{source}_{target}"):
            if (self.model_dir / name).is_dir():
                return self.model_dir / name
        raise NotConfigured(f"ctranslate2: no model folder {source}-{target} in the model folder")

    def translate(self, texts: list[str], source: str | None, target: str) -> list[str]:
        if source is None:
            raise TranslationError("ctranslate2: the source language is not known")
        model, source_sp, target_sp = self._load(self.pair_dir(source, target))
        try:
            tokens = [source_sp.encode(text, out_type=str) for text in texts]
            results = model.translate_batch(tokens, beam_size=2, max_decoding_length=512)
            return [target_sp.decode(result.hypotheses[0]) for result in results]
        except Exception as exc:
            raise TranslationError(f"ctranslate2 failed ({type(exc).__name__})") from None

    def _load(self, folder: Path) -> tuple[Any, Any, Any]:
        key = str(folder.resolve())
        if key not in _LOADED:
            if len(_LOADED) >= 8:
                _LOADED.pop(next(iter(_LOADED)))
            _LOADED[key] = _load_pair(folder, self._ct2, self._spm)
        return _LOADED[key]


_LOADED: dict[str, tuple[Any, Any, Any]] = {}  # loaded models by folder, kept for the process


def _load_pair(path: Path, ct2: Any, spm: Any) -> tuple[Any, Any, Any]:
    model_path = path / "model" if (path / "model" / "model.bin").is_file() else path
    if not (model_path / "model.bin").is_file():
        raise NotConfigured(f"ctranslate2: {path.name} holds no model.bin")
    source_file = next((p for p in (path / "source.spm", path / "sentencepiece.model") if p.is_file()), None)
    target_file = next((p for p in (path / "target.spm", path / "sentencepiece.model") if p.is_file()), None)
    if source_file is None or target_file is None:
        raise NotConfigured(f"ctranslate2: {path.name} holds no SentencePiece model (source.spm/target.spm)")
    try:
        model = ct2.Translator(str(model_path), device="cpu")
        source_sp = spm.SentencePieceProcessor(model_file=str(source_file))
        target_sp = spm.SentencePieceProcessor(model_file=str(target_file))
    except Exception as exc:
        raise NotConfigured(f"ctranslate2: cannot load {path.name} ({type(exc).__name__})") from None
    return model, source_sp, target_sp
