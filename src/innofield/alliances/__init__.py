"""Alliances and co-creation: governed data sharing — datasets under usage policies,
agreements negotiated with their holders, and access the platform enforces and logs."""
