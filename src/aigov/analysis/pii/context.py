"""Context enhancement by word prefix: Azerbaijani and Russian add endings, so "telefonum" and "номера"
should support the context words "telefon" and "номер", while "ad" must not match inside "Rəşad"."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer, LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts


class PrefixContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma enhancer, matching a context word when a nearby lemma starts with it.

    It updates the fresh results of one analysis in place (Presidio deep-copies them first, which costs more
    than the whole analysis of a short message).
    """

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        extra = [word.lower() for word in context or []]
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if (
                not recognizer
                or not recognizer.context
                or metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY)
            ):
                continue
            words = self._extract_surrounding_words(
                nlp_artifacts, text[result.start : result.end], result.start
            )
            supportive = self._find_supportive_word_in_context(words + extra, recognizer.context)
            if supportive:
                result.score = min(
                    max(
                        result.score + self.context_similarity_factor, self.min_score_with_context_similarity
                    ),
                    ContextAwareEnhancer.MAX_SCORE,
                )
                if result.analysis_explanation:
                    result.analysis_explanation.set_supportive_context_word(supportive)
                    result.analysis_explanation.set_improved_score(result.score)
        return raw_results

    @staticmethod
    def _find_supportive_word_in_context(
        context_list: list[str], recognizer_context_list: list[str], matching_mode: str = "prefix"
    ) -> str:
        if not context_list or not recognizer_context_list:
            return ""
        lemmas = [w.lower() for w in context_list]
        words = tuple(recognizer_context_list)
        if not any(lemma.startswith(words) for lemma in lemmas):  # the usual answer, in one pass
            return ""
        for word in recognizer_context_list:
            if any(lemma.startswith(word) for lemma in lemmas):
                return word
        return ""
