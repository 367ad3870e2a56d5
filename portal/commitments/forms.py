"""Forms. Rules that need the database (organisations, refs, status list) live in the services, which
report errors per field; the request flow attaches them to these fields so the form keeps what was typed.
Each form's `to_input()` gives its service the dataclass it takes."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..auth.models import JURISDICTION_NAMES, JURISDICTIONS, Organisation
from ..guards import parse_int
from ..parity import OneLanguageMixin
from ..i18n import _, _l, current_lang, localized
from .importers import ImportInput
from .models import Plan, ReportingCycle
from .models.commitment import VISIBILITIES
from .models.plans import PLAN_STATES
from .models.tracking import FUNDING_SOURCES, INDICATOR_LEVELS
from .rules import fiscal_quarter, parse_partners, role_word
from .services import (MAX_EVIDENCE_BYTES, CommitmentInput, CycleInput, EvidenceInput, IndicatorInput,
                       MeasurementInput, PlanInput, ReturnInput, SpendingInput, UpdateInput)
from .services.plans import objectives_text, pillars_text, statuses_text

# A new plan starts with the 2019-2024 National Strategy's pillars.
DEFAULT_PILLARS = ("prevention | Prévention | Prevention\nprotection | Protection | Protection\n"
                   "prosecution | Poursuites | Prosecution\npartnerships | Partenariats | Partnerships\n"
                   "empowerment | Autonomisation | Empowerment")


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes in a fieldset (rendered by the `field` macro), easier than a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _short_name(short_name: str) -> str:
    """The organisation's short name in the page's language (GRC on a French form, RCMP on an English one)."""
    org = Organisation.by_short_name(short_name) if short_name else None
    return org.acronym if org is not None else short_name


def _id(value: str | None) -> int | None:
    return parse_int(value)


def _status_choices(plan: Plan) -> list[tuple[str, str]]:
    lang = current_lang()
    return [(s.key, getattr(s, f"label_{lang}")) for s in plan.statuses]


class CommitmentForm(OneLanguageMixin, FlaskForm):
    ref = StringField(_l("Reference"), validators=[DataRequired(), Length(max=40)],
                      description=_l("For example 1.11, or 1.11.2 for a deliverable of task 1.11."))
    parent_ref = StringField(_l("Part of (parent reference)"), validators=[Optional(), Length(max=40)],
                             description=_l("Leave empty for a top-level commitment."))
    pillar = SelectField(_l("Pillar"), choices=[], validate_choice=False)
    objective_ref = SelectField(_l("Objective"), choices=[], validate_choice=False)
    title_fr = TextAreaField(_l("Title in French"), validators=[Length(max=2000)])
    title_en = TextAreaField(_l("Title in English"), validators=[Length(max=2000)])
    description_fr = TextAreaField(_l("Description in French (Markdown)"), validators=[Length(max=20000)])
    description_en = TextAreaField(_l("Description in English (Markdown)"), validators=[Length(max=20000)])
    lead = StringField(_l("Lead organisation (short name)"), validators=[DataRequired(), Length(max=40)],
                       description=_l("Its short name in either language, for example PS or CBSA."))
    partners = StringField(_l("Partners"), validators=[Optional(), Length(max=500)],
                           description=_l("Short names separated by “;”, each optionally followed by its role "
                                          "(co-lead, support or consulted): CBSA:co-lead; PS:support; "
                                          "JUS:consulted."))
    start = StringField(_l("Start date"), validators=[Optional(), Length(max=10)],
                        description=_l("YYYY-MM-DD"))
    due = StringField(_l("Due"), validators=[Optional(), Length(max=12)],
                      description=_l("A date (2026-03-31), a fiscal year (2012-2013, meaning 31 March 2013) or "
                                     "“ongoing”."))
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    progress = StringField(_l("Progress (%)"), validators=[Optional(), Length(max=5)],
                           description=_l("0 to 100. Leave empty for the status's default. A commitment with "
                                          "sub-items takes the weighted average of its sub-items."))
    weight = IntegerField(_l("Weight in the parent's progress"), default=1, validators=[Optional()])
    visibility = SelectField(_l("Visibility"), choices=list(VISIBILITIES.items()))
    jurisdictions = MultiCheckboxField(_l("Provinces and territories it names"),
                                       choices=[(c, JURISDICTION_NAMES[c]) for c in JURISDICTIONS],
                                       validators=[Optional()])
    source_type = HiddenField()
    source_id = HiddenField()

    def set_choices(self, plan: Plan) -> None:
        lang = current_lang()
        self.pillar.choices = [("", "—")] + [(p.key, str(localized(p, "title", lang))) for p in plan.pillars]
        self.objective_ref.choices = [("", "—")] + [(o.ref, f"{o.ref} {str(localized(o, 'title', lang))[:80]}")
                                                    for o in plan.objectives]
        self.status.choices = _status_choices(plan)

    def fill(self, data: CommitmentInput) -> None:
        """Show a commitment as it is (the edit page's GET)."""
        lang = current_lang()
        self.process(data={**asdict(data), "pillar": data.pillar_key, "lead": _short_name(data.lead),
                           "partners": "; ".join(f"{_short_name(s)}:{role_word(r, lang)}"
                                                 for s, r in data.partners)})

    def to_input(self) -> CommitmentInput:
        return CommitmentInput(
            ref=self.ref.data or "", parent_ref=self.parent_ref.data or "", pillar_key=self.pillar.data or "",
            objective_ref=self.objective_ref.data or "", title_fr=self.title_fr.data or "",
            title_en=self.title_en.data or "", description_fr=self.description_fr.data or "",
            description_en=self.description_en.data or "", lead=self.lead.data or "",
            partners=parse_partners(self.partners.data or ""), start=self.start.data or "", due=self.due.data or "",
            status=self.status.data or "", progress=self.progress.data or "",
            visibility=self.visibility.data or "public", jurisdictions=self.jurisdictions.data or [],
            weight=self.weight.data or 1, one_language=bool(self.one_language.data))


class UpdateForm(FlaskForm):
    as_of = DateField(_l("Date of this update"), validators=[DataRequired(message=_l("Enter a valid date."))])
    cycle_id = SelectField(_l("Reporting cycle"), choices=[], validate_choice=False)
    no_change = BooleanField(_l("No change this period"))
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    progress = StringField(_l("Progress (%)"), validators=[Optional(), Length(max=5)])
    narrative_fr = TextAreaField(_l("What was done, in French (Markdown)"), validators=[Length(max=20000)])
    narrative_en = TextAreaField(_l("What was done, in English (Markdown)"), validators=[Length(max=20000)])
    challenges_fr = TextAreaField(_l("Challenges, in French"), validators=[Length(max=10000)])
    challenges_en = TextAreaField(_l("Challenges, in English"), validators=[Length(max=10000)])
    evidence_file = FileField(_l("Evidence file"), render_kw={"data-max-bytes": MAX_EVIDENCE_BYTES},
                              description=_l("PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG; "
                                             "10 MB at most."))
    evidence_label = StringField(_l("Description of the file or link"), validators=[Optional(), Length(max=300)])
    evidence_url = URLField(_l("Evidence link"), validators=[Optional(), Length(max=1000)])
    action = HiddenField(default="save")

    def set_choices(self, plan: Plan, cycles: list[ReportingCycle]) -> None:
        self.status.choices = _status_choices(plan)
        self.cycle_id.choices = [("", "—")] + [(str(cy.id), cy.name) for cy in cycles]

    @property
    def submitting(self) -> bool:
        """The "Submit to the secretariat" button, rather than "Save as draft"."""
        return self.action.data == "submit"

    def _evidence(self) -> EvidenceInput | None:
        storage = self.evidence_file.data
        has_file = bool(storage is not None and getattr(storage, "filename", ""))
        if not has_file and not self.evidence_url.data:
            return None
        return EvidenceInput(filename=storage.filename if has_file else "",
                             content=storage.read(MAX_EVIDENCE_BYTES + 1) if has_file else b"",
                             url=self.evidence_url.data or "", label=self.evidence_label.data or "",
                             lang=current_lang())

    def to_input(self) -> UpdateInput:
        return UpdateInput(
            as_of=self.as_of.data, status=self.status.data or "", progress=self.progress.data or "",
            no_change=self.no_change.data, narrative_fr=self.narrative_fr.data or "",
            narrative_en=self.narrative_en.data or "", challenges_fr=self.challenges_fr.data or "",
            challenges_en=self.challenges_en.data or "", cycle_id=_id(self.cycle_id.data), evidence=self._evidence())


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("What needs to change"), validators=[Length(max=5000)])

    def to_input(self) -> ReturnInput:
        return ReturnInput(comment=self.comment.data or "")


