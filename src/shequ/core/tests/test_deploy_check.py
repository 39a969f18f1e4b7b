"""Production settings pass Django's deployment checklist."""

import base64
import os
import subprocess
import sys


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shequ.settings.prod",
        "SHEQU_SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
        "SHEQU_ENCRYPTION_KEYS": "p1:" + base64.b64encode(os.urandom(32)).decode(),
        "SHEQU_HASH_KEY": base64.b64encode(os.urandom(32)).decode(),
        "SHEQU_ALLOWED_HOSTS": "shequ.example.org",
        "SHEQU_DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "SHEQU_HOME": str(tmp_path),
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "shequ.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_production_settings_refuse_to_start_without_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHEQU_")}
    env.update({"DJANGO_SETTINGS_MODULE": "shequ.settings.prod", "SHEQU_HOME": str(tmp_path)})
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "shequ.cli", "check"], env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "SHEQU_SECRET_KEY" in done.stderr
