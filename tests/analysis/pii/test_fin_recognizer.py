from aigov.analysis.pii import analyze


def test_fin_glued_to_its_label(found):
    assert found("FIN:5ZK8T2P və FİN5ZK8T2Q", "FIN") == ["5ZK8T2P", "5ZK8T2Q"]


def test_lower_case_fin_needs_a_context_word(found):
    assert found("fin kodu 5zk8t2p", "FIN") == ["5zk8t2p"]
    assert found("kod 5zk8t2p", "FIN") == []


def test_context_raises_score_and_codes_with_i_or_o_are_not_fins(found):
    with_context = analyze("FİN kodum 5ZK8T2P")[0].score
    without = analyze("kod 5ZK8T2P")[0].score
    assert with_context > without
    assert found("Model A320NEO, COVID19", "FIN") == []


def test_plate_shape_is_left_to_the_plate_recognizer(found):
    assert found("FİN kodum LB3RBPJ, maşın 99MM737", "FIN") == ["LB3RBPJ"]