class SpendingForm(FlaskForm):
    fiscal_year = StringField(_l("Fiscal year"), validators=[DataRequired(), Length(max=12)],
                              description=_l("April to March, for example 2025-2026."))
    funding_source = SelectField(_l("Funding source"), choices=list(FUNDING_SOURCES.items()))
    planned = StringField(_l("Planned amount ($)"), validators=[Length(max=20)])
    actual = StringField(_l("Actual amount ($)"), validators=[Optional(), Length(max=20)])
    variance_reason = TextAreaField(_l("Reason for the difference"), validators=[Length(max=5000)],
                                    description=_l("Required when actual spending differs from planned by more than 10%."))
    note_fr = StringField(_l("Note in French"), validators=[Optional(), Length(max=300)])
    note_en = StringField(_l("Note in English"), validators=[Optional(), Length(max=300)])

    def to_input(self) -> SpendingInput:
        return SpendingInput(fiscal_year=self.fiscal_year.data or "", planned=self.planned.data,
                             actual=self.actual.data, funding_source=self.funding_source.data,
                             variance_reason=self.variance_reason.data or "", note_fr=self.note_fr.data or "",
                             note_en=self.note_en.data or "", lang=current_lang())


class IndicatorForm(FlaskForm):
    objective_id = SelectField(_l("Objective"), choices=[], validate_choice=False)
    name_fr = StringField(_l("Name in French"), validators=[Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=300)])
    level = SelectField(_l("Level in the logic model"), choices=list(INDICATOR_LEVELS.items()))
    unit_fr = StringField(_l("Unit in French"), validators=[Optional(), Length(max=60)],
                          description=_l("For example personnes, ateliers."))
    unit_en = StringField(_l("Unit in English"), validators=[Optional(), Length(max=60)],
                          description=_l("For example people, workshops."))
    baseline = StringField(_l("Baseline"), validators=[Optional(), Length(max=20)])
    target = StringField(_l("Target"), validators=[Optional(), Length(max=20)])

    @classmethod
    def for_plan(cls, plan: Plan, **kw) -> "IndicatorForm":
        """An indicator of one of the plan's objectives."""
        form = cls(**kw)
        form.objective_id.choices = [(str(o.id), f"{o.ref} {str(localized(o, 'title'))[:90]}")
                                     for o in plan.objectives]
        return form

    @classmethod
    def for_commitment(cls, **kw) -> "IndicatorForm":
        """A commitment's own indicator: no objective to choose."""
        form = cls(**kw)
        del form.objective_id
        return form

    def to_input(self) -> IndicatorInput:
        objective = self._fields.get("objective_id")
        return IndicatorInput(name_fr=self.name_fr.data or "", name_en=self.name_en.data or "", level=self.level.data,
                              unit_fr=self.unit_fr.data or "", unit_en=self.unit_en.data or "",
                              baseline=self.baseline.data, target=self.target.data,
                              objective_id=_id(objective.data) if objective is not None else None)


