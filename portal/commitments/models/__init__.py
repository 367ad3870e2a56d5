"""Commitments: plans, pillars, objectives, commitments, progress updates, cycles, spending, indicators."""
from .plans import COLOUR_ALIASES, DEFAULT_STATUSES, STATUS_COLOURS, Objective, Pillar, Plan, PlanStatus  # noqa: F401
from .commitment import (PARTNER_ROLES, Commitment, CommitmentEvent, CommitmentJurisdiction,  # noqa: F401
                         CommitmentPartner)
from .updates import Evidence, ProgressUpdate, UPDATE_STATES  # noqa: F401
from .tracking import (FUNDING_SOURCES, INDICATOR_LEVELS, Indicator, Measurement, ReportingCycle,  # noqa: F401
                       Spending)
from .tombstones import Tombstone  # noqa: F401,E402  (its flush listener writes tombstones)
