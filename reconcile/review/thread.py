"""The conflict report with the review on it: each finding's and uncertain link's status and live decision.

The report is built below the review layer and knows nothing of decisions; this puts them on it, so a reader
goes from a conflict in any format to `reconcile review show ID` and sees at once what is still to decide.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from reconcile.models import TargetKind
from reconcile.queries import finding_label
from reconcile.report.build import KIND_ORDER
from reconcile.review.decisions import decision_data, live_decisions
from reconcile.review.queue import review_statuses

REPORT_STATUSES = ("open", "decided", "reopened", "agreed")
GROUPS = ("entities", "events", "links")


def with_review(session: Session, report: dict[str, Any]) -> dict[str, Any]:
    """`report` with a `status` and a `decision` on every finding and uncertain link. An agreement needs no
    decision and reads `agreed`; anything else is `open` until a reviewer decides it, `decided` after, and
    `reopened` when a report stored since contradicts a value that was accepted."""
    decided = live_decisions(session, TargetKind.finding)
    statuses = review_statuses(session, list(decided))
    by_label = {finding_label(key): (statuses.get(key, "decided"), decision) for key, decision in decided.items()}
    for finding in _findings(report):
        status, decision = (
            ("agreed", None) if finding["kind"] == "agreement" else by_label.get(finding["id"], ("open", None))
        )
        finding["status"] = status
        finding["decision"] = None if decision is None else decision_data(decision)
    links = {"L" + key: decision for key, decision in live_decisions(session, TargetKind.link).items()}
    for link in report["links"]:
        decision = links.get(link["id"])
        link["status"] = "open" if decision is None else "decided"
        link["decision"] = None if decision is None else decision_data(decision)
    return report


def only(report: dict[str, Any], status: str) -> dict[str, Any]:
    """The report cut to what has `status`: findings of other statuses go, and so do links that have another;
    entities and events stay, as the overview of what was resolved. The summary counts what is left."""
    for subject in (s for group in GROUPS for s in report[group]):
        subject["findings"] = [f for f in subject["findings"] if f["status"] == status]
    report["links"] = [link for link in report["links"] if link["status"] == status]
    findings = list(_findings(report))
    report["summary"]["uncertain_links"] = len(report["links"])
    report["summary"]["findings"] = {kind: sum(f["kind"] == kind for f in findings) for kind in KIND_ORDER}
    return report


def _findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [finding for group in GROUPS for subject in report[group] for finding in subject["findings"]]
