import pytest


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_home_has_no_serious_axe_violations(page, axe_check, lang):
    page.goto(f"/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_check(page) == []
