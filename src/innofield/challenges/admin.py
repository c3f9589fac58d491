"""Admin of challenges (read-mostly; changes go through the actions)."""

from django.contrib import admin

from .models import Award, Challenge, Submission


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    """Challenges."""

    list_display = ("id", "title", "poster", "prize_fen", "state", "deadline", "synthetic")
    list_filter = ("state",)
    search_fields = ("title",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Submissions."""

    list_display = ("id", "challenge", "solver", "state")
    list_filter = ("state",)
    exclude = ("attachment",)


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Awards paid."""

    list_display = ("challenge", "submission", "amount_fen", "transfer_key")
