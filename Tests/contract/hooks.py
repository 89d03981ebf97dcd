"""Schemathesis hooks for Enlace's contract run (see Tests/contract/run and schemathesis.toml).

A document can say what a well-formed request looks like, not what the store holds or what state a record
is in. A request that is well formed may still be refused with 422 for a reason that depends on the data:
an organisation code nobody registered, a proposal that is not yet adopted, a window's end before its
start. `valid_data_refused_only_by_rules` holds every such refusal to the list below: each 422 answer to a
request the document calls valid must name only rules from it, field by field. Any other code (a wrong
type, a missing member, a format, an unknown member) means the document and the server disagree, and the
run fails.
"""

import re

import schemathesis
from schemathesis import CheckContext, Case, Response

# (error code, field it may name, why no document can state it)
RULES = [
    ("unknown_code",
     r"^(owner|assignee|organization|member|parent|series|meeting|decision|continuing|timeZone"
     r"|(leads|chairs|members|invited|fora|needs|activities|releasability\.releasableTo|releasableTo)\[\d+\]"
     r"|providers\[\d+\]\.organization|transactions\[\d+\]\.(provider|receiver|releasability\.releasableTo\[\d+\])|participants\[\d+\]\.(organization|person)|links\[\d+\]\.\w+"
     r"|sessions\[\d+\]\.proposals\[\d+\])$",
     "names a record or an organisation the store does not hold, or a time zone this machine's "
     "tz database does not know"),
    ("taken", r"^(code|id|email)$", "the code is already used by another record"),
    ("vetting_not_cleared", r"^status$", "an activity under way needs every vetted unit cleared"),
    ("invalid_transition", r"^status$", "the record's current status does not allow this step"),
    ("not_adopted", r"^status$", "only an adopted proposal spawns records"),
    ("not_editable", r"^(title|sections\.\w+|leads|keyAreas|topics|outcomes\..*)$",
     "a proposal past its draft and revision keeps its text and areas, and a conference keeps an adoption"),
    ("not_presented", r"^outcomes\..*$", "the proposal is not on the conference's programme yet"),
    ("not_invited", r"^member$", "the member is not invited to this round"),
    ("own_account", r"^(active|roles)$", "an administrator cannot lock themselves out"),
    ("not_in_pair", r"^continuing$", "the continuing activity must be one of the overlap's two"),
    ("indicator_outside_areas", r"^(indicators\[\d+\]\.code|keyAreas)$",
     "a predefined indicator must belong to one of the activity's key areas, also one already stored when an "
     "update leaves the indicators out"),
    ("end_before_start", r".*", "compares two members of the same request"),
    ("topic_outside_areas", r"^topics\[\d+\]$", "a topic must belong to one of the record's key areas"),
    ("unchangeable", r"^(forum|code|id)$",
     "a record keeps its id or code, and a focal point its forum: a body that names another is refused"),
    ("required", r"^actualStart$",
     "an actual end needs an actual start, also when a patch clears the start of a record that has an end"),
    ("required", r"^participants\[\d+\]\.organization$",
     "a person Enlace does not know by that e-mail must come with their organisation"),
    ("cycle", r"^parent$", "a parent may not be the record itself or lie below it"),
    ("duplicate", r"(^|\.)quote$", "base and quote name the same currency"),
    ("duplicate", r"^(indicators\[\d+\]\.code|participants\[\d+\])$",
     "two entries of a list name the same indicator or participant (uniqueItems compares whole entries)"),
    ("invalid_format", r"^(start|end)$", "a meeting's local time must name a day the calendar has (no 30 February)"),
    ("invalid_rule", r"^rhythm$", "the RFC 5545 recurrence grammar is beyond a pattern"),
    ("out_of_range", r"(^|\.)(\w*(Start|End|On|Date)|date|start|end|due|submitted|decided)$",
     "dates are kept from 1990 to 2100, and a round closes within a year of today"),
    ("out_of_range", r"^indicators\[\d+\]\.(periods\[\d+\]\.(actual|target)|target|baseline)$",
     "a percentage stays within 0 and 100, and a predefined indicator's measure comes from its definition"),
    ("out_of_range", r"^textVersion$", "a round consults on a version the proposal has"),
    # An import's body is a file: the document can say it is XML or CSV text, not that it is a well-formed IATI
    # file or spreadsheet whose activities are valid and name organisations the store holds.
    *[(code, r".*", "what an uploaded file holds is beyond a document's schema for its body")
      for code in ("not_xml", "not_csv", "bad_header", "not_iati", "unsupported_version", "empty", "missing_identifier",
                   "duplicate_identifier", "unknown_organization", "no_key_area", "invalid_field", "forbidden",
                   "conflict")],
]
_COMPILED = [(code, re.compile(field, re.DOTALL)) for code, field, _ in RULES]


def _is_rule(code: str, field: str) -> bool:
    return any(code == rule and pattern.search(field) for rule, pattern in _COMPILED)


@schemathesis.check
def valid_data_refused_only_by_rules(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        errors = response.json().get("errors") or []
    except Exception:  # noqa: BLE001 - a 422 without a problem body is itself the failure
        raise AssertionError("A 422 answer without a problem+json body listing its errors")
    if not errors:
        raise AssertionError("A 422 answer to a valid request names no field")
    unexplained = [e for e in errors if not _is_rule(e.get("code", ""), e.get("field", ""))]
    if unexplained:
        listed = ", ".join(f"{e.get('field')}: {e.get('code')}" for e in unexplained)
        raise AssertionError(f"A request the document calls valid was refused for: {listed}")
    return None
