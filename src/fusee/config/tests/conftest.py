from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

BASE_SETTINGS = Path(__file__).resolve().parents[1] / "settings" / "base.py"
Settings = Callable[..., ModuleType]


@pytest.fixture
def fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """base.py evaluated afresh under the given variables, leaving the running settings alone."""

    def read(**variables: str) -> ModuleType:
        monkeypatch.setenv("FUSEE_DATA_DIR", str(tmp_path))
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location("fusee_settings_probe", BASE_SETTINGS)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return read
