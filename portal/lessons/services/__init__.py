"""The verbs of lessons: a dataclass in, RuleError out; flush, audit, outbox; never commit."""
from .findings import FindingInput, create_finding
from .lessons import (CommentInput, InformsInput, LessonInput, SourceInput, add_comment, add_source, create_lesson,
                      link_commitment, remove_source, update_lesson)
from .review import ReturnInput, publish_lesson, return_lesson
from .saved import SavedSearchInput, delete_saved_search, save_search
from .visibility import recheck_lessons_citing, recheck_visibility, touch

__all__ = ["CommentInput", "FindingInput", "InformsInput", "LessonInput", "ReturnInput", "SavedSearchInput",
           "SourceInput", "add_comment", "add_source", "create_finding", "create_lesson", "delete_saved_search",
           "link_commitment", "publish_lesson", "recheck_lessons_citing", "recheck_visibility", "remove_source",
           "return_lesson", "save_search", "touch", "update_lesson"]
