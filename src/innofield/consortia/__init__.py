"""Alliances of organisations (产业技术创新战略联盟 and the like) and joint R&D projects.

Not the registry's ``Alliance`` (a group of regions that issues vouchers): an
:class:`~innofield.consortia.models.OrgAlliance` is a group of organisations with a charter,
members by role, fees on the ledger and shared resource pools; a
:class:`~innofield.consortia.models.JointProject` is a consortium's R&D project funded on
the ledger per accepted milestone, whose results are co-owned catalog technologies.
"""
