"""A/B/n tests of split steps: the statistics, the verdict, and deciding a winner.

The test, with k variants and a yes/no outcome per recipient (opened, or clicked):

* the omnibus question "do the variants differ at all?" is a chi-square test of independence on
  the k×2 table (k-1 degrees of freedom); its survival function is the regularized upper
  incomplete gamma Q(dof/2, x/2), which has a closed form for integer and half-integer
  arguments, so `math` is enough (scipy is not a dependency);
* "which one wins?" is answered by two-proportion z-tests of the best variant against each of
  the others, with a Bonferroni correction (each p multiplied by k-1), so that saying "B wins"
  after k-1 comparisons keeps its stated confidence. The best variant wins only if it beats
  every other one; the decision's p-value is the largest corrected pairwise p.

With two variants both reduce to the same test: chi-square (without continuity correction) is
the square of z, and their p-values are equal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import NormalDist
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fusee.core.errors import DomainError
from fusee.core.models import User
from fusee.core.services import audit_record
from fusee.nurturing.models import Message, SequenceStatus, SequenceVersion, SplitDecision, Step, StepKind
from fusee.nurturing.reports.engagement import SENT_STATUSES, engagement_flags

METRICS = ("clicked", "opened")
DEFAULT_CONFIDENCE = 0.95
POWER = 0.8  # the sample-size estimate asks for an 80 % chance to detect the difference seen
SMALLEST_LIFT = 0.2  # when the variants are level so far: the relative lift worth detecting


def chi_square_survival(statistic: float, dof: int) -> float:
    """P(X ≥ statistic) for X ~ chi-square(dof): Q(dof/2, statistic/2), by the recurrence
    Q(a+1, x) = Q(a, x) + x^a e^-x / Γ(a+1) from Q(1, x) = e^-x or Q(1/2, x) = erfc(√x)."""
    if dof < 1:
        raise ValueError(f"chi-square: degrees of freedom must be at least 1, not {dof}")
    if statistic <= 0:
        return 1.0
    x = statistic / 2
    a, total = (1.0, math.exp(-x)) if dof % 2 == 0 else (0.5, math.erfc(math.sqrt(x)))
    while a < dof / 2:
        total += math.exp(a * math.log(x) - x - math.lgamma(a + 1))
        a += 1
    return min(total, 1.0)


def chi_square_independence(table: list[tuple[int, int]]) -> tuple[float, int, float]:
    """(statistic, dof, p) of a k×2 table of (successes, failures) rows; rows and columns that
    are all zero carry no information and are left out."""
    rows = [row for row in table if sum(row) > 0]
    columns = [sum(row[index] for row in rows) for index in (0, 1)]
    total = sum(columns)
    if len(rows) < 2 or 0 in columns:
        return 0.0, max(len(rows) - 1, 1), 1.0
    statistic = 0.0
    for row in rows:
        for index in (0, 1):
            expected = sum(row) * columns[index] / total
            statistic += (row[index] - expected) ** 2 / expected
    dof = len(rows) - 1
    return statistic, dof, chi_square_survival(statistic, dof)


def two_proportion_z(successes_a: int, size_a: int, successes_b: int, size_b: int) -> tuple[float, float]:
    """(z, two-sided p) of the pooled two-proportion z-test; (0, 1) when it cannot be computed."""
    if size_a == 0 or size_b == 0:
        return 0.0, 1.0
    pooled = (successes_a + successes_b) / (size_a + size_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / size_a + 1 / size_b))
    if spread == 0:
        return 0.0, 1.0
    z = (successes_a / size_a - successes_b / size_b) / spread
    return z, math.erfc(abs(z) / math.sqrt(2))


def sample_size_per_variant(rate_a: float, rate_b: float, *, alpha: float, power: float = POWER) -> int:
    """Recipients needed in each variant to tell these two rates apart (two-sided test)."""
    if rate_a == rate_b:
        raise ValueError("sample size: the two rates must differ")
    normal = NormalDist()
    z_alpha, z_power = normal.inv_cdf(1 - alpha / 2), normal.inv_cdf(power)
    mean = (rate_a + rate_b) / 2
    needed = (
        z_alpha * math.sqrt(2 * mean * (1 - mean))
        + z_power * math.sqrt(rate_a * (1 - rate_a) + rate_b * (1 - rate_b))
    ) ** 2 / (rate_a - rate_b) ** 2
    return math.ceil(needed)


@dataclass
class VariantResult:
    name: str
    recipients: int = 0
    opened: int = 0
    clicked: int = 0

    def successes(self, metric: str) -> int:
        return int(getattr(self, metric))

    def rate(self, metric: str) -> float:
        return self.successes(metric) / self.recipients if self.recipients else 0.0

    @property
    def open_rate(self) -> float:
        return self.rate("opened")

    @property
    def click_rate(self) -> float:
        return self.rate("clicked")

    @property
    def open_percent(self) -> float:
        return round(100 * self.open_rate, 1)

    @property
    def click_percent(self) -> float:
        return round(100 * self.click_rate, 1)


@dataclass
class Verdict:
    metric: str
    confidence: float
    winner: str = ""
    p_value: float | None = None
    chi_square_p: float | None = None
    more_needed: int | None = None  # recipients per variant still needed, when no winner yet
    text: str = ""
    variants: list[VariantResult] = field(default_factory=list)

    @property
    def significant(self) -> bool:
        return bool(self.winner)


def verdict(variants: list[VariantResult], *, metric: str = "clicked",
            confidence: float = DEFAULT_CONFIDENCE) -> Verdict:
    """Whether one variant beats all the others on `metric` at this confidence, said in words."""
    if metric not in METRICS:
        raise DomainError(f"A/B test: the metric must be one of {', '.join(METRICS)}, not {metric!r}")
    result = Verdict(metric=metric, confidence=confidence, variants=variants)
    ranked = sorted(variants, key=lambda variant: variant.rate(metric), reverse=True)
    if len(ranked) < 2 or min(variant.recipients for variant in ranked) == 0:
        result.text = _("Not enough data yet: every variant needs recipients first.")
        return result
    _statistic, _dof, result.chi_square_p = chi_square_independence(
        [(variant.successes(metric), variant.recipients - variant.successes(metric)) for variant in ranked]
    )
    best, others = ranked[0], ranked[1:]
    corrected = [min(1.0, pairwise_p(best, other, metric) * len(others)) for other in others]
    result.p_value = max(corrected)
    if result.p_value < 1 - confidence:
        result.winner = best.name
        result.text = winner_text(best.name, metric, confidence)
    else:
        result.more_needed = more_needed(best, ranked[1], metric, alpha=(1 - confidence) / len(others))
        result.text = waiting_text(result.more_needed)
    return result


def pairwise_p(best: VariantResult, other: VariantResult, metric: str) -> float:
    successes = best.successes(metric), other.successes(metric)
    return two_proportion_z(successes[0], best.recipients, successes[1], other.recipients)[1]


def more_needed(best: VariantResult, runner_up: VariantResult, metric: str, *, alpha: float) -> int | None:
    """Recipients still needed per variant, for the gap seen so far (or a 20 % lift if none)."""
    rate_best, rate_runner_up = best.rate(metric), runner_up.rate(metric)
    if rate_best == rate_runner_up:
        base = rate_best or 0.05  # nothing at all yet: plan for a typical 5 % rate
        rate_best, rate_runner_up = min(base * (1 + SMALLEST_LIFT), 0.99), base
    if rate_best >= 1 or rate_runner_up <= 0:
        rate_best, rate_runner_up = min(rate_best, 0.99), max(rate_runner_up, 0.01)
    needed = sample_size_per_variant(rate_best, rate_runner_up, alpha=alpha)
    return max(needed - min(best.recipients, runner_up.recipients), 0)


def metric_label(metric: str) -> str:
    return _("clicks") if metric == "clicked" else _("opens")


def winner_text(name: str, metric: str, confidence: float) -> str:
    return _("%(name)s wins on %(metric)s with %(confidence)s%% confidence.") % {
        "name": name, "metric": metric_label(metric), "confidence": f"{confidence * 100:g}",
    }


def waiting_text(more: int | None) -> str:
    if not more:
        return _("No significant difference yet.")
    return _("Not enough data yet: need about %(count)s more recipients per variant.") % {"count": more}


# The split's data ---------------------------------------------------------------------------


def split_step(version: SequenceVersion, step_key: str) -> Step:
    step = version.steps.filter(key=step_key, kind=StepKind.SPLIT).first()
    if step is None:
        raise DomainError(f"{version}: no A/B split step {step_key!r}")
    return step


def downstream_keys(steps: dict[str, Step], starts: list[str]) -> set[str]:
    """Every step reachable from these keys: the emails a variant's recipients get after the split."""
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        key = todo.pop()
        if key in seen or key not in steps:
            continue
        seen.add(key)
        step = steps[key]
        todo += [step.next_key, *(str(value) for value in next_keys_in(step.config))]
    return seen


