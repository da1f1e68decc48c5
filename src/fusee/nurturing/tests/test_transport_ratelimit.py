from __future__ import annotations

import pytest

from fusee.nurturing.transport import RateLimiter, ratelimit


class FakeClock:
    """Time that passes only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def limiter(clock: FakeClock, **rates) -> RateLimiter:
    return RateLimiter(clock=clock, sleep=clock.sleep, **rates)


def send_times(limiter: RateLimiter, clock: FakeClock, recipients: list[str]) -> list[float]:
    times = []
    for recipient in recipients:
        limiter.wait(recipient=recipient)
        times.append(round(clock.now, 6))
    return times


def test_it_spaces_messages_at_the_global_rate():
    clock = FakeClock()
    times = send_times(limiter(clock, per_second=10), clock, [f"c{n}@example.org" for n in range(5)])
    assert times == [0.0, 0.1, 0.2, 0.3, 0.4]


def test_it_lets_a_burst_through_then_keeps_the_rate():
    clock = FakeClock()
    times = send_times(limiter(clock, per_second=2, burst=3), clock, [f"c{n}@example.org" for n in range(5)])
    assert times == [0.0, 0.0, 0.0, 0.5, 1.0]


def test_it_limits_each_recipient_domain_on_its_own():
    clock = FakeClock()
    recipients = ["a@gmail.com", "b@orange.fr", "c@gmail.com", "d@GMAIL.com", "e@orange.fr"]
    times = send_times(limiter(clock, per_domain_per_second=1), clock, recipients)
    assert times == [0.0, 0.0, 1.0, 2.0, 2.0]


def test_it_holds_to_both_limits_at_once():
    clock = FakeClock()
    recipients = ["a@gmail.com", "b@orange.fr", "c@gmail.com", "d@free.fr"]
    times = send_times(limiter(clock, per_second=4, per_domain_per_second=1), clock, recipients)
    assert times == [0.0, 0.25, 1.0, 1.25]


def test_it_gives_back_its_burst_after_a_quiet_time():
    clock = FakeClock()
    limits = limiter(clock, per_second=1, burst=2)
    send_times(limits, clock, ["a@example.org"] * 4)
    clock.now += 60
    start = clock.now
    assert send_times(limits, clock, ["a@example.org"] * 3) == [start, start, start + 1]


def test_it_books_nothing_when_the_wait_is_longer_than_allowed():
    clock = FakeClock()
    limits = limiter(clock, per_domain_per_second=0.5)
    assert limits.reserve(recipient="a@gmail.com", max_wait=1) == 0
    assert limits.reserve(recipient="b@gmail.com", max_wait=1) is None
    assert limits.reserve(recipient="c@gmail.com") == 2.0  # the refused one took no slot


def test_it_never_waits_without_limits():
    clock = FakeClock()
    assert send_times(limiter(clock), clock, ["a@example.org"] * 3) == [0.0, 0.0, 0.0]


def test_it_forgets_idle_domains_and_keeps_the_pace_of_busy_ones(monkeypatch):
    monkeypatch.setattr(ratelimit, "MAX_REMEMBERED_DOMAINS", 3)
    clock = FakeClock()
    limits = limiter(clock, per_domain_per_second=0.1)  # one message per 10 s per domain
    limits.reserve(recipient="a@old.com")
    clock.now = 20.0
    for recipient in ("a@busy.com", "a@new1.com", "a@new2.com"):
        assert limits.reserve(recipient=recipient) == 0
    assert len(limits._domains) == 3  # old.com, idle for 10 s, made room
    assert limits.reserve(recipient="b@busy.com") == 10.0
    assert limits.reserve(recipient="b@old.com") == 0


@pytest.mark.parametrize(
    "rates", [{"per_second": 0}, {"per_domain_per_second": -2}, {"per_second": 1, "burst": 0}]
)
def test_it_refuses_a_rate_below_zero_or_an_empty_burst(rates):
    with pytest.raises(ValueError, match="above 0"):
        RateLimiter(**rates)
