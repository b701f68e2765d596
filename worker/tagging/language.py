"""Language identification with lingua in low-accuracy mode (~120 MB; high accuracy needs ~1 GB)."""

from __future__ import annotations

from lingua import LanguageDetectorBuilder

SAMPLE_CHARS = 300  # enough text to be sure; the cost grows with the length


class LanguageDetector:
    def __init__(self):
        self._detector = (LanguageDetectorBuilder.from_all_languages()
                          .with_low_accuracy_mode().with_preloaded_language_models().build())

    def detect(self, text: str) -> dict:
        """{code: ISO 639-1 or None, confidence} of the most likely language."""
        values = self._detector.compute_language_confidence_values(text[:SAMPLE_CHARS])
        if not values or values[0].value <= 0:
            return {"code": None, "confidence": 0.0}
        best = values[0]
        return {"code": best.language.iso_code_639_1.name.lower(), "confidence": round(best.value, 4)}
