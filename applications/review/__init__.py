"""Staff review: two-factor login for staff, the queue per call, the staff application detail, screening."""
