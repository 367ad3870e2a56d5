"""Consultations' verbs: a dataclass in, RuleError out (what a person must fix); they flush, audit and queue
search and mail, and never commit (the request flow, a job or a command does, once)."""
from .builder import (QuestionInput, SectionInput, add_question, add_section, answer_count,  # noqa: F401
                      move_question, move_section, remove_question, remove_section, renumber, update_question,
                      update_section)
from .consultations import (DEFAULT_CATEGORIES, CategoryInput, ConsultationInput, PaperInput,  # noqa: F401
                            ThemeInput, WhatWeHeardInput, add_category, add_theme, apply_paper,
                            ensure_default_categories, has_submissions, import_paper, one_language_contents,
                            publish_what_we_heard,
                            save_consultation, save_what_we_heard, set_category_active, set_paper,
                            set_theme_active, update_theme)
from .moderation import (INFORMS, LinkInput, ModerationInput, TagInput, link_commitment, moderate,  # noqa: F401
                         public_preview, tag)
from .paper import Paper, pair, parse  # noqa: F401
from .roundtables import (EvaluationInput, KeyPointInput, RoundtableInput, add_document,  # noqa: F401
                          add_evaluation, add_key_point, delete_key_point, save_roundtable, update_key_point)
from .themes import (accept_proposal, decline_proposal, key_point_themes, propose_theme,  # noqa: F401
                     set_key_point_themes)
from .submissions import (SubmissionInput, amend, attachment_max_bytes, by_receipt, by_token,  # noqa: F401
                          check_attachment, may_respond, new_form_token, normalise_code, parent_is_open, parse_number,
                          questions_of, erase_traces, names_sender,
                          receipt_code_for, submit, user_draft, withdraw)
