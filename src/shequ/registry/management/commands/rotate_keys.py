"""Re-encrypt personal data under the current primary key.

Key rotation: put the new key first in SHEQU_ENCRYPTION_KEYS, keep the old one after it,
run ``shequ rotate_keys``, then remove the old key. Rows are rewritten in batches, each
batch in its own transaction; re-running after an interruption continues where it left off
(rows already under the primary key are skipped).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from shequ.core import audit, crypto
from shequ.core.actors import SYSTEM
from shequ.registry.models import Resident

BATCH = 2000


class Command(BaseCommand):
    help = "Re-encrypt ID numbers and phones under the primary encryption key."

    def handle(self, *args, **options):
        primary = crypto.keyring().primary_id
        done = 0
        last = 0
        while True:
            # Unscoped on purpose: a maintenance command over the whole table, no output of values.
            rows = list(Resident.objects.filter(pk__gt=last).order_by("pk")
                        .only("pk", "id_number_enc", "phone_enc")[:BATCH])
            if not rows:
                break
            last = rows[-1].pk
            changed = []
            for r in rows:
                dirty = False
                if crypto.key_id_of(r.id_number_enc) != primary:
                    r.id_number_enc = crypto.encrypt(crypto.decrypt(r.id_number_enc))
                    dirty = True
                if r.phone_enc and crypto.key_id_of(r.phone_enc) != primary:
                    r.phone_enc = crypto.encrypt(crypto.decrypt(r.phone_enc))
                    dirty = True
                if dirty:
                    changed.append(r)
            with transaction.atomic():
                Resident.objects.bulk_update(changed, ["id_number_enc", "phone_enc"])
            done += len(changed)
        audit.record(actor=SYSTEM, action="rotate_keys", entity="resident", entity_id="*",
                     summary=f"re-encrypted {done} rows under key {primary}")
        self.stdout.write(f"re-encrypted {done} resident rows under key {primary!r}")
