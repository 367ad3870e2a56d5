"""The `field` macro's groups of boxes (checkboxes and radio buttons), as a screen reader user meets them
after a refused form: the error summary's link lands on the first box, the boxes say they are invalid and
point to the error, and `required` is said once, for the group, never on every checkbox."""
from __future__ import annotations

import re

from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import DataRequired

from portal.commitments.forms import MultiCheckboxField

PAGE = """{% from "_macros/forms.html" import field, error_summary %}
{{ error_summary(form) }}<form>{{ field(form.pillars) }}{{ field(form.kind) }}</form>"""


class GroupForm(FlaskForm):
    class Meta:
        csrf = False

    pillars = MultiCheckboxField("Pillars", choices=[("prevention", "Prevention"), ("protection", "Protection")],
                                 validators=[DataRequired()])
    kind = RadioField("Kind", choices=[("a", "A"), ("b", "B")], validators=[DataRequired()])


def _ids(html):
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_a_refused_group_links_to_its_first_box_and_marks_the_boxes_invalid(app):
    with app.test_request_context("/en/", method="POST", data={}):
        form = GroupForm()
        assert not form.validate()
        html = render_template_string(PAGE, form=form)
    links = re.findall(r'<a href="#([^"]+)">', html)
    assert links == ["pillars-0", "kind-0"], links
    assert set(links) <= _ids(html), "an error link points to no element"
    boxes = re.findall(r"<input[^>]*>", html)
    assert len(boxes) == 4
    for box in boxes:
        assert 'aria-invalid="true"' in box, box
        assert " required" not in box, f"required on a single box: {box}"
    # the groups: named by their legend, described by their error, the radio group required and invalid
    assert re.search(r'<fieldset id="pillars-group" aria-describedby="pillars-error">', html)
    assert re.search(r'<fieldset id="kind-group" role="radiogroup" aria-required="true" aria-invalid="true" '
                     r'aria-describedby="kind-error">', html)
    assert html.count("(required)") == 2


def test_a_group_without_errors_is_not_marked_invalid(app):
    with app.test_request_context("/en/"):
        html = render_template_string(PAGE, form=GroupForm())
    assert "aria-invalid" not in html and "error-summary" not in html
