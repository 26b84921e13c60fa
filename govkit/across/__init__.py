"""Questions asked across reports: copied narrative (copied.py), a region against its units
(regions.py). Their views are in govkit.present.across; officers' reviews in govkit.audit.reviews."""
