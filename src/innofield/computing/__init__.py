"""The computing-power network: "east data, west computing" hubs, offers, jobs, allocation
runs, metered usage settled on the ledger and paid with computing vouchers."""
