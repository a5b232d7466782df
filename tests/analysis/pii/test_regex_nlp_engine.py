from aigov.analysis.pii.nlp_engine import RegexNlpEngine


def test_tokens_offsets_and_lemmas_without_a_model():
    artifacts = RegexNlpEngine().process_text("FİN: 5ZK8T2P, Tel", "xx")
    assert list(artifacts.tokens) == ["FİN", ":", "5ZK8T2P", ",", "Tel"]
    assert artifacts.tokens_indices == [0, 3, 5, 12, 14]
    assert artifacts.lemmas[0] == "fin" and artifacts.lemmas[-1] == "tel"
