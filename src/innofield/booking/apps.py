"""The booking app."""

from django.apps import AppConfig


class BookingConfig(AppConfig):
    """Configuration of the booking app."""

    name = "innofield.booking"
    label = "booking"
