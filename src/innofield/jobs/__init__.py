"""Background jobs: one job API for the whole platform.

Apps declare job kinds in a ``jobs.py`` module (:func:`innofield.jobs.registry.job_kind`);
:func:`innofield.jobs.actions.submit` records a :class:`~innofield.jobs.models.Job` and
enqueues it through Django's tasks interface (the ``django-tasks`` backport): the
database backend by default, RQ on Redis for deployments. See ``docs/jobs.md``.
"""
