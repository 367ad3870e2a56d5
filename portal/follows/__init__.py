"""Follows: people follow plans, commitments, consultations, provinces and organisations and are told what
changed there (in the portal, by email at the rhythm they chose, through Atom feeds and calendars), never
about anything they may not see. Events are derived from the audit log, so no feature has to call us."""
