from aigov.messages.reference import new_reference, normalise_reference


def test_new_references_are_unique_and_self_checking() -> None:
    refs = {new_reference() for _ in range(2000)}
    assert len(refs) == 2000
    for ref in list(refs)[:50]:
        assert normalise_reference(ref) == ref


def test_citizen_typing_is_forgiven_but_typos_are_caught() -> None:
    ref = new_reference()
    typed = ref.lower().replace("-", " ").replace("0", "o")
    assert normalise_reference(typed) == ref
    body = ref.replace("-", "")[2:]
    wrong = body[:3] + ("A" if body[3] != "A" else "B") + body[4:]
    assert normalise_reference(wrong) is None
    assert normalise_reference("") is None
    assert normalise_reference("<script>") is None


def test_every_single_character_typo_is_caught() -> None:
    from aigov.messages.reference import ALPHABET

    for _ in range(200):
        ref = new_reference()
        body = ref.replace("-", "")[2:]
        for position in range(9):
            for replacement in ALPHABET:
                if replacement != body[position]:
                    typo = body[:position] + replacement + body[position + 1 :]
                    assert normalise_reference(typo) is None
