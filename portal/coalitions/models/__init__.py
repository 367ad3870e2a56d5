from .proposals import ChangeProposal
from .records import (MODELS, Coalition, Protocol, ProtocolVersion, RegionNote, Service, Strategy,
                      coalition_members, protocol_parties)

__all__ = ["MODELS", "ChangeProposal", "Coalition", "Protocol", "ProtocolVersion", "RegionNote", "Service",
           "Strategy", "coalition_members", "protocol_parties"]
