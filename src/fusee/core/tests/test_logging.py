from __future__ import annotations

import json
import logging
import logging.config

from django.conf import settings


def test_it_logs_each_request_with_its_status_and_user(marketer_client, marketer, caplog):
    with caplog.at_level(logging.INFO, logger="fusee.request"):
        marketer_client.get("/team/")
    [record] = [r for r in caplog.records if r.name == "fusee.request"]
    assert (record.method, record.path, record.status, record.user_id) == ("GET", "/team/", 200, marketer.pk)
    assert record.duration_ms >= 0


def test_it_writes_json_log_lines():
    formatter_config = settings.LOGGING["formatters"]["json"]
    factory = logging.config.DictConfigurator({}).configure_custom
    formatter = factory(dict(formatter_config))
    record = logging.LogRecord("fusee.request", logging.INFO, __file__, 1, "GET / 200", None, None)
    record.status = 200
    line = json.loads(formatter.format(record))
    assert line["level"] == "INFO" and line["logger"] == "fusee.request" and line["status"] == 200