def next_keys_in(config: dict[str, Any]) -> list[str]:
    keys = [config[name] for name in ("yes", "no") if config.get(name)]
    return keys + [variant.get("next", "") for variant in config.get("variants", [])]


def split_messages(step: Step) -> QuerySet[Message]:
    """The messages sent after the split to the enrolments it sorted into its variants."""
    variants = step.config.get("variants", [])
    names = [str(variant["name"]) for variant in variants]
    steps = {item.key: item for item in step.version.steps.all()}
    after = downstream_keys(steps, [str(variant.get("next", "")) for variant in variants])
    after.discard(step.key)
    return Message.objects.filter(
        enrolment__version=step.version, enrolment__variant__in=names, step_key__in=after,
        status__in=SENT_STATUSES,
    )


def split_results(step: Step) -> list[VariantResult]:
    """Per variant, in the step's order: recipients, and those who opened or clicked (humans,
    unique contacts), in one query."""
    rows = (
        split_messages(step).alias(**engagement_flags()).order_by().values("enrolment__variant").annotate(
            recipients=Count("contact", distinct=True),
            opened=Count("contact", distinct=True, filter=Q(was_opened=True)),
            clicked=Count("contact", distinct=True, filter=Q(was_clicked=True)),
        )
    )
    found: dict[str, dict[str, Any]] = {row["enrolment__variant"]: dict(row) for row in rows}
    results = []
    for variant in step.config.get("variants", []):
        row = found.get(str(variant["name"]), {})
        results.append(VariantResult(
            name=str(variant["name"]), recipients=row.get("recipients", 0),
            opened=row.get("opened", 0), clicked=row.get("clicked", 0),
        ))
    return results


