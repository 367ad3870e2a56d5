"""The directory's verbs: a dataclass in (inputs.py), RuleError out; they flush, audit and queue mail, and
never commit (the request, the CLI or the job does, once)."""
from .inputs import (INPUTS, CoalitionInput, NoteInput, ProtocolInput, RecordInput, ServiceInput, StrategyInput,
                     VersionInput, input_from, new_input)
from .proposals import (approve_proposal, current_values, propose_change, propose_new, reject_proposal,
                        withdraw_proposal)
from .records import add_protocol_version, confirm_record, create_record, save_note, update_record

__all__ = ["INPUTS", "CoalitionInput", "NoteInput", "ProtocolInput", "RecordInput", "ServiceInput", "StrategyInput",
           "VersionInput", "add_protocol_version", "approve_proposal", "confirm_record", "create_record",
           "current_values", "input_from", "new_input", "propose_change", "propose_new", "reject_proposal",
           "save_note", "update_record", "withdraw_proposal"]
