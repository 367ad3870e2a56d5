"""Lessons learned and their comments, evaluation findings, saved searches. (The glossary's terms belong to
search, which expands queries with them: `portal.search.models.GlossaryTerm`.)"""
from .finding import FINDING_KINDS, EvaluationFinding
from .lesson import (NOT_PUBLIC, PILLARS, PUBLISHED, RETURNED, REVIEW_LABELS, SOURCE_TYPES, SUBMITTED,
                     VISIBILITY_LABELS, Lesson, LessonComment)
from .saved import SavedSearch

__all__ = ["FINDING_KINDS", "NOT_PUBLIC", "PILLARS", "PUBLISHED", "RETURNED", "REVIEW_LABELS", "SUBMITTED", "SOURCE_TYPES", "VISIBILITY_LABELS", "EvaluationFinding", "Lesson",
           "LessonComment", "SavedSearch"]