class MeasurementForm(FlaskForm):
    measured_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Enter a valid date."))])
    value = StringField(_l("Value"), validators=[DataRequired(), Length(max=20)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])

    def to_input(self) -> MeasurementInput:
        return MeasurementInput(measured_on=self.measured_on.data, value=self.value.data or "",
                                note=self.note.data or "", lang=current_lang())


class CycleForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)],
                       description=_l("For example 2025-2026 Q3."))
    opens_on = DateField(_l("Opens on"), validators=[Optional()])
    due_date = DateField(_l("Due on"), validators=[DataRequired(message=_l("Enter a valid date."))])

    def suggest(self, today: date) -> None:
        """The working group meets quarterly: offer the current federal quarter, due two weeks after it ends."""
        fy, n, end = fiscal_quarter(today)
        # "Q" for quarter in English, "T" for trimestre in French, as the hint says.
        self.name.data = _("%(fiscal_year)s Q%(quarter)s", fiscal_year=fy, quarter=n)
        self.opens_on.data, self.due_date.data = today, end + timedelta(days=14)

    def to_input(self) -> CycleInput:
        return CycleInput(name=self.name.data or "", opens_on=self.opens_on.data, due_date=self.due_date.data,
                          lang=current_lang())


class ImportForm(FlaskForm):
    file = FileField(_l("XLSX or CSV file"), validators=[DataRequired(message=_l("Choose an XLSX or CSV file."))])
    dry_run = BooleanField(_l("Check only (change nothing)"), default=True)

    def to_input(self) -> ImportInput:
        return ImportInput(content=self.file.data.read(), dry_run=self.dry_run.data)


