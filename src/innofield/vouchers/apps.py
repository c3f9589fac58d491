"""The vouchers app."""

from django.apps import AppConfig


class VouchersConfig(AppConfig):
    """Configuration of the vouchers app."""

    name = "innofield.vouchers"
    label = "vouchers"
