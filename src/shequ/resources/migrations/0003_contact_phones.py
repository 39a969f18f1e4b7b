"""A contact's phone moves out of the free-text ``contact`` into encrypted columns
(``core.phones``): each existing value is split (``models.contacts.split_contact``) — the
first phone-shaped run is encrypted, the rest stays as the name, any further number in it is
masked. A run that is phone-shaped but not a valid number stays in the name masked. Reversed,
the name and the decrypted phone are joined back into ``contact``."""

from django.core.exceptions import ValidationError
from django.db import migrations, models

from shequ.core import crypto
from shequ.core.phones import phone_columns
from shequ.core.validators import mask_phone

MODELS = ("platformmember", "sharingagreement", "pairing")


def split(apps, schema_editor):
    from shequ.resources.models.contacts import split_contact
    for name in MODELS:
        model = apps.get_model("resources", name)
        changed = []
        for row in model.objects.exclude(contact="").only("pk", "contact").iterator():
            contact, raw = split_contact(row.contact)
            if not raw:
                continue
            try:
                cols = phone_columns(raw)
            except ValidationError:
                contact = f"{contact} {mask_phone(''.join(c for c in raw if c.isdigit()))}"
                cols = None
            row.contact = contact.strip()[:60]
            if cols is not None:
                row.contact_phone_enc, row.contact_phone_hash = cols.enc, cols.hash
                row.contact_phone_masked = cols.masked
            changed.append(row)
        model.objects.bulk_update(changed, ["contact", "contact_phone_enc", "contact_phone_hash",
                                            "contact_phone_masked"], batch_size=500)


def join(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("resources", name)
        changed = []
        for row in model.objects.exclude(contact_phone_enc=None).iterator():
            phone = crypto.decrypt(bytes(row.contact_phone_enc))
            row.contact = f"{row.contact} {phone}".strip()[:60]
            row.contact_phone_enc, row.contact_phone_hash, row.contact_phone_masked = None, "", ""
            changed.append(row)
        model.objects.bulk_update(changed, ["contact", "contact_phone_enc", "contact_phone_hash",
                                            "contact_phone_masked"], batch_size=500)


def _phone_columns():
    return (("contact_phone_enc", models.BinaryField(blank=True, editable=False, null=True)),
            ("contact_phone_hash", models.CharField(blank=True, editable=False, max_length=64)),
            ("contact_phone_masked", models.CharField(blank=True, editable=False, max_length=16,
                                                      verbose_name="contact phone")))


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0002_no_overlapping_confirmed_bookings"),
    ]

    operations = [
        *(migrations.AddField(model_name=model, name=name, field=field)
          for model in MODELS for name, field in _phone_columns()),
        *(migrations.AlterField(model_name=model, name="contact", field=models.CharField(
            blank=model != "sharingagreement", max_length=60, verbose_name="contact person"))
          for model in MODELS),
        migrations.RunPython(split, join),
    ]
