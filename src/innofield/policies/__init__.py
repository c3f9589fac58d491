"""Policy supervision: policies, their measures, targets bound to indicators, and
implementation tasks with deadlines and evidence."""