def auto_winner_rule(step: Step) -> dict[str, Any] | None:
    """The step's `auto_winner` settings, checked: after_hours > 0, metric, confidence in (0.5, 1)."""
    rule = step.config.get("auto_winner")
    if not rule:
        return None
    where = f"step {step.key}: auto_winner"
    if not isinstance(rule, dict):
        raise DomainError(f"{where} must be an object")
    hours, metric = rule.get("after_hours", 72), rule.get("metric", "clicked")
    confidence = rule.get("confidence", DEFAULT_CONFIDENCE)
    if not isinstance(hours, int | float) or hours <= 0:
        raise DomainError(f"{where}: after_hours must be a positive number of hours")
    if metric not in METRICS:
        raise DomainError(f"{where}: metric must be one of {', '.join(METRICS)}")
    if not isinstance(confidence, float | int) or not 0.5 < confidence < 1:
        raise DomainError(f"{where}: confidence must be between 0.5 and 1 (e.g. 0.95)")
    return {"after_hours": hours, "metric": metric, "confidence": float(confidence)}


def split_started_at(step: Step) -> datetime | None:
    """When the first email after the split went out: engagement can only be measured from then."""
    return split_messages(step).aggregate(first=Min("created_at"))["first"]


# Deciding ----------------------------------------------------------------------------------


def split_decide(
    *,
    actor: User | None,
    step: Step,
    winner: str,
    metric: str = "clicked",
    confidence: float = DEFAULT_CONFIDENCE,
) -> SplitDecision:
    """Record the split's winner: from now on every new arrival at the split takes its path.

    A marketer may pick a winner before the test is significant: the p-value and counts of the
    moment are kept with the decision all the same.
    """
    if actor is not None and not actor.can_change:
        raise DomainError(_("Only a marketer or an admin can pick a winner."))
    names = [str(variant["name"]) for variant in step.config.get("variants", [])]
    if winner not in names:
        raise DomainError(f"step {step.key}: no variant named {winner!r} (variants: {', '.join(names)})")
    result = verdict(split_results(step), metric=metric, confidence=confidence)
    details = {"variants": [vars(variant) for variant in result.variants], "confidence": confidence,
               "chi_square_p": result.chi_square_p, "automatic": actor is None, "verdict": result.text}
    try:
        with transaction.atomic():
            decision = SplitDecision.objects.create(
                version=step.version, step_key=step.key, winner=winner, metric=metric,
                p_value=result.p_value, details=details, decided_by=actor,
            )
    except IntegrityError:
        raise DomainError(_("A winner has already been chosen for this split.")) from None
    changes = {"step": step.key, "winner": winner, "metric": metric, "p_value": result.p_value}
    audit_record(actor=actor, action="split.decided", target=step.version.sequence, changes=changes)
    return decision


def splits_waiting_for_a_winner() -> QuerySet[Step]:
    """Split steps of live sequences' published versions with an automatic winner and no decision yet."""
    decided = SplitDecision.objects.filter(version=OuterRef("version"), step_key=OuterRef("key"))
    return Step.objects.filter(
        ~Exists(decided), kind=StepKind.SPLIT, version__published_at__isnull=False,
        version__sequence__status=SequenceStatus.LIVE, config__has_key="auto_winner",
    ).select_related("version__sequence")


def auto_winners_decide(*, now: datetime | None = None) -> list[SplitDecision]:
    """The periodic check: decide each waiting split whose test has run long enough and is
    significant; the others keep waiting (their report says so)."""
    now = now or timezone.now()
    decisions = []
    for step in splits_waiting_for_a_winner():
        decision = auto_winner_try(step, now)
        if decision is not None:
            decisions.append(decision)
    return decisions


def auto_winner_try(step: Step, now: datetime) -> SplitDecision | None:
    try:
        rule = auto_winner_rule(step)
    except DomainError:
        return None  # a bad rule is shown on the report page; nothing to decide
    started = split_started_at(step)
    if rule is None or started is None or now - started < timedelta(hours=rule["after_hours"]):
        return None
    result = verdict(split_results(step), metric=rule["metric"], confidence=rule["confidence"])
    if not result.significant:
        return None
    try:
        return split_decide(actor=None, step=step, winner=result.winner, metric=rule["metric"],
                            confidence=rule["confidence"])
    except DomainError:
        return None  # decided meanwhile by someone else
