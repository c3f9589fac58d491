"""Admin of the computing app (read-mostly: changes go through the actions)."""

from django.contrib import admin

from .models import AllocationRun, Cluster, ComputeJob, Hub, Offer, Placement, Usage

for model in (Hub, Cluster, Offer, ComputeJob, AllocationRun, Placement, Usage):
    admin.site.register(model)
