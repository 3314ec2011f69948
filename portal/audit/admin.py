"""No admin for the audit log: administrators read it on the audit page (/staff/audit/), and nobody changes it."""
