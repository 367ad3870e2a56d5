from tests.twofactor import sign_in


def test_home_in_both_languages(client):
    fr = client.get("/fr/")
    en = client.get("/en/")
    assert fr.status_code == 200 and en.status_code == 200
    assert '<html lang="fr">' in fr.get_data(as_text=True)
    assert '<html lang="en">' in en.get_data(as_text=True)


def test_login_with_password(app, client, make):
    user = make.user("secretariat", password="correct horse battery staple")
    r = sign_in(client, user.email, "correct horse battery staple")  # password, then the app's code
    assert r.status_code == 303
    assert "Sign out" in client.get("/en/").get_data(as_text=True)
