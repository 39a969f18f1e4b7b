"""Re-encrypt personal data under the current primary key.

Key rotation: put the new key first in SHEQU_ENCRYPTION_KEYS, keep the old one after it,
run ``shequ rotate_keys``, then remove the old key. Rows are rewritten in batches, each
batch in its own transaction; re-running after an interruption continues where it left off
(rows already under the primary key are skipped). Residents' ID numbers and phones,
accounts' phones, and the encrypted columns other apps declare in their manifests
(``core.manifest.EncryptedColumns``).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from shequ.accounts.models import User
from shequ.core import audit, crypto, manifest
from shequ.core.actors import SYSTEM
from shequ.registry.models import Resident

BATCH = 2000
# (model, encrypted columns, audit entity, what the output calls its rows)
TABLES = (
    (Resident, ("id_number_enc", "phone_enc"), "resident", "resident"),
    (User, ("phone_enc",), "user", "account"),
)


class Command(BaseCommand):
    help = "Re-encrypt ID numbers and phones under the primary encryption key."

    def handle(self, *args, **options):
        primary = crypto.keyring().primary_id
        declared = [(e.model, e.fields, e.entity, e.label) for e in manifest.encrypted_columns()]
        for model, fields, entity, label in (*TABLES, *declared):
            done = _rotate(model, fields, primary)
            audit.record(actor=SYSTEM, action="rotate_keys", entity=entity, entity_id="*",
                         summary=f"re-encrypted {done} rows under key {primary}")
            self.stdout.write(f"re-encrypted {done} {label} rows under key {primary!r}")


def _rotate(model, fields, primary: str) -> int:
    done = last = 0
    while True:
        # Unscoped on purpose: a maintenance command over the whole table, no output of values.
        rows = list(model.objects.filter(pk__gt=last).order_by("pk")
                    .only("pk", *fields)[:BATCH])
        if not rows:
            return done
        last = rows[-1].pk
        changed = []
        for row in rows:
            dirty = False
            for field in fields:
                blob = getattr(row, field)
                if blob and crypto.key_id_of(blob) != primary:
                    setattr(row, field, crypto.encrypt(crypto.decrypt(blob)))
                    dirty = True
            if dirty:
                changed.append(row)
        with transaction.atomic():
            model.objects.bulk_update(changed, list(fields))
        done += len(changed)
