"""Verbs of the commitments feature: a dataclass in, RuleError out. They populate, flush, audit and queue mail
(the search outbox follows the flush); they never commit: the request, the job or the command does, once."""
from .commitments import (CommitmentInput, Resolved, create_commitment, input_from_commitment,  # noqa: F401
                          org_lookup, resolve, sort_key, update_commitment)
from .plans import (ObjectiveInput, PlanInput, add_objective, create_plan, one_language_commitments,  # noqa: F401
                    save_plan)
from .tracking import (CycleInput, IndicatorInput, MeasurementInput, SpendingInput, add_measurement,  # noqa: F401
                       close_cycle, create_indicator, open_cycle, save_spending)
from .updates import (MAX_EVIDENCE_BYTES, EvidenceInput, ReturnInput, UpdateInput, add_evidence,  # noqa: F401
                      create_update, edit_update, publish_update, return_update, submit_update)
