def test_email_in_any_case(found):
    assert found("Yazın: RAUF.M@YAHOO.COM və ali.veliyev@mail.az.", "EMAIL") == [
        "RAUF.M@YAHOO.COM",
        "ali.veliyev@mail.az",
    ]


def test_at_sign_without_domain_is_not_an_email(found):
    assert found("görüş @ 5-də, user@localhost", "EMAIL") == []