class PlanForm(OneLanguageMixin, FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       description=_l("Short, without spaces, for example NAP-2012."))
    title_fr = StringField(_l("Title in French"), validators=[Length(max=300)])
    title_en = StringField(_l("Title in English"), validators=[Length(max=300)])
    description_fr = TextAreaField(_l("Description in French (Markdown)"), validators=[Length(max=20000)])
    description_en = TextAreaField(_l("Description in English (Markdown)"), validators=[Length(max=20000)])
    period_start = DateField(_l("Start of the period"), validators=[Optional()])
    period_end = DateField(_l("End of the period"), validators=[Optional()])
    status = SelectField(_l("State"), choices=[(k, v) for k, v in PLAN_STATES.items()])
    pillars = TextAreaField(_l("Pillars"), validators=[Length(max=5000)],
                            description=_l("One a line: key | French title | English title."))
    objectives = TextAreaField(_l("Objectives"), validators=[Length(max=50000)],
                               description=_l("One a line: ref | pillar key | French title | English title."))
    statuses = TextAreaField(_l("Status list"), validators=[Length(max=5000)],
                             description=_l("One a line: key | French label | English label | default progress "
                                            "(0-100) | closed (yes or no) | colour | needs attention (yes or no). "
                                            "A closed status is never overdue; the dashboard counts the statuses "
                                            "that need attention."))

    def fill(self, plan: Plan | None) -> None:
        """What the page shows before anything is sent: the plan's settings, or a new plan's defaults."""
        if plan is None:
            self.statuses.data, self.pillars.data = statuses_text(None), DEFAULT_PILLARS
            return
        self.process(obj=plan)
        self.pillars.data, self.objectives.data = pillars_text(plan), objectives_text(plan)
        self.statuses.data = statuses_text(plan)

    def to_input(self) -> PlanInput:
        return PlanInput(**{f: self[f].data for f in ("code", "title_fr", "title_en", "description_fr",
                                                      "description_en", "period_start", "period_end", "status",
                                                      "pillars", "objectives", "statuses")},
                         one_language=bool(self.one_language.data))
