from worker.tagging.language import LanguageDetector


def test_language_detection():
    detector = LanguageDetector()
    english = detector.detect("The government announced new measures to support families on Tuesday.")
    dutch = detector.detect("Het kabinet heeft besloten om de steun aan Oekraïne voort te zetten.")
    assert english["code"] == "en" and english["confidence"] > 0.5
    assert dutch["code"] == "nl"
    assert detector.detect("") == {"code": None, "confidence": 0.0}
